#!/usr/bin/env bats
# The program: exec in place, argv, PATH search, --path, --no-search,
# --argv0, --exec-fd, and the 126/127 exit codes.

load helper

@test "exec mode keeps the pid and does not fork" {
	run bash -c 'echo $$; exec "$0" sh -c "echo \$\$"' "$SPAWN"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "${lines[1]}" ]
	command -v strace >/dev/null || skip "strace missing"
	run strace -f -qq -e trace=clone,clone3,fork,vfork -o "$BATS_TEST_TMPDIR/st" "$SPAWN" true
	[ "$status" -eq 0 ]
	run ! grep -Eq 'clone|fork' "$BATS_TEST_TMPDIR/st"
}

@test "argv passes through byte-exact, empty arguments included" {
	run "$SPAWN" "$SHOW" argv "" "a b" $'tab\there' '*' ""
	[ "$status" -eq 0 ]
	[ "$output" = "[$SHOW]
[argv]
[]
[a b]
[tab	here]
[*]
[]" ]
}

@test "options after PROGRAM belong to PROGRAM" {
	run "$SPAWN" "$SHOW" argv -i --chroot /x -- -n
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "[-i]" ]
	[ "${lines[5]}" = "[--]" ]
	[ "${lines[6]}" = "[-n]" ]
}

@test "-- lets a program name start with a dash" {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho weird ran\n' >"$BATS_TEST_TMPDIR/bin/--weird"
	chmod +x "$BATS_TEST_TMPDIR/bin/--weird"
	run "$SPAWN" --path "$BATS_TEST_TMPDIR/bin" -- --weird
	[ "$status" -eq 0 ]
	[ "$output" = "weird ran" ]
}

@test "PATH search uses the caller's PATH, not the one set for the target" {
	mkdir -p "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	printf '#!/bin/sh\necho from-a\n' >"$BATS_TEST_TMPDIR/a/tool"
	printf '#!/bin/sh\necho from-b\n' >"$BATS_TEST_TMPDIR/b/tool"
	chmod +x "$BATS_TEST_TMPDIR/a/tool" "$BATS_TEST_TMPDIR/b/tool"
	PATH="$BATS_TEST_TMPDIR/a:$PATH" run "$SPAWN" PATH="$BATS_TEST_TMPDIR/b:/usr/bin:/bin" tool
	[ "$status" -eq 0 ]
	[ "$output" = "from-a" ]
	PATH="$BATS_TEST_TMPDIR/a:$PATH" run "$SPAWN" -e PATH=/nonexistent tool
	[ "$output" = "from-a" ]
}

@test "PATH search: the first hit wins; an empty PATH entry is the cwd" {
	mkdir -p "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	printf '#!/bin/sh\necho from-a\n' >"$BATS_TEST_TMPDIR/a/tool"
	printf '#!/bin/sh\necho from-b\n' >"$BATS_TEST_TMPDIR/b/tool"
	chmod +x "$BATS_TEST_TMPDIR/a/tool" "$BATS_TEST_TMPDIR/b/tool"
	run "$SPAWN" --path "$BATS_TEST_TMPDIR/nope:$BATS_TEST_TMPDIR/b:$BATS_TEST_TMPDIR/a" tool
	[ "$output" = "from-b" ]
	cd "$BATS_TEST_TMPDIR/a"
	run "$SPAWN" --path "/nonexistent:" tool
	[ "$status" -eq 0 ]
	[ "$output" = "from-a" ]
}

@test "PATH unset: the system default path is searched" {
	run env -u PATH "$SPAWN" sh -c 'echo ok'
	[ "$status" -eq 0 ]
	[ "$output" = "ok" ]
}

@test "--path searches only the given list" {
	run -127 "$SPAWN" --path /nonexistent sh -c true
	[ "$status" -eq 127 ]
	[ "$output" = "spawn: exec: sh: No such file or directory" ]
	run "$SPAWN" --path /nonexistent:/bin sh -c 'echo hi'
	[ "$status" -eq 0 ]
	[ "$output" = "hi" ]
}

@test "--no-search runs PROGRAM as a path relative to the cwd" {
	cp "$SHOW" "$BATS_TEST_TMPDIR/show"
	cd "$BATS_TEST_TMPDIR"
	run "$SPAWN" --no-search show cwd
	[ "$status" -eq 0 ]
	[ "$output" = "$BATS_TEST_TMPDIR" ]
	run -127 "$SPAWN" --no-search sh -c true
	[ "$status" -eq 127 ]
	[ "$output" = "spawn: exec: sh: No such file or directory" ]
}

@test "--argv0 sets argv[0], seen in /proc/self/cmdline" {
	run bash -c '"$0" --argv0 custom-name cat /proc/self/cmdline | tr "\0" " "' "$SPAWN"
	[ "$status" -eq 0 ]
	[ "$output" = "custom-name /proc/self/cmdline " ]
	run "$SPAWN" -a "" "$SHOW" argv
	[ "${lines[0]}" = "[]" ]
}

@test "exit 127: program missing, or the empty name" {
	run -127 "$SPAWN" no-such-program-xyz
	[ "$status" -eq 127 ]
	[ "$output" = "spawn: exec: no-such-program-xyz: No such file or directory" ]
	run -127 "$SPAWN" /nonexistent/prog
	[ "$status" -eq 127 ]
	[ "$output" = "spawn: exec: /nonexistent/prog: No such file or directory" ]
	run -127 "$SPAWN" ""
	[ "$status" -eq 127 ]
	[ "$output" = "spawn: exec: : No such file or directory" ]
}

@test "exit 126: not executable, a directory, not a program (no sh fallback)" {
	printf 'echo should not run\n' >"$BATS_TEST_TMPDIR/noexec"
	run "$SPAWN" "$BATS_TEST_TMPDIR/noexec"
	[ "$status" -eq 126 ]
	[ "$output" = "spawn: exec: $BATS_TEST_TMPDIR/noexec: Permission denied" ]
	run "$SPAWN" "$BATS_TEST_TMPDIR"
	[ "$status" -eq 126 ]
	[ "$output" = "spawn: exec: $BATS_TEST_TMPDIR: Permission denied" ]
	chmod +x "$BATS_TEST_TMPDIR/noexec"
	run "$SPAWN" "$BATS_TEST_TMPDIR/noexec"
	[ "$status" -eq 126 ]
	[ "$output" = "spawn: exec: $BATS_TEST_TMPDIR/noexec: Exec format error" ]
}

@test "search: EACCES on one candidate and no later hit gives 126" {
	mkdir -p "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	printf '#!/bin/sh\necho x\n' >"$BATS_TEST_TMPDIR/a/tool"
	run "$SPAWN" --path "$BATS_TEST_TMPDIR/a:$BATS_TEST_TMPDIR/b" tool
	[ "$status" -eq 126 ]
	[ "$output" = "spawn: exec: $BATS_TEST_TMPDIR/a/tool: Permission denied" ]
	printf '#!/bin/sh\necho from-b\n' >"$BATS_TEST_TMPDIR/b/tool"
	chmod +x "$BATS_TEST_TMPDIR/b/tool"
	run "$SPAWN" --path "$BATS_TEST_TMPDIR/a:$BATS_TEST_TMPDIR/b" tool
	[ "$status" -eq 0 ]
	[ "$output" = "from-b" ]
}

@test "the program's own exit status passes through" {
	for code in 0 1 2 42 125 126 127 255; do
		run "-$code" "$SPAWN" sh -c "exit $code"
	done
}

@test "E2BIG: one argument over 128 KiB gives 126 with a message" {
	# The shell cannot pass such a word to spawn, so -S builds it.
	BIG=$(head -c 100000 /dev/zero | tr '\0' x)
	export BIG
	run "$SPAWN" -S 'true ${BIG}${BIG}'

	[ "$status" -eq 126 ]
	[[ "$output" == "spawn: exec: "*"/true: Argument list too long" ]]
}

@test "--exec-fd runs the file on fd N; the target does not see fd N" {
	run "$SPAWN" --exec-fd 5 my-sh -c 'test -e /proc/$$/fd/5 && echo open || echo closed; tr "\0" " " </proc/$$/cmdline' 5</bin/sh
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "closed" ]
	[[ "${lines[1]}" == "my-sh -c "* ]]
}

@test "--exec-fd: a #! script gives 126 saying why; a closed fd gives 125" {
	printf '#!/bin/sh\necho ran\n' >"$BATS_TEST_TMPDIR/s"
	chmod +x "$BATS_TEST_TMPDIR/s"
	run "$SPAWN" --exec-fd 5 s 5<"$BATS_TEST_TMPDIR/s"
	[ "$status" -eq 126 ]
	[ "$output" = "spawn: exec: fd 5: a #! script cannot run from --exec-fd (its interpreter would need the fd)" ]
	run "$SPAWN" --exec-fd 7 prog
	[ "$status" -eq 125 ]
	[ "$output" = "spawn: --exec-fd 7: Bad file descriptor" ]
}

@test "--exec-fd conflicts with --path and --no-search" {
	run "$SPAWN" --exec-fd 0 --path /bin prog
	[ "$status" -eq 125 ]
	[ "${lines[0]}" = "spawn: --exec-fd conflicts with --path (the program is never searched)" ]
	run "$SPAWN" --no-search --exec-fd 0 prog
	[ "$status" -eq 125 ]
	[ "${lines[0]}" = "spawn: --exec-fd conflicts with --no-search (the program is never searched)" ]
	run "$SPAWN" --path /bin --no-search prog
	[ "$status" -eq 125 ]
	[ "${lines[0]}" = "spawn: --path and --no-search conflict" ]
}

@test "--exec-fd: a file without execute permission gives 126 naming the program" {
	printf 'data\n' >"$BATS_TEST_TMPDIR/plain"
	chmod 644 "$BATS_TEST_TMPDIR/plain"
	run -126 "$SPAWN" --exec-fd 5 prog 5<"$BATS_TEST_TMPDIR/plain"
	[ "$output" = "spawn: exec: prog: Permission denied" ]
	run -126 "$SPAWN" -w --exec-fd 5 prog 5<"$BATS_TEST_TMPDIR/plain"
	[ "$output" = "spawn: exec: prog: Permission denied" ]
}
