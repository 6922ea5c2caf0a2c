#!/usr/bin/env bats
# The fd move algorithm against a model of the fd table (tests/fdmodel.c):
# fixed cases (swap, 3-cycle, inherit of a close-on-exec fd, opens and
# copies) and randomized fd sets and actions, several seeds.

load helper

@test "fd algorithm: fixed and randomized cases hold in the model" {
	for seed in 1 2 3 12345; do
		run "$BATS_TEST_DIRNAME/fdmodel" 20000 "$seed"
		[ "$status" -eq 0 ]
		[ "$output" = "20004 cases, 0 failures" ]
	done
}

