#!/usr/bin/env bats
# Namespaces: --nsenter-*, with namespaces made by unshare(1) in the test.
# Witnesses: readlink /proc/self/ns/*, hostname, the pid inside.

load helper

setup() {
	command -v unshare >/dev/null || skip "unshare missing"
	unshare --net true 2>/dev/null || skip "cannot make namespaces (needs CAP_SYS_ADMIN)"
	PIDS=()
}

teardown() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
}

# Start a process in new namespaces ($@: unshare flags); sets NSPID. Fails
# when unshare cannot make them (a chroot, say, refuses some types).
holder() {
	unshare "$@" sleep 60 2>/dev/null &
	NSPID=$!
	PIDS+=("$NSPID")
	local _
	for _ in $(seq 100); do
		kill -0 "$NSPID" 2>/dev/null || return 1
		[ "$(readlink /proc/$NSPID/exe 2>/dev/null)" = "$(readlink -f "$(command -v sleep)")" ] &&
		    return 0
		sleep 0.05
	done
	return 1
}

@test "nsenter: every type lands the target in that namespace" {
	for t in net uts ipc cgroup mount time; do
		flag=--$t
		ns=$t
		[ "$t" = mount ] && ns=mnt
		if ! holder "$flag"; then
			echo "# unshare $flag is not possible here: not checked" >&3
			continue
		fi
		want=$(readlink "/proc/$NSPID/ns/$ns")
		[ "$want" != "$(readlink /proc/self/ns/$ns)" ]
		run "$SPAWN" "--nsenter-$t" "/proc/$NSPID/ns/$ns" readlink "/proc/self/ns/$ns"
		[ "$status" -eq 0 ] || { echo "$t: $output"; false; }
		[ "$output" = "$want" ] || { echo "$t: $output != $want"; false; }
	done
}

@test "nsenter: a uts namespace with another hostname shows it" {
	unshare --uts sh -c 'hostname spawn-ns-test; exec sleep 60' &
	NSPID=$!
	PIDS+=("$NSPID")
	for _ in $(seq 50); do
		[ "$(readlink /proc/$NSPID/ns/uts)" != "$(readlink /proc/self/ns/uts)" ] && break
		sleep 0.05
	done
	sleep 0.2
	run "$SPAWN" --nsenter-uts "/proc/$NSPID/ns/uts" hostname
	[ "$output" = "spawn-ns-test" ]
	run "$SPAWN" --nsenter-uts fd:7 hostname 7<"/proc/$NSPID/ns/uts"
	[ "$output" = "spawn-ns-test" ]
}

@test "nsenter-pid: the target runs in a child, in the pid namespace" {
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "cannot make a pid namespace with its own /proc here"
	unshare --pid --fork --mount-proc sleep 60 &
	PIDS+=("$!")
	sleep 0.5
	inner=$(pgrep -P "$!" sleep)
	[ -n "$inner" ]
	run "$SPAWN" --nsenter-pid "/proc/$inner/ns/pid" sh -c 'echo $$; readlink /proc/self/ns/pid'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" -lt 10 ]
	[ "${lines[1]}" = "$(readlink /proc/$inner/ns/pid)" ]
	run "$SPAWN" --nsenter-pid "/proc/$inner/ns/pid" sh -c 'exit 7'
	[ "$status" -eq 7 ]
	# the parent, outside the namespace, shows as 0 there: --pdeathsig
	# still finds it
	run "$SPAWN" --nsenter-pid "/proc/$inner/ns/pid" --pdeathsig TERM sh -c 'echo $PPID'
	[ "$status" -eq 0 ]
	[ "$output" = 0 ]
	run -0 "$SPAWN" -w --nsenter-pid "/proc/$inner/ns/pid" --pdeathsig TERM true
	run "$SPAWN" -w --nsenter-pid "/proc/$inner/ns/pid" sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
	run "$SHOW" clean "$SPAWN" -n --nsenter-pid "/proc/$inner/ns/pid" true
	[ "${lines[0]}" = "mode: exec (implicit fork before fd)" ]
	[[ "${lines[3]}" == "fork: implicit (a pid namespace applies to children only, so the program runs in a child);"* ]]
}

@test "nsenter-user: ids become 0 inside; owned namespaces go after it, outer ones before" {
	holder --user --map-root-user --net ||
	    skip "cannot make a user namespace here (a chroot refuses them)"
	u=$NSPID
	run "$SPAWN" --nsenter-net "/proc/$u/ns/net" --nsenter-user "/proc/$u/ns/user" \
	    sh -c 'readlink /proc/self/ns/user /proc/self/ns/net; grep -E "^(Uid|Gid)" /proc/self/status'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(readlink /proc/$u/ns/user)" ]
	[ "${lines[1]}" = "$(readlink /proc/$u/ns/net)" ]
	[ "${lines[2]}" = "Uid:	0	0	0	0" ]
	[ "${lines[3]}" = "Gid:	0	0	0	0" ]
	# explicit ids inside: a namespace that denies setgroups is honoured
	run "$SPAWN" --nsenter-user "/proc/$u/ns/user" --uid 0 --gid 0 "$SHOW" ids
	[ "$status" -eq 0 ]
	[[ "$output" == "0 0 0 / 0 0 0 /"* ]]
	run "$SHOW" clean "$SPAWN" -n --nsenter-net "/proc/$u/ns/net" --nsenter-user "/proc/$u/ns/user" true
	[[ "${lines[2]}" == "nsenter: user "* ]]
	[[ "${lines[3]}" == "nsenter: net "* ]]
	# a net namespace of the initial user namespace: joined before the user one
	holder --net || skip "cannot make a net namespace here"
	n=$NSPID
	run "$SPAWN" --nsenter-net "/proc/$n/ns/net" --nsenter-user "/proc/$u/ns/user" readlink /proc/self/ns/net
	[ "$output" = "$(readlink /proc/$n/ns/net)" ]
	run "$SHOW" clean "$SPAWN" -n --nsenter-user "/proc/$u/ns/user" --nsenter-net "/proc/$n/ns/net" true
	[[ "${lines[2]}" == "nsenter: net "* ]]
	[[ "${lines[3]}" == "nsenter: user "* ]]
}

@test "nsenter: the namespace spawn is in already is not an error" {
	run "$SPAWN" --nsenter-net /proc/self/ns/net --nsenter-user /proc/self/ns/user true
	[ "$status" -eq 0 ]
	run "$SHOW" clean "$SPAWN" -n --nsenter-user /proc/self/ns/user true
	[[ "${lines[2]}" == *": spawn is in it already, nothing to do" ]]
}

@test "nsenter: not a namespace, the wrong type, a closed fd: 125, nothing runs" {
	d="$BATS_TEST_TMPDIR"
	run -125 "$SPAWN" --nsenter-net /dev/null touch "$d/ran"
	[ "$output" = "spawn: --nsenter-net /dev/null: not a namespace" ]
	echo x >"$d/file"
	run -125 "$SPAWN" --nsenter-uts "$d/file" touch "$d/ran"
	[ "$output" = "spawn: --nsenter-uts $d/file: not a namespace" ]
	run -125 "$SPAWN" --nsenter-net /proc/self/ns/uts touch "$d/ran"
	[ "$output" = "spawn: --nsenter-net /proc/self/ns/uts: a uts namespace, not a net one" ]
	run -125 "$SPAWN" --nsenter-ipc fd:9 touch "$d/ran"
	[ "$output" = "spawn: --nsenter-ipc fd:9: Bad file descriptor" ]
	run -125 "$SPAWN" --nsenter-ipc /nonexistent touch "$d/ran"
	[ "$output" = "spawn: --nsenter-ipc /nonexistent: No such file or directory" ]
	run -125 "$SPAWN" --nsenter-ipc fd:x touch "$d/ran"
	[ "$output" = "spawn: --nsenter-ipc fd:x: not an fd" ]
	[ ! -e "$d/ran" ]
}

@test "nsenter: a FIFO is not a namespace, and opening it does not block" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	run -125 timeout 5 "$SPAWN" -n --nsenter-net "$BATS_TEST_TMPDIR/fifo" true
	[ "$output" = "spawn: --nsenter-net $BATS_TEST_TMPDIR/fifo: not a namespace" ]
	run -125 timeout 5 "$SPAWN" --nsenter-uts "$BATS_TEST_TMPDIR/fifo" true
	[ "$output" = "spawn: --nsenter-uts $BATS_TEST_TMPDIR/fifo: not a namespace" ]
}

@test "nsenter: the target does not see spawn's namespace fds" {
	holder --net || skip "cannot make a net namespace here"
	run "$SPAWN" --nsenter-net "/proc/$NSPID/ns/net" "$SHOW" fds
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 " ]
}

@test "nsenter: dry run JSON names type, path and whether spawn is in it" {
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json --nsenter-net /proc/self/ns/net true
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
ns = [s for s in p["steps"] if s["step"] == "nsenter"]
assert len(ns) == 1 and ns[0]["type"] == "net" and ns[0]["path"] == "/proc/self/ns/net" and ns[0]["already"] is True, ns
print("ok")' "$output"
	[ "$output" = "ok" ]
}

# A user namespace with the ids 0-65535 mapped to themselves, whose
# setgroups file says $1 (deny or allow); sets NSPID.
mapped_userns() {
	holder --user || return 1
	if [ "$1" = deny ]; then
		echo deny >"/proc/$NSPID/setgroups" || return 1
	fi
	echo '0 0 65536' >"/proc/$NSPID/uid_map" &&
	    echo '0 0 65536' >"/proc/$NSPID/gid_map"
}

@test "nsenter-user: the caller's groups never reach the program after an id change (setgroups denied)" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	mapped_userns deny || skip "cannot make a mapped user namespace here"
	u=/proc/$NSPID/ns/user
	d="$BATS_TEST_TMPDIR"
	# --user's own groups cannot be set where setgroups is denied: 125,
	# in exec and in wait mode, and the program never runs
	for mode in "" -w; do
		# shellcheck disable=SC2086
		run -125 setpriv --groups 0,42 -- "$SPAWN" $mode --nsenter-user "$u" --user nobody touch "$d/ran"
		[ "$output" = "spawn: groups: this user namespace denies setgroups: after joining it only an empty list (--clear-groups) can be met" ]
		[ ! -e "$d/ran" ]
	done
	# an empty list is met: the groups were cleared before the join
	for ids in "--user nobody --clear-groups" "--uid 5 --gid 5" ""; do
		# shellcheck disable=SC2086
		run setpriv --groups 0,42 -- "$SPAWN" --nsenter-user "$u" $ids "$SHOW" ids
		[ "$status" -eq 0 ]
		[[ "$output" == *" /" ]]
		# shellcheck disable=SC2086
		run setpriv --groups 0,42 -- "$SPAWN" -w --nsenter-user "$u" $ids "$SHOW" ids
		[ "$status" -eq 0 ]
		[[ "$output" == *" /" ]]
	done
	# the dry run says so
	run setpriv --groups 0,42 -- "$SPAWN" -n --nsenter-user "$u" --uid 5 --gid 5 true
	[[ "${lines[2]}" == "nsenter: user $u (inode "*"); the supplementary groups are cleared first, while that is still possible" ]]
	[ "${lines[4]}" = "groups: none" ]
	command -v python3 >/dev/null || return 0
	run "$SPAWN" --dry-run=json --nsenter-user "$u" --uid 5 --gid 5 true
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
ns = [s for s in p["steps"] if s["step"] == "nsenter"]
assert ns[0]["type"] == "user" and ns[0]["clear-groups"] is True, ns
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "nsenter-user: groups are set inside a namespace that allows setgroups, every failure is 125" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	command -v strace >/dev/null || skip "strace missing"
	mapped_userns allow || skip "cannot make a mapped user namespace here"
	u=/proc/$NSPID/ns/user
	d="$BATS_TEST_TMPDIR"
	run setpriv --groups 0,42 -- "$SPAWN" --nsenter-user "$u" --user nobody "$SHOW" ids
	[ "$status" -eq 0 ]
	[ "$output" = "65534 65534 65534 / 65534 65534 65534 / 65534" ]
	run setpriv --groups 0,42 -- "$SPAWN" -w --nsenter-user "$u" --user daemon --groups 7,5 "$SHOW" ids
	[ "$output" = "1 1 1 / 1 1 1 / 5 7" ]
	# strace: LeakSanitizer cannot run under ptrace
	skip_if_sanitized
	# every setgroups call fails: nothing runs
	run -125 setpriv --groups 0,42 -- strace -f -qq -o /dev/null -e trace=setgroups -e inject=setgroups:error=EINVAL \
	    "$SPAWN" --nsenter-user "$u" --uid 5 --gid 5 touch "$d/ran"
	[ "$output" = "spawn: groups: supplementary groups: Invalid argument" ]
	# the clear before the join works, the call inside fails with EPERM:
	# in a namespace that allows setgroups that is a failure too
	run -125 setpriv --groups 0,42 -- strace -f -qq -o /dev/null -e trace=setgroups -e inject=setgroups:error=EPERM:when=2 \
	    "$SPAWN" -w --nsenter-user "$u" --uid 5 --gid 5 touch "$d/ran"
	[ "$output" = "spawn: groups: supplementary groups: Operation not permitted" ]
	# a setgroups that claims success and does nothing is caught by the check
	run -125 setpriv --groups 0,42 -- strace -f -qq -o /dev/null -e trace=setgroups -e inject=setgroups:retval=0 \
	    "$SPAWN" --nsenter-user "$u" --user nobody touch "$d/ran"
	[ "$output" = "spawn: caps: after the change, the credentials differ from the plan" ]
	[ ! -e "$d/ran" ]
}
