#!/usr/bin/env bats
# The command line: help, version, usage errors, -S, --quiet, --label,
# --verbose, and robustness of error reporting.

# shellcheck disable=SC2154 # stderr, stderr_lines: set by run --separate-stderr
load helper

@test "--help and --version print to stdout and exit 0" {
	run --separate-stderr "$SPAWN" --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "Usage: spawn [OPTION]... [NAME=VALUE]... [--] PROGRAM [ARG]..." ]]
	[ "$stderr" = "" ]
	run "$SPAWN" --version
	[ "$status" -eq 0 ]
	[ "$output" = "spawn $(cat "$BATS_TEST_DIRNAME/../VERSION")" ]
}

@test "--help lists every option the parser accepts" {
	run "$SPAWN" --help
	for opt in --nsenter-user --nsenter-mount --nsenter-uts --nsenter-ipc \
	    --nsenter-net --nsenter-pid --nsenter-cgroup --nsenter-time --user --uid \
	    --gid --ruid --euid --rgid --egid --groups --clear-groups --init-groups \
	    --set-home --keep-caps --reset-ids --no-new-privs \
	    --forward --forward-group --subreaper --timeout --envdir \
	    -w --wait --block-waiting --ignore-waiting --new-session \
	    --process-group --foreground-tty --set-ctty --sched-policy --sched-priority \
	    --sched-reset-on-fork --nice --cpus --pdeathsig --fd --rlimit --lock --lock-nowait \
	    --signals --ignore --block --preserve --dry-run --verbose --quiet --label --split-string --help --version \
	    --path --no-search --argv0 --exec-fd --clean-env --ignore-environment \
	    --unset --env --chroot-before --chdir-before --chroot --chdir --chdir-fd \
	    --umask --jail-before --jail-after; do
		grep -q -- "$opt" <<<"$output" || { echo "missing $opt"; false; }
	done
}

@test "usage errors: unknown option, missing argument, no PROGRAM" {
	run -125 "$SPAWN" --bogus true
	[ "$output" = "spawn: unrecognized option '--bogus'
Try 'spawn --help' for more information." ]
	run -125 "$SPAWN" -Z true
	[ "${lines[0]}" = "spawn: invalid option -- 'Z'" ]
	run -125 "$SPAWN" ---
	[ "${lines[0]}" = "spawn: unrecognized option '---'" ]
	run -125 "$SPAWN" --chdir
	[ "${lines[0]}" = "spawn: option '--chdir' requires an argument" ]
	run -125 "$SPAWN" -C
	[ "${lines[0]}" = "spawn: option requires an argument -- 'C'" ]
	run -125 "$SPAWN"
	[ "${lines[0]}" = "spawn: no PROGRAM given" ]
	run -125 "$SPAWN" -i A=1
	[ "${lines[0]}" = "spawn: no PROGRAM given" ]
}

@test "a singleton option given twice is a usage error" {
	run -125 "$SPAWN" -C / -C / true
	[ "${lines[0]}" = "spawn: --chdir given twice (it does not repeat)" ]
	run -125 "$SPAWN" --umask 1 --umask 2 true
	[ "${lines[0]}" = "spawn: --umask given twice (it does not repeat)" ]
	run -125 "$SPAWN" -n --dry-run=json true
	[ "${lines[0]}" = "spawn: --dry-run given twice (it does not repeat)" ]
	run -125 "$SPAWN" -i --ignore-environment true
	[ "${lines[0]}" = "spawn: --clean-env given twice (it does not repeat)" ]
}

@test "strict numbers: fd values that are not plain decimals are 125" {
	for bad in "" "-1" " 1" "+1" "1x" "0x1" "2147483648" "9223372036854775809" "18446744073709551616"; do
		run -125 "$SPAWN" --exec-fd "$bad" true
		[[ "${lines[0]}" == "spawn: --exec-fd: '$bad': "* ]] || { echo "accepted '$bad': $output"; false; }
	done
	run -125 "$SPAWN" --exec-fd 1x true
	[ "${lines[0]}" = "spawn: --exec-fd: '1x': not a number (an fd is 0 to 2147483647)" ]
	run -125 "$SPAWN" --chdir-fd 99999999999 true
	[ "${lines[0]}" = "spawn: --chdir-fd: '99999999999': too large (an fd is 0 to 2147483647)" ]
}

@test "--quiet prints no error text, the exit code still tells" {
	run -125 "$SPAWN" -q --bogus true
	[ "$output" = "" ]
	run -127 "$SPAWN" --quiet no-such-prog-q
	[ "$output" = "" ]
	run -125 "$SPAWN" -q -C /nonexistent true
	[ "$output" = "" ]
}

@test "--label prefixes every message" {
	run -127 "$SPAWN" --label myapp no-such-prog-q
	[ "$output" = "myapp: exec: no-such-prog-q: No such file or directory" ]
	run -125 "$SPAWN" --label myapp -C /nonexistent true
	[ "$output" = "myapp: chdir: /nonexistent: No such file or directory" ]
}

@test "--verbose traces each step to stderr as it is applied" {
	run --separate-stderr "$SHOW" clean "$SPAWN" -v --umask 022 -C / "$SHOW" cwd
	[ "$status" -eq 0 ]
	[ "$output" = "/" ]
	[ "$stderr" = "spawn: signals: reset; set to default: none; ignored: none; blocked: none
spawn: umask: 0022
spawn: fd: close 3 and above
spawn: chdir: /
spawn: chdir: check that the working directory is inside the root
spawn: exec: $SHOW" ]
}

@test "-S splits a string into words read in its place" {
	run "$SPAWN" -S "-i A=1 $SHOW argv 'x y' \"a\\tb\" c\\_d" tail
	[ "$status" -eq 0 ]
	[ "$output" = "[$SHOW]
[argv]
[x y]
[a	b]
[c]
[d]
[tail]" ]
	run env HELLO=world "$SPAWN" -S '-i X=${HELLO} env'
	[ "$output" = "X=world" ]
	run "$SPAWN" -S "$SHOW argv # a comment" last
	[ "${lines[2]}" = "[last]" ]
}

@test "-S in a #! line: options, then the script path and its arguments" {
	printf '#!%s -S -i GREETING=hi -- %s argv\n' "$SPAWN" "$SHOW" >"$BATS_TEST_TMPDIR/script"
	chmod +x "$BATS_TEST_TMPDIR/script"
	run "$BATS_TEST_TMPDIR/script" one
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "[$BATS_TEST_TMPDIR/script]" ]
	[ "${lines[3]}" = "[one]" ]
}

@test "-S: bad strings are usage errors" {
	run -125 "$SPAWN" -S "'open" true
	[ "${lines[0]}" = "spawn: --split-string: no closing single quote" ]
	run -125 "$SPAWN" -S 'a $HOME' true
	[ "${lines[0]}" = "spawn: --split-string: only \${NAME} expansion is supported" ]
	run -125 "$SPAWN" -S 'a\q' true
	[ "${lines[0]}" = "spawn: --split-string: unknown escape '\\q'" ]
}

@test "a closed or full stderr never changes the exit status" {
	run -127 bash -c '"$0" no-such-prog-q 2>&-' "$SPAWN"
	run -125 bash -c '"$0" -C /nonexistent true 2>&-' "$SPAWN"
	run -125 bash -c '"$0" --bogus 2>&-' "$SPAWN"
	[ -w /dev/full ] || skip "no /dev/full"
	run -127 bash -c '"$0" no-such-prog-q 2>/dev/full' "$SPAWN"
	run -125 bash -c '"$0" --bogus 2>/dev/full' "$SPAWN"
}

# Run "$@" with stderr a pipe whose reader is gone and SIGPIPE at its
# default action (python ignores it for itself); prints the exit code.
broken_stderr() {
	python3 -c '
import os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
r, w = os.pipe()
os.close(r)
os.dup2(w, 2)
os.close(w)
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, st = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(st))' "$@"
}

@test "a broken pipe on stderr changes neither the status nor whether the program runs" {
	command -v python3 >/dev/null || skip "python3 missing"
	d="$BATS_TEST_TMPDIR"
	# -v writes every step: the program still runs, SIGPIPE at its default
	run broken_stderr "$SPAWN" -v --umask 022 sh -c 'touch "$1"; grep ^SigIgn: /proc/self/status' _ "$d/ran"
	[ "${lines[-1]}" = 0 ]
	[ "${lines[0]}" = "SigIgn:	0000000000000000" ]
	[ -e "$d/ran" ]
	run broken_stderr "$SPAWN" -w -v true
	[ "$output" = 0 ]
	# failures keep their own status
	run broken_stderr "$SPAWN" -C /nonexistent true
	[ "$output" = 125 ]
	run broken_stderr "$SPAWN" -w -C /nonexistent true
	[ "$output" = 125 ]
	run broken_stderr "$SPAWN" --bogus
	[ "$output" = 125 ]
	run broken_stderr "$SPAWN" no-such-prog-q
	[ "$output" = 127 ]
	run broken_stderr "$SPAWN" --user nobody --uid 1 true
	[ "$output" = 125 ]
	run broken_stderr "$SPAWN" -w -v sh -c 'kill -TERM $$'
	[ "$output" = 143 ]
}

@test "started with fds 0-2 closed: the target sees them closed" {
	out="$BATS_TEST_TMPDIR/fds"
	run bash -c '"$0" --chdir-fd 5 sh -c "for f in 0 2 5; do [ -e /proc/\$\$/fd/\$f ] && echo \$f open || echo \$f closed; done >$1" 5</ <&- >&- 2>&-' "$SPAWN" "$out"
	[ "$(cat "$out")" = "0 closed
2 closed
5 closed" ]
	run bash -c '"$0" --chdir-fd 5 "$1" cwd 5</ <&- 2>&-' "$SPAWN" "$SHOW"
	[ "$output" = "/" ]
}

@test "an empty argument list (argc 0) is refused with 125" {
	run -125 "$SHOW" argc0 "$SPAWN"
	[[ "$output" == spawn:* ]]
}

@test "every option in --help is documented in the man page" {
	man="$BATS_TEST_DIRNAME/../man/spawn.1.scd"
	opts=$("$SPAWN" --help | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u)
	[ -n "$opts" ]
	for opt in $opts; do
		grep -qF -- "*$opt*" "$man" || { echo "not in the man page: $opt"; false; }
	done
}

@test "-S: every escape env -S knows, inside and outside quotes" {
	run "$SPAWN" -S "$SHOW argv \"q\\\"d\" 'a\\'b' x\\\\y \\\$H \\#h \"\\_\" a\\_b \"\\n\\r\\f\\v\\t\" 'lit\\n' \\_lead"
	[ "$status" -eq 0 ]
	[ "$output" = "[$SHOW]
[argv]
[q\"d]
[a'b]
[x\\y]
[\$H]
[#h]
[ ]
[a]
[b]
[$(printf '\n\r\f\v\t')]
[lit\\n]
[lead]" ]
}

@test "-S: \\c ends the string outside quotes and is an error inside; a trailing \\ is an error" {
	run "$SPAWN" -S "$SHOW argv kept \\cdropped 'also dropped'" last
	[ "$status" -eq 0 ]
	[ "$output" = "[$SHOW]
[argv]
[kept]
[last]" ]
	run -125 "$SPAWN" -S "$SHOW argv \"in\\cside\"" true
	[ "${lines[0]}" = "spawn: --split-string: '\\c' inside quotes" ]
	run -125 "$SPAWN" -S "$SHOW argv x\\"
	[ "${lines[0]}" = "spawn: --split-string: '\\' at the end" ]
}

@test "-S with an empty string adds no words" {
	run "$SPAWN" -S '' "$SHOW" argv a
	[ "$status" -eq 0 ]
	[ "$output" = "[$SHOW]
[argv]
[a]" ]
	run -125 "$SPAWN" -S ''
	[ "${lines[0]}" = "spawn: no PROGRAM given" ]
}

@test "usage errors: bad --process-group, --foreground-tty, --set-ctty and --nsenter values" {
	run -125 "$SPAWN" --process-group=x true
	[ "${lines[0]}" = "spawn: --process-group: 'x': not a number" ]
	run -125 "$SPAWN" --foreground-tty=x true
	[ "${lines[0]}" = "spawn: --foreground-tty: 'x': not a number (an fd is 0 to 2147483647)" ]
	run -125 "$SPAWN" --set-ctty -1 true
	[ "${lines[0]}" = "spawn: --set-ctty: '-1': not a number (an fd is 0 to 2147483647)" ]
	run -125 "$SPAWN" --nsenter-net= true
	[ "${lines[0]}" = "spawn: --nsenter-net: empty path" ]
	[ "${lines[1]}" = "Try 'spawn --help' for more information." ]
}
