#!/usr/bin/env bats
# Supervision: spawn as PID 1 (reaping, forwarding), --forward,
# --forward-group, --subreaper, --timeout.

load helper

need_pidns() {
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "cannot make pid namespaces (needs CAP_SYS_ADMIN)"
}

@test "pid 1: orphaned grandchildren are reaped, no zombies" {
	need_pidns
	run unshare --pid --fork --mount-proc "$SPAWN" --wait sh -c '
		for i in 1 2 3; do sh -c "sleep 0.2 &"; done
		sleep 1.5
		ps -eo stat= | grep -c "^Z" || true'
	[ "$status" -eq 0 ]
	[ "$output" = "0" ]
}

@test "pid 1: TERM and HUP from outside the namespace reach the child" {
	need_pidns
	d="$BATS_TEST_TMPDIR"
	for sig in TERM HUP; do
		rm -f "$d/ready"
		unshare --pid --fork --mount-proc "$SPAWN" --wait sh -c \
		    "trap 'exit 42' $sig; echo ready >$d/ready; while :; do sleep 0.1; done" &
		u=$!
		wait_file "$d/ready"
		sp=$(pgrep -P "$u" -f spawn)
		[ -n "$sp" ]
		kill -s "$sig" "$sp"
		st=0
		wait "$u" || st=$?
		[ "$st" -eq 42 ] || { echo "$sig: $st"; false; }
	done
}

@test "pid 1: the exit status is the main child's" {
	need_pidns
	run unshare --pid --fork --mount-proc "$SPAWN" --wait sh -c 'sleep 5 & exit 7'
	[ "$status" -eq 7 ]
	run unshare --pid --fork --mount-proc "$SPAWN" -n --wait true
	[[ "${lines[1]}" == "fork: wait for the child as PID 1; while waiting block INT,QUIT,CHLD, ignore none, forward HUP,INT,QUIT,USR1,USR2,TERM,CONT,WINCH; reap every orphan (PID 1);"* ]] ||
	    [[ "${lines[1]}" == "fork: wait for the child as PID 1; while waiting block CHLD, ignore none, forward HUP,INT,QUIT,USR1,USR2,TERM,CONT,WINCH; reap every orphan (PID 1);"* ]]
}

@test "forward: --forward TERM reaches the child; without it TERM ends spawn (143)" {
	d="$BATS_TEST_TMPDIR"
	bg_signal "$d/ready" TERM "$SHOW" clean "$SPAWN" --wait --forward TERM sh -c \
	    "trap 'exit 33' TERM; echo ready >$d/ready; while :; do sleep 0.1; done"
	[ "$status" -eq 33 ]
	rm -f "$d/ready"
	bg_signal "$d/ready" TERM "$SHOW" clean "$SPAWN" --wait sh -c "echo ready >$d/ready; sleep 3"
	[ "$status" -eq 143 ]
}

@test "forward-group: the signal reaches a grandchild in the child's group" {
	d="$BATS_TEST_TMPDIR"
	"$SHOW" clean "$SPAWN" --wait --forward TERM --forward-group sh -c \
	    "sleep 30 & echo \$! >$d/g; wait" &
	sp=$!
	wait_file "$d/g"
	g=$(cat "$d/g")
	kill -TERM "$sp"
	wait "$sp" || true
	sleep 0.2
	run ! alive "$g"
	# control: without --forward-group the grandchild lives on
	rm -f "$d/g"
	"$SHOW" clean "$SPAWN" --wait --forward TERM sh -c \
	    "sleep 30 & echo \$! >$d/g; wait" &
	sp=$!
	wait_file "$d/g"
	g=$(cat "$d/g")
	kill -TERM "$sp"
	wait "$sp" || true
	sleep 0.2
	alive "$g"
	kill "$g"
}

@test "subreaper: an orphan's parent becomes spawn" {
	run "$SPAWN" --wait --subreaper sh -c '
		sh -c "sleep 2 & echo \$! >'"$BATS_TEST_TMPDIR"'/o"
		sleep 0.3
		awk "/^PPid/ {print \$2}" /proc/$(cat '"$BATS_TEST_TMPDIR"'/o)/status
		echo $PPID'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "${lines[1]}" ]
}

@test "timeout: TERM after DURATION, exit 124; KILL after KILL_AFTER" {
	start=$(date +%s%N)
	run -124 "$SPAWN" --wait --timeout 1 sleep 10
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$ms" -lt 2000 ]
	start=$(date +%s%N)
	# an ignored TERM survives exec: only the KILL ends this one
	run -124 "$SPAWN" --wait --signals preserve --timeout 1:1 sh -c 'trap "" TERM; exec sleep 10'
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$ms" -lt 3000 ]
	run -0 "$SPAWN" --wait --timeout 5 true
	run -3 "$SPAWN" --wait --timeout 500ms sh -c 'exit 3'
	# wait mode with a pid namespace (two forks): the timeout still holds
	if unshare --pid --fork --mount-proc true 2>/dev/null; then
		unshare --pid --fork --mount-proc sleep 60 &
		u=$!
		sleep 0.5
		inner=$(pgrep -P "$u" sleep)
		start=$(date +%s%N)
		run -124 "$SPAWN" --wait --timeout 1 --nsenter-pid "/proc/$inner/ns/pid" sleep 10
		ms=$(( ($(date +%s%N) - start) / 1000000 ))
		kill "$u"
		[ "$ms" -lt 3000 ]
	fi
}

@test "supervision: bad values and waiting options without --wait are 125" {
	run -125 "$SPAWN" --forward TERM true
	[ "${lines[0]}" = "spawn: --forward needs --wait" ]
	run -125 "$SPAWN" --subreaper true
	[ "${lines[0]}" = "spawn: --subreaper needs --wait" ]
	run -125 "$SPAWN" --timeout 1 true
	[ "${lines[0]}" = "spawn: --timeout needs --wait" ]
	run -125 "$SPAWN" --forward-group true
	[ "${lines[0]}" = "spawn: --forward-group needs --wait" ]
	run -125 "$SPAWN" -w --forward CHLD true
	[ "${lines[0]}" = "spawn: --forward: CHLD is never forwarded" ]
	run -125 "$SPAWN" -w --forward KILL true
	[ "${lines[0]}" = "spawn: --forward: KILL cannot be forwarded" ]
	run -125 "$SPAWN" -w --forward-group --process-group=1 true
	[ "${lines[0]}" = "spawn: --forward-group conflicts with --process-group=1 (the child must lead its own group)" ]
	run -0 "$SPAWN" -w --forward-group --new-session true
	run -125 "$SPAWN" -w --timeout 366d true
	[[ "${lines[0]}" == "spawn: --timeout '366d': expected"* ]]
	for bad in 0 x 1x -1 '' 1:0 1: :1 1.5; do
		run -125 "$SPAWN" -w --timeout "$bad" true
		[[ "${lines[0]}" == "spawn: --timeout '$bad': expected DURATION[:KILL_AFTER]"* ]] || { echo "'$bad': $output"; false; }
	done
}

@test "supervision: dry run shows role, forwarding, reaping, timeout" {
	run "$SHOW" clean "$SPAWN" -n -w --forward TERM,HUP --forward-group --subreaper --timeout 1m30s:500ms true
	[ "${lines[1]}" = "fork: wait for the child; while waiting block INT,QUIT,CHLD, ignore none, forward HUP,TERM to its process group; reap every orphan (subreaper); after 90000ms TERM, KILL 500ms later, exit 124; the child starts from the caller's signal state" ]
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json -w --timeout 2s true
	run python3 -c '
import json, sys
f = json.loads(sys.argv[1])["steps"][0]
assert f["step"] == "fork" and f["pid1"] is False and f["reap"] is False and f["group"] is False, f
assert f["timeout-ms"] == 2000 and f["kill-after-ms"] == 0, f
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "wait: a caller that blocks CHLD and ALRM does not break waiting or the timeout" {
	start=$(date +%s%N)
	run -124 env --block-signal=CHLD,ALRM "$SPAWN" -w --timeout 1 sleep 5
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$ms" -lt 2500 ]
	run -3 env --block-signal=CHLD "$SPAWN" -w sh -c 'exit 3'
}

@test "wait: too few fds for the report pipe is 125 with a message" {
	# (bash may complain first about fds it cannot move under the limit)
	run -125 bash -c 'ulimit -n 4; exec 3>&- 4>&-; exec "$0" -w true' "$SPAWN"
	[ "${lines[-1]}" = "spawn: fork: report pipe: Too many open files" ]
}

@test "wait: a root parent is non-dumpable: a dropped target cannot read its exe" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	run "$SPAWN" -w --user nobody sh -c 'readlink /proc/$PPID/exe || echo denied'
	[ "${lines[-1]}" = "denied" ]
	# control: a root target may
	run "$SPAWN" -w sh -c 'readlink /proc/$PPID/exe'
	[ "$output" = "$(readlink -f "$SPAWN")" ]
}

# Hold the lock on $1 in the background (pid in HOLDER) until $2 exists,
# 10 s at the most.
hold_lock() {
	flock "$1" sh -c 'n=0; while [ ! -e "$0" ] && [ $n -lt 200 ]; do
		sleep 0.05; n=$((n + 1)); done' "$2" &
	HOLDER=$!
	local n=0
	while flock -n "$1" true 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -lt 100 ] || return 1
		sleep 0.05
	done
}

@test "timeout: counts from the fork; a child still waiting for its lock is killed, the program never runs" {
	command -v flock >/dev/null || skip "flock missing"
	d="$BATS_TEST_TMPDIR"
	hold_lock "$d/lock" "$d/free"
	# (timeout(1) ends a spawn that waits for the lock after all: 137)
	run -124 timeout -s KILL 20 "$SPAWN" -w --timeout 300ms --lock "$d/lock" touch "$d/ran"
	[ "$output" = "spawn: timeout: the time ran out before the program started: it never ran" ]
	# spawn returned while the lock was still held
	kill -0 "$HOLDER"
	touch "$d/free"
	wait "$HOLDER"
	sleep 0.3
	[ ! -e "$d/ran" ]
	# the same with a pid namespace (two forks)
	if unshare --pid --fork --mount-proc true 2>/dev/null; then
		rm -f "$d/free"
		hold_lock "$d/lock" "$d/free"
		unshare --pid --fork sleep 60 &
		u=$!
		sleep 0.3
		inner=$(pgrep -P "$u" sleep)
		run -124 timeout -s KILL 20 "$SPAWN" -w --timeout 300ms --nsenter-pid "/proc/$inner/ns/pid" \
		    --lock "$d/lock" touch "$d/ran"
		kill -0 "$HOLDER"
		touch "$d/free"
		wait "$HOLDER"
		kill "$u"
		sleep 0.3
		[ ! -e "$d/ran" ]
	fi
}

@test "wait: forwarded signals act on a child that still waits for its lock" {
	command -v flock >/dev/null || skip "flock missing"
	d="$BATS_TEST_TMPDIR"
	hold_lock "$d/lock" "$d/free"
	"$SHOW" clean "$SPAWN" -w --forward TERM --lock "$d/lock" touch "$d/ran" &
	sp=$!
	n=0
	until pgrep -P "$sp" >/dev/null; do n=$((n + 1)); [ "$n" -lt 100 ]; sleep 0.05; done
	sleep 0.2
	kill -TERM "$sp"
	st=0
	wait "$sp" || st=$?
	[ "$st" -eq 143 ]
	kill -0 "$HOLDER"
	touch "$d/free"
	wait "$HOLDER"
	sleep 0.3
	[ ! -e "$d/ran" ]
}

@test "wait: spawn killed before its child's exec: the child dies too, the program never runs" {
	command -v flock >/dev/null || skip "flock missing"
	d="$BATS_TEST_TMPDIR"
	hold_lock "$d/lock" "$d/free"
	"$SPAWN" -w --lock "$d/lock" touch "$d/ran" &
	sp=$!
	n=0
	until child=$(pgrep -P "$sp"); do n=$((n + 1)); [ "$n" -lt 100 ]; sleep 0.05; done
	sleep 0.2
	kill -KILL "$sp"
	wait "$sp" || true
	n=0
	while kill -0 "$child" 2>/dev/null; do n=$((n + 1)); [ "$n" -lt 100 ]; sleep 0.05; done
	touch "$d/free"
	wait "$HOLDER"
	sleep 0.3
	[ ! -e "$d/ran" ]
	# with --pdeathsig the child still runs under its own signal once it
	# has exec'd; before, the guard's KILL applies as well
	run -0 "$SPAWN" -w --pdeathsig TERM sh -c 'grep -c . /proc/self/status >/dev/null'
}

@test "wait: a child whose steps cannot block shares memory (vfork); one that may block is a plain fork" {
	command -v strace >/dev/null || skip "strace missing"
	skip_if_sanitized
	d="$BATS_TEST_TMPDIR"
	strace -f -qq -o "$d/st" -e trace=clone,clone3,fork,vfork "$SPAWN" -w true
	grep -q 'CLONE_VM|CLONE_VFORK' "$d/st"
	plans=("--lock $d/lock" "--fd 3=open:$d/f:w")
	if unshare --net true 2>/dev/null; then
		unshare --net sleep 30 &
		u=$!
		sleep 0.3
		plans+=("--nsenter-net /proc/$u/ns/net")
	fi
	for plan in "${plans[@]}"; do
		# shellcheck disable=SC2086
		strace -f -qq -o "$d/st" -e trace=clone,clone3,fork,vfork "$SPAWN" -w $plan true
		run grep -c 'CLONE_VM' "$d/st"
		[ "$output" = 0 ] || { echo "$plan"; cat "$d/st"; false; }
	done
	[ -z "${u:-}" ] || kill "$u"
}

@test "faults: wait mode's signalfd (125) and an interrupted ppoll (retried)" {
	command -v strace >/dev/null || skip "strace missing"
	skip_if_sanitized
	d="$BATS_TEST_TMPDIR"
	run -125 strace -f -qq -o /dev/null -e trace=signalfd4 -e inject=signalfd4:error=EMFILE \
	    "$SPAWN" -w --timeout 5s --lock "$d/lock" touch "$d/ran"
	[ "$output" = "spawn: fork: signalfd: Too many open files" ]
	[ ! -e "$d/ran" ]
	run -3 strace -f -qq -o /dev/null -e trace=ppoll -e inject=ppoll:error=EINTR:when=1 \
	    "$SPAWN" -w --timeout 5s --lock "$d/lock" sh -c 'exit 3'
}

@test "pid 1: the implicit fork reaps orphans and forwards the PID-1 set" {
	need_pidns
	run unshare -pf --mount-proc setsid "$SPAWN" --new-session -- sh -c \
	    'for i in $(seq 50); do (sleep .1 &); done; sleep 1.5; ps -o stat= -e | grep -c Z || true'
	[ "$status" -eq 0 ]
	[ "$output" = 0 ]
	# CONT, in the PID-1 set but not the implicit fork's usual one
	run unshare -pf --mount-proc setsid "$SPAWN" --new-session -- sh -c \
	    'trap "echo got CONT; exit 3" CONT; kill -CONT 1; sleep 2 & wait'
	[ "$status" -eq 3 ]
	[ "$output" = "got CONT" ]
	run unshare -pf --mount-proc setsid "$SPAWN" -n --new-session -- true
	[[ "${lines[2]}" == "fork: implicit (spawn leads its process group, so setsid needs a child); the parent forwards HUP,INT,QUIT,USR1,USR2,TERM,CONT,WINCH and waits; reap every orphan (PID 1);"* ]]
}
