#!/usr/bin/env bats
# The one option table (src/optable.c, printed by tests/optnames) against
# everything that lists options: --help, the man page, the bash, zsh and
# fish completions, and the fuzzer's dictionary. An option added to the
# table and missing from any of them fails here.

load helper

setup() {
	TOP="$BATS_TEST_DIRNAME/.."
	OPTNAMES="$BATS_TEST_DIRNAME/optnames"
	[ -x "$OPTNAMES" ] || skip "tests/optnames not built (make check builds it)"
	mapfile -t OPTS < <("$OPTNAMES")
	[ "${#OPTS[@]}" -gt 60 ]
}

# has FILE NAME: FILE names --NAME, not as the start of a longer option.
has() {
	grep -Eq -- "--$2([^a-z0-9-]|\$)" "$1"
}

@test "options: --help shows every option of the table" {
	"$SPAWN" --help >"$BATS_TEST_TMPDIR/help"
	for o in "${OPTS[@]}"; do
		read -r name _ letter <<<"$o"
		has "$BATS_TEST_TMPDIR/help" "$name" || { echo "--help: no --$name"; false; }
		if [ "$letter" != - ]; then
			grep -q -- "-$letter, --" "$BATS_TEST_TMPDIR/help" ||
			    { echo "--help: no -$letter"; false; }
		fi
	done
}

@test "options: the man page documents every option of the table" {
	for o in "${OPTS[@]}"; do
		read -r name _ letter <<<"$o"
		has "$TOP/man/spawn.1.scd" "$name" || { echo "man: no --$name"; false; }
		if [ "$letter" != - ]; then
			grep -q -- "\*-$letter\*" "$TOP/man/spawn.1.scd" ||
			    { echo "man: no -$letter"; false; }
		fi
	done
}

@test "options: the bash completion knows every option, with or without its argument" {
	# line 1: the options with an argument; line 2: all of them
	run bash --norc --noprofile -c 'source "$1" && echo $_spawn_opts_arg &&
	    echo $_spawn_opts_arg $_spawn_opts_flag $_spawn_opts_short' \
	    _ "$TOP/completions/spawn.bash"
	[ "$status" -eq 0 ]
	read -r -a with <<<"${lines[0]}"
	args=" ${lines[1]} "
	for o in "${OPTS[@]}"; do
		read -r name arg letter <<<"$o"
		if [ "$arg" = required ]; then
			[[ " ${with[*]} " == *" --$name "* ]] || { echo "bash: --$name not among the options with an argument"; false; }
		else
			[[ "$args" == *" --$name "* ]] || { echo "bash: no --$name"; false; }
			[[ " ${with[*]} " != *" --$name "* ]] || { echo "bash: --$name takes no argument"; false; }
		fi
		[ "$letter" = - ] || [[ "$args" == *" -$letter "* ]] || { echo "bash: no -$letter"; false; }
	done
}

@test "options: the zsh and fish completions know every option" {
	run fish_args
	for o in "${OPTS[@]}"; do
		read -r name arg _ <<<"$o"
		has "$TOP/completions/_spawn" "$name" || { echo "zsh: no --$name"; false; }
		# fish spells long options without dashes: -l NAME, in the list
		# of those that take an argument, or as nsenter-$ns
		case $name in
		nsenter-*) grep -q -- "-l nsenter-\$ns" "$TOP/completions/spawn.fish" ;;
		*) grep -Eq -- "-l $name( |\$)" "$TOP/completions/spawn.fish" ;;
		esac || { echo "fish: no -l $name"; false; }
		if [ "$arg" = required ]; then
			[[ " $output " == *" $name "* ]] || { echo "fish: $name not among __spawn_arg_opts"; false; }
		fi
	done
}

# The words of fish's __spawn_arg_opts, on one line.
fish_args() {
	sed -n '/^set -g __spawn_arg_opts/,/[^\\]$/p' "$TOP/completions/spawn.fish" |
	    sed 's/^set -g __spawn_arg_opts//; s/\\$//' | tr -s ' \n\t' ' '
}

@test "options: the fuzzer's dictionary has every long option" {
	for o in "${OPTS[@]}"; do
		read -r name _ _ <<<"$o"
		grep -qx -- "\"--$name\"" "$TOP/tests/fuzz/spawn.dict" || { echo "dict: no --$name"; false; }
	done
}
