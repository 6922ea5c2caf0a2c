#!/usr/bin/env bats
# make install / uninstall with PREFIX, DESTDIR, BINDIR and MANDIR; the
# version comes from one place (VERSION); ./configure --help.

load helper

top() { cd "$BATS_TEST_DIRNAME/.."; }

@test "install: DESTDIR and PREFIX, then uninstall removes everything" {
	top
	[ -f config.mk ] || skip "not configured"
	d="$BATS_TEST_TMPDIR/root"
	run make -s install DESTDIR="$d" PREFIX=/opt/sp
	[ "$status" -eq 0 ]
	[ -x "$d/opt/sp/bin/spawn" ]
	[ -f "$d/opt/sp/share/man/man1/spawn.1" ]
	[ -f "$d/opt/sp/share/bash-completion/completions/spawn" ]
	[ -f "$d/opt/sp/share/zsh/site-functions/_spawn" ]
	[ -f "$d/opt/sp/share/fish/vendor_completions.d/spawn.fish" ]
	run "$d/opt/sp/bin/spawn" --version
	[ "$output" = "spawn $(cat VERSION)" ]
	run make -s uninstall DESTDIR="$d" PREFIX=/opt/sp
	[ "$status" -eq 0 ]
	[ -z "$(find "$d" -type f)" ]
}

@test "install: BINDIR and MANDIR override the defaults" {
	top
	[ -f config.mk ] || skip "not configured"
	d="$BATS_TEST_TMPDIR/root"
	run make -s install DESTDIR="$d" BINDIR=/sbin MANDIR=/man
	[ "$status" -eq 0 ]
	[ -x "$d/sbin/spawn" ]
	[ -f "$d/man/spawn.1" ]
}

@test "configure --help lists its options" {
	top
	run sh ./configure --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"--prefix=DIR"* ]]
	[[ "$output" == *"--install-deps"* ]]
	[[ "$output" == *"CC, CFLAGS, LDFLAGS"* ]]
}
