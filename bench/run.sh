#!/usr/bin/env bash
# make bench: spawn against the tools it replaces, as median ratios of
# interleaved pairs in one run (bench/pair.c), plus counters that do not
# drift (system calls before the target's execve, binary size). Every row
# runs a static `true`, so the launcher is what differs, with LANG set as
# a user's shell would have it. Goals print PASS or MISS; they are the
# bar, not tests. Tools that are not installed are skipped, with a note.
set -u
cd "$(dirname "$0")/.." || exit 1
SPAWN=$PWD/spawn
T=$PWD/bench/true-static
P=$PWD/bench/pair
RUNS=${BENCH_RUNS:-400}
export LANG=C.UTF-8

# row LABEL GOAL(<=x, or -) [PAIR-OPTIONS] -- A... -- B...
row() {
	local label=$1 goal=$2 out ratio verdict="" opts=()
	shift 2
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	out=$("$P" -n "$RUNS" "${opts[@]}" row "$@") || { echo "$label: FAILED"; return; }
	ratio=$(sed 's/.* ratio=\([0-9.]*\).*/\1/' <<<"$out")
	if [ "$goal" != - ]; then
		if awk -v r="$ratio" -v g="${goal#<=}" 'BEGIN { exit !(r <= g) }'; then
			verdict="  goal ${goal}: PASS"
		else
			verdict="  goal ${goal}: MISS"
		fi
	fi
	printf '%-52s %s%s\n' "$label" "$(cut -d' ' -f2- <<<"$out")" "$verdict"
}

# System calls of the launcher, from its execve to the target's.
syscalls() {
	local f
	f=$(mktemp)
	strace -f -qq -o "$f" "$@" >/dev/null 2>&1
	awk -v t="$T" '
		/execve\(/ && n == 0 { n = 1; next }
		/execve\(/ && index($0, "\"" t "\"") { exit }
		n { c++ }
		END { print c + 0 }' "$f"
	rm -f "$f"
}

hard=$(ulimit -Hn)
echo "spawn $(cat VERSION) bench: $RUNS interleaved pairs a row; ratio = median of A/B (min-max)"
echo
row "spawn true / env true" "<=0.85" -- "$SPAWN" "$T" -- /usr/bin/env "$T"
row "spawn true / fork+exec of true (the floor)" - -- "$SPAWN" "$T" -- "$T"
row "spawn -i A=1 B=2 -C / true / env -i -C / A=1 B=2 true" - \
    -- "$SPAWN" -i A=1 B=2 -C / "$T" -- /usr/bin/env -i -C / A=1 B=2 "$T"
row "spawn --fd x3 true / env true" - \
    -- "$SPAWN" --fd 3=null --fd 4=null --fd 5=null "$T" -- /usr/bin/env "$T"
row "spawn --fd x3: NOFILE $hard / NOFILE 1024" "<=1.1" -a "$hard" -b 1024 \
    -- "$SPAWN" --fd 3=null --fd 4=null --fd 5=null "$T" \
    -- "$SPAWN" --fd 3=null --fd 4=null --fd 5=null "$T"
row "spawn --wait true / fork+exec of true" - -- "$SPAWN" --wait "$T" -- "$T"
if command -v tini >/dev/null 2>&1; then
	row "spawn --wait true / tini -s -- true" "<=0.9" \
	    -- "$SPAWN" --wait "$T" -- "$(command -v tini)" -s -- "$T"
else
	echo "spawn --wait true / tini -s -- true: skipped (apt-get install tini)"
fi
if command -v dumb-init >/dev/null 2>&1; then
	row "spawn --wait true / dumb-init true" - \
	    -- "$SPAWN" --wait "$T" -- "$(command -v dumb-init)" "$T"
else
	echo "spawn --wait true / dumb-init true: skipped (apt-get install dumb-init)"
fi
if command -v chpst >/dev/null 2>&1; then
	row "spawn --chroot / true / chpst -/ / true" - \
	    -- "$SPAWN" --chroot / "$T" -- "$(command -v chpst)" -/ / "$T"
else
	echo "spawn --chroot / true / chpst -/ / true: skipped (apt-get install runit)"
fi
echo
if command -v strace >/dev/null 2>&1; then
	a=$(syscalls "$SPAWN" "$T")
	low=$(bash -c "ulimit -n 1024; $(declare -f syscalls); T=$T; syscalls $SPAWN --fd 3=null --fd 4=null --fd 5=null $T")
	high=$(bash -c "ulimit -n $hard; $(declare -f syscalls); T=$T; syscalls $SPAWN --fd 3=null --fd 4=null --fd 5=null $T")
	printf '%-52s %s  goal <=36: %s\n' "syscalls, spawn true (execve to execve)" "$a" \
	    "$([ "$a" -le 36 ] && echo PASS || echo MISS)"
	printf '%-52s %s at 1024, %s at %s: %s\n' "syscalls, spawn --fd x3" "$low" "$high" "$hard" \
	    "$([ "$low" -eq "$high" ] && echo "same: PASS" || echo "differ: MISS")"
else
	echo "syscall counts: skipped (apt-get install strace)"
fi
s=$(mktemp)
strip -o "$s" "$SPAWN" && printf '%-52s %s bytes\n' "stripped binary size" "$(stat -c %s "$s")"
rm -f "$s"
