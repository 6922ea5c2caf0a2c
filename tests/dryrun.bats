#!/usr/bin/env bats
# --dry-run: resolves and validates like a real run, changes nothing,
# prints the steps in SPEC.md's order, as text or JSON.

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
