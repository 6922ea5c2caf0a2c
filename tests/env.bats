#!/usr/bin/env bats
# The environment: -i, -u, -e, NAME=VALUE words, their order, and bad input.

load helper

@test "-i starts from an empty environment" {
	run env FOO=bar "$SPAWN" -i env
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	run env FOO=bar "$SPAWN" --clean-env A=1 env
	[ "$output" = "A=1" ]
	run env FOO=bar "$SPAWN" --ignore-environment -e B=2 env
	[ "$output" = "B=2" ]
}

@test "NAME=VALUE words, -e and -u apply in command-line order" {
	run env -i X=old Y=keep "$SPAWN" -u X -e Z=1 X=new -e Z=2 -- W=3 env
	[ "$status" -eq 0 ]
	# -u X drops X; X=new appends it after Z=1; Z=2 replaces Z=1 in place.
	[ "$output" = "Y=keep
Z=2
X=new
W=3" ]
}

@test "a set keeps the variable's place; the environment is otherwise untouched" {
	run env -i A=1 B=2 C=3 "$SPAWN" B=changed env
	[ "$output" = "A=1
B=changed
C=3" ]
}

@test "-u and -e act on every copy of a duplicated name" {
	run "$SHOW" dupenv "$SPAWN" -u DUP env
	[ "$status" -eq 0 ]
	[[ $'\n'"$output" != *$'\n'DUP=* ]]
	run "$SHOW" dupenv "$SPAWN" -e DUP=three env
	[ "$(grep -c '^DUP=' <<<"$output")" -eq 1 ]
	grep -qx 'DUP=three' <<<"$output"
}

@test "entries without '=' and non-UTF-8 bytes pass byte-exact" {
	run "$SHOW" dupenv "$SPAWN" "$SHOW" env
	grep -qx NOEQUALS <<<"$output"
	run "$SPAWN" -i $'V=\xff\xfe' "$SHOW" env
	[ "$output" = $'V=\xff\xfe' ]
}

@test "values may contain '=' and be empty" {
	run "$SPAWN" -i 'A=b=c' E= env
	[ "$output" = "A=b=c
E=" ]
}

@test "bad environment input is a usage error (125) with a message" {
	run -125 "$SPAWN" -u a=b true
	[ "${lines[0]}" = "spawn: --unset 'a=b': a name cannot contain '='" ]
	[ "${lines[1]}" = "Try 'spawn --help' for more information." ]
	run -125 "$SPAWN" -u '' true
	[ "${lines[0]}" = "spawn: --unset '': empty variable name" ]
	run -125 "$SPAWN" -e novalue true
	[ "${lines[0]}" = "spawn: --env 'novalue': expected NAME=VALUE" ]
	run -125 "$SPAWN" -e =x true
	[ "${lines[0]}" = "spawn: --env '=x': empty variable name" ]
	run -125 "$SPAWN" =x true
	[ "${lines[0]}" = "spawn: assignment '=x': empty variable name" ]
}

@test "after NAME=VALUE words, a word without '=' is PROGRAM" {
	run "$SPAWN" -i A=1 B=2 env
	[ "$output" = "A=1
B=2" ]
	run -127 "$SPAWN" A=1 -- B=2 no-such-prog-q
	[ "$output" = "spawn: exec: no-such-prog-q: No such file or directory" ]
}

@test "a word with '/' before its '=' is PROGRAM, not an assignment" {
	mkdir -p "$BATS_TEST_TMPDIR/d"
	printf '#!/bin/sh\necho ran "$@"\n' >"$BATS_TEST_TMPDIR/d/a=b"
	chmod +x "$BATS_TEST_TMPDIR/d/a=b"
	cd "$BATS_TEST_TMPDIR/d"
	run "$SPAWN" -i X=1 -- ./a=b Y=2
	[ "$status" -eq 0 ]
	[ "$output" = "ran Y=2" ]
	run "$SPAWN" -i "$BATS_TEST_TMPDIR/d/a=b"
	[ "$output" = "ran" ]
}

@test "envdir: first line, trailing blanks, NUL as newline, empty file unsets" {
	d="$BATS_TEST_TMPDIR/env"
	mkdir "$d"
	printf 'hello  \t\nsecond line\n' >"$d/A"
	: >"$d/B"
	printf 'x\0y\n' >"$d/C"
	printf '\n' >"$d/D"
	echo hidden >"$d/.E"
	run env B=was-set "$SPAWN" --envdir "$d" "$SHOW" env
	grep -qx 'A=hello' <<<"$output"
	[[ $'\n'"$output" != *$'\n'B=* ]]
	grep -qx 'D=' <<<"$output"
	[[ $'\n'"$output" != *$'\n'.E=* ]]
	run "$SPAWN" -i --envdir "$d" "$SHOW" env
	[ "$output" = "A=hello
C=x
y
D=" ]
}

@test "envdir: after -i, before -u/-e/NAME=VALUE" {
	d="$BATS_TEST_TMPDIR/env"
	mkdir "$d"
	echo fromdir >"$d/A"
	echo fromdir >"$d/B"
	run "$SPAWN" -i --envdir "$d" A=cmdline -u B env
	[ "$output" = "A=cmdline" ]
}

@test "envdir: a missing or unreadable DIR, or a bad entry, is 125" {
	run -125 "$SPAWN" --envdir /nonexistent true
	[ "$output" = "spawn: --envdir /nonexistent: No such file or directory" ]
	d="$BATS_TEST_TMPDIR/env"
	mkdir -p "$d/sub"
	run -125 "$SPAWN" --envdir "$d" true
	[ "$output" = "spawn: --envdir $d/sub: Is a directory" ]
	rmdir "$d/sub"
	touch "$d/a=b"
	run -125 "$SPAWN" --envdir "$d" true
	[ "$output" = "spawn: --envdir $d: file name 'a=b' has an '='" ]
	run -125 "$SPAWN" --envdir /etc/passwd true
	[ "$output" = "spawn: --envdir /etc/passwd: Not a directory" ]
}

@test "after --, NAME=VALUE words are still checked as assignments" {
	run -125 "$SPAWN" -- =x true
	[ "${lines[0]}" = "spawn: assignment '=x': empty variable name" ]
	[ "${lines[1]}" = "Try 'spawn --help' for more information." ]
	run "$SPAWN" -i -- A=1 "$SHOW" env
	[ "$output" = "A=1" ]
}

@test "envdir: a FIFO or a device entry is refused without hanging, even in a dry run" {
	d="$BATS_TEST_TMPDIR/env"
	mkdir "$d"
	mkfifo "$d/F"
	for dry in "" -n; do
		# shellcheck disable=SC2086
		run -125 timeout 10 "$SPAWN" $dry --envdir "$d" touch "$BATS_TEST_TMPDIR/ran"
		[ "$output" = "spawn: --envdir $d/F: not a regular file" ]
	done
	rm "$d/F"
	ln -s /dev/zero "$d/Z"
	run -125 timeout 10 "$SPAWN" --envdir "$d" touch "$BATS_TEST_TMPDIR/ran"
	[ "$output" = "spawn: --envdir $d/Z: not a regular file" ]
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}

@test "envdir: the whole first line is read, up to the kernel's limit for one entry" {
	d="$BATS_TEST_TMPDIR/env"
	mkdir "$d"
	v=$(head -c 5000 /dev/zero | tr '\0' x)
	printf '%s\nsecond line\n' "$v" >"$d/LONG"
	run -0 "$SPAWN" -i --envdir "$d" "$SHOW" env
	[ "$output" = "LONG=$v" ]
	# NAME=VALUE and its NUL fill 128 KiB exactly: accepted
	head -c $((131072 - 6)) /dev/zero | tr '\0' y >"$d/LONG"
	run -0 "$SPAWN" -i --envdir "$d" sh -c 'printf %s "$LONG" | wc -c'
	[ "$output" = $((131072 - 6)) ]
	# one byte more cannot be an environment entry: 125 naming the entry
	head -c $((131072 - 5)) /dev/zero | tr '\0' y >"$d/LONG"
	run -125 "$SPAWN" -i --envdir "$d" true
	[ "$output" = "spawn: --envdir $d/LONG: the first line is longer than an environment entry may be (128 KiB with the name, MAX_ARG_STRLEN)" ]
}

@test "env: 200,000 NAME=VALUE words build in linear time, with every copy rule kept" {
	d="$BATS_TEST_TMPDIR"
	seq 200000 | sed 's/.*/V&=1/' >"$d/words"
	# a quadratic build takes minutes here; the bound is generous
	run bash -c 'ulimit -s 65536 && mapfile -t w <"$1" && exec timeout 30 "$0" -i "${w[@]}" "$2" env | wc -l' \
	    "$SPAWN" "$d/words" "$SHOW"
	[ "$output" = 200000 ]
	# sets, then replacements in place, then removals: 80,000 entries
	{
		seq 120000 | sed 's/.*/V&=1/'
		seq 40000 | sed 's/.*/-e\nV&=2/'
		seq 40001 80000 | sed 's/.*/-u\nV&/'
	} >"$d/ops"
	run bash -c 'ulimit -s 65536 && mapfile -t w <"$1" && exec timeout 30 "$0" -i "${w[@]}" "$2" env' \
	    "$SPAWN" "$d/ops" "$SHOW"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 80000 ]
	[ "${lines[0]}" = "V1=2" ]
	[ "${lines[39999]}" = "V40000=2" ]
	[ "${lines[40000]}" = "V80001=1" ]
	[ "${lines[79999]}" = "V120000=1" ]
}
