#!/usr/bin/env bats
# Step 1, signals: the default reset, --signals preserve, --ignore,
# --block, --preserve, the signal-name table, and wait mode.

# shellcheck disable=SC2154 # stderr, stderr_lines: set by run --separate-stderr
load helper

sigstate() { grep -E '^Sig(Ign|Blk)' /proc/self/status; }

# The target's SigIgn and SigBlk lines, for a spawn run under $@ (a prefix
# such as env --ignore-signal=...).
target_state() {
	"$@" grep -E '^Sig(Ign|Blk)' /proc/self/status
}

@test "signals: by default ignored signals are reset and the mask emptied" {
	run target_state "$SHOW" clean env --ignore-signal=PIPE,HUP --block-signal=USR1,TERM "$SPAWN"
	[ "$output" = "SigBlk:	0000000000000000
SigIgn:	0000000000000000" ]
}

@test "signals: a caller ignoring PIPE does not leak it (seq | head)" {
	run --separate-stderr "$SHOW" clean env --ignore-signal=PIPE "$SPAWN" sh -c 'seq 1000000 | head -n 1'
	[ "$output" = "1" ]
	[ "$stderr" = "" ]
	# Without spawn's reset, the ignored PIPE shows as a write error.
	run --separate-stderr "$SHOW" clean env --ignore-signal=PIPE sh -c 'seq 1000000 | head -n 1'
	[[ "$stderr" == *"write error"* ]]
}

@test "signals: --signals preserve keeps the caller's ignored set and mask" {
	expect=$("$SHOW" clean env --ignore-signal=PIPE,HUP --block-signal=USR1,TERM grep -E '^Sig(Ign|Blk)' /proc/self/status)
	[ "$expect" != "$("$SHOW" clean grep -E '^Sig(Ign|Blk)' /proc/self/status)" ]
	run target_state "$SHOW" clean env --ignore-signal=PIPE,HUP --block-signal=USR1,TERM "$SPAWN" --signals preserve
	[ "$output" = "$expect" ]
}

@test "signals: --ignore and --block set exactly those signals" {
	run target_state "$SPAWN" --ignore HUP,sigterm --block usr1,RTMIN+1
	# HUP = bit 0, TERM = bit 14; USR1 = bit 9, signal 35 = bit 34
	[ "$output" = "SigBlk:	0000000400000200
SigIgn:	0000000000004001" ]
}

@test "signals: --preserve keeps single signals; --ignore/--block beat it" {
	run target_state "$SHOW" clean env --ignore-signal=PIPE,HUP --block-signal=USR1,USR2 "$SPAWN" --preserve HUP,USR2
	# HUP stays ignored, PIPE is reset; USR2 stays blocked, USR1 not
	[ "$output" = "SigBlk:	0000000000000800
SigIgn:	0000000000000001" ]
	run target_state "$SHOW" clean env --block-signal=USR1 "$SPAWN" --signals preserve --ignore TERM --block INT
	[ "$output" = "SigBlk:	0000000000000202
SigIgn:	0000000000004000" ]
}

# rt_sigaction calls made by spawn itself (after env has exec'd it).
spawn_sigactions() {
	strace -qq -o "$BATS_TEST_TMPDIR/st" -e trace=rt_sigaction,execve "$@"
	awk '/^execve\("[^"]*spawn[^"/]*"/ { on = 1; next } /^execve/ { on = 0 } on && /rt_sigaction/' "$BATS_TEST_TMPDIR/st"
}

@test "signals: no rt_sigaction at all when nothing is ignored" {
	command -v strace >/dev/null || skip "strace missing"
	skip_if_sanitized
	run spawn_sigactions "$SHOW" clean "$SPAWN" true
	[ "$output" = "" ]
	run spawn_sigactions "$SHOW" clean env --ignore-signal=PIPE "$SPAWN" true
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL"* ]]
}

@test "signals: wait mode gives the child the caller's state, never the waiting one" {
	expect=$("$SHOW" clean env --ignore-signal=HUP --block-signal=USR1 grep -E '^Sig(Ign|Blk)' /proc/self/status)
	run target_state "$SHOW" clean env --ignore-signal=HUP --block-signal=USR1 "$SPAWN" -w --signals preserve \
	    --ignore-waiting TERM,USR2 --block-waiting INT,QUIT,CHLD,WINCH
	[ "$output" = "$expect" ]
	run target_state "$SHOW" clean env --ignore-signal=HUP --block-signal=USR1 "$SPAWN" -w \
	    --ignore-waiting TERM --block-waiting INT
	[ "$output" = "SigBlk:	0000000000000000
SigIgn:	0000000000000000" ]
}

@test "signals: dry run shows the resolved sets, text and JSON" {
	run "$SHOW" clean env --ignore-signal=PIPE "$SPAWN" -n --ignore HUP --block 64 true
	[ "${lines[1]}" = "signals: reset; set to default: PIPE; ignored: HUP; blocked: RTMAX" ]
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SHOW" clean env --ignore-signal=PIPE "$SPAWN" --dry-run=json --signals preserve --block RTMAX-2 true
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
assert p["steps"][0] == {"step": "signals", "signals": "preserve", "default": [], "ignore": ["PIPE"], "block": ["RTMIN+28"]}, p["steps"][0]
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "signals: bad names and numbers, KILL/STOP, bad policy are 125" {
	run -125 "$SPAWN" --ignore KILL true
	[ "${lines[0]}" = "spawn: --ignore: KILL cannot be ignored" ]
	run -125 "$SPAWN" --block SIGSTOP true
	[ "${lines[0]}" = "spawn: --block: SIGSTOP cannot be blocked" ]
	for bad in 0 65 RTMIN+99 SIGFOO -9; do
		run -125 "$SPAWN" --ignore "$bad" true
		[ "${lines[0]}" = "spawn: --ignore: unknown signal '$bad'" ]
	done
	run -125 "$SPAWN" --signals keep true
	[ "${lines[0]}" = "spawn: --signals: 'keep': expected reset or preserve" ]
	run -125 "$SPAWN" --ignore HUP --ignore INT true
	[ "${lines[0]}" = "spawn: --ignore given twice (it does not repeat)" ]
	# KILL may be named in --preserve: it changes nothing
	run -0 "$SPAWN" --preserve KILL,STOP true
}

@test "signals: RTMIN and RTMAX alone, any case, reach the target and print by name" {
	run "$SHOW" clean "$SPAWN" --ignore rtmin --block RTMAX grep -E '^Sig(Ign|Blk)' /proc/self/status
	[ "$output" = "SigBlk:	8000000000000000
SigIgn:	0000000200000000" ]
	run "$SHOW" clean "$SPAWN" -n --ignore SIGRTMIN --block rtmax true
	[ "${lines[1]}" = "signals: reset; set to default: none; ignored: RTMIN; blocked: RTMAX" ]
}

@test "signals: an item longer than any signal name is an unknown signal (125)" {
	long=$(printf '%070d' 0)
	run -125 "$SPAWN" --ignore "HUP,$long" true
	[ "${lines[0]}" = "spawn: --ignore 'HUP,$long': unknown signal" ]
	run -125 "$SPAWN" --preserve "" true
	[ "${lines[0]}" = "spawn: --preserve: empty signal list" ]
}

@test "signals: without /proc, the caller's ignored set and mask are still read" {
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace"
	skip_if_sanitized # the ASan runtime warns when /proc is gone
	# spawn sees an empty /proc; the target lifts it to look at itself
	hide='mount -t tmpfs none /proc && exec env --ignore-signal=USR1 "$@"'
	look='umount /proc && grep -E "^Sig(Ign|Blk)" /proc/self/status'
	run "$SHOW" clean unshare -m sh -c "$hide" _ "$SPAWN" bash -c "$look"
	[ "$status" -eq 0 ]
	[ "$output" = "SigBlk:	0000000000000000
SigIgn:	0000000000000000" ]
	run "$SHOW" clean unshare -m sh -c "$hide" _ "$SPAWN" --signals preserve --block USR2 bash -c "$look"
	[ "$output" = "SigBlk:	0000000000000800
SigIgn:	0000000000000200" ]
	run "$SHOW" clean unshare -m sh -c "$hide" _ "$SPAWN" -n -i true
	[ "${lines[1]}" = "signals: reset; set to default: USR1; ignored: none; blocked: none" ]
}

@test "signals: a Groups line longer than the read buffer does not hide SigIgn" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	command -v strace >/dev/null || skip "strace missing"
	skip_if_sanitized
	# 900 groups make /proc/self/status over 5 KiB, SigIgn past 4 KiB.
	g=$(seq -s, 10000 10899)
	[ "$(setpriv --groups "$g" -- awk '/^Groups/ { print (length($0) > 4096) }' /proc/self/status)" = 1 ]
	run target_state "$SHOW" clean setpriv --groups "$g" -- env --ignore-signal=PIPE,HUP "$SPAWN" --signals preserve
	[ "$output" = "SigBlk:	0000000000000000
SigIgn:	0000000000001001" ]
	# Read from /proc, not asked signal by signal: one call, for PIPE.
	run spawn_sigactions "$SHOW" clean setpriv --groups "$g" -- env --ignore-signal=PIPE "$SPAWN" true
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "rt_sigaction(SIGPIPE, {sa_handler=SIG_DFL"* ]]
}

@test "long signal sets print whole: -v and --dry-run take every signal" {
	all=$(seq 1 64 | grep -vxE '9|19' | paste -sd, -)
	fwd=$(seq 1 64 | grep -vxE '9|17|19' | paste -sd, -)
	run -0 "$SHOW" clean "$SPAWN" -v --block "$all" true
	run -0 "$SHOW" clean "$SPAWN" -n --block "$all" --ignore "$fwd" true
	[[ "${lines[1]}" == "signals: reset; set to default: none; ignored: HUP,INT,QUIT,"*",RTMIN+29,RTMAX; blocked: HUP,INT,"*",RTMIN+29,RTMAX" ]]
	run -0 "$SHOW" clean "$SPAWN" -v -w --forward "$fwd" --block-waiting "$all" --ignore-waiting URG true
	run -0 "$SHOW" clean "$SPAWN" -n -w --forward "$fwd" --block-waiting "$all" true
	[[ "${lines[1]}" == "fork: wait for the child; while waiting block CHLD, ignore none, forward HUP,INT,"*",RTMAX; the child starts from the caller's signal state" ]]
	run -0 "$SPAWN" --dry-run=json --block "$all" true
}
