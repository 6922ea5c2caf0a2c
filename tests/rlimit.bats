#!/usr/bin/env bats
# --rlimit: Linux and login.conf names, numbers, suffixes, one-sided
# values, the nofile placement, and the errors. Witnesses: /proc/PID/limits
# and the shell's ulimit.

load helper

# "soft hard" of a limit line of /proc/self/limits, as the target sees it.
limits() {
	"$SPAWN" "$@" sh -c "grep '^$LIMIT_LINE' /proc/\$\$/limits" |
	    sed "s/^$LIMIT_LINE *//" | awk '{print $1, $2}'
}

@test "rlimit: NAME=LIMIT sets soft and hard (ulimit and /proc/self/limits)" {
	run "$SPAWN" --rlimit nofile=100 sh -c 'ulimit -Sn; ulimit -Hn'
	[ "$output" = "100
100" ]
	LIMIT_LINE="Max open files" run limits --rlimit nofile=200:300
	[ "$output" = "200 300" ]
}

@test "rlimit: one side empty keeps the current value" {
	run bash -c 'ulimit -Sn 512; "$0" --rlimit nofile=:1000 sh -c "ulimit -Sn; ulimit -Hn"' "$SPAWN"
	[ "$output" = "512
1000" ]
	run bash -c 'ulimit -n 2000; "$0" --rlimit nofile=700: sh -c "ulimit -Sn; ulimit -Hn"' "$SPAWN"
	[ "$output" = "700
2000" ]
}

@test "rlimit: login.conf names, numbers and suffixes" {
	LIMIT_LINE="Max cpu time" run limits --rlimit cputime=1h30m
	[ "$output" = "5400 5400" ]
	LIMIT_LINE="Max file size" run limits --rlimit filesize=1m:2g
	[ "$output" = "1048576 2147483648" ]
	LIMIT_LINE="Max core file size" run limits --rlimit coredumpsize=3b
	[ "$output" = "1536 1536" ]
	LIMIT_LINE="Max open files" run limits --rlimit openfiles=64
	[ "$output" = "64 64" ]
	LIMIT_LINE="Max processes" run limits --rlimit maxproc=1000:2000
	[ "$output" = "1000 2000" ]
	LIMIT_LINE="Max stack size" run limits --rlimit stacksize=8m:unlimited
	[ "$output" = "8388608 unlimited" ]
	LIMIT_LINE="Max cpu time" run limits --rlimit 0=1d1s
	[ "$output" = "86401 86401" ]
	LIMIT_LINE="Max locked memory" run limits --rlimit memorylocked=64k
	[ "$output" = "65536 65536" ]
	LIMIT_LINE="Max address space" run limits --rlimit vmemoryuse=inf
	[ "$output" = "unlimited unlimited" ]
	LIMIT_LINE="Max data size" run limits --rlimit datasize=infinity
	[ "$output" = "unlimited unlimited" ]
	LIMIT_LINE="Max realtime timeout" run limits --rlimit rttime=1000000:2000000
	[ "$output" = "1000000 2000000" ]
	LIMIT_LINE="Max nice priority" run limits --rlimit nice=0
	[ "$output" = "0 0" ]
}

@test "rlimit: nofile is set last, so a low one does not starve the fd step" {
	run "$SPAWN" --rlimit nofile=8 --fd 5=null sh -c 'ulimit -n; readlink /proc/$$/fd/5'
	[ "$status" -eq 0 ]
	[ "$output" = "8
/dev/null" ]
	run "$SPAWN" -w --rlimit nofile=6 --fd 5=null --lock "$BATS_TEST_TMPDIR/l" sh -c 'ulimit -n'
	[ "$output" = "6" ]
	run -125 "$SPAWN" --rlimit nofile=4 --fd 5=null true
	[ "$output" = "spawn: --fd 5=null: fd 5 is not below the NOFILE soft limit (4)" ]
}

@test "rlimit: bad names, values, soft above hard, a name twice: 125" {
	run -125 "$SPAWN" --rlimit bogus=1 true
	[ "${lines[0]}" = "spawn: --rlimit bogus=1: unknown resource 'bogus'" ]
	run -125 "$SPAWN" --rlimit sbsize=1 true
	[ "${lines[0]}" = "spawn: --rlimit sbsize=1: sbsize is not supported on Linux" ]
	run -125 "$SPAWN" --rlimit nofile= true
	[ "${lines[0]}" = "spawn: --rlimit nofile=: no value" ]
	run -125 "$SPAWN" --rlimit nofile=: true
	[ "${lines[0]}" = "spawn: --rlimit nofile=:: no value" ]
	run -125 "$SPAWN" --rlimit nofile true
	[ "${lines[0]}" = "spawn: --rlimit nofile: expected NAME=LIMIT or NAME=SOFT:HARD" ]
	run -125 "$SPAWN" --rlimit nofile=10:5 true
	[ "$output" = "spawn: --rlimit nofile=10:5: soft limit 10 above hard limit 5" ]
	run -125 "$SPAWN" --rlimit nofile=1k true
	[ "${lines[0]}" = "spawn: --rlimit nofile=1k: bad value (a number, or unlimited)" ]
	run -125 "$SPAWN" --rlimit cpu=1x true
	[ "${lines[0]}" = "spawn: --rlimit cpu=1x: bad value (a time: digits with s m h d w y, or unlimited)" ]
	run -125 "$SPAWN" --rlimit fsize=1q true
	[ "${lines[0]}" = "spawn: --rlimit fsize=1q: bad value (a size: digits with b k m g t p e, or unlimited)" ]
	for bad in -1 ' 1' '+1' 1.5 ''1:x; do
		run -125 "$SPAWN" --rlimit "nproc=$bad" true
		[[ "${lines[0]}" == "spawn: --rlimit nproc=$bad: "* ]]
	done
	run -125 "$SPAWN" --rlimit nofile=18446744073709551616 true
	[ "${lines[0]}" = "spawn: --rlimit nofile=18446744073709551616: value too large" ]
	run -125 "$SPAWN" --rlimit fsize=16777216t true
	[ "${lines[0]}" = "spawn: --rlimit fsize=16777216t: value too large" ]
	run -125 "$SPAWN" --rlimit nofile=1 --rlimit openfiles=2 true
	[ "${lines[0]}" = "spawn: --rlimit openfiles=2: nofile is already given (--rlimit nofile=1)" ]
}

@test "rlimit: nofile above fs.nr_open or unlimited says so (125)" {
	nr=$(cat /proc/sys/fs/nr_open)
	run -125 "$SPAWN" --rlimit nofile=unlimited true
	[ "$output" = "spawn: --rlimit nofile=unlimited: nofile cannot go above fs.nr_open ($nr)" ]
	run -125 "$SPAWN" --rlimit nofile=$((nr + 1)) true
	[ "$output" = "spawn: --rlimit nofile=$((nr + 1)): nofile cannot go above fs.nr_open ($nr)" ]
}

@test "rlimit: a hard raise without CAP_SYS_RESOURCE names the capability" {
	command -v setpriv >/dev/null || skip "setpriv missing"
	run -125 bash -c 'ulimit -n 2048; setpriv --reuid=65534 --regid=65534 --clear-groups -- "$0" --rlimit nofile=:4096 touch "$1"' \
	    "$SPAWN" "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: rlimit: nofile=2048:4096 (raising the hard limit needs CAP_SYS_RESOURCE): Operation not permitted" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "rlimit: dry run shows numbers, text and JSON, nofile after the fd step" {
	run "$SHOW" clean "$SPAWN" -n --rlimit openfiles=64:128 --rlimit core=1k true
	[ "${lines[2]}" = "rlimit: core 1024:1024" ]
	[ "${lines[3]}" = "fd: close 3 and above" ]
	[ "${lines[4]}" = "rlimit: nofile 64:128" ]
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json --rlimit nofile=64:128 --rlimit as=unlimited true
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
r = [s for s in p["steps"] if s["step"] == "rlimit"]
assert r == [{"step": "rlimit", "resource": "as", "soft": "unlimited", "hard": "unlimited"},
             {"step": "rlimit", "resource": "nofile", "soft": 64, "hard": 128}], r
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "rlimit: time suffixes for weeks (w) and years (y)" {
	LIMIT_LINE="Max cpu time" run limits --rlimit cpu=1w:2y
	[ "$output" = "604800 63072000" ]
	LIMIT_LINE="Max cpu time" run limits --rlimit cputime=1y1w1d1h1m1s
	[ "$output" = "32230861 32230861" ]
}

@test "rlimit: a suffix that multiplies past the largest limit is an overflow (125)" {
	run -125 "$SPAWN" --rlimit datasize=16e true
	[ "${lines[0]}" = "spawn: --rlimit datasize=16e: value too large" ]
	# (not fsize: the kernel compares that limit as a signed offset, and
	# one above 2^63 would refuse every write)
	LIMIT_LINE="Max data size" run limits --rlimit datasize=15e
	[ "$output" = "17293822569102704640 17293822569102704640" ]
}
