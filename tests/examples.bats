#!/usr/bin/env bats
# The files in examples/, run for real: the command each one runs is taken
# from the file and executed with only paths and users that cannot exist
# here replaced (app -> nobody, /usr/local/bin/app -> a witness, ...).

load helper

EX="$BATS_TEST_DIRNAME/../examples"

setup() {
	# A directory the dropped user (nobody) can reach: the witnesses live
	# here, since the bats temporary directories are private to root.
	W=$(mktemp -d /tmp/spawn-examples.XXXXXX)
	chmod 755 "$W"
	cp "$SHOW" "$W/show"
	cat >"$W/witness" <<'EOF'
#!/bin/sh
# Print what the plan set up; "log": also write a line to fd 3;
# "wait-term": then stay until TERM (exit 0), and note it in ./term next to
# this file.
mode=$1
stat=$(cat /proc/$$/stat)
set -- ${stat##*) }
echo "ids=$(id -u):$(id -g):$(id -G)"
echo "nofile=$(awk '/^Max open files/ { print $4 ":" $5 }' /proc/$$/limits)"
echo "core=$(awk '/^Max core file size/ { print $5 ":" $6 }' /proc/$$/limits)"
echo "nnp=$(awk '/^NoNewPrivs/ { print $2 }' /proc/$$/status)"
echo "stdin=$(readlink /proc/$$/fd/0)"
echo "pid=$$ ppid=$2 pgrp=$3 sid=$4"
echo "GREETING=${GREETING-unset}"
echo "on fd 2" >&2
case $mode in
log)	echo "on fd 3" >&3 ;;
wait-term)
	trap 'echo "TERM received" >>"${0%/*}/term"; exit 0' TERM
	echo ready >>"${0%/*}/term"
	i=0	# at most 20 s, so that a failed test leaves nothing behind
	while [ $((i += 1)) -le 200 ]; do sleep 0.1; done
	exit 3 ;;
esac
EOF
	chmod 755 "$W/witness"
	: >"$W/term"
	chmod 666 "$W/term"
}

teardown() {
	local p
	for p in $(cat "$W/pids" 2>/dev/null); do
		kill -KILL "$p" 2>/dev/null || true
	done
	rm -rf "$W"
}

need_python() {
	command -v python3 >/dev/null || skip "python3 missing (parses the examples)"
}

need_setuid() {
	"$SPAWN" -q --user nobody -- true ||
	    skip "cannot change uid/gid (needs root: CAP_SETUID, CAP_SETGID)"
}

need_pidns() {
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "cannot make pid namespaces (needs CAP_SYS_ADMIN)"
}

# True when process $1 has ended (gone, or a zombie nobody reaped yet).
gone() {
	[ ! -e "/proc/$1" ] || grep -q ') Z ' "/proc/$1/stat" 2>/dev/null
}

wait_for() {
	local _
	for _ in $(seq 100); do eval "$1" && return 0; sleep 0.05; done
	return 1
}

# The words of a Dockerfile instruction in exec (JSON) form, NUL-ended;
# the last one wins, as in docker build.
dockerfile_words() {
	python3 - "$EX/Dockerfile" "$1" <<'EOF'
import json, sys
text = open(sys.argv[1]).read().replace("\\\n", "")
words = None
for line in text.splitlines():
    key, _, rest = line.strip().partition(" ")
    if key.upper() == sys.argv[2]:
        words = json.loads(rest)
assert isinstance(words, list) and words, sys.argv[2] + " not in exec form"
sys.stdout.write("".join(w + "\0" for w in words))
EOF
}

# The COPY lines of the Dockerfile: "SRC DEST", one a line.
dockerfile_copies() {
	awk 'toupper($1) == "COPY" { print $2, $3 }' "$EX/Dockerfile"
}

# The words of a line that starts with $2 in file $1, shell-split after
# joining backslash-newline continuations, NUL-ended. $2 is removed, with
# systemd's ExecStart= prefixes (-@:+!).
line_words() {
	python3 - "$1" "$2" <<'EOF'
import shlex, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
for line in text.splitlines():
    if line.startswith(sys.argv[2]):
        rest = line[len(sys.argv[2]):].lstrip("-@:+!")
        sys.stdout.write("".join(w + "\0" for w in shlex.split(rest)))
        break
else:
    sys.exit(sys.argv[2] + " not found")
EOF
}

# --- Dockerfile ------------------------------------------------------------

# ENTRYPOINT + CMD with /usr/local/bin/spawn -> $SPAWN, /app -> $@.
docker_cmd() {
	mapfile -d '' -t ep < <(dockerfile_words ENTRYPOINT)
	mapfile -d '' -t cmd < <(dockerfile_words CMD)
	[ "${cmd[*]}" = /app ]
	[ "${ep[0]}" = /usr/local/bin/spawn ]
	ep[0]=$SPAWN
	DOCKER=("${ep[@]}" "$@")
}

@test "Dockerfile: ENTRYPOINT and CMD as PID 1: nobody, nofile 1024, spawn is PID 1" {
	need_python
	need_pidns
	need_setuid
	docker_cmd "$W/show" ids
	run unshare --pid --fork --mount-proc "${DOCKER[@]}"
	[ "$status" -eq 0 ]
	[ "$output" = "65534 65534 65534 / 65534 65534 65534 / 65534" ]

	# The witness's parent is PID 1: spawn, waiting.
	docker_cmd "$W/show" stat
	run unshare --pid --fork --mount-proc "${DOCKER[@]}"
	[ "$status" -eq 0 ]
	[[ "$output" == "2 1 "* ]]

	docker_cmd "$W/witness"
	run unshare --pid --fork --mount-proc "${DOCKER[@]}"
	[ "$status" -eq 0 ]
	[[ "$output" == *"nofile=1024:1024"* ]]
	[[ "$output" == *"ids=65534:65534:65534"* ]]
}

@test "Dockerfile: as PID 1, TERM reaches the app and its status comes back" {
	need_python
	need_pidns
	need_setuid
	docker_cmd "$W/witness" wait-term
	unshare --pid --fork --mount-proc "${DOCKER[@]}" \
	    >/dev/null 2>&1 </dev/null 3>&- &
	u=$!
	echo "$u" >>"$W/pids"
	wait_for 'grep -qx ready "$W/term"'
	sp=$(pgrep -P "$u" -f "$SPAWN")
	[ -n "$sp" ]
	echo "$sp" >>"$W/pids"
	# What `docker stop` does: TERM to the container's PID 1.
	kill -TERM "$sp"
	wait_for 'gone "$u"'
	st=0
	wait "$u" || st=$?
	[ "$st" -eq 0 ]
	grep -qx "TERM received" "$W/term"
}

@test "Dockerfile: the image itself, from its COPY lines, in a chroot with spawn-static" {
	need_python
	[ -x "$BATS_TEST_DIRNAME/../spawn-static" ] ||
	    skip "spawn-static not built (make static)"
	require_chroot
	need_pidns
	need_setuid
	img="$BATS_TEST_TMPDIR/image"
	mkdir -p "$img/proc"
	while read -r src dest; do
		case $src in
		spawn-static) from="$BATS_TEST_DIRNAME/../spawn-static" ;;
		app) from=$SHOW ;;
		*) echo "unexpected COPY $src"; false ;;
		esac
		mkdir -p "$img${dest%/*}"
		cp "$from" "$img$dest"
	done < <(dockerfile_copies)
	mapfile -d '' -t ep < <(dockerfile_words ENTRYPOINT)
	mapfile -d '' -t cmd < <(dockerfile_words CMD)
	# No /etc/passwd in the image: the ids are numbers.
	[ ! -e "$img/etc" ]
	run unshare --pid --fork --mount-proc="$img/proc" \
	    chroot "$img" "${ep[@]}" "${cmd[@]}" ids
	[ "$status" -eq 0 ]
	[ "$output" = "65534 65534 65534 / 65534 65534 65534 / 65534" ]
	run unshare --pid --fork --mount-proc="$img/proc" \
	    chroot "$img" "${ep[@]}" "${cmd[@]}" stat
	[ "$status" -eq 0 ]
	[[ "$output" == "2 1 "* ]]
}

# --- app.service -----------------------------------------------------------

# ExecStart with spawn -> $SPAWN, the log under $BATS_TEST_TMPDIR, and the
# program after "--" -> $@.
service_cmd() {
	local w seen=
	mapfile -d '' -t words < <(line_words "$EX/app.service" ExecStart=)
	[ "${words[0]}" = /usr/local/bin/spawn ]
	SERVICE=("$SPAWN")
	for w in "${words[@]:1}"; do
		case $w in
		--) SERVICE+=(-- "$@"); seen=1; break ;;
		*=open:/var/log/app/*) w=${w/:\/var\/log\/app\//:$BATS_TEST_TMPDIR/log/} ;;
		esac
		SERVICE+=("$w")
	done
	[ -n "$seen" ]
}

@test "app.service: ExecStart: log on fd 3 and fd 2, stdin null, limits, no_new_privs" {
	need_python
	mkdir "$BATS_TEST_TMPDIR/log"
	echo "earlier line" >"$BATS_TEST_TMPDIR/log/app.log"
	service_cmd "$W/witness" log
	run "${SERVICE[@]}"
	[ "$status" -eq 0 ]
	[[ "$output" == *"nofile=4096:4096"* ]]
	[[ "$output" == *"core=0:0"* ]]
	[[ "$output" == *"nnp=1"* ]]
	[[ "$output" == *"stdin=/dev/null"* ]]
	# Nothing on stderr: it went to the log, ahead of fd 3's line.
	[[ "$output" != *"on fd 2"* ]]
	run cat "$BATS_TEST_TMPDIR/log/app.log"
	[ "${lines[0]}" = "earlier line" ]
	[ "${lines[1]}" = "on fd 2" ]
	[ "${lines[2]}" = "on fd 3" ]
	[ "${#lines[@]}" -eq 3 ]

	# Exactly 0-3 reach the program, whatever the caller had open.
	service_cmd "$W/show" fds
	run "${SERVICE[@]}" 5</dev/null 7>/dev/null
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '0\n1\n2\n3')" ]
}

# --- runit/run -------------------------------------------------------------

@test "runit/run: envdir variable, user nobody, nofile 1024, stderr into stdout" {
	need_setuid
	sv="$W/sv/app"
	mkdir -p "$sv/env" "$W/bin"
	echo "hello from envdir" >"$sv/env/GREETING"
	sed -e '/^exec spawn /s/--user app /--user nobody /' \
	    -e "/^exec spawn /s|/usr/local/bin/app\$|$W/witness|" \
	    "$EX/runit/run" >"$sv/run"
	# The script must still be the example with those two words changed.
	[ "$(diff "$EX/runit/run" "$sv/run" | grep -c '^>')" -eq 1 ]
	grep -q "^exec spawn --user nobody " "$sv/run"
	# runsv finds spawn in its PATH.
	ln -s "$SPAWN" "$W/bin/spawn"
	run sh -c 'cd "$1" && PATH="$2:$PATH" exec sh ./run 2>/dev/null' sh "$sv" "$W/bin"
	[ "$status" -eq 0 ]
	[[ "$output" == *"GREETING=hello from envdir"* ]]
	[[ "$output" == *"ids=65534:65534:65534"* ]]
	[[ "$output" == *"nofile=1024:1024"* ]]
	[[ "$output" == *"on fd 2"* ]]
}

# --- openrc/app ------------------------------------------------------------

# command and command_args, read by sourcing the service file in sh, with
# the user -> nobody and the app -> $1.
openrc_vars() {
	sh -c '
		depend() { :; }
		RC_SVCNAME=app
		. "$1"
		printf "%s\n%s\n%s\n%s\n" "$command" "$command_args" \
		    "$command_background" "$pidfile"' sh "$EX/openrc/app"
}

openrc_cmd() {
	mapfile -t v < <(openrc_vars)
	[ "${v[0]}" = /usr/local/bin/spawn ]
	[ "${v[2]}" = yes ]
	[ "${v[3]}" = /run/app.pid ]
	args=${v[1]}
	[[ "$args" == *"--user app "* && "$args" == *" /usr/local/bin/app" ]]
	args=${args/--user app /--user nobody }
	args=${args/\/usr\/local\/bin\/app/$1}
	# OpenRC passes command_args through eval.
	eval "OPENRC=(\"\$SPAWN\" $args)"
}

@test "openrc/app: \$command \$command_args: nobody, nofile 1024, own session" {
	need_setuid
	openrc_cmd "$W/witness"
	run "${OPENRC[@]}" </dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"ids=65534:65534:65534"* ]]
	[[ "$output" == *"nofile=1024:1024"* ]]
	pid=$(sed -n 's/^pid=\([0-9]*\) .*/\1/p' <<<"$output")
	[[ "$output" == *"pgrp=$pid sid=$pid"* ]]
}

@test "openrc/app: started as OpenRC does (setsid first), the pidfile's spawn forwards TERM" {
	need_setuid
	command -v setsid >/dev/null || skip "setsid missing"
	openrc_cmd "$W/witness wait-term"
	# OpenRC's start-stop-daemon: fork, write the pidfile, setsid, exec.
	setsid -f sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$W/app.pid" \
	    "${OPENRC[@]}" >"$W/out" 2>&1 </dev/null 3>&-
	wait_for 'grep -qx ready "$W/term"'
	sp=$(cat "$W/app.pid")
	echo "$sp" >>"$W/pids"
	# The pidfile names spawn (what `stop` looks for), the app is its child,
	# in a session of its own.
	[ "$(cat "/proc/$sp/comm")" = "$(basename "$SPAWN" | cut -c1-15)" ]
	grep -q "ppid=$sp " "$W/out"
	app=$(sed -n 's/^pid=\([0-9]*\) .*/\1/p' "$W/out")
	grep -q "pgrp=$app sid=$app" "$W/out"
	kill -TERM "$sp"
	wait_for 'grep -qx "TERM received" "$W/term"'
	wait_for 'gone "$sp"'
}

# --- sysvinit.txt ----------------------------------------------------------

# The start line's words with the user -> nobody, the app -> $@, and
# /run/app.pid -> $W/app.pid; SSD_SPAWN_ARGS: spawn's part alone.
sysvinit_cmd() {
	local w prev='' dashes=0
	mapfile -d '' -t words < <(line_words "$EX/sysvinit.txt" "start-stop-daemon --start")
	SSD=(start-stop-daemon --start)
	SSD_SPAWN_ARGS=()
	for w in "${words[@]}"; do
		case $w in
		--) dashes=$((dashes + 1)) ;;
		/run/app.pid) w="$W/app.pid" ;;
		/usr/local/bin/spawn) if [ "$dashes" -eq 0 ]; then w=$SPAWN; fi ;;
		/usr/local/bin/app) SSD+=("$@"); SSD_SPAWN_ARGS+=("$@"); continue ;;
		esac
		if [ "$dashes" -ge 1 ] && [ "$prev" = --user ] && [ "$w" = app ]; then
			w=nobody
		fi
		prev=$w
		SSD+=("$w")
		# spawn's words: everything after the first "--".
		if [ "$dashes" -gt 1 ] || { [ "$dashes" -eq 1 ] && [ "$w" != -- ]; }; then
			SSD_SPAWN_ARGS+=("$w")
		fi
	done
	[ "$dashes" -eq 2 ]
	[ "${SSD_SPAWN_ARGS[0]}" = --user ]
	[ "${SSD_SPAWN_ARGS[1]}" = nobody ]
}

@test "sysvinit.txt: the start line parses; its spawn part runs: nobody, nofile 1024, own session" {
	need_python
	need_setuid
	sysvinit_cmd "$W/witness"
	run "$SPAWN" --dry-run "${SSD_SPAWN_ARGS[@]}"
	[ "$status" -eq 0 ]
	run "$SPAWN" "${SSD_SPAWN_ARGS[@]}" </dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"ids=65534:65534:65534"* ]]
	[[ "$output" == *"nofile=1024:1024"* ]]
	pid=$(sed -n 's/^pid=\([0-9]*\) .*/\1/p' <<<"$output")
	[[ "$output" == *"pgrp=$pid sid=$pid"* ]]
}

@test "sysvinit.txt: start-stop-daemon starts it (pidfile = the app) and the stop line stops it" {
	need_python
	need_setuid
	command -v start-stop-daemon >/dev/null || skip "start-stop-daemon missing"
	start-stop-daemon --help 2>&1 | grep -q -- --remove-pidfile ||
	    skip "not dpkg's start-stop-daemon"
	sleep=$(command -v sleep)
	sysvinit_cmd "$sleep" 30
	"${SSD[@]}" >/dev/null 2>&1 </dev/null 3>&-
	wait_for '[ -s "$W/app.pid" ]'
	pid=$(cat "$W/app.pid")
	echo "$pid" >>"$W/pids"
	wait_for '[ "$(readlink "/proc/$pid/exe")" = "$(readlink -f "$sleep")" ]'
	# spawn became the app in place, as nobody, leading a new session.
	[ "$(awk '/^Uid:/ { print $2, $3, $4 }' "/proc/$pid/status")" = "65534 65534 65534" ]
	grep -Eq '^Max open files +1024 +1024 ' "/proc/$pid/limits"
	stat=$(cat "/proc/$pid/stat")
	set -- ${stat##*) }
	[ "$4" -eq "$pid" ]

	mapfile -d '' -t stop < <(line_words "$EX/sysvinit.txt" "start-stop-daemon --stop")
	[ "${#stop[@]}" -gt 0 ]
	stop=("${stop[@]/#\/run\/app.pid/$W/app.pid}")
	stop=("${stop[@]/#\/usr\/local\/bin\/app/$sleep}")
	run start-stop-daemon --stop "${stop[@]}"
	[ "$status" -eq 0 ]
	gone "$pid"
	[ ! -e "$W/app.pid" ]
}
