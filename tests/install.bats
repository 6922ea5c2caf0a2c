#!/usr/bin/env bats
# make install / uninstall with PREFIX, DESTDIR, BINDIR and MANDIR; the
# version comes from one place (VERSION); ./configure --help.

load helper

top() { cd "$BATS_TEST_DIRNAME/.." || return 1; }

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

@test "make: a failed man page build leaves no spawn.1 behind (no scdoc)" {
	top
	d="$BATS_TEST_TMPDIR/tree"
	mkdir -p "$d/man" "$d/bin"
	cp Makefile "$d/"
	cp man/spawn.1.scd "$d/man/"
	# a PATH with a shell and its tools but no scdoc
	for t in sh mv rm; do ln -s "$(command -v "$t")" "$d/bin/$t"; done
	run env PATH="$d/bin" "$(command -v make)" -C "$d" spawn.1
	[ "$status" -ne 0 ]
	[ ! -e "$d/spawn.1" ]
	[ ! -e "$d/spawn.1.tmp" ]
	# so a second run tries again instead of taking it as built
	run env PATH="$d/bin" "$(command -v make)" -C "$d" spawn.1
	[ "$status" -ne 0 ]
	command -v scdoc >/dev/null || skip "scdoc missing"
	run -0 make -C "$d" spawn.1
	[ -s "$d/spawn.1" ]
}
