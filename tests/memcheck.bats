#!/usr/bin/env bats
# spawn under valgrind memcheck: no invalid access, no uninitialised use,
# no definite leak, on the parse, resolve, print and error paths.

load helper

vg() {
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite --show-leak-kinds=definite "$@"
}

setup() {
	command -v valgrind >/dev/null || skip "valgrind missing"
	case $SPAWN in
	*sanitize*) skip "valgrind cannot run an ASan build" ;;
	esac
}

@test "valgrind: dry run, text and JSON, with every group used" {
	run vg "$SPAWN" -n -S '-i A=1 B=${HOME}' -u B --umask 7 -C /x --chroot /y \
	    --chroot-before /z --chdir-before /w --exec-fd 0 --argv0 n -- prog 'a b' ''
	[ "$status" -eq 0 ]
	run vg "$SPAWN" --dry-run=json -e $'X=\xff' --path /a:/b: prog $'\x01'
	[ "$status" -eq 0 ]
}

@test "valgrind: usage and value errors" {
	run -125 vg "$SPAWN" --bogus
	run -125 vg "$SPAWN" -S "'unclosed" true
	run -125 vg "$SPAWN" --exec-fd 9 true
	run -125 vg "$SPAWN" -u a=b true
}

@test "valgrind: an id failing after --user frees the user's entry and groups" {
	run -125 vg "$SPAWN" -n --user root --ruid no-such-user-q true
	run -125 vg "$SPAWN" -n --user root --egid no-such-group-q true
	run -125 vg "$SPAWN" -n --user root --init-groups --ruid 4000000 true
}

@test "valgrind: an --envdir failing on an entry frees the ones read before" {
	d="$BATS_TEST_TMPDIR/env"
	mkdir -p "$d/sub"
	for v in A B C D E F G H I J K L M N O P; do echo 1 >"$d/$v"; done
	run -125 vg "$SPAWN" -n --envdir "$d" true
	[[ $output == *"--envdir $d/sub: Is a directory"* ]]
	rmdir "$d/sub"
	: >"$d/X=Y"
	run -125 vg "$SPAWN" -n --envdir "$d" true
	[[ $output == *"file name 'X=Y' has an '='"* ]]
}

@test "valgrind: failing steps and exec" {
	run -125 vg "$SPAWN" -C /nonexistent true
	run -127 vg "$SPAWN" --path /a:/b no-such-prog-q
	run -0 vg "$SPAWN" -i A=1 --umask 22 -C / true
}

@test "valgrind: wait mode, success, exec failure and a failing step" {
	run -0 vg "$SPAWN" -w true
	run -3 vg "$SPAWN" -w sh -c 'exit 3'
	run -127 vg "$SPAWN" -w no-such-prog-q
	run -125 vg "$SPAWN" -w -C /nonexistent true
	run -0 vg "$SPAWN" -n -w --block-waiting USR1 --ignore-waiting TERM true
}

@test "valgrind: the fd step, the lock and their errors" {
	f="$BATS_TEST_TMPDIR"
	run -0 vg "$SPAWN" --fd 1=inherit:2 --fd 2=inherit:1 --fd 3=open:"$f/o":w \
	    --fd 4=copy:3 --fd 5=null --lock "$f/l" true
	run -0 vg "$SPAWN" --dry-run=json --fd 3=open:/x:a+:0600 --fd 0=null --fd 4=copy:0 true
	run -125 vg "$SPAWN" --fd 3=open:/nonexistent/x true
	run -125 vg "$SPAWN" --fd 3=inherit:9 true
	run -125 vg "$SPAWN" --fd 3=null --fd 3=close true
	run -0 vg "$SPAWN" -w --fd 5=null --lock-nowait "$f/l" true
}
