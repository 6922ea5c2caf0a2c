#!/usr/bin/env bats
# Process state: process group, session, terminal, scheduler, nice, CPU
# affinity, pdeathsig. Witnesses: /proc/PID/stat and status, chrt, nice,
# a pty made with script(1) or python's pty module.

load helper

# pid ppid pgrp session tpgid of the shell that is the target
STAT='awk "{print \$1, \$4, \$5, \$6, \$8}" /proc/$$/stat'

@test "process-group: a group of its own, or an existing one" {
	run bash -c 'echo $$; exec "$0" --process-group sh -c "$1"' "$SPAWN" "$STAT"
	read -r pid _ pgrp sid _ <<<"${lines[1]}"
	[ "$pid" = "${lines[0]}" ]
	[ "$pgrp" = "$pid" ]
	[ "$sid" != "$pid" ]
	# join the group of another process of the same session
	"$SPAWN" --process-group sleep 3 &
	leader=$!
	sleep 0.2
	run "$SPAWN" --process-group="$leader" sh -c "$STAT"
	read -r _ _ pgrp _ _ <<<"$output"
	[ "$pgrp" = "$leader" ]
	kill "$leader"
	# a session leader already leads its group: nothing to do
	run setsid "$SPAWN" --process-group sh -c "$STAT"
	[ "$status" -eq 0 ]
	read -r pid _ pgrp sid _ <<<"$output"
	[ "$pgrp" = "$pid" ] && [ "$sid" = "$pid" ]
}

@test "process-group: joining a group that does not exist is a step error" {
	run -125 "$SPAWN" --process-group=999999 true
	[ "$output" = "spawn: process-group: Operation not permitted" ] ||
	    [ "$output" = "spawn: process-group: No such process" ]
}

@test "session and group rules are usage errors" {
	run -125 "$SPAWN" --new-session --process-group=5 true
	[ "${lines[0]}" = "spawn: --process-group=5: after --new-session the process already leads its own group" ]
	run -125 "$SPAWN" --foreground-tty true
	[ "${lines[0]}" = "spawn: --foreground-tty needs --process-group" ]
	run -125 "$SPAWN" --new-session --process-group --foreground-tty true
	[ "${lines[0]}" = "spawn: --foreground-tty conflicts with --new-session (use --set-ctty, which makes the group the foreground)" ]
	run -125 "$SPAWN" --set-ctty 0 true
	[ "${lines[0]}" = "spawn: --set-ctty needs --new-session" ]
	# --new-session with a bare --process-group is accepted and skipped
	run "$SHOW" clean "$SPAWN" -n --new-session --process-group true
	[ "${lines[2]}" = "session: setsid" ]
	[ "${lines[3]}" = "fd: close 3 and above" ]
}

@test "foreground-tty: under a pty the new group becomes the foreground" {
	command -v script >/dev/null || skip "script(1) missing"
	# "; true" keeps the shell, so spawn is not the session leader
	run script -qec "\"$SPAWN\" --process-group --foreground-tty sh -c '$STAT'; true" /dev/null
	read -r pid _ pgrp _ tpgid <<<"$(tr -d '\r' <<<"$output")"
	[ "$pgrp" = "$pid" ]
	[ "$tpgid" = "$pgrp" ]
	# control: without --foreground-tty the group stays in the background
	run script -qec "\"$SPAWN\" --process-group sh -c '$STAT'; true" /dev/null
	read -r pid _ pgrp _ tpgid <<<"$(tr -d '\r' <<<"$output")"
	[ "$pgrp" = "$pid" ]
	[ "$tpgid" != "$pgrp" ]
}

@test "foreground-tty: an fd that is not a terminal is 125" {
	run -125 "$SPAWN" --process-group --foreground-tty=0 true </dev/null
	[ "$output" = "spawn: tty: fd 0: Inappropriate ioctl for device" ]
}

@test "set-ctty: a new session takes a pty opened for it as its terminal" {
	command -v python3 >/dev/null || skip "python3 missing"
	run python3 -c '
import os, sys
m, s = os.openpty()
name = os.ttyname(s)
os.dup2(s, 0)
os.dup2(m, 5)
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "--new-session", "--set-ctty", "0", "--fd", "1=inherit",
        "sh", "-c", "readlink /proc/$$/fd/0; ps -o tty= -p $$"])
_, st = os.waitpid(pid, 0)
print(name)
sys.exit(os.waitstatus_to_exitcode(st))' "$SPAWN"
	[ "$status" -eq 0 ]
	pts=${lines[2]}
	[ "${lines[0]}" = "$pts" ]
	[ "/dev/${lines[1]// /}" = "$pts" ]
}

@test "scheduler: policies, priority and reset-on-fork, as chrt sees them" {
	command -v chrt >/dev/null || skip "chrt missing"
	run "$SPAWN" --sched-policy batch sh -c 'chrt -p $$'
	[[ "${lines[0]}" == *"SCHED_BATCH" ]]
	run "$SPAWN" --sched-policy idle sh -c 'chrt -p $$'
	[[ "${lines[0]}" == *"SCHED_IDLE" ]]
	run "$SPAWN" --sched-policy fifo --sched-priority 10 sh -c 'chrt -p $$'
	if [ "$status" -eq 125 ]; then
		skip "no realtime scheduling here: $output"
	fi
	[[ "${lines[0]}" == *"SCHED_FIFO" ]]
	[[ "${lines[1]}" == *": 10" ]]
	run "$SPAWN" --sched-policy rr --sched-priority 3 --sched-reset-on-fork sh -c 'chrt -p $$'
	[[ "${lines[0]}" == *"SCHED_RR|SCHED_RESET_ON_FORK" ]]
	[[ "${lines[1]}" == *": 3" ]]
}

@test "scheduler: rules and ranges are 125" {
	run -125 "$SPAWN" --sched-policy fifo true
	[ "${lines[0]}" = "spawn: --sched-policy fifo and rr need --sched-priority" ]
	run -125 "$SPAWN" --sched-priority 5 true
	[ "${lines[0]}" = "spawn: --sched-priority needs --sched-policy fifo or rr" ]
	run -125 "$SPAWN" --sched-policy batch --sched-priority 5 true
	[ "${lines[0]}" = "spawn: --sched-priority needs --sched-policy fifo or rr" ]
	run -125 "$SPAWN" --sched-reset-on-fork true
	[ "${lines[0]}" = "spawn: --sched-reset-on-fork needs --sched-policy" ]
	run -125 "$SPAWN" --sched-policy fifo --sched-priority 0 true
	[ "$output" = "spawn: --sched-priority 0: out of range for fifo (1 to 99)" ]
	run -125 "$SPAWN" --sched-policy deadline true
	[ "${lines[0]}" = "spawn: --sched-policy: 'deadline': expected other, batch, idle, fifo or rr" ]
	run -125 "$SPAWN" --sched-policy rr --sched-priority 100 true
	[ "${lines[0]}" = "spawn: --sched-priority: '100': too large (0 to 99)" ]
}

@test "nice: relative to the caller's, clamped like nice(1)" {
	base=$(nice)
	run "$SPAWN" --nice 3 nice
	[ "$output" = "$((base + 3))" ]
	run "$SPAWN" --nice 40 nice
	[ "$output" = "19" ]
	run -125 "$SPAWN" --nice 41 true
	[ "${lines[0]}" = "spawn: --nice: '41': too large (-40 to 40)" ]
	run -125 "$SPAWN" --nice +1 true
	[ "${lines[0]}" = "spawn: --nice: '+1': not a number (-40 to 40)" ]
}

@test "nice: lowering it without CAP_SYS_NICE is a step error" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	run -125 setpriv --reuid=65534 --regid=65534 --clear-groups -- "$SPAWN" --nice -5 touch "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: nice: Permission denied" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "cpus: the affinity, in taskset's list syntax" {
	run "$SPAWN" --cpus 0 grep Cpus_allowed_list /proc/self/status
	[ "$output" = "Cpus_allowed_list:	0" ]
	n=$(nproc)
	if [ "$n" -ge 2 ]; then
		run "$SPAWN" --cpus 0-1 grep Cpus_allowed_list /proc/self/status
		[ "$output" = "Cpus_allowed_list:	0-1" ]
	fi
	run -125 "$SPAWN" --cpus 1-0 true
	[ "${lines[0]}" = "spawn: --cpus: '1-0': expected a list such as 0-3,6 (CPUs 0 to 1023)" ]
	for bad in '' 'a' '0,' '0-' '0-3:0' '1024' ' 1'; do
		run -125 "$SPAWN" --cpus "$bad" true
		[[ "${lines[0]}" == "spawn: --cpus: '$bad': expected a list"* ]]
	done
	run -125 "$SPAWN" --cpus 1000 true
	[ "$output" = "spawn: cpus: Invalid argument" ]
}

@test "pdeathsig: wait mode, SIGKILL to spawn sends the signal to the child" {
	d="$BATS_TEST_TMPDIR"
	"$SPAWN" -w --pdeathsig TERM sh -c "trap 'echo got >$d/got; exit 0' TERM; echo \$\$ >$d/pid; while :; do sleep 0.1; done" &
	sp=$!
	wait_file "$d/pid"
	kill -KILL "$sp"
	wait_file "$d/got"
	[ "$(cat "$d/got")" = "got" ]
}

@test "pdeathsig: exec mode, the target gets it when its parent exits" {
	d="$BATS_TEST_TMPDIR"
	bash -c '"$0" --pdeathsig USR1 sh -c "trap \"echo got >$1/got; exit 0\" USR1; echo \$\$ >$1/pid; while :; do sleep 0.1; done" &
		for i in $(seq 50); do [ -s "$1/pid" ] && break; sleep 0.1; done
		exit 0' "$SPAWN" "$d"
	wait_file "$d/got"
	[ "$(cat "$d/got")" = "got" ]
	run -125 "$SPAWN" --pdeathsig FOO true
	[ "${lines[0]}" = "spawn: --pdeathsig: unknown signal 'FOO'" ]
}

@test "state: dry run shows resolved values, text and JSON" {
	base=$(nice)
	run "$SHOW" clean "$SPAWN" -n --process-group --sched-policy rr --sched-priority 5 \
	    --nice 2 --cpus 0-2:2 --pdeathsig 15 true
	[ "${lines[2]}" = "process-group: a group of its own (setpgid 0 0)" ]
	[ "${lines[3]}" = "scheduler: rr, priority 5" ]
	[ "${lines[4]}" = "nice: +2, from $base to $((base + 2))" ]
	[ "${lines[5]}" = "cpus: 0-2:2" ]
	[[ "${lines[7]}" == "pdeathsig: TERM when the parent (pid "*") exits" ]]
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json --cpus 0-2:2 --pdeathsig KILL --sched-policy idle true
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
st = {s["step"]: s for s in p["steps"]}
assert st["cpus"]["cpus"] == [0, 2], st
assert st["scheduler"] == {"step": "scheduler", "policy": "idle", "priority": 0, "reset-on-fork": False}, st
assert st["pdeathsig"]["signal"] == "KILL", st
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "set-ctty: a terminal that already controls another session is refused (125)" {
	command -v script >/dev/null || skip "script(1) missing"
	# under script(1), fd 0 is the pty that controls script's own session
	run script -qec "\"$SPAWN\" --new-session --set-ctty 0 touch \"$BATS_TEST_TMPDIR/ran\"; echo status \$?" /dev/null
	[ "$output" = "spawn: tty: fd 0: Operation not permitted"$'\r'"
status 125"$'\r' ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "foreground-tty: in wait mode the terminal goes back to spawn's group when the child ends" {
	command -v script >/dev/null || skip "script(1) missing"
	# after spawn returns, the shell's group is the terminal's foreground again
	run script -qec "\"$SPAWN\" --wait --process-group --foreground-tty true; ps -o pgid=,tpgid= -p \$\$" /dev/null
	read -r pgid tpgid <<<"$(tr -d '\r' <<<"$output")"
	[ -n "$pgid" ]
	[ "$tpgid" = "$pgid" ]
}

@test "tty: --set-ctty and --foreground-tty on an fd the plan closes use spawn's copy" {
	command -v python3 >/dev/null || skip "python3 missing"
	# fd 5 is the pty; the program does not keep it, the step still works
	run python3 -c '
import os, sys
import fcntl
m, s = os.openpty()
name = os.ttyname(s)
# above whatever bats holds, so that fd 5 is free for the slave
m = fcntl.fcntl(m, fcntl.F_DUPFD, 50)
s = fcntl.fcntl(s, fcntl.F_DUPFD, 50)
os.dup2(s, 5)
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "--new-session", "--set-ctty", "5",
        "sh", "-c", "ps -o tty= -p $$; ls /proc/$$/fd"])
_, st = os.waitpid(pid, 0)
print(name)
sys.exit(os.waitstatus_to_exitcode(st))' "$SPAWN"
	[ "$status" -eq 0 ]
	[ "/dev/${lines[0]// /}" = "${lines[-1]}" ]
	[[ " ${lines[*]} " != *" 5 "* ]]
	# --fd 5=close: the same, and the dry run says so
	run "$SPAWN" -n --new-session --set-ctty 5 --fd 5=close true 5</dev/null
	[[ "${lines[-4]}" == "tty: fd 5 becomes the controlling terminal; through spawn's copy of fd 5, which the program does not keep" ]]
	# an fd that is not open at all is refused before anything runs
	run -125 "$SPAWN" --process-group --foreground-tty=7 touch "$BATS_TEST_TMPDIR/ran" 7<&-
	[ "$output" = "spawn: --foreground-tty 7: Bad file descriptor" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}
