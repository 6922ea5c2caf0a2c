# bash completion for spawn(1)                               -*- shell-script -*-
#
# Source this file, or install it as
# /usr/share/bash-completion/completions/spawn.  Plain bash (4.3 or later)
# is enough; when the bash-completion package is loaded, the words after
# PROGRAM go to PROGRAM's own completion through its _command_offset.

# Long options whose argument is required (the next word, or after '=').
_spawn_opts_arg='--block-waiting --ignore-waiting --forward --timeout
	--signals --ignore --block --preserve --label --split-string --path
	--argv0 --exec-fd --unset --env --envdir --fd --rlimit --lock
	--lock-nowait --set-ctty --sched-policy --sched-priority --nice --cpus
	--pdeathsig --user --uid --gid --ruid --euid --rgid --egid --groups
	--keep-caps --nsenter-user --nsenter-mount --nsenter-uts --nsenter-ipc
	--nsenter-net --nsenter-pid --nsenter-cgroup --nsenter-time
	--chroot-before --chdir-before --chroot --chdir --chdir-fd --umask
	--jail-before --jail-after'
# Long options with no argument, or an optional one (only after '=').
_spawn_opts_flag='--wait --dry-run --verbose --quiet --help --version
	--no-search --clean-env --ignore-environment --new-session
	--process-group --foreground-tty --forward-group --subreaper
	--sched-reset-on-fork --reset-ids --clear-groups --init-groups
	--set-home --no-new-privs'
_spawn_opts_short='-w -n -v -q -h -V -S -a -i -u -e -C'

_spawn_signals='HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE
	ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF
	WINCH IO PWR SYS RTMIN RTMAX'
# Linux RLIMIT_* names, then login.conf names.
_spawn_rlimits='as core cpu data fsize locks memlock msgqueue nice nofile
	nproc rss rtprio rttime sigpending stack
	cputime filesize datasize stacksize coredumpsize memoryuse maxproc
	openfiles memorylocked vmemoryuse'
_spawn_caps='chown dac_override dac_read_search fowner fsetid kill setgid
	setuid setpcap linux_immutable net_bind_service net_broadcast net_admin
	net_raw ipc_lock ipc_owner sys_module sys_rawio sys_chroot sys_ptrace
	sys_pacct sys_admin sys_boot sys_nice sys_resource sys_time
	sys_tty_config mknod lease audit_write audit_control setfcap
	mac_override mac_admin syslog wake_alarm block_suspend audit_read
	perfmon bpf checkpoint_restore'

# _spawn_split: split COMP_LINE up to the cursor into the words the shell
# will pass (quotes removed) in _spawn_words, and each word's offset in
# COMP_LINE in _spawn_starts.  The last word is the one being completed,
# possibly empty.  Unlike COMP_WORDS, words are never cut at '=' or ':'.
_spawn_split() {
	local line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}} c w= q= in=0 i
	_spawn_words=() _spawn_starts=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ $q == "'" ]]; then
			if [[ $c == "'" ]]; then q=; else w+=$c; fi
		elif [[ $q == '"' ]]; then
			if [[ $c == '"' ]]; then
				q=
			elif [[ $c == '\' && ${line:i+1:1} == [\"\\\$\`] ]]; then
				w+=${line:++i:1}
			else
				w+=$c
			fi
		elif [[ $c == [[:space:]] ]]; then
			((in)) && _spawn_words+=("$w")
			w= in=0
		else
			((in)) || _spawn_starts+=("$i")
			in=1
			case $c in
			\' | \") q=$c ;;
			\\) w+=${line:++i:1} ;;
			*) w+=$c ;;
			esac
		fi
	done
	((in)) || _spawn_starts+=("$i")
	_spawn_words+=("$w")
}

# _spawn_short LETTER: set opt to the long option that the short option
# LETTER stands for when it takes an argument, else empty.
_spawn_short() {
	case $1 in
	S) opt=--split-string ;;
	a) opt=--argv0 ;;
	u) opt=--unset ;;
	e) opt=--env ;;
	C) opt=--chdir ;;
	*) opt= ;;
	esac
}

# _spawn_long WORD: print the long option WORD names (a unique abbreviation
# counts, as with getopt_long); nothing if none or ambiguous.
_spawn_long() {
	local o m=
	for o in $_spawn_opts_arg $_spawn_opts_flag; do
		[[ $o == "$1" ]] && { echo "$o"; return; }
		if [[ $o == "$1"* ]]; then
			[[ $m ]] && m=-- || m=$o
		fi
	done
	[[ $m == -- ]] || echo "$m"
}

# _spawn_add PREFIX WORD...: add PREFIX+WORD to COMPREPLY for each WORD.
_spawn_add() {
	local p=$1 w
	shift
	for w; do COMPREPLY+=("$p$w"); done
}

# _spawn_list PREFIX VALUE WORDS [sig]: complete the last item of the comma
# list VALUE from WORDS, leaving out items already given.  With "sig",
# items match in any case and with a SIG prefix, as spawn reads them.
_spawn_list() {
	local p=$1 v=$2 sig=$4 head= last item w pre=
	[[ $v == *,* ]] && head=${v%,*},
	last=${v##*,}
	if [[ $sig ]]; then
		last=${last^^}
		[[ $last == SIG* ]] && pre=SIG
	fi
	for w in $3; do
		for item in ${head//,/ }; do
			[[ $sig ]] && item=${item^^} item=${item#SIG}
			[[ $item == "$w" ]] && continue 2
		done
		[[ $pre$w == "$last"* ]] && COMPREPLY+=("$p$head$pre$w")
	done
}

# _spawn_signals PREFIX VALUE [NAME...]: signal names, less the NAMEs.
_spawn_sigs() {
	local p=$1 v=$2 s names=
	shift 2
	for s in $_spawn_signals; do
		[[ " $* " == *" $s "* ]] || names+=" $s"
	done
	_spawn_list "$p" "$v" "$names" sig
}

# _spawn_files PREFIX VALUE [-d]: file names, or with -d directories.
_spawn_files() {
	local p=$1 v=$2 f
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		COMPREPLY+=("$p$f")
	done < <(compgen "${3:--f}" -- "$v")
}

# _spawn_arg OPTION VALUE PREFIX: complete VALUE, the argument of OPTION (a
# long name); each candidate starts with PREFIX (e.g. "--fd=", or "-C").
_spawn_arg() {
	local opt=$1 v=$2 p=$3
	case $opt in
	# Only what the option accepts: KILL and STOP are never blocked or
	# ignored, CHLD is never forwarded nor ignored while waiting.
	--block-waiting | --block | --ignore) _spawn_sigs "$p" "$v" KILL STOP ;;
	--ignore-waiting | --forward) _spawn_sigs "$p" "$v" KILL STOP CHLD ;;
	--preserve) _spawn_sigs "$p" "$v" ;;
	--pdeathsig) [[ $v == *,* ]] || _spawn_sigs "$p" "$v" ;;
	--signals) _spawn_add "$p" $(compgen -W 'reset preserve' -- "$v") ;;
	--dry-run) _spawn_add "$p" $(compgen -W 'text json' -- "$v") ;;
	--sched-policy)
		_spawn_add "$p" $(compgen -W 'other batch idle fifo rr' -- "$v")
		;;
	--rlimit)
		# NAME=; the limit after it is the user's to type.
		[[ $v == *=* ]] ||
			_spawn_add "$p" $(compgen -S = -W "$_spawn_rlimits" -- "$v")
		;;
	--fd)
		# N=, then an action; open: takes a path.
		if [[ $v == *=open:* ]]; then
			_spawn_files "$p${v%%=*}=open:" "${v#*=open:}"
		elif [[ $v == *=* ]]; then
			_spawn_add "$p${v%%=*}=" $(compgen -W \
			    'close null inherit inherit: copy: open:' -- "${v#*=}")
		elif [[ $v =~ ^[0-9]+$ ]]; then
			COMPREPLY=("$p$v=")
		fi
		;;
	--user)
		# USER, or USER:GROUP.
		if [[ $v == *:* ]]; then
			_spawn_add "$p${v%%:*}:" $(compgen -g -- "${v#*:}")
		else
			_spawn_add "$p" $(compgen -u -- "$v")
		fi
		;;
	--uid | --ruid | --euid) _spawn_add "$p" $(compgen -u -- "$v") ;;
	--gid | --rgid | --egid) _spawn_add "$p" $(compgen -g -- "$v") ;;
	--groups) _spawn_list "$p" "$v" "$(compgen -g)" ;;
	--keep-caps) _spawn_list "$p" "$v" "$_spawn_caps" ;;
	--chdir | --chroot | --chroot-before | --chdir-before | --envdir)
		_spawn_files "$p" "$v" -d
		;;
	--path)
		# A colon list of directories: complete the last one.
		local head=
		[[ $v == *:* ]] && head=${v%:*}:
		_spawn_files "$p$head" "${v##*:}" -d
		;;
	--lock | --lock-nowait) _spawn_files "$p" "$v" ;;
	--nsenter-*)
		# PATH or fd:N.
		[[ $v && fd: == "$v"* ]] && COMPREPLY+=("${p}fd:")
		[[ $v == fd:* ]] || _spawn_files "$p" "$v"
		;;
	--unset) _spawn_add "$p" $(compgen -e -- "$v") ;;
	--env)
		[[ $v == *=* ]] || _spawn_add "$p" $(compgen -S = -e -- "$v")
		;;
	esac
}

# _spawn_program INDEX: complete the words from PROGRAM, _spawn_words[INDEX],
# on.  With bash-completion, its _command_offset does it (given the index of
# the same word in COMP_WORDS) and this returns 0; plain bash gets command
# names for PROGRAM and file names after it, and a return of 1.
_spawn_program() {
	local at=$1 offset=_command_offset i pos=0 cur=${_spawn_words[-1]}
	declare -F _comp_command_offset >/dev/null &&
		offset=_comp_command_offset
	if declare -F $offset >/dev/null && [[ ${_spawn_starts[at]} ]]; then
		# Walk COMP_WORDS along COMP_LINE to the word that starts there.
		for ((i = 0; i <= COMP_CWORD; i++)); do
			while [[ ${COMP_LINE:pos:1} == [[:space:]] ]]; do
				((pos++))
			done
			if ((pos == _spawn_starts[at])); then
				$offset "$i"
				return 0
			fi
			((pos > _spawn_starts[at])) && break
			((pos += ${#COMP_WORDS[i]}))
		done
	fi
	if ((at == ${#_spawn_words[@]} - 1)) && [[ $cur != */* ]]; then
		COMPREPLY=($(compgen -c -- "$cur"))
	else
		_spawn_files "" "$cur"
	fi
	return 1
}

_spawn() {
	local i k w opt= ddash= prog= cur
	COMPREPLY=()
	if [[ -v COMP_LINE ]]; then
		_spawn_split
	else
		_spawn_words=("${COMP_WORDS[@]:0:COMP_CWORD+1}") _spawn_starts=()
	fi
	cur=${_spawn_words[-1]}

	# Walk the words before the cursor as spawn's parser does: options and
	# their arguments, NAME=VALUE, "--", then PROGRAM.  Assignments before
	# the command itself (FOO=1 spawn ...) are skipped.
	for ((i = 0; i < ${#_spawn_words[@]} - 1; i++)); do
		[[ ${_spawn_words[i]} =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || break
	done
	for ((i++; i < ${#_spawn_words[@]} - 1; i++)); do
		w=${_spawn_words[i]}
		if [[ $opt ]]; then
			opt= # this word was the option's argument
		elif [[ $w == *=* && ${w%%=*} != */* && ($ddash || $w != -*) ]]; then
			: # NAME=VALUE
		elif [[ $ddash || $w != -?* ]]; then
			prog=$i
			break
		elif [[ $w == -- ]]; then
			ddash=1
		elif [[ $w == --* ]]; then
			[[ $w == *=* ]] && continue
			opt=$(_spawn_long "$w")
			[[ " "$_spawn_opts_arg" " == *[[:space:]]"$opt"[[:space:]]* ]] ||
				opt=
		else
			# Short options: one that takes an argument takes the
			# rest of the word, or else the next word.
			for ((k = 1; k < ${#w}; k++)); do
				_spawn_short "${w:k:1}"
				if [[ $opt ]]; then
					((k + 1 < ${#w})) && opt=
					break
				fi
			done
		fi
	done

	if [[ $prog ]]; then
		_spawn_program "$prog" && return
	elif [[ $opt ]]; then
		_spawn_arg "$opt" "$cur" ""
	elif [[ $ddash || $cur != -* ]]; then
		# PROGRAM, unless this is a NAME=VALUE being typed.
		if [[ $cur != *=* || ${cur%%=*} == */* ]]; then
			_spawn_program "$i" && return
		fi
	elif [[ $cur == --*=* ]]; then
		opt=$(_spawn_long "${cur%%=*}")
		[[ $opt ]] && _spawn_arg "$opt" "${cur#*=}" "$opt="
	elif [[ $cur == --* ]] || ((${#cur} <= 2)); then
		COMPREPLY=($(compgen -W "$_spawn_opts_short $_spawn_opts_arg \
		    $_spawn_opts_flag" -- "$cur"))
	else
		# -Cdir and the like: the argument is in the same word.
		for ((k = 1; k < ${#cur}; k++)); do
			_spawn_short "${cur:k:1}"
			if [[ $opt ]]; then
				((k + 1 < ${#cur})) &&
					_spawn_arg "$opt" "${cur:k+1}" "${cur:0:k+1}"
				break
			fi
		done
		[[ $opt ]] || COMPREPLY=("$cur")
	fi

	# A candidate ending in '=', ':' or ',' wants more: no space after it.
	for w in "${COMPREPLY[@]}"; do
		[[ $w == *[=:,] ]] && compopt -o nospace 2>/dev/null && break
	done
	# Readline replaces only the text after the last COMP_WORDBREAKS
	# character in the word: cut what comes before it off every candidate.
	local wb=${COMP_WORDBREAKS//[[:space:]]/}
	if [[ $wb && $cur == *["$wb"]* ]]; then
		w=${cur%["$wb"]*}
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=${COMPREPLY[i]:${#w}+1}
		done
	fi
}

complete -F _spawn spawn
