#!/usr/bin/env bats
# Directories and roots: -C, --chdir-before, --chroot, --chroot-before,
# --chdir-fd, the cwd check, --umask, and the jail flags.

load helper

@test "-C sets the working directory" {
	run "$SPAWN" -C /usr/share pwd -P
	[ "$status" -eq 0 ]
	[ "$output" = "/usr/share" ]
	run "$SPAWN" --chdir /tmp "$SHOW" cwd
	[ "$output" = "/tmp" ]
}

@test "--chdir-before sets the directory; a later -C moves on" {
	run "$SPAWN" --chdir-before /usr "$SHOW" cwd
	[ "$output" = "/usr" ]
	run "$SPAWN" --chdir-before /usr -C share "$SHOW" cwd
	[ "$output" = "/usr/share" ]
}

@test "a relative PROGRAM is found relative to the final directory" {
	mkdir -p "$BATS_TEST_TMPDIR/d"
	cp "$SHOW" "$BATS_TEST_TMPDIR/d/show"
	run "$SPAWN" -C "$BATS_TEST_TMPDIR/d" ./show cwd
	[ "$status" -eq 0 ]
	[ "$output" = "$BATS_TEST_TMPDIR/d" ]
}

@test "chdir to a missing directory or a file: 125 naming it" {
	run -125 "$SPAWN" -C /nonexistent true
	[ "$output" = "spawn: chdir: /nonexistent: No such file or directory" ]
	run -125 "$SPAWN" --chdir-before /etc/passwd true
	[ "$output" = "spawn: chdir: /etc/passwd: Not a directory" ]
}

@test "--chroot: the target runs in the new root with cwd /, even for /" {
	require_chroot
	make_root
	run "$SPAWN" --chroot "$ROOT" /bin/show cwd
	[ "$status" -eq 0 ]
	[ "$output" = "/" ]
	# cd .. stays inside the root
	run "$SPAWN" --chroot "$ROOT" /bin/show up
	[ "$output" = "/" ]
	# chroot(/) still moves the cwd to the root (coreutils 8.24)
	run "$SPAWN" --chdir-before /tmp --chroot / "$SHOW" cwd
	[ "$output" = "/" ]
}

@test "--chroot then -C: the directory is inside the new root" {
	require_chroot
	make_root
	run "$SPAWN" --chroot "$ROOT" -C /sub/dir /bin/show cwd
	[ "$status" -eq 0 ]
	[ "$output" = "/sub/dir" ]
}

@test "--chroot: PATH search happens in the new root" {
	require_chroot
	make_root
	run "$SPAWN" --path /bin --chroot "$ROOT" show cwd
	[ "$status" -eq 0 ]
	[ "$output" = "/" ]
}

@test "--chroot: missing program inside the root is 127; a directory 126" {
	require_chroot
	make_root
	run -127 "$SPAWN" --chroot "$ROOT" /bin/no_such
	[ "$output" = "spawn: exec: /bin/no_such: No such file or directory" ]
	run -126 "$SPAWN" --chroot "$ROOT" /sub
	[ "$output" = "spawn: exec: /sub: Permission denied" ]
}

@test "--chroot to a missing dir or a file: 125, the target never runs" {
	require_chroot
	run -125 "$SPAWN" --chroot /nonexistent touch "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: chroot: /nonexistent: No such file or directory" ]
	run -125 "$SPAWN" --chroot /etc/passwd touch "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: chroot: /etc/passwd: Not a directory" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "--chroot-before: later paths are inside the new root" {
	require_chroot
	make_root
	run "$SPAWN" --chroot-before "$ROOT" --chdir-before /sub /bin/show cwd
	[ "$status" -eq 0 ]
	[ "$output" = "/sub" ]
	mkdir -p "$ROOT/sub/bin"
	cp "$SHOW" "$ROOT/sub/bin/show"
	run "$SPAWN" --chroot-before "$ROOT" --chroot /sub -C dir /bin/show cwd
	[ "$status" -eq 0 ]
	[ "$output" = "/dir" ]
}

@test "--chdir-fd: the final directory comes from the fd, which the target does not see" {
	run "$SPAWN" --chdir-fd 7 sh -c 'pwd -P; test -e /proc/$$/fd/7 && echo open || echo closed' 7</usr/share
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "/usr/share" ]
	[ "${lines[1]}" = "closed" ]
}

@test "--chdir-fd: bad fds and the conflict with -C are 125" {
	run -125 "$SPAWN" --chdir-fd 9 true
	[ "$output" = "spawn: --chdir-fd 9: Bad file descriptor" ]
	run -125 "$SPAWN" --chdir-fd 5 true 5</etc/passwd
	[ "$output" = "spawn: chdir: fd 5: Not a directory" ]
	run -125 "$SPAWN" --chdir-fd 0 -C / true
	[ "${lines[0]}" = "spawn: --chdir-fd and --chdir conflict (both set the final directory)" ]
}

@test "a directory fd from outside the chroot is refused (125), not escaped" {
	require_chroot
	make_root
	run -125 "$SPAWN" --chroot "$ROOT" --chdir-fd 7 /bin/show cwd 7</usr
	[ "$output" = "spawn: chdir: the working directory is outside the root" ]
	run -125 "$SPAWN" --chroot "$ROOT" -C /proc/self/fd/7 /bin/show cwd 7</usr
	[ "$status" -eq 125 ]
}

@test "--umask sets the umask, seen by the target" {
	run "$SPAWN" --umask 027 "$SHOW" umask
	[ "$output" = "0027" ]
	run "$SPAWN" --umask 0 sh -c umask
	[ "$output" = "0000" ]
	run "$SPAWN" --umask 0777 "$SHOW" umask
	[ "$output" = "0777" ]
}

@test "--umask: bad modes are 125 with a message" {
	run -125 "$SPAWN" --umask 8 true
	[ "${lines[0]}" = "spawn: --umask: '8': not an octal mode" ]
	run -125 "$SPAWN" --umask 01000 true
	[ "${lines[0]}" = "spawn: --umask: '01000': out of range (0 to 0777)" ]
	run -125 "$SPAWN" --umask '' true
	[ "${lines[0]}" = "spawn: --umask: '': not an octal mode" ]
	run -125 "$SPAWN" --umask -1 true
	[ "${lines[0]}" = "spawn: --umask: '-1': not an octal mode" ]
}

@test "FreeBSD jail flags are refused on Linux with 125" {
	run -125 "$SPAWN" --jail-before 1 true
	[ "${lines[0]}" = "spawn: --jail-before: FreeBSD jails are not supported on Linux" ]
	run -125 "$SPAWN" --jail-after web true
	[ "${lines[0]}" = "spawn: --jail-after: FreeBSD jails are not supported on Linux" ]
}

@test "a deleted working directory fails the check with 125" {
	mkdir "$BATS_TEST_TMPDIR/gone"
	run -125 bash -c 'cd "$1" && rmdir "$1" && "$0" -C . true' "$SPAWN" "$BATS_TEST_TMPDIR/gone"
	[ "$output" = "spawn: chdir: working directory: No such file or directory" ]
}
