#!/usr/bin/env bats
# Shell completions: the bash one driven through _spawn with COMP_WORDS,
# COMP_CWORD, COMP_LINE and COMP_POINT set as bash sets them, and a syntax
# check of the bash, zsh and fish files.

load helper

COMPLETIONS="$BATS_TEST_DIRNAME/../completions"
# bash's default COMP_WORDBREAKS; a test may set WB to another value.
DEFAULT_WB=$' \t\n"\'><=;|&(:'

# complete LINE: run _spawn in a plain bash (no bash-completion package
# loaded) with the cursor at the end of LINE.  $output, $lines: COMPREPLY,
# one candidate a line.  BASH_COMPLETION=FILE sources FILE first.
complete_line() {
	run --separate-stderr bash --norc --noprofile -c '
		if [[ $1 ]]; then source "$1" || exit 1; fi
		source "$2" || exit 1
		COMP_WORDBREAKS=$3 COMP_LINE=$4 COMP_POINT=${#4}
		# Cut the words as bash does: at blanks, and around each
		# run of COMP_WORDBREAKS characters.
		wb=${COMP_WORDBREAKS//[[:space:]]/}
		re="^[[:space:]]*([^[:space:]$wb]+|[$wb]+)"
		rest=$COMP_LINE COMP_WORDS=()
		while [[ $rest =~ $re ]]; do
			COMP_WORDS+=("${BASH_REMATCH[1]}")
			rest=${rest:${#BASH_REMATCH[0]}}
		done
		[[ $COMP_LINE == *[[:space:]] ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		shift 4
		eval "$*"
		_spawn
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"
	' _ "${BASH_COMPLETION:-}" "$COMPLETIONS/spawn.bash" "${WB-$DEFAULT_WB}" \
	    "$@"
	[ "$status" -eq 0 ]
	# bash-completion's own compopt calls complain outside a real
	# completion; spawn.bash must say nothing.
	if [ -z "${BASH_COMPLETION:-}" ] && [ -n "$stderr" ]; then
		echo "stderr: $stderr" >&2
		return 1
	fi
}

# offered WORD...: each WORD is one of the candidates.
offered() {
	local w l
	for w; do
		for l in "${lines[@]}"; do
			[ "$l" = "$w" ] && continue 2
		done
		echo "'$w' not offered; got: ${lines[*]}" >&2
		return 1
	done
}

# not_offered WORD...: no WORD is among the candidates.
not_offered() {
	local w l
	for w; do
		for l in "${lines[@]}"; do
			if [ "$l" = "$w" ]; then
				echo "'$w' offered: ${lines[*]}" >&2
				return 1
			fi
		done
	done
}

@test "the completion files parse: bash -n, zsh -n, fish -n" {
	bash -n "$COMPLETIONS/spawn.bash"
	# A plain bash (no bash-completion) registers _spawn for spawn.
	run bash --norc --noprofile -c \
	    'source "$1" && complete -p spawn' _ "$COMPLETIONS/spawn.bash"
	[ "$status" -eq 0 ]
	[ "$output" = "complete -F _spawn spawn" ]
	[ "$(head -n 1 "$COMPLETIONS/_spawn")" = "#compdef spawn" ]
	grep -q '^complete -c spawn ' "$COMPLETIONS/spawn.fish"
}

@test "zsh -n accepts _spawn" {
	command -v zsh >/dev/null || skip "zsh missing"
	zsh -n "$COMPLETIONS/_spawn"
}

@test "fish -n accepts spawn.fish" {
	command -v fish >/dev/null || skip "fish missing"
	fish -n "$COMPLETIONS/spawn.fish"
}

@test "fish completes option values" {
	command -v fish >/dev/null || skip "fish missing"
	# fish_complete LINE: the candidates fish offers, descriptions cut.
	fish_complete() {
		run fish --no-config -c 'source $argv[1]; complete -C $argv[2]' \
		    "$COMPLETIONS/spawn.fish" "$1"
		[ "$status" -eq 0 ]
		lines=("${lines[@]%%$'\t'*}")
	}
	fish_complete 'spawn --rlimit '
	offered nofile= openfiles=
	fish_complete 'spawn --rl'
	[ "${lines[*]}" = "--rlimit" ]
	fish_complete 'spawn --ignore TERM,HU'
	[ "${lines[*]}" = "TERM,HUP" ]
	fish_complete 'spawn --fd 3='
	offered 3=null 3=close 3=open:
	fish_complete 'spawn --user ro'
	offered root
	fish_complete 'spawn --sched-policy '
	[ "${lines[*]}" = "batch fifo idle other rr" ]
	# No spawn options once PROGRAM is there.
	fish_complete 'spawn -w -- X=1 true --wai'
	not_offered --wait
}

@test "--rlimit offers NAME= for Linux and login.conf names" {
	complete_line 'spawn --rlimit '
	[ "$status" -eq 0 ]
	offered nofile= openfiles= core= stack= rttime= coredumpsize= \
	    vmemoryuse= maxproc=
	[ "${#lines[@]}" -eq 26 ]
	complete_line 'spawn -w --rlimit nof'
	[ "$output" = "nofile=" ]
	# After '=' (a word break) only the name's remainder is replaced.
	complete_line 'spawn --rlimit=open'
	[ "$output" = "openfiles=" ]
	complete_line 'spawn --rlimit nofile=10 --rlimit core'
	offered core= coredumpsize=
}

@test "long options complete, abbreviations too" {
	complete_line 'spawn --rl'
	[ "$output" = "--rlimit" ]
	complete_line 'spawn --sched-p'
	[ "${#lines[@]}" -eq 2 ]
	offered --sched-policy --sched-priority
	complete_line 'spawn -'
	offered -w -n -v -q -h -V -S -a -i -u -e -C --wait --dry-run \
	    --nsenter-time --jail-after --ignore-environment --keep-caps
	complete_line 'spawn --'
	offered --fd --lock-nowait --chdir-fd --no-new-privs
	not_offered -w
}

@test "signal lists complete after the last comma" {
	complete_line 'spawn --ignore TERM,HU'
	[ "$output" = "TERM,HUP" ]
	complete_line 'spawn --ignore=term,sigu'
	[ "${lines[*]}" = "term,SIGUSR1 term,SIGUSR2 term,SIGURG" ]
	complete_line 'spawn -w --forward HUP,'
	offered HUP,INT HUP,WINCH HUP,RTMAX
	# Names already in the list, and names the option refuses, are
	# not offered.
	not_offered HUP,HUP HUP,KILL HUP,STOP HUP,CHLD
	complete_line 'spawn --block '
	offered INT TERM STKFLT
	not_offered KILL STOP
	complete_line 'spawn --preserve K'
	[ "$output" = "KILL" ]
	complete_line 'spawn --pdeathsig '
	[ "${#lines[@]}" -eq 33 ]
	complete_line 'spawn --block-waiting INT,QUIT,CH'
	[ "$output" = "INT,QUIT,CHLD" ]
}

@test "--fd offers N= and then the actions" {
	# Without '=' in COMP_WORDBREAKS the whole word is replaced ...
	WB=$' \t\n"\'><;|&('
	complete_line 'spawn --fd 3='
	offered 3=close 3=null 3=inherit 3=inherit: 3=copy: 3=open:
	[ "${#lines[@]}" -eq 6 ]
	complete_line 'spawn --fd 3=in'
	offered 3=inherit 3=inherit:
	complete_line 'spawn --fd 12'
	[ "$output" = "12=" ]
	complete_line 'spawn --fd 3=open:/et'
	[ "$output" = "3=open:/etc" ]
	# ... with bash's default breaks, only the text after the last '='
	# or ':', as readline replaces just that.
	unset WB
	complete_line 'spawn --fd 3='
	offered close null inherit inherit: copy: open:
	complete_line 'spawn --fd=1=nu'
	[ "$output" = "null" ]
	complete_line 'spawn --fd 3=open:/et'
	[ "$output" = "/etc" ]
}

@test "fixed value lists: --sched-policy, --signals, --dry-run" {
	complete_line 'spawn --sched-policy '
	[ "${#lines[@]}" -eq 5 ]
	offered other batch idle fifo rr
	complete_line 'spawn --signals '
	[ "${lines[*]}" = "reset preserve" ]
	complete_line 'spawn --dry-run='
	[ "${lines[*]}" = "text json" ]
	WB=$' \t\n'
	complete_line 'spawn --dry-run=j'
	[ "$output" = "--dry-run=json" ]
}

@test "users, groups and capabilities" {
	complete_line 'spawn --user ro'
	offered root
	complete_line 'spawn --euid ro'
	offered root
	complete_line 'spawn --gid ro'
	offered root
	WB=$' \t\n'
	complete_line 'spawn --user root:ro'
	offered root:root
	complete_line 'spawn --groups 0,ro'
	offered 0,root
	complete_line 'spawn --keep-caps net_bind_service,sys_n'
	[ "$output" = "net_bind_service,sys_nice" ]
	complete_line 'spawn --keep-caps '
	[ "${#lines[@]}" -eq 41 ]
}

@test "directories and files for path options" {
	mkdir -p "$BATS_TEST_TMPDIR/dir/sub"
	touch "$BATS_TEST_TMPDIR/dir/file"
	for opt in --chdir --chroot --chroot-before --chdir-before --envdir -C; do
		complete_line "spawn $opt $BATS_TEST_TMPDIR/dir/"
		[ "$output" = "$BATS_TEST_TMPDIR/dir/sub" ]
	done
	complete_line "spawn -wC$BATS_TEST_TMPDIR/dir/"
	[ "$output" = "-wC$BATS_TEST_TMPDIR/dir/sub" ]
	for opt in --lock --lock-nowait --nsenter-net --nsenter-user; do
		complete_line "spawn $opt $BATS_TEST_TMPDIR/dir/"
		offered "$BATS_TEST_TMPDIR/dir/sub" "$BATS_TEST_TMPDIR/dir/file"
	done
	complete_line 'spawn --nsenter-pid f'
	offered fd:
}

@test "PROGRAM: commands, then no more spawn options" {
	complete_line 'spawn -w bas'
	offered bash
	# After "--", or once PROGRAM is there, '-' words are not spawn's.
	complete_line 'spawn -w -- --wai'
	[ "$output" = "" ]
	complete_line 'spawn -w FOO=1 --user root -- BAR=2 bas'
	offered bash
	complete_line 'spawn -C / -e A=1 X=y ls --rl'
	[ "$output" = "" ]
	# Option arguments are not taken for PROGRAM.
	complete_line 'spawn --label ls --signals '
	offered reset preserve
	# Plain bash: file names after PROGRAM.
	mkdir -p "$BATS_TEST_TMPDIR/d/sub"
	complete_line "spawn --fd 3=null -w ls $BATS_TEST_TMPDIR/d/"
	[ "$output" = "$BATS_TEST_TMPDIR/d/sub" ]
}

@test "loading the file from inside a function keeps it working" {
	# bash-completion sources completions from within a function.
	run bash --norc --noprofile -c '
		load() { source "$1"; }
		load "$1"
		COMP_LINE="spawn --rl" COMP_POINT=10
		COMP_WORDS=(spawn --rl) COMP_CWORD=1
		_spawn
		echo "${COMPREPLY[*]}"' _ "$COMPLETIONS/spawn.bash"
	[ "$status" -eq 0 ]
	[ "$output" = "--rlimit" ]
}

@test "with bash-completion, PROGRAM's own completion takes over" {
	BASH_COMPLETION=${BASH_COMPLETION_FILE:-/usr/share/bash-completion/bash_completion}
	[ -r "$BASH_COMPLETION" ] || skip "bash-completion missing"
	# A stand-in program whose completion reports what it was given.
	fake='_fake() { COMPREPLY=("words=${COMP_WORDS[*]}" "cword=$COMP_CWORD"); }
	    complete -F _fake fakeprog'
	complete_line 'spawn --fd 3=null -w fakeprog a' "$fake"
	offered "words=fakeprog a" "cword=1"
	complete_line 'spawn -w -- X=1 fakeprog --x=y ' "$fake"
	offered "words=fakeprog --x = y " "cword=4"
	# spawn's own completion still works alongside it.
	complete_line 'spawn --rlimit nof'
	[ "$output" = "nofile=" ]
}
