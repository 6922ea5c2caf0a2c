#!/usr/bin/env bash
# make bench: spawn against the tools it replaces, as median ratios of
# interleaved pairs in one run (bench/pair.c: A B B A ..., the ratio taken
# pair by pair, min-max shown), then counters that do not drift: system
# calls from spawn's execve to the target's, minor page faults, peak RSS,
# instructions before exec (callgrind) and the stripped binary size.
#
# Every timed row runs a static `true` as the target, so the launcher is
# what differs, with LANG=C.UTF-8 as a user's shell has it (env pays for
# its locale start-up; spawn must not). Goals print PASS or MISS: they are
# the bar of issue 9, not tests. Missing anchors (chpst, tini, dumb-init,
# strace, valgrind) are installed with apt-get when run as root with
# BENCH_INSTALL unset or 1; otherwise their rows say "skipped".
#
# Faults and instructions of a dynamic program depend on the machine's
# libc and CPU, so the dynamic goals for them are read against bench/noop,
# a dynamic launcher that only execs, measured in the same run: the issue
# gives 79 faults and 108,000 instructions for it, and goals of 85 and
# 140,000, so spawn may exceed the no-op by 6 faults and 32,000
# instructions. Faults are the launcher's alone: those of a run of
# `launcher true` less those of a bare fork+exec of `true`.
set -u
cd "$(dirname "$0")/.." || exit 1
SPAWN=$PWD/spawn
STATIC=$PWD/spawn-static
T=$PWD/bench/true-static
P=$PWD/bench/pair
NOOP=$PWD/bench/noop
RUNS=${BENCH_RUNS:-400}
export LANG=C.UTF-8

# Anchors: install what is missing when we may.
want=()
command -v chpst >/dev/null 2>&1 || want+=(runit)
command -v tini >/dev/null 2>&1 || want+=(tini)
command -v dumb-init >/dev/null 2>&1 || want+=(dumb-init)
command -v strace >/dev/null 2>&1 || want+=(strace)
command -v valgrind >/dev/null 2>&1 || want+=(valgrind)
if [ ${#want[@]} -gt 0 ] && [ "$(id -u)" = 0 ] &&
    [ "${BENCH_INSTALL:-1}" = 1 ] && command -v apt-get >/dev/null 2>&1; then
	echo "installing the missing anchors: ${want[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}" \
	    >/dev/null 2>&1 ||
	    { apt-get update -qq >/dev/null 2>&1 &&
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      "${want[@]}" >/dev/null 2>&1; } ||
	    echo "  (could not install them; their rows are skipped)"
fi
have() { command -v "$1" >/dev/null 2>&1; }

verdict() { # VALUE OP GOAL -> "goal OP GOAL: PASS|MISS"
	if awk -v v="$1" -v g="$3" -v op="$2" \
	    'BEGIN { exit !(op == "<=" ? v <= g : v >= g) }'; then
		echo "goal $2$3: PASS"
	else
		echo "goal $2$3: MISS"
	fi
}

# row LABEL GOAL(<=x, >=x or -) [PAIR-OPTIONS] -- A... -- B...
# Sets LAST (pair's output line) for the counters below.
LAST=
row() {
	local label=$1 goal=$2 out ratio v="" opts=()
	shift 2
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	if ! out=$("$P" -n "$RUNS" "${opts[@]}" row "$@"); then
		printf '%-50s FAILED\n' "$label"
		LAST=
		return
	fi
	LAST=$out
	ratio=$(field ratio "$out")
	[ "$goal" = - ] || v="  $(verdict "$ratio" "${goal:0:2}" "${goal:2}")"
	printf '%-50s %s%s\n' "$label" \
	    "$(sed 's/^row //; s/ a_flt=.*//' <<<"$out")" "$v"
}
field() { sed -n "s/.* $1=\\([0-9.]*\\).*/\\1/p" <<<"$2"; }

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

# Instructions up to the first execve, by callgrind (needs symbols).
instructions() {
	local d n
	d=$(mktemp -d)
	valgrind -q --tool=callgrind --dump-before=execve \
	    --callgrind-out-file="$d/cg" "$@" >/dev/null 2>&1
	n=$(cat "$d"/cg.1 2>/dev/null | sed -n 's/^totals: //p')
	rm -rf "$d"
	echo "${n:-?}"
}

# The highest NOFILE the machine allows: fs.nr_open, when we may raise the
# hard limit that far, else the hard limit we have.
nr_open=$(cat /proc/sys/fs/nr_open 2>/dev/null || echo 0)
bash -c "ulimit -Hn $nr_open" 2>/dev/null || nr_open=$(ulimit -Hn)
nobody_ok=$(id -u nobody >/dev/null 2>&1 && echo 1)
root=$([ "$(id -u)" = 0 ] && echo 1)
echo "spawn $(cat VERSION) bench: $RUNS interleaved pairs a row;" \
    "ratio = median of A/B (min-max), times are medians in microseconds"
echo
echo "== dynamic build ($(sed -n 's/^CFLAGS = //p' config.mk 2>/dev/null))"
row "spawn true / env true" "<=0.85" -- "$SPAWN" "$T" -- /usr/bin/env "$T"
row "spawn true / fork+exec of true (the floor)" - -- "$SPAWN" "$T" -- "$T"
dyn=$LAST
row "no-op dynamic launcher / fork+exec of true" - -- "$NOOP" "$T" -- "$T"
noop=$LAST
row "spawn true / no-op dynamic launcher" - -- "$SPAWN" "$T" -- "$NOOP" "$T"
if have chpst && [ -n "$nobody_ok" ]; then
	# --user also sets nobody's supplementary groups (getgrouplist,
	# as gosu does), which loads the NSS modules; chpst -u does not.
	row "spawn --user nobody true / chpst -u nobody true" - \
	    -- "$SPAWN" --user nobody "$T" -- "$(command -v chpst)" -u nobody "$T"
else
	echo "spawn --user nobody true / chpst -u nobody true: skipped (runit, user nobody)"
fi
row "spawn -i A=1 B=2 -C / true / env -i -C / A=1 B=2 true" - \
    -- "$SPAWN" -i A=1 B=2 -C / "$T" -- /usr/bin/env -i -C / A=1 B=2 "$T"

# The combined setup against the chain of tools it replaces.
SETUP=(-i A=1 B=2 --rlimit nofile=512 --nsenter-net /proc/$$/ns/net
    --chroot / --gid 65534 --uid 65534 --clear-groups)
chain() { # the same setup, one exec per tool
	local s
	s=$(command -v setpriv)
	echo /usr/bin/env -i A=1 B=2 "$(command -v prlimit)" --nofile=512:512 \
	    "$(command -v nsenter)" --net=/proc/$$/ns/net \
	    "$(command -v chroot)" / "$s" --reuid=65534 --regid=65534 \
	    --clear-groups
}
# The state both must give. Signals are left out: spawn resets them by
# default, and no tool of the chain does (env --default-signal cannot
# reach the two that glibc keeps for itself).
state='grep -E "^(Uid|Gid|Groups|NoNewPrivs|CapEff|CapBnd):" /proc/self/status; grep "open files" /proc/self/limits; readlink /proc/self/ns/net; env | sort'
combined() { # LABEL GOAL LAUNCHER
	local a b
	a=$("$3" "${SETUP[@]}" /bin/sh -c "$state" 2>&1)
	# shellcheck disable=SC2046
	b=$($(chain) /bin/sh -c "$state" 2>&1)
	if [ "$a" != "$b" ]; then
		echo "$1: the chain and spawn give different states:"
		diff <(echo "$b") <(echo "$a") | sed 's/^/  /'
		return
	fi
	# shellcheck disable=SC2046
	row "$1" "$2" -- $(chain) "$T" -- "$3" "${SETUP[@]}" "$T"
}
if [ -n "$root" ] && have setpriv && have prlimit && have nsenter; then
	echo "combined setup: env -i, rlimit nofile, nsenter net, chroot /,"
	echo "  gid/uid 65534, clear groups; same state checked first"
	combined "chain of 5 tools / spawn (same state)" ">=4.5" "$SPAWN"
else
	echo "combined setup: skipped (needs root and util-linux)"
fi

if have tini; then
	row "spawn --wait true / tini -s -- true" "<=0.9" \
	    -- "$SPAWN" --wait "$T" -- "$(command -v tini)" -s -- "$T"
else
	echo "spawn --wait true / tini -s -- true: skipped (apt-get install tini)"
fi
if have dumb-init; then
	row "spawn --wait true / dumb-init true" - \
	    -- "$SPAWN" --wait "$T" -- "$(command -v dumb-init)" "$T"
else
	echo "spawn --wait true / dumb-init true: skipped (apt-get install dumb-init)"
fi
row "spawn --wait true / fork+exec of true" - -- "$SPAWN" --wait "$T" -- "$T"
FDS=(--fd "3=null" --fd "4=null" --fd "5=null")
row "spawn --fd x3: NOFILE $nr_open / NOFILE 1024" "<=1.1" \
    -a "$nr_open" -b 1024 \
    -- "$SPAWN" "${FDS[@]}" "$T" -- "$SPAWN" "${FDS[@]}" "$T"

if [ -x "$STATIC" ]; then
	echo
	echo "== static build (musl, $(stat -c %s "$STATIC") bytes)"
	row "spawn-static true / env true" "<=0.5" \
	    -- "$STATIC" "$T" -- /usr/bin/env "$T"
	row "spawn-static true / fork+exec of true (the floor)" - \
	    -- "$STATIC" "$T" -- "$T"
	stat_row=$LAST
	if [ -n "$root" ] && have setpriv && have prlimit && have nsenter; then
		combined "chain of 5 tools / spawn-static (same state)" ">=7" \
		    "$STATIC"
	fi
	if have tini; then
		row "spawn-static --wait true / tini -s -- true" - \
		    -- "$STATIC" --wait "$T" -- "$(command -v tini)" -s -- "$T"
	fi
else
	echo
	echo "== static build: skipped (apt-get install musl-tools; make static)"
fi

echo
echo "== counters (deterministic)"
launcher_faults() { # pair output of "X true / fork+exec of true"
	awk -v a="$(field a_flt "$1")" -v b="$(field b_flt "$1")" \
	    'BEGIN { print a - b }'
}
if [ -n "$dyn" ] && [ -n "$noop" ]; then
	f=$(launcher_faults "$dyn")
	fn=$(launcher_faults "$noop")
	printf '%-50s %s (no-op launcher: %s)  %s\n' \
	    "minor faults, spawn true (launcher only)" "$f" "$fn" \
	    "$(verdict "$f" "<=" "$((fn + 6))")"
	printf '%-50s %s KB (no-op launcher: %s KB)  %s\n' \
	    "peak RSS, spawn true" "$(field a_rss "$dyn")" \
	    "$(field a_rss "$noop")" "$(verdict "$(field a_rss "$dyn")" "<=" 1150)"
fi
if [ -n "${stat_row:-}" ]; then
	f=$(launcher_faults "$stat_row")
	printf '%-50s %s  %s\n' "minor faults, spawn-static true (launcher only)" \
	    "$f" "$(verdict "$f" "<=" 40)"
	printf '%-50s %s KB\n' "peak RSS, spawn-static true" \
	    "$(field a_rss "$stat_row")"
fi
if have strace; then
	a=$(syscalls "$SPAWN" "$T")
	printf '%-50s %s  %s\n' "syscalls, spawn true (execve to execve)" "$a" \
	    "$(verdict "$a" "<=" 36)"
	if [ -x "$STATIC" ]; then
		a=$(syscalls "$STATIC" "$T")
		printf '%-50s %s  %s\n' "syscalls, spawn-static true" "$a" \
		    "$(verdict "$a" "<=" 20)"
	fi
	low=$(bash -c "ulimit -n 1024; $(declare -f syscalls); T=$T; syscalls $SPAWN ${FDS[*]} $T")
	high=$(bash -c "ulimit -Hn $nr_open 2>/dev/null; ulimit -n $nr_open 2>/dev/null; $(declare -f syscalls); T=$T; syscalls $SPAWN ${FDS[*]} $T")
	printf '%-50s %s at NOFILE 1024, %s at %s: %s\n' "syscalls, spawn --fd x3" \
	    "$low" "$high" "$nr_open" \
	    "$([ "$low" -eq "$high" ] && echo "same: PASS" || echo "differ: MISS")"
else
	echo "syscall counts: skipped (apt-get install strace)"
fi
if have valgrind; then
	a=$(instructions "$SPAWN" "$T")
	n=$(instructions "$NOOP" "$T")
	if [ "$a" != "?" ] && [ "$n" != "?" ]; then
		printf '%-50s %s (no-op launcher: %s)  %s\n' \
		    "instructions before exec, spawn true" "$a" "$n" \
		    "$(verdict "$a" "<=" "$((n + 32000))")"
	fi
	if [ -x build-static/spawn.full ]; then
		a=$(instructions build-static/spawn.full "$T")
		printf '%-50s %s  %s\n' "instructions before exec, spawn-static" \
		    "$a" "$(verdict "${a/\?/999999}" "<=" 5000)"
	fi
else
	echo "instructions: skipped (apt-get install valgrind)"
fi
# Building the environment from 200,000 NAME=VALUE words: the whole run
# of `LAUNCHER -i WORDS... true` (both execs included), best of 3, for
# spawn and for env(1) beside it: under a second (0.1.0 built it in
# quadratic time: 34 s for 120,000).
w=$(mktemp)
seq 200000 | sed 's/.*/V&=1/' >"$w"
envbuild() { # LAUNCHER -> milliseconds
	bash -c 'ulimit -s 65536 2>/dev/null; mapfile -t w <"$1"
	best=
	for i in 1 2 3; do
		s=$(date +%s%N)
		"$0" -i "${w[@]}" "$2" || exit 1
		t=$(( ($(date +%s%N) - s) / 1000000 ))
		[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
	done
	echo "$best"' "$1" "$w" "$T" 2>/dev/null
}
ms=$(envbuild "$SPAWN")
ems=$(envbuild /usr/bin/env)
rm -f "$w"
if [ -n "$ms" ]; then
	printf '%-50s %s ms (env -i: %s ms)  %s\n' \
	    "environment of 200,000 words, -i WORDS true" "$ms" "${ems:-?}" \
	    "$(verdict "$ms" "<=" 1000)"
else
	echo "environment of 200,000 words: FAILED"
fi

s=$(mktemp)
strip -o "$s" "$SPAWN" && sz=$(stat -c %s "$s") &&
    printf '%-50s %s bytes  %s\n' "stripped size, spawn" "$sz" \
    "$(verdict "$sz" "<=" 65536)"
rm -f "$s"
[ -x "$STATIC" ] && sz=$(stat -c %s "$STATIC") &&
    printf '%-50s %s bytes  %s\n' "stripped size, spawn-static" "$sz" \
    "$(verdict "$sz" "<=" 102400)"
exit 0
