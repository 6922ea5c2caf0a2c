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
	# the step's own call is the one that sets RLIMIT_CORE
	strace -f -qq -o "$BATS_TEST_TMPDIR/pl" -e trace=prlimit64 "$SPAWN" --rlimit core=0 true
	n=$(grep -n 'RLIMIT_CORE, {' "$BATS_TEST_TMPDIR/pl" | head -1 | cut -d: -f1)
	if [ -n "$n" ]; then
		run strace -f -qq -o /dev/null -e trace=prlimit64 \
		    -e inject=prlimit64:error=EPERM:when="$n" "$SPAWN" --rlimit core=0 touch "$M"
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
	# close_range refused (EPERM, an old seccomp profile) falls back to
	# /proc/self/fd; only with /proc out of reach too is it a failure
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace"
	run unshare -m sh -c 'mount -t tmpfs none /proc && exec strace -f -qq -o /dev/null \
	    -e trace=close_range -e inject=close_range:error=EPERM "$0" touch "$1"' "$SPAWN" "$M"
	[ "$status" -eq 125 ]
	[ "$output" = "spawn: fd: closing the other fds: No such file or directory" ]
	[ ! -e "$M" ]
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

@test "faults: no-new-privs, pdeathsig, reset-ids, uid (without the namespace case)" {
	inject prctl EINVAL 125 --no-new-privs
	[ "$output" = "spawn: no-new-privs: Invalid argument" ]
	inject prctl EINVAL 125 --pdeathsig TERM
	[ "$output" = "spawn: pdeathsig: Invalid argument" ]
	inject setresgid EPERM 125 --reset-ids
	[ "$output" = "spawn: reset-ids: Operation not permitted" ]
	inject setresuid EPERM 125 --reset-ids
	[ "$output" = "spawn: reset-ids: Operation not permitted" ]
	inject setresuid EPERM 125 --uid 1 --gid 1
	[ "$output" = "spawn: uid: 1:1:1: Operation not permitted" ]
}

@test "faults: setns into a namespace spawn is not in" {
	unshare -n true 2>/dev/null || skip "cannot make a net namespace"
	outer="/proc/$$/ns/net"
	run unshare -n strace -f -qq -o /dev/null -e trace=setns -e inject=setns:error=EPERM \
	    "$SPAWN" --nsenter-net "$outer" touch "$M"
	[ "$status" -eq 125 ]
	[ "$output" = "spawn: nsenter: $outer: Operation not permitted" ]
	[ ! -e "$M" ]
}

@test "faults: the capability step (capset, capget, each prctl) and its check" {
	[ "$(id -u)" = 0 ] || skip "needs root (changing ids)"
	command -v setpriv >/dev/null || skip "setpriv missing"
	inject capset EPERM 125 --user daemon
	[ "$output" = "spawn: caps: Operation not permitted" ]
	inject capget EPERM 125 --user daemon
	[ "$output" = "spawn: caps: Operation not permitted" ]
	# a capget that claims success without filling the buffer: never a
	# pass on whatever the buffer held (it starts impossible)
	run strace -f -qq -o /dev/null -e trace=capget -e inject=capget:retval=0 \
	    "$SPAWN" --user daemon touch "$M"
	[ "$status" -eq 125 ]
	[ "$output" = "spawn: caps: after the change, the credentials differ from the plan" ]
	[ ! -e "$M" ]
	# find each prctl of the step by its place among spawn's prctl calls
	strace -f -qq -o "$BATS_TEST_TMPDIR/pl" -e trace=prctl "$SPAWN" --user daemon --keep-caps chown true
	for call in PR_CAP_AMBIENT_CLEAR_ALL PR_CAP_AMBIENT_RAISE 'PR_SET_KEEPCAPS, 0'; do
		n=$(grep -n -- "$call" "$BATS_TEST_TMPDIR/pl" | head -1 | cut -d: -f1)
		[ -n "$n" ]
		run strace -f -qq -o /dev/null -e trace=prctl -e inject=prctl:error=EPERM:when="$n" \
		    "$SPAWN" --user daemon --keep-caps chown touch "$M"
		[ "$status" -eq 125 ] || { echo "$call: $status $output"; false; }
		[ "$output" = "spawn: caps: Operation not permitted" ]
		[ ! -e "$M" ]
	done
	# a capset that claims success but did nothing: the check catches it
	want="spawn: caps: after the change, the credentials differ from the plan"
	run setpriv --inh-caps +chown -- strace -f -qq -o /dev/null -e trace=capset -e inject=capset:retval=0 \
	    "$SPAWN" --user daemon --keep-caps chown touch "$M"
	[ "$status" -eq 125 ]
	[ "$output" = "$want" ]
	run setpriv --inh-caps +net_raw -- strace -f -qq -o /dev/null -e trace=capset -e inject=capset:retval=0 \
	    "$SPAWN" --user daemon touch "$M"
	[ "$status" -eq 125 ]
	[ "$output" = "$want" ]
	# as many groups as planned, but not the planned ones
	run setpriv --groups 4 -- strace -f -qq -o /dev/null -e trace=setgroups -e inject=setgroups:retval=0 \
	    "$SPAWN" --user nobody touch "$M"
	[ "$status" -eq 125 ]
	[ "$output" = "$want" ]
	[ ! -e "$M" ]
}

@test "faults: the signal step (rt_sigaction, rt_sigprocmask) and the lock (flock)" {
	inject rt_sigaction EINVAL 125 --ignore USR1
	[ "$output" = "spawn: signals: Invalid argument" ]
	inject rt_sigprocmask EINVAL 125 --block USR2
	[ "$output" = "spawn: signals: Invalid argument" ]
	inject flock EIO 125 --lock "$BATS_TEST_TMPDIR/lock"
	[ "$output" = "spawn: lock: $BATS_TEST_TMPDIR/lock: Input/output error" ]
}

@test "faults: wait mode (subreaper prctl, the mask, a failing wait)" {
	inject prctl EINVAL 125 -w --subreaper
	[ "$output" = "spawn: fork: Invalid argument" ]
	inject rt_sigprocmask EINVAL 125 -w
	[ "$output" = "spawn: fork: Invalid argument" ]
	# the child has run by then: only the status is lost
	run strace -f -qq -o /dev/null -e trace=wait4 -e inject=wait4:error=ECHILD "$SPAWN" -w true
	[ "$status" -eq 125 ]
	[ "$output" = "spawn: fork: No child processes" ]
}

@test "faults: /dev/null for --fd N=null cannot be opened (125)" {
	run strace -f -qq -o /dev/null -P /dev/null -e trace=open,openat -e inject=open,openat:error=EACCES \
	    "$SPAWN" --fd 3=null touch "$M"
	[ "$status" -eq 125 ]
	[ "$output" = "spawn: fd: /dev/null: Permission denied" ]
	[ ! -e "$M" ]
}

@test "faults: a flock interrupted by a signal (EINTR) is retried" {
	run strace -f -qq -o /dev/null -e trace=flock -e inject=flock:error=EINTR:when=1 \
	    "$SPAWN" --lock "$BATS_TEST_TMPDIR/lock" touch "$M"
	[ "$status" -eq 0 ]
	[ -e "$M" ]
}
