#!/usr/bin/env bats
# File descriptors: --fd N=ACTION, closing every other fd, spawn's own fds,
# --lock and --lock-nowait. Witnesses: /proc/PID/fd links, fdinfo flags,
# stat, flock(1), strace.

load helper

# The target's fd N, as the shell that is the target sees it.
link() { readlink "/proc/$1/fd/$2"; }

@test "fd: unnamed fds (3, 5, 9 here) are closed; 0-2 and named ones stay" {
	run "$SPAWN" "$SHOW" fds 3</dev/null 5</dev/null 9</dev/null
	[ "$status" -eq 0 ]
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 " ]
	run "$SPAWN" --fd 5=inherit "$SHOW" fds 3</dev/null 5</dev/null 9</dev/null
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 5 " ]
}

@test "fd: inherit:M and a swap of 1 and 2" {
	f="$BATS_TEST_TMPDIR"
	bash -c '"$0" --fd 1=inherit:2 --fd 2=inherit:1 sh -c "readlink /proc/\$\$/fd/1 /proc/\$\$/fd/2"' \
	    "$SPAWN" 1>"$f/out" 2>"$f/err"
	# stdout (fd 1) is now the old stderr: readlink writes there
	[ "$(cat "$f/err")" = "$f/err
$f/out" ]
	run "$SPAWN" --fd 7=inherit:4 sh -c 'readlink /proc/$$/fd/7; test -e /proc/$$/fd/4 || echo 4-closed' 4<"$f/err"
	[ "$output" = "$f/err
4-closed" ]
}

@test "fd: a 3-cycle 3->4->5->3" {
	d="$BATS_TEST_TMPDIR"
	touch "$d/a" "$d/b" "$d/c"
	run "$SPAWN" --fd 3=inherit:4 --fd 4=inherit:5 --fd 5=inherit:3 \
	    sh -c 'for n in 3 4 5; do readlink /proc/$$/fd/$n; done' 3<"$d/a" 4<"$d/b" 5<"$d/c"
	[ "$output" = "$d/b
$d/c
$d/a" ]
}

@test "fd: N=inherit passes N and clears close-on-exec" {
	# Whatever the caller passes survived its own exec, so it is not
	# close-on-exec; the dry run shows the flag being cleared all the same.
	run "$SPAWN" --fd 5=inherit "$SHOW" fds 5</dev/null
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 5 " ]
	run "$SHOW" clean "$SPAWN" -n --fd 5=inherit true 5</dev/null
	[ "${lines[2]}" = "fd: keep 5 open across exec; close 3-4; close 6 and above" ]
}

@test "fd: open with each MODE, PERMS, x, and a path with colons" {
	d="$BATS_TEST_TMPDIR"
	run "$SPAWN" --umask 0 --fd 3=open:"$d/w":w:0640 sh -c 'echo one >&3'
	[ "$(cat "$d/w")" = "one" ]
	[ "$(stat -c %a "$d/w")" = "640" ]
	run "$SPAWN" --fd 3=open:"$d/w":a sh -c 'echo two >&3'
	[ "$(cat "$d/w")" = "one
two" ]
	run "$SPAWN" --fd 0=open:"$d/w" cat
	[ "$output" = "one
two" ]
	run "$SPAWN" --fd 3=open:"$d/w":w sh -c 'echo three >&3'
	[ "$(cat "$d/w")" = "three" ]
	run "$SPAWN" --fd 3=open:"$d/w":r+ sh -c 'echo X >&3'
	[ "$(cat "$d/w")" = "X
ree" ]
	run "$SPAWN" --umask 0 --fd 3=open:"$d/new:with:colons":w+:0600 sh -c 'echo c >&3'
	[ "$(cat "$d/new:with:colons")" = "c" ]
	[ "$(stat -c %a "$d/new:with:colons")" = "600" ]
	run "$SPAWN" --fd 3=open:"$d/a:b" true
	[ "$status" -eq 125 ]
	[ "$output" = "spawn: fd: 3=open:$d/a:b: No such file or directory" ]
	run -125 "$SPAWN" --fd 3=open:"$d/w":wx true
	[ "$output" = "spawn: fd: 3=open:$d/w:wx: File exists" ]
	run "$SPAWN" --umask 022 --fd 3=open:"$d/x":ax:0666 true
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$d/x")" = "644" ]
}

@test "fd: open flags as the kernel sees them (fdinfo), O_NOCTTY and all" {
	d="$BATS_TEST_TMPDIR"
	run "$SPAWN" --fd 4=open:"$d/f":a+ sh -c 'grep ^flags /proc/$$/fdinfo/4'
	# O_RDWR (02) | O_APPEND (02000), O_CREAT/O_NOCTTY are not kept
	flags=$(awk '{print $2}' <<<"$output")
	[ $((8#$flags & 3)) -eq 2 ]
	[ $((8#$flags & 8#2000)) -ne 0 ]
}

@test "fd: null on 0, 1, 2 and above, with the access SPEC.md gives" {
	run "$SPAWN" --fd 0=null --fd 3=null --fd 5=null sh -c '
		for n in 0 3 5; do
			printf "%s %s " $n "$(readlink /proc/$$/fd/$n)"
			awk "/^flags/ {print \$2}" /proc/$$/fdinfo/$n
		done'
	[ "${lines[0]%% *}" = 0 ]
	read -r _ path0 flags0 <<<"${lines[0]}"
	read -r _ path3 flags3 <<<"${lines[1]}"
	[ "$path0" = /dev/null ] && [ "$path3" = /dev/null ]
	[ $((8#$flags0 & 3)) -eq 0 ]
	[ $((8#$flags3 & 3)) -eq 2 ]
	run "$SPAWN" --fd 1=null --fd 2=null --fd 3=inherit:1 sh -c 'awk "/^flags/ {print \$2}" /proc/$$/fdinfo/1 >&3' 
	[ $((8#$output & 3)) -eq 1 ]
}

@test "fd: close of 1: the target's write fails with EBADF" {
	run -1 "$SPAWN" --fd 1=close "$SHOW" write1
	[ "$output" = "write: Bad file descriptor" ]
	run -0 "$SPAWN" "$SHOW" write1
}

@test "fd: copy:M is M after the opens (log to a file, stderr too)" {
	d="$BATS_TEST_TMPDIR"
	run "$SPAWN" --fd 1=open:"$d/log":a --fd 2=copy:1 sh -c 'echo out; echo err >&2'
	[ "$output" = "" ]
	[ "$(cat "$d/log")" = "out
err" ]
	run "$SPAWN" --fd 5=copy:0 --fd 0=open:"$d/log" sh -c 'readlink /proc/$$/fd/5'
	[ "$output" = "$d/log" ]
}

@test "fd: started with 0-2 closed, spawn's own fds never land on them" {
	d="$BATS_TEST_TMPDIR"
	bash -c '"$0" --fd 1=open:"$1":w --fd 4=null --fd 6=null "$2" fds <&- >&- 2>&-' \
	    "$SPAWN" "$d/out" "$SHOW"
	[ "$(sort -n "$d/out" | tr '\n' ' ')" = "1 4 6 " ]
	bash -c '"$0" -w --fd 1=open:"$1":w --fd 4=null "$2" fds <&- >&- 2>&-' \
	    "$SPAWN" "$d/out2" "$SHOW"
	[ "$(sort -n "$d/out2" | tr '\n' ' ')" = "1 4 " ]
}

@test "fd: a source that is not open, a failing open: 125, nothing runs" {
	d="$BATS_TEST_TMPDIR"
	run -125 "$SPAWN" --fd 3=inherit:9 touch "$d/ran"
	[ "$output" = "spawn: --fd 3=inherit:9: fd 9 is not open" ]
	run -125 "$SPAWN" --fd 9=inherit touch "$d/ran"
	[ "$output" = "spawn: --fd 9=inherit: fd 9 is not open" ]
	run -125 "$SPAWN" --fd 4=copy:7 touch "$d/ran"
	[ "$output" = "spawn: --fd 4=copy:7: fd 7 is not open after the fd actions (copy an fd that --fd opens or inherits)" ]
	run -125 "$SPAWN" --fd 4=copy:5 --fd 5=close touch "$d/ran"
	[ "${lines[0]}" = "spawn: --fd 4=copy:5: fd 5 is not open after the fd actions (copy an fd that --fd opens or inherits)" ]
	run -125 "$SPAWN" --fd 3=open:/nonexistent/x:w touch "$d/ran"
	[ "$output" = "spawn: fd: 3=open:/nonexistent/x:w: No such file or directory" ]
	run -125 "$SPAWN" -w --fd 3=open:/nonexistent/x touch "$d/ran"
	[ "$output" = "spawn: fd: 3=open:/nonexistent/x: No such file or directory" ]
	[ ! -e "$d/ran" ]
}

@test "fd: malformed specs are usage errors that quote the spec" {
	run -125 "$SPAWN" --fd x=null true
	[ "${lines[0]}" = "spawn: --fd x=null: fd 'x': not a number" ]
	run -125 "$SPAWN" --fd -1=null true
	[ "${lines[0]}" = "spawn: --fd -1=null: fd '-1': not a number" ]
	run -125 "$SPAWN" --fd 3=bogus true
	[ "${lines[0]}" = "spawn: --fd 3=bogus: unknown action (close, null, inherit, inherit:M, copy:M or open:PATH[:MODE[:PERMS]])" ]
	run -125 "$SPAWN" --fd 99999999999=null true
	[ "${lines[0]}" = "spawn: --fd 99999999999=null: fd '99999999999': too large" ]
	run -125 "$SPAWN" --fd 3=open: true
	[ "${lines[0]}" = "spawn: --fd 3=open:: empty path" ]
	run -125 "$SPAWN" --fd 3=null --fd 3=close true
	[ "${lines[0]}" = "spawn: --fd 3=close: fd 3 is already given (--fd 3=null)" ]
	run -125 "$SPAWN" --fd 3 true
	[ "${lines[0]}" = "spawn: --fd 3: expected N=ACTION" ]
	run -125 "$SPAWN" --fd 3=inherit:1x true
	[ "${lines[0]}" = "spawn: --fd 3=inherit:1x: source fd '1x': not a number" ]
	run -125 "$SPAWN" --fd 3=copy:3 true
	[ "${lines[0]}" = "spawn: --fd 3=copy:3: an fd cannot be a copy of itself" ]
	run -125 "$SPAWN" --fd ' 3=null' true
	[ "${lines[0]}" = "spawn: --fd  3=null: fd ' 3': not a number" ]
}

@test "fd: N must be below the NOFILE soft limit, with room for spawn's fds" {
	run -125 bash -c 'ulimit -n 64; "$0" --fd 64=null true' "$SPAWN"
	[ "$output" = "spawn: --fd 64=null: fd 64 is not below the NOFILE soft limit (64)" ]
	run -0 bash -c 'ulimit -n 64; "$0" --fd 55=null true' "$SPAWN"
	run -125 bash -c 'ulimit -n 64; "$0" --fd 63=null true' "$SPAWN"
	[ "$output" = "spawn: fd: no room for spawn's own fds above fd 63 (NOFILE soft limit 64)" ]
}

@test "fd: closing every other fd costs the same at any NOFILE (strace)" {
	command -v strace >/dev/null || skip "strace missing"
	skip_if_sanitized
	skip_if_coverage
	hard=$(ulimit -Hn)
	count() {
		bash -c 'ulimit -n "$1"; strace -f -qq -o "$2" -e trace=close,close_range "$3" --fd 5=null true' \
		    _ "$1" "$BATS_TEST_TMPDIR/st" "$SPAWN"
		grep -c . "$BATS_TEST_TMPDIR/st"
	}
	low=$(count 1024)
	high=$(count "$hard")
	echo "1024: $low calls; $hard: $high calls"
	[ "$low" -eq "$high" ]
	[ "$low" -lt 20 ]
}

@test "fd: without close_range (ENOSYS injected) the fallback still closes all" {
	command -v strace >/dev/null || skip "strace missing"
	run strace -f -qq -o /dev/null -e inject=close_range:error=ENOSYS \
	    "$SPAWN" "$SHOW" fds 3</dev/null 5</dev/null 9</dev/null
	[ "$status" -eq 0 ]
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 " ]
	run strace -f -qq -o /dev/null -e inject=close_range:error=ENOSYS \
	    "$SPAWN" -w --fd 7=inherit:5 "$SHOW" fds 3</dev/null 5</dev/null 9</dev/null
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 7 " ]
	# a root without /proc: spawn reached /proc before the chroot
	require_chroot
	make_root
	run strace -f -qq -o /dev/null -e inject=close_range:error=ENOSYS \
	    "$SPAWN" --chroot-before "$ROOT" /bin/show fds 3</dev/null 5</dev/null
	[ "$status" -eq 0 ]
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 " ]
}

@test "fd: close_range refused with EPERM (a seccomp profile): the /proc walk closes all" {
	command -v strace >/dev/null || skip "strace missing"
	run strace -f -qq -o /dev/null -e inject=close_range:error=EPERM \
	    "$SPAWN" "$SHOW" fds 3</dev/null 5</dev/null 9</dev/null
	[ "$status" -eq 0 ]
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 " ]
	run strace -f -qq -o /dev/null -e inject=close_range:error=EPERM \
	    "$SPAWN" -w --fd 7=inherit:5 "$SHOW" fds 3</dev/null 5</dev/null 9</dev/null
	[ "$status" -eq 0 ]
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 7 " ]
	require_chroot
	make_root
	run strace -f -qq -o /dev/null -e inject=close_range:error=EPERM \
	    "$SPAWN" --chroot-before "$ROOT" /bin/show fds 3</dev/null 5</dev/null
	[ "$status" -eq 0 ]
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 " ]
}

@test "fd: --exec-fd and --chdir-fd: the target sees neither, even on 0-2" {
	run "$SPAWN" --chdir-fd 0 "$SHOW" fds </
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "1 2 " ]
	run "$SPAWN" --chdir-fd 0 --fd 0=null "$SHOW" fds </
	[ "$(sort -n <<<"$output" | tr '\n' ' ')" = "0 1 2 " ]
}

@test "lock: --lock holds the lock while the target runs; the fd is kept" {
	command -v flock >/dev/null || skip "flock missing"
	f="$BATS_TEST_TMPDIR/lock"
	"$SPAWN" --lock "$f" sh -c "touch $f.ready; sleep 2" &
	pid=$!
	for _ in $(seq 50); do [ -e "$f.ready" ] && break; sleep 0.1; done
	run flock -n "$f" true
	[ "$status" -ne 0 ]
	run -125 "$SPAWN" --lock-nowait "$f" touch "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: lock: $f: held by another process (--lock-nowait)" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	wait "$pid"
	run -0 flock -n "$f" true
	run "$SPAWN" --lock-nowait "$f" --fd 3=null sh -c 'readlink /proc/$$/fd/4'
	[ "$output" = "$f" ]
}

@test "lock: --lock waits for the holder" {
	command -v flock >/dev/null || skip "flock missing"
	f="$BATS_TEST_TMPDIR/lock"
	flock "$f" sleep 1 &
	sleep 0.3
	start=$(date +%s%N)
	run -0 "$SPAWN" --lock "$f" true
	elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
	wait
	[ "$elapsed" -ge 400 ]
	run -125 "$SPAWN" --lock "$f" --lock-nowait "$f" true
	[ "${lines[0]}" = "spawn: --lock and --lock-nowait: only one lock" ]
}

@test "fd: dry run prints the primitive moves" {
	run "$SHOW" clean "$SPAWN" -n --fd 1=inherit:2 --fd 2=inherit:1 --fd 3=open:/tmp/x:w:0600 \
	    --fd 4=copy:3 --fd 5=null --lock /tmp/l true
	[ "${lines[2]}" = "fd: park 2 on 7; park 1 on 8; dup2 7 1; dup2 8 2; close 3 and above; open 3 /tmp/x (O_WRONLY|O_CREAT|O_TRUNC|O_NOCTTY, 0600); null 5 (rw); dup2 3 4" ]
	[ "${lines[3]}" = "lock: /tmp/l on fd 6, exclusive, waiting for it" ]
	command -v python3 >/dev/null || skip "python3 missing"
	run "$SPAWN" --dry-run=json --fd 0=null --fd 3=open:/tmp/a:b:a+ true
	run python3 -c '
import json, sys
p = json.loads(sys.argv[1])
fd = [s for s in p["steps"] if s["step"] == "fd"][0]
assert fd["ops"] == [
    {"op": "close-range", "from": 0, "to": 0},
    {"op": "close-range", "from": 3, "to": "max"},
    {"op": "null", "fd": 0, "access": "r"},
    {"op": "open", "fd": 3, "path": "/tmp/a:b", "flags": ["O_RDWR", "O_CREAT", "O_APPEND", "O_NOCTTY"], "mode": "0666"},
], fd
print("ok")' "$output"
	[ "$output" = "ok" ]
}

@test "fd: an N too large for an int is a usage error" {
	run -125 "$SPAWN" --fd 99999999999=null true
	[ "${lines[0]}" = "spawn: --fd 99999999999=null: fd '99999999999': too large" ]
	[ "${lines[1]}" = "Try 'spawn --help' for more information." ]
}

@test "lock: a lock file that cannot be created is a step error (125), nothing runs" {
	run -125 "$SPAWN" --lock "$BATS_TEST_TMPDIR/no-dir/lock" touch "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: lock: $BATS_TEST_TMPDIR/no-dir/lock: No such file or directory" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	[ ! -e "$BATS_TEST_TMPDIR/no-dir" ]
}

@test "fd: open: an x mode on r, an empty or 5-digit PERMS field belong to the path" {
	d="$BATS_TEST_TMPDIR"
	echo A >"$d/a:rx"
	echo B >"$d/b:w:"
	echo C >"$d/c:w:00644"
	run "$SPAWN" --fd 3=open:"$d/a:rx" --fd 4=open:"$d/b:w:" --fd 5=open:"$d/c:w:00644" \
	    sh -c 'cat <&3; cat <&4; cat <&5'
	[ "$status" -eq 0 ]
	[ "$output" = "A
B
C" ]
	# nothing was created or truncated under the shorter names
	[ ! -e "$d/a" ] && [ ! -e "$d/b" ] && [ ! -e "$d/c" ]
	run -125 "$SPAWN" --fd 3=copy:x true
	[ "${lines[0]}" = "spawn: --fd 3=copy:x: source fd 'x': not a number" ]
}

@test "fd: a swap where one source feeds two fds parks it once" {
	d="$BATS_TEST_TMPDIR"
	: >"$d/three"
	: >"$d/four"
	run "$SPAWN" --fd 3=inherit:4 --fd 4=inherit:3 --fd 5=inherit:3 \
	    sh -c 'for f in 3 4 5; do readlink /proc/$$/fd/$f; done' 3<"$d/three" 4<"$d/four"
	[ "$output" = "$d/four
$d/three
$d/three" ]
	run "$SPAWN" -n -i --fd 3=inherit:4 --fd 4=inherit:3 --fd 5=inherit:3 true 3</dev/null 4</dev/null
	[ "${lines[2]}" = "fd: park 4 on 6; park 3 on 7; dup2 6 3; dup2 7 4; dup2 7 5; close 6 and above" ]
}

@test "fd: scratch fds must fit below NOFILE too (125 with the limit)" {
	run -125 bash -c 'ulimit -n 64; "$0" --fd 3=inherit:4 --fd 4=inherit:3 --fd 5=inherit:63 touch "$1" 3</dev/null 4</dev/null 63</dev/null' \
	    "$SPAWN" "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: fd: no room for scratch fds above fd 63 (NOFILE soft limit 64)" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
	# without the swap nothing needs parking: fd 63 can be passed
	run bash -c 'ulimit -n 64; "$0" --fd 5=inherit:63 sh -c "readlink /proc/\$\$/fd/5" 63</dev/null' "$SPAWN"
	[ "$output" = "/dev/null" ]
}

@test "lock: a planted symbolic link, a FIFO or a device is refused (125); the program never holds a writable lock fd" {
	d="$BATS_TEST_TMPDIR"
	echo secret >"$d/secret"
	chmod 600 "$d/secret"
	ln -s "$d/secret" "$d/app.lock"
	run -125 "$SPAWN" --lock "$d/app.lock" touch "$d/ran"
	[ "$output" = "spawn: lock: $d/app.lock: a symbolic link; the lock must be the file itself" ]
	mkfifo "$d/fifo"
	run -125 timeout 10 "$SPAWN" --lock-nowait "$d/fifo" touch "$d/ran"
	[ "$output" = "spawn: lock: $d/fifo: not a regular file" ]
	run -125 "$SPAWN" -w --lock /dev/null touch "$d/ran"
	[ "$output" = "spawn: lock: /dev/null: not a regular file" ]
	[ ! -e "$d/ran" ]
	# the lock fd is read-only (the low bits of its flags are O_RDONLY)
	run "$SPAWN" --lock "$d/l" sh -c 'sed -n "s/^flags:[[:space:]]*//p" /proc/self/fdinfo/3'
	[ "$status" -eq 0 ]
	[ $((8#$output & 3)) -eq 0 ]
	# a missing lock file is created 0644, whatever a permissive umask says
	run -0 sh -c 'umask 0; exec "$1" --lock "$2/new.lock" true' _ "$SPAWN" "$d"
	[ "$(stat -c %a "$d/new.lock")" = 644 ]
}
