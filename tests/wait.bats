#!/usr/bin/env bats
# Wait mode: the fork, the report pipe, the exit status, the waiting
# signal sets, and the implicit fork (through --new-session).

# shellcheck disable=SC2154 # stderr, stderr_lines: set by run --separate-stderr
load helper

@test "wait: exit codes pass through" {
	for code in 0 1 2 42 126 127 128 254 255; do
		run "-$code" "$SPAWN" --wait sh -c "exit $code"
		[ "$output" = "" ]
	done
}

@test "wait: a death by signal N gives 128+N" {
	ulimit -c 0
	run -143 "$SPAWN" -w sh -c 'kill -TERM $$'
	run -137 "$SPAWN" -w sh -c 'kill -KILL $$'
	run -139 "$SPAWN" -w sh -c 'kill -SEGV $$'
	run -134 "$SPAWN" -w sh -c 'kill -ABRT $$'
	[ "$output" = "" ]
}

@test "wait: --verbose names the signal of a death" {
	ulimit -c 0
	run -143 --separate-stderr "$SPAWN" -w -v sh -c 'kill -TERM $$'
	[ "${stderr_lines[-1]}" = "spawn: child killed by signal 15 (TERM)" ]
}

@test "wait: exec failures in the child give 126/127 with the message" {
	run -127 "$SPAWN" -w no-such-prog-q
	[ "$output" = "spawn: exec: no-such-prog-q: No such file or directory" ]
	run -126 "$SPAWN" -w /
	[ "$output" = "spawn: exec: /: Permission denied" ]
}

@test "wait: a failing step gives 125 with its message; the target never runs" {
	run -125 "$SPAWN" -w -C /nonexistent touch "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: chdir: /nonexistent: No such file or directory" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	run -125 "$SPAWN" -w --label app --chroot /nonexistent true
	[ "$output" = "app: chroot: /nonexistent: No such file or directory" ]
}

@test "wait: the target is a child of spawn, in a new process" {
	run bash -c 'echo $$; exec "$0" -w "$1" stat' "$SPAWN" "$SHOW"
	[ "$status" -eq 0 ]
	spawn_pid=${lines[0]}
	read -r pid ppid _ <<<"${lines[1]}"
	[ "$ppid" = "$spawn_pid" ]
	[ "$pid" != "$spawn_pid" ]
}

@test "wait: no report-pipe fd (nor any other) leaks into the target" {
	run "$SPAWN" -w "$SHOW" fds 5</dev/null 7>/dev/null
	[ "$status" -eq 0 ]
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 " ]
	run "$SPAWN" -w --fd 5=inherit "$SHOW" fds 5</dev/null 7>/dev/null
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 5 " ]
}

@test "wait: INT and QUIT do not end a waiting spawn; the child's status comes back" {
	f="$BATS_TEST_TMPDIR/pid"
	bg_signal "$f" "INT QUIT" "$SHOW" clean "$SPAWN" -w sh -c "echo \$\$ >$f; sleep 1; exit 7"
	[ "$status" -eq 7 ]
}

@test "wait: --block-waiting replaces the set: INT then ends spawn" {
	f="$BATS_TEST_TMPDIR/pid"
	bg_signal "$f" INT "$SHOW" clean "$SPAWN" -w --block-waiting CHLD sh -c "echo \$\$ >$f; sleep 2; exit 7"
	[ "$status" -eq 130 ]
}

@test "wait: TERM ends a waiting spawn unless --ignore-waiting names it" {
	f="$BATS_TEST_TMPDIR/pid"
	bg_signal "$f" TERM "$SHOW" clean "$SPAWN" -w sh -c "echo \$\$ >$f; sleep 2; exit 7"
	[ "$status" -eq 143 ]
	rm -f "$f"
	bg_signal "$f" "TERM HUP" "$SPAWN" -w --ignore-waiting TERM,HUP sh -c "echo \$\$ >$f; sleep 1; exit 7"
	[ "$status" -eq 7 ]
}

@test "wait: the waiting sets never reach the target (SigIgn/SigBlk are the caller's)" {
	direct=$(grep -E '^Sig(Ign|Blk)' /proc/self/status)
	run "$SPAWN" -w --signals preserve grep -E '^Sig(Ign|Blk)' /proc/self/status
	[ "$output" = "$direct" ]
	run "$SPAWN" -w --signals preserve --ignore-waiting TERM,HUP,USR2 \
	    --block-waiting USR1,INT,RTMIN+2 grep -E '^Sig(Ign|Blk)' /proc/self/status
	[ "$output" = "$direct" ]
}

@test "wait: a stopped child is not an exit" {
	f="$BATS_TEST_TMPDIR/pid"
	"$SPAWN" -w sh -c "echo \$\$ >$f; kill -STOP \$\$; exit 5" &
	spawn_pid=$!
	wait_file "$f"
	child=$(cat "$f")
	for _ in $(seq 50); do
		grep -q '^State:.*T' "/proc/$child/status" && break
		sleep 0.1
	done
	grep -q '^State:.*T' "/proc/$child/status"
	sleep 0.2
	kill -0 "$spawn_pid"
	kill -CONT "$child"
	st=0
	wait "$spawn_pid" || st=$?
	[ "$st" -eq 5 ]
}

@test "wait: wait4 interrupted by EINTR is retried (strace fault injection)" {
	command -v strace >/dev/null || skip "strace missing"
	run -9 strace -f -qq -o /dev/null -e trace=wait4 -e inject=wait4:error=EINTR:when=1 \
	    "$SPAWN" -w sh -c 'exit 9'
	run -0 strace -f -qq -o /dev/null -e trace=wait4 -e inject=wait4:error=EINTR:when=1..3 \
	    "$SPAWN" -w true
}

@test "wait: fork failing is 125 with a message, nothing runs" {
	command -v strace >/dev/null || skip "strace missing"
	run -125 strace -qq -o /dev/null -e trace=clone,fork -e inject=clone:error=EAGAIN \
	    "$SPAWN" -w touch "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: fork: Resource temporarily unavailable" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "wait: dry run prints the fork, the waiting sets and where the child starts" {
	run "$SPAWN" -n -w -i --umask 22 true
	[ "${lines[0]}" = "mode: wait (fork first)" ]
	[ "${lines[1]}" = "fork: wait for the child; while waiting block INT,QUIT,CHLD, ignore none, forward none; the child starts from the caller's signal state" ]
	[[ "${lines[2]}" == "signals: reset; "* ]]
	[ "${lines[3]}" = "umask: 0022" ]
	run "$SPAWN" -n -w --block-waiting sigusr1,35 --ignore-waiting Term -i true
	[ "${lines[1]}" = "fork: wait for the child; while waiting block USR1,RTMIN+1, ignore TERM, forward none; the child starts from the caller's signal state" ]
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json -w --ignore-waiting RTMAX-1 -i true
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
assert p["mode"] == "wait" and p["fork"] is True, p
assert p["steps"][0] == {"step": "fork", "role": "wait", "block": ["INT", "QUIT", "CHLD"], "ignore": ["RTMIN+29"], "forward": [], "group": False, "pid1": False, "reap": False, "timeout-ms": None, "kill-after-ms": None}, p["steps"][0]
assert p["steps"][1]["step"] == "signals", p["steps"][1]
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "wait: bad signal lists and waiting options without --wait are 125" {
	run -125 "$SPAWN" --block-waiting INT true
	[ "${lines[0]}" = "spawn: --block-waiting needs --wait" ]
	run -125 "$SPAWN" --ignore-waiting INT true
	[ "${lines[0]}" = "spawn: --ignore-waiting needs --wait" ]
	run -125 "$SPAWN" -w --ignore-waiting CHLD true
	[ "${lines[0]}" = "spawn: --ignore-waiting: CHLD cannot be ignored while waiting (the child would be reaped away)" ]
	run -125 "$SPAWN" -w --block-waiting KILL true
	[ "${lines[0]}" = "spawn: --block-waiting: KILL cannot be blocked" ]
	run -125 "$SPAWN" -w --ignore-waiting sigstop true
	[ "${lines[0]}" = "spawn: --ignore-waiting: sigstop cannot be ignored" ]
	for bad in 0 65 RTMIN+99 RTMAX-31 SIGFOO -9 +1 ' 1' RTMIN+ RTMIN-1; do
		run -125 "$SPAWN" -w --block-waiting "$bad" true
		[ "${lines[0]}" = "spawn: --block-waiting: unknown signal '$bad'" ] || { echo "$bad: $output"; false; }
	done
	run -125 "$SPAWN" -w --block-waiting '' true
	[ "${lines[0]}" = "spawn: --block-waiting: empty signal list" ]
	run -125 "$SPAWN" -w --block-waiting 'TERM,,HUP' true
	[ "${lines[0]}" = "spawn: --block-waiting 'TERM,,HUP': empty item in the list" ]
	run -125 "$SPAWN" -w -w true
	[ "${lines[0]}" = "spawn: --wait given twice (it does not repeat)" ]
}

@test "--new-session: not a group leader, exec mode setsids in place" {
	run bash -c 'echo $$; exec "$0" --new-session "$1" stat' "$SPAWN" "$SHOW"
	[ "$status" -eq 0 ]
	read -r pid ppid pgrp sid <<<"${lines[1]}"
	[ "$pid" = "${lines[0]}" ]
	[ "$sid" = "$pid" ] && [ "$pgrp" = "$pid" ]
}

@test "--new-session as a group leader: the implicit fork, then setsid in the child" {
	# With job control on, bash makes each job its own process group.
	run bash -c 'set -m; "$0" --new-session "$1" stat >"$2" & echo $!; wait $!' "$SPAWN" "$SHOW" "$BATS_TEST_TMPDIR/stat"
	[ "$status" -eq 0 ]
	spawn_pid=${lines[0]}
	read -r pid ppid pgrp sid <"$BATS_TEST_TMPDIR/stat"
	[ "$ppid" = "$spawn_pid" ]
	[ "$sid" = "$pid" ] && [ "$pgrp" = "$pid" ]
	run bash -c 'set -m; "$0" -n --new-session true; true' "$SPAWN"
	[ "${lines[0]}" = "mode: exec (implicit fork before session)" ]
	[[ "${lines[1]}" == "signals: reset; "* ]]
	[[ "${lines[2]}" == "fork: implicit (spawn leads its process group, so setsid needs a child); the parent forwards HUP,INT,QUIT,USR1,USR2,TERM,WINCH and waits;"* ]]
}

@test "implicit fork: the parent forwards TERM and returns the child's status" {
	f="$BATS_TEST_TMPDIR/pid"
	run bash -c 'set -m
		"$0" --new-session sh -c "trap \"exit 33\" TERM; echo \$\$ >$1; while :; do sleep 0.1; done" &
		sp=$!
		for i in $(seq 50); do [ -s "$1" ] && break; sleep 0.1; done
		kill -TERM $sp
		wait $sp' "$SPAWN" "$f"
	[ "$status" -eq 33 ]
}

@test "implicit fork: a failing step in the child is reported by the parent (125)" {
	# (bash's job notice "[1]+ Exit ..." follows on the next line)
	run -125 bash -c 'set -m; "$0" --new-session -C /nonexistent true & wait $!' "$SPAWN"
	[ "${lines[0]}" = "spawn: chdir: /nonexistent: No such file or directory" ]
	run -127 bash -c 'set -m; "$0" --new-session no-such-prog-q & wait $!' "$SPAWN"
	[ "${lines[0]}" = "spawn: exec: no-such-prog-q: No such file or directory" ]
}

@test "wait: a caller that ignores CHLD still gets the status; the child starts with CHLD ignored" {
	run "$SHOW" clean env --ignore-signal=CHLD "$SPAWN" -w --signals preserve bash -c 'grep SigIgn /proc/self/status; exit 3'
	[ "$status" -eq 3 ]
	[ "$output" = "SigIgn:	0000000000010000" ]
	# by default the child's dispositions are reset, as in exec mode
	run "$SHOW" clean env --ignore-signal=CHLD "$SPAWN" -w bash -c 'grep SigIgn /proc/self/status; exit 4'
	[ "$status" -eq 4 ]
	[ "$output" = "SigIgn:	0000000000000000" ]
}

@test "wait: --timeout durations take hours (h) next to the other units" {
	run "$SPAWN" -n -w -i --timeout 1h30m:2h true
	[ "${lines[1]}" = "fork: wait for the child; while waiting block INT,QUIT,CHLD, ignore none, forward none; after 5400000ms TERM, KILL 7200000ms later, exit 124; the child starts from the caller's signal state" ]
	run -125 "$SPAWN" -w --timeout 1h1x true
	[ "${lines[0]}" = "spawn: --timeout '1h1x': expected DURATION[:KILL_AFTER], each a positive duration such as 30s, 1m30s or 500ms" ]
}
