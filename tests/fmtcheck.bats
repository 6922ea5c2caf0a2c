#!/usr/bin/env bats
# Plan-time text goes through fmt.c's small formatter, not stdio
# (tests/fmtcheck.c): every form spawn uses must print as the libc's
# vsnprintf does, at every buffer size.

load helper

@test "plan text: the small formatter agrees with vsnprintf at every size" {
	run "$BATS_TEST_DIRNAME/fmtcheck"
	[ "$status" -eq 0 ]
	[ "$output" = "fmtcheck: all forms agree with vsnprintf" ]
}
