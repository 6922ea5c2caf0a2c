# Common setup for spawn's bats suites.
bats_require_minimum_version 1.5.0

: "${SPAWN:=$BATS_TEST_DIRNAME/../spawn}"
SHOW="$BATS_TEST_DIRNAME/helpers/show-static"

# Skip unless this process can chroot (CAP_SYS_CHROOT), probed for real.
require_chroot() {
	if ! unshare --help >/dev/null 2>&1 || ! chroot / true 2>/dev/null; then
		skip "needs CAP_SYS_CHROOT (chroot / true failed)"
	fi
}

# A root directory holding only the static witness, at $ROOT.
make_root() {
	ROOT="$BATS_TEST_TMPDIR/root"
	mkdir -p "$ROOT/bin" "$ROOT/sub/dir"
	cp "$SHOW" "$ROOT/bin/show"
}

# The sanitizer build's runtime installs signal handlers and makes system
# calls of its own: syscall-counting tests skip it.
skip_if_sanitized() {
	case $SPAWN in
	*sanitize*) skip "the ASan runtime makes calls of its own" ;;
	esac
}

# The coverage build (make coverage) writes its counters into build-cov
# before exec: those calls show up in a syscall count, and in a chroot the
# files are out of reach, so libgcov prints "Cannot open" on stderr.
skip_if_coverage() {
	case $SPAWN in
	*spawn-cov) skip "${1:-the coverage build makes calls of its own}" ;;
	esac
}

# Wait until file $1 exists and is not empty (at most 5 s).
wait_file() {
	local n=0
	while [ "$n" -lt 50 ]; do
		[ -s "$1" ] && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# Is process $1 running: there, and not a zombie left for its parent to
# reap (kill -0 succeeds on a zombie)?
alive() {
	local st
	st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	st=${st##*) }
	[ "${st%% *}" != Z ]
}

# bg_signal READY SIGS CMD...: start CMD in the background, wait until the
# file READY is there (5 s at most), send CMD each signal of SIGS (blank
# separated, in order; "" for none), and wait for it to end: its exit
# status in $status, as run leaves it.
bg_signal() {
	local ready=$1 sigs=$2 pid s
	shift 2
	"$@" &
	pid=$!
	wait_file "$ready" || { kill -KILL "$pid"; wait "$pid"; return 1; }
	for s in $sigs; do kill -s "$s" "$pid"; done
	# shellcheck disable=SC2034 # read by the tests, as run's is
	{ status=0 && wait "$pid"; } || status=$?
}
