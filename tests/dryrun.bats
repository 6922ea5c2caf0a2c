#!/usr/bin/env bats
# --dry-run: resolves and validates like a real run, changes nothing,
# prints the steps in SPEC.md's order, as text or JSON.

# shellcheck disable=SC2154 # stderr, stderr_lines: set by run --separate-stderr
load helper

@test "dry run runs nothing and creates nothing" {
	run "$SPAWN" --dry-run --umask 077 -C "$BATS_TEST_TMPDIR" -- touch "$BATS_TEST_TMPDIR/created"
	[ "$status" -eq 0 ]
	[ ! -e "$BATS_TEST_TMPDIR/created" ]
	run "$SPAWN" -n sh -c "touch $BATS_TEST_TMPDIR/created2"
	[ "$status" -eq 0 ]
	[ ! -e "$BATS_TEST_TMPDIR/created2" ]
}

@test "dry run does not check that directories exist" {
	run "$SPAWN" -n --chroot /nonexistent -C /nope --chroot-before /x --chdir-before /y true
	[ "$status" -eq 0 ]
}

@test "dry run prints the steps in SPEC.md's order, with resolved values" {
	run --separate-stderr "$SHOW" clean "$SPAWN" -n -i A=1 --argv0 zz -C /w --chroot /r --chdir-before /b \
	    --chroot-before /rb --umask 22 --exec-fd 0 -- prog x ''
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "mode: exec (no fork)
signals: reset; set to default: none; ignored: none; blocked: none
umask: 0022
chroot: /rb (before fds), then chdir /
chdir: /b (before fds)
fd: close 0; close 3 and above
chroot: /r, then chdir /
chdir: /w
chdir: check that the working directory is inside the root
exec: fd 0 as argv[0] zz
argv: zz x ''
env: A=1" ]
}

@test "dry run shows the PATH candidates of the caller's PATH" {
	run "$SHOW" clean env PATH=/a:/b "$SPAWN" -n -i PATH=/x prog
	[ "$output" = "mode: exec (no fork)
signals: reset; set to default: none; ignored: none; blocked: none
fd: close 3 and above
exec: search prog in /a:/b
argv: prog
env: PATH=/x" ]
	run "$SPAWN" -n --path /p/q: -i prog
	[ "${lines[3]}" = "exec: search prog in /p/q:" ]
}

@test "dry run quotes words that need it" {
	run "$SPAWN" -n -i "$(printf 'A=x\001')" -- prog "it's" 'a b'
	[ "${lines[4]}" = "argv: prog 'it'\\''s' 'a b'" ]
	[ "${lines[5]}" = "env: \$'A=x\\x01'" ]
}

@test "dry run JSON parses and carries the plan" {
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json -i A=1 --umask 7 -C /w --chroot /r --path /x:/y -- prog 'a"b'
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
assert p["mode"] == "exec" and p["fork"] is False, p
assert [s["step"] for s in p["steps"]] == ["signals", "umask", "fd", "chroot", "chdir", "chdir", "exec"], p["steps"]
assert p["steps"][1] == {"step": "umask", "umask": "0007"}, p["steps"][1]
assert p["steps"][2] == {"step": "fd", "ops": [{"op": "close-range", "from": 3, "to": "max"}]}, p["steps"][2]
assert p["steps"][3] == {"step": "chroot", "phase": "after-fds", "path": "/r"}
assert p["steps"][5] == {"step": "chdir", "check": "inside-root"}
assert p["program"] == {"search": "prog", "candidates": ["/x/prog", "/y/prog"]}, p["program"]
assert p["argv"] == ["prog", "a\"b"] and p["env"] == ["A=1"]
print("ok")' "$output"
	[ "$output" = "ok" ]
	run bash -c '"$0" --dry-run=json -i -- /bin/x | python3 -m json.tool' "$SPAWN"
	[ "$status" -eq 0 ]
}

@test "dry run JSON writes non-UTF-8 strings as hex" {
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json -i $'B=\xff' -- prog $'caf\xc3\xa9'
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
assert p["env"] == [{"hex": "423dff"}], p["env"]
assert p["argv"][1] == "caf\u00e9", p["argv"]
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "dry run validates values: bad input is still 125" {
	run -125 "$SPAWN" -n --umask 9 true
	[ "${lines[0]}" = "spawn: --umask: '9': not an octal mode" ]
	run -125 "$SPAWN" -n --exec-fd 9 true
	[ "$output" = "spawn: --exec-fd 9: Bad file descriptor" ]
	run -125 "$SPAWN" --dry-run=yaml true
	[ "${lines[0]}" = "spawn: --dry-run: unknown format 'yaml' (text or json)" ]
}

@test "dry run to a full stdout is a failure (125)" {
	[ -w /dev/full ] || skip "no /dev/full"
	run -125 bash -c '"$0" -n true >/dev/full' "$SPAWN"
	[[ "$output" == "spawn: write error: "* ]]
}

@test "dry run JSON: process group, nice, reset-ids, lock, chdir-fd, credentials, caps and an fd program" {
	command -v python3 >/dev/null || skip "python3 missing"
	run --separate-stderr "$SHOW" clean "$SPAWN" --dry-run=json -i --process-group=0 --nice 5 \
	    --reset-ids --lock-nowait /tmp/spawn-dry-lock --chdir-fd 0 --user daemon:bin \
	    --keep-caps net_bind_service,CAP_CHOWN --no-new-privs --exec-fd 0 -- prog
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ ! -e /tmp/spawn-dry-lock ]
	run python3 -c '
import grp, json, os, pwd, sys
p = json.loads(sys.argv[1])
st = {s["step"]: s for s in p["steps"]}
order = [s["step"] for s in p["steps"]]
assert order == ["signals", "process-group", "nice", "reset-ids", "fd", "lock",
    "chdir", "chdir", "groups", "gid", "uid", "caps", "no-new-privs", "exec"], order
assert st["process-group"] == {"step": "process-group", "pgid": 0}, st
want = min(os.nice(0) + 5, 19)
assert st["nice"] == {"step": "nice", "nice": 5, "value": want}, st["nice"]
me = {"uid": os.getuid(), "name": pwd.getpwuid(os.getuid()).pw_name}
mg = {"gid": os.getgid(), "name": grp.getgrgid(os.getgid()).gr_name}
assert st["reset-ids"] == {"step": "reset-ids", "euid": me, "egid": mg}, st["reset-ids"]
assert st["lock"] == {"step": "lock", "path": "/tmp/spawn-dry-lock",
    "wait": False, "fd": 3}, st["lock"]
assert p["steps"][6] == {"step": "chdir", "phase": "after-fds", "fd": 0}, p["steps"][6]
bin = {"gid": 2, "name": "bin"}
assert st["groups"] == {"step": "groups", "groups": [bin], "denied": False}, st["groups"]
assert st["gid"] == {"step": "gid", "rgid": bin, "egid": bin, "sgid": bin}, st["gid"]
d = {"uid": 1, "name": "daemon"}
assert st["uid"] == {"step": "uid", "ruid": d, "euid": d, "suid": d}, st["uid"]
assert st["caps"] == {"step": "caps", "keep": ["chown", "net_bind_service"],
    "drop": True}, st["caps"]
assert p["program"] == {"fd": 0, "script": False}, p["program"]
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "dry run text: process group, nice, reset-ids, lock and kept caps" {
	run --separate-stderr "$SHOW" clean "$SPAWN" -n -i --process-group --nice 5 --reset-ids \
	    --lock-nowait /tmp/spawn-dry-lock --user daemon --keep-caps cap_net_bind_service true
	[ "$status" -eq 0 ]
	[ ! -e /tmp/spawn-dry-lock ]
	now=$(nice)
	want=$((now + 5 > 19 ? 19 : now + 5))
	[ "${lines[2]}" = "process-group: a group of its own (setpgid 0 0)" ]
	[ "${lines[3]}" = "nice: +5, from $now to $want" ]
	[ "${lines[4]}" = "reset-ids: effective uid $(id -ru), effective gid $(id -rg) (the real ones)" ]
	[ "${lines[6]}" = "lock: /tmp/spawn-dry-lock on fd 3, exclusive, without waiting" ]
	[ "${lines[7]}" = "groups: 1(daemon)" ]
	[ "${lines[10]}" = "caps: keep net_bind_service (permitted, effective, inheritable, ambient); then ids and groups are checked against the plan" ]
}

@test "dry run JSON: ids without a database entry have a null name" {
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json -i --uid 12345 --gid 12345 --groups 12345,bin prog
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
st = {s["step"]: s for s in p["steps"]}
n = {"gid": 12345, "name": None}
assert st["groups"]["groups"] == [{"gid": 2, "name": "bin"}, n], st["groups"]
assert st["gid"] == {"step": "gid", "rgid": n, "egid": n, "sgid": n}, st["gid"]
u = {"uid": 12345, "name": None}
assert st["uid"] == {"step": "uid", "ruid": u, "euid": u, "suid": u}, st["uid"]
assert st["caps"] == {"step": "caps", "keep": [], "drop": True}, st["caps"]
print("ok")' "$output"
	[ "$output" = "ok" ]
	run "$SPAWN" -n -i --uid 12345 --gid 12345 --groups 12345,bin prog
	[ "${lines[3]}" = "groups: 2(bin),12345" ]
	[ "${lines[4]}" = "gid: real 12345, effective 12345, saved 12345" ]
}

@test "dry run JSON: fd swaps park on scratch fds, inherit clears close-on-exec; session and tty" {
	command -v python3 >/dev/null || skip "python3 missing"
	run --separate-stderr "$SPAWN" --dry-run=json -i --new-session --set-ctty 0 \
	    --fd 3=inherit:4 --fd 4=inherit:3 --fd 5=inherit --fd 7=copy:4 -- prog \
	    3</dev/null 4</dev/null 5</dev/null
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
st = {s["step"]: s for s in p["steps"]}
assert st["session"] == {"step": "session"}, st
assert st["tty"] == {"step": "tty", "set-ctty": 0, "copy": False}, st["tty"]
ops = st["fd"]["ops"]
assert ops == [
    {"op": "park", "from": 4, "to": 8}, {"op": "park", "from": 3, "to": 9},
    {"op": "dup2", "from": 8, "to": 3}, {"op": "dup2", "from": 9, "to": 4},
    {"op": "cloexec-clear", "fd": 5},
    {"op": "close-range", "from": 6, "to": "max"},
    {"op": "dup2", "from": 4, "to": 7}], ops
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "dry run JSON: tabs escaped, 3- and 4-byte UTF-8 kept, overlong and surrogate bytes as hex" {
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json -i -- prog $'a\tb' $'\xe2\x82\xac' $'\xf0\x9f\x98\x80' \
	    $'\xe0\x80\xaf' $'\xed\xa0\x80' $'\xf4\x90\x80\x80' $'\xe2\x28\xa1'
	[ "$status" -eq 0 ]
	[[ "$output" == *'"a\tb"'* ]]
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
assert p["argv"] == ["prog", "a\tb", "\u20ac", "\U0001f600",
    {"hex": "e080af"}, {"hex": "eda080"}, {"hex": "f4908080"}, {"hex": "e228a1"}], p["argv"]
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "dry run: warnings go to stderr, the plan to stdout; --envdir values are in env" {
	mkdir "$BATS_TEST_TMPDIR/e"
	echo hi >"$BATS_TEST_TMPDIR/e/GREETING"
	run --separate-stderr "$SPAWN" -n -i --envdir "$BATS_TEST_TMPDIR/e" --uid 1 true
	[ "$status" -eq 0 ]
	[ "$stderr" = "spawn: warning: --uid without --gid leaves gid 0 under uid 1; add --gid" ]
	[ "${lines[-1]}" = "env: GREETING=hi" ]
	[[ "$output" != *warning* ]]
}
