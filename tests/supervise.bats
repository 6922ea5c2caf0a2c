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
	"$SHOW" clean "$SPAWN" --wait --forward TERM sh -c \
	    "trap 'exit 33' TERM; echo ready >$d/ready; while :; do sleep 0.1; done" &
	sp=$!
	wait_file "$d/ready"
	kill -TERM "$sp"
	st=0
	wait "$sp" || st=$?
	[ "$st" -eq 33 ]
	rm -f "$d/ready"
	"$SHOW" clean "$SPAWN" --wait sh -c "echo ready >$d/ready; sleep 3" &
	sp=$!
	wait_file "$d/ready"
	kill -TERM "$sp"
	st=0
	wait "$sp" || st=$?
	[ "$st" -eq 143 ]
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
	! kill -0 "$g" 2>/dev/null
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
	kill -0 "$g"
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
