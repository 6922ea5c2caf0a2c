#!/usr/bin/env bats
# Fault injection: every system call the plan makes, failed on purpose
# with strace -e inject, ends with the right exit code and message, and the
# target never runs (a marker file it would create stays absent).

load helper

setup() {
	command -v strace >/dev/null || skip "strace missing"
	skip_if_sanitized
	M="$BATS_TEST_TMPDIR/ran"
}

# inject SYSCALL ERRNO EXPECTED-STATUS SPAWN-ARGS... (the target: touch $M)
inject() {
	local sc=$1 err=$2 want=$3
	shift 3
	run strace -f -qq -o /dev/null -e trace="$sc" -e inject="$sc:error=$err" \
	    "$SPAWN" "$@" touch "$M"
	[ "$status" -eq "$want" ] || { echo "$sc: status $status: $output"; return 1; }
	[ ! -e "$M" ] || { echo "$sc: the target ran"; return 1; }
}

@test "faults: directories (chroot, chdir, fchdir)" {
	inject chroot EPERM 125 --chroot /
	[ "$output" = "spawn: chroot: /: Operation not permitted" ]
	inject chdir EACCES 125 -C /tmp
	[ "$output" = "spawn: chdir: /tmp: Permission denied" ]
	inject fchdir EIO 125 --chdir-fd 5 5</tmp
	[ "$output" = "spawn: chdir: fd 5: Input/output error" ]
}

@test "faults: resources, scheduler, session, group" {
	# glibc's setrlimit is the prlimit64 system call; the first ones read
	# limits (at start and at plan time): any failing stops the plan
	inject prlimit64 EPERM 125 --rlimit core=0
	[ "$output" = "spawn: --rlimit core=0: Operation not permitted" ]
	# the fourth call (glibc's count) is the step's own
	if ldd "$SPAWN" >/dev/null 2>&1; then
		run strace -f -qq -o /dev/null -e trace=prlimit64 \
		    -e inject=prlimit64:error=EPERM:when=4 "$SPAWN" --rlimit core=0 touch "$M"
		[ "$status" -eq 125 ]
		[ ! -e "$M" ]
		[ "$output" = "spawn: rlimit: core=0:0: Operation not permitted" ]
	fi
	inject sched_setscheduler EPERM 125 --sched-policy batch
	[ "$output" = "spawn: scheduler: Operation not permitted" ]
	inject setpriority EACCES 125 --nice 1
	[ "$output" = "spawn: nice: Permission denied" ]
	inject sched_setaffinity EINVAL 125 --cpus 0
	[ "$output" = "spawn: cpus: Invalid argument" ]
	inject setsid EPERM 125 --new-session
	[ "$output" = "spawn: session: Operation not permitted" ]
	inject setpgid EPERM 125 --process-group=1
	[ "$output" = "spawn: process-group: Operation not permitted" ]
}

@test "faults: fds (open, dup2, dup3, fcntl, close_range)" {
	# only the openat of that path fails (strace -P), not the loader's
	f="$BATS_TEST_TMPDIR/f"
	run strace -f -qq -o /dev/null -P "$f" -e trace=open,openat -e inject=open,openat:error=EACCES \
	    "$SPAWN" --fd 3=open:"$f":w touch "$M"
	[ "$status" -eq 125 ]
	[ "$output" = "spawn: fd: 3=open:$f:w: Permission denied" ]
	[ ! -e "$M" ]
	# a libc may make dup2 from dup3: fail both
	inject dup2,dup3 EBADF 125 --fd 3=null
	[ "$output" = "spawn: fd: 3=null: Bad file descriptor" ]
	inject dup3 EMFILE 125 --fd 1=inherit:2 --fd 2=inherit:1
	[ "$output" = "spawn: fd: 2=inherit:1: Too many open files" ] ||
	    [ "$output" = "spawn: fd: 1=inherit:2: Too many open files" ]
	inject close_range EPERM 125
	[ "$output" = "spawn: fd: closing the other fds: Operation not permitted" ]
}

@test "faults: credentials, no-new-privs, namespaces, pdeathsig" {
	inject setns EPERM 125 --nsenter-net /proc/1/ns/net
	[ "$output" = "spawn: nsenter: /proc/1/ns/net: Operation not permitted" ] ||
	    skip "spawn is in PID 1's net namespace: no setns to fail"
	inject prctl EINVAL 125 --no-new-privs
	[ "$output" = "spawn: no-new-privs: Invalid argument" ]
	inject prctl EINVAL 125 --pdeathsig TERM
	[ "$output" = "spawn: pdeathsig: Invalid argument" ]
	inject setresgid EPERM 125 --gid 1
	[ "$output" = "spawn: gid: 1:1:1: Operation not permitted" ]
}

@test "faults: wait mode (pipe2, clone, wait4)" {
	inject pipe2 EMFILE 125 -w
	[ "$output" = "spawn: fork: report pipe: Too many open files" ]
	inject clone EAGAIN 125 -w
	[ "$output" = "spawn: fork: Resource temporarily unavailable" ]
	run strace -f -qq -o /dev/null -e trace=wait4 -e inject=wait4:error=EINTR:when=1..2 \
	    "$SPAWN" -w sh -c 'exit 5'
	[ "$status" -eq 5 ]
}

@test "faults: exec (E2BIG, EACCES, ENOEXEC, ENOENT) give 126/127" {
	for case in "E2BIG 126 Argument list too long" "ENOEXEC 126 Exec format error" \
	    "EACCES 126 Permission denied" "ENOENT 127 No such file or directory"; do
		read -r err want text <<<"$case"
		run "-$want" strace -f -qq -o /dev/null -e trace=execve -e inject=execve:error="$err" \
		    "$SPAWN" --no-search /usr/bin/touch "$M"
		[ "$output" = "spawn: exec: /usr/bin/touch: $text" ]
		[ ! -e "$M" ]
	done
}
