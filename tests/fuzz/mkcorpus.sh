#!/usr/bin/env bash
# Rebuild the fuzzer's seed corpus (tests/fuzz/corpus) from the command
# lines the bats suite runs: the suite runs with $SPAWN pointing at a
# recorder that writes each argument vector (NUL-separated, as
# fuzz_plan.c splits its input) and then execs ./spawn; libFuzzer's merge
# keeps the vectors that add coverage. Needs ./spawn and
# tests/fuzz/fuzz-plan built (make spawn tests/fuzz/fuzz-plan).
#   tests/fuzz/mkcorpus.sh
set -eu
cd "$(dirname "$0")/../.."
top=$PWD
rec=$(mktemp -d)
trap 'rm -rf "$rec"' EXIT
mkdir "$rec/args"

cat >"$rec/spawn" <<'SH'
#!/usr/bin/env bash
# One file per call: the arguments after argv[0], NUL between them.
f=$(mktemp "$SPAWN_RECORD/a.XXXXXX")
printf '%s\0' "$@" | head -c -1 >"$f"
exec "$SPAWN_REAL" "$@"
SH
chmod +x "$rec/spawn"

SPAWN_REAL=$top/spawn SPAWN_RECORD=$rec/args SPAWN=$rec/spawn \
    bats tests >"$rec/bats.log" 2>&1 || true
echo "$(find "$rec/args" -type f | wc -l) command lines recorded" >&2

mkdir -p tests/fuzz/corpus
./tests/fuzz/fuzz-plan -merge=1 tests/fuzz/corpus "$rec/args" 2>&1 |
    grep -E '^MERGE-OUTER: [0-9]+ new files' >&2
