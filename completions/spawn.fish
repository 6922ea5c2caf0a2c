# fish completion for spawn(1): options build one execution plan, then
# PROGRAM [ARG]... runs under it.  Install as
# ~/.config/fish/completions/spawn.fish or in $fish_complete_path.

# Long options that take an argument: the word after one is its argument.
set -g __spawn_arg_opts block-waiting ignore-waiting forward timeout signals \
    ignore block preserve label split-string path argv0 exec-fd unset env \
    envdir fd rlimit lock lock-nowait set-ctty sched-policy sched-priority \
    nice cpus pdeathsig user uid gid ruid euid rgid egid groups keep-caps \
    nsenter-user nsenter-mount nsenter-uts nsenter-ipc nsenter-net \
    nsenter-pid nsenter-cgroup nsenter-time chroot-before chdir-before \
    chroot chdir chdir-fd umask jail-before jail-after
set -g __spawn_signals HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 \
    PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM \
    PROF WINCH IO PWR SYS RTMIN RTMAX

# Print the position (in `commandline -opc`) of PROGRAM, the first word that
# is neither an option, an option's argument, nor NAME=VALUE; fail if it has
# not been reached.  With -a, also succeed (printing the next position) when
# the word being completed is PROGRAM.
function __spawn_program_at
    set -l words (commandline -opc)
    set -l n (count $words)
    set -l i 1
    set -l need 0
    set -l ddash 0
    while test $i -lt $n
        set i (math $i + 1)
        set -l w $words[$i]
        if test $need = 1
            set need 0
        else if string match -qr '^[^/=]*=' -- $w
            and begin
                test $ddash = 1; or not string match -q -- '-*' $w
            end
            continue # NAME=VALUE
        else if test $ddash = 1; or not string match -qr -- '^-.' $w
            echo $i
            return 0
        else if test "$w" = --
            set ddash 1
        else if string match -q -- '--*=*' $w
            continue
        else if string match -q -- '--*' $w
            # A unique abbreviation counts, as with getopt_long.
            set -l name (string sub -s 3 -- $w)
            set -l m (string match -- "$name*" $__spawn_arg_opts)
            if contains -- $name $__spawn_arg_opts; or test (count $m) = 1
                set need 1
            end
        else if string match -qr -- '^-[^SaueC]*[SaueC]$' $w
            set need 1 # the short option's argument is the next word
        end
    end
    if test "$argv[1]" = -a; and test $need = 0
        set -l cur (commandline -ct)
        if test $ddash = 1; or not string match -q -- '-*' $cur
            echo (math $n + 1)
            return 0
        end
    end
    return 1
end

# Complete PROGRAM, then hand its arguments to its own completion.
function __spawn_program
    set -l at (__spawn_program_at -a); or return
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    if test $at -gt (count $words)
        string match -qr '^[^/=]*=' -- $cur; and return # NAME=VALUE
        __fish_complete_command
    else
        complete -C (string join ' ' -- (string escape -- $words[$at..-1]) $cur)
    end
end

# The value being completed, without a leading --option= or -C.
function __spawn_value
    commandline -ct | string replace -r -- '^(--[^=]*=|-[^-SaueC]*[SaueC])' ''
end

function __spawn_dirs
    __fish_complete_directories (__spawn_value)
end

# Complete the last item of a comma list from the arguments, leaving out
# items already given.
function __spawn_list
    set -l v (__spawn_value)
    set -l items (string split , -- $v)
    set -e items[-1]
    set -l head (string join , -- $items)
    test -n "$head"; and set head "$head,"
    set items (string upper -- $items | string replace -r '^SIG' '')
    for w in $argv
        contains -- (string upper -- $w) $items; or echo "$head$w"
    end
end

# Signal names for a comma list, less those given with -x.
function __spawn_sigs
    argparse 'x=+' -- $argv; or return
    set -l names
    for s in $__spawn_signals
        contains -- $s $_flag_x; or set -a names $s
    end
    __spawn_list $names
end

function __spawn_rlimit
    string match -q -- '*=*' (__spawn_value); and return
    printf '%s=\tLinux resource\n' as core cpu data fsize locks memlock \
        msgqueue nice nofile nproc rss rtprio rttime sigpending stack
    printf '%s=\tlogin.conf name\n' cputime filesize datasize stacksize \
        coredumpsize memoryuse maxproc openfiles memorylocked vmemoryuse
end

# --fd N=ACTION; open: takes a path.
function __spawn_fd
    set -l v (__spawn_value)
    set -l n (string match -r -- '^[0-9]+=' $v)
    if test -z "$n"
        string match -qr -- '^[0-9]+$' $v; and echo "$v="
    else if string match -q -- '*=open:*' $v
        set -l p (string replace -r -- '^[0-9]+=open:' '' $v)
        printf '%s\n' $n'open:'(__fish_complete_path $p | string replace -r '\t.*' '')
    else
        printf "$n%s\n" close null inherit inherit: copy: open:
    end
end

# --user USER or USER:GROUP.
function __spawn_user
    set -l v (__spawn_value)
    if string match -q -- '*:*' $v
        set -l u (string replace -r -- ':.*' '' $v)
        __fish_complete_groups | string replace -r -- '^' "$u:"
    else
        __fish_complete_users
    end
end

function __spawn_caps
    __spawn_list chown dac_override dac_read_search fowner fsetid kill setgid \
        setuid setpcap linux_immutable net_bind_service net_broadcast \
        net_admin net_raw ipc_lock ipc_owner sys_module sys_rawio sys_chroot \
        sys_ptrace sys_pacct sys_admin sys_boot sys_nice sys_resource \
        sys_time sys_tty_config mknod lease audit_write audit_control \
        setfcap mac_override mac_admin syslog wake_alarm block_suspend \
        audit_read perfmon bpf checkpoint_restore
end

# Options are offered only before PROGRAM and "--".
set -l o 'not __spawn_program_at -a; and not contains -- -- (commandline -opc)'
set -l sp '__spawn_program_at -a'

complete -c spawn -n $sp -f -a '(__spawn_program)'

# Modes and messages
complete -c spawn -n $o -s w -l wait -d 'Fork, apply the plan in the child, wait'
complete -c spawn -n $o -s n -d 'Print the plan, run nothing'
complete -c spawn -n $o -l dry-run -d 'Print the plan (=text or =json)'
complete -c spawn -n "$o; and string match -q -- '--dry-run=*' (commandline -ct)" \
    -f -a '--dry-run=text --dry-run=json'
complete -c spawn -n $o -s v -l verbose -d 'Trace each step to stderr'
complete -c spawn -n $o -s q -l quiet -d 'Print no error or warning text'
complete -c spawn -n $o -l label -x -d 'Prefix for messages'
complete -c spawn -n $o -s S -l split-string -x -d 'Split STRING into words'
complete -c spawn -n $o -s h -l help -d 'Show the help and exit'
complete -c spawn -n $o -s V -l version -d 'Show the version and exit'

# The program
complete -c spawn -n $o -l path -x -a '(__spawn_dirs)' -d 'Search these directories, not PATH'
complete -c spawn -n $o -l no-search -d 'PROGRAM is a path, never searched'
complete -c spawn -n $o -s a -l argv0 -x -d 'argv[0] for the program'
complete -c spawn -n $o -l exec-fd -x -d 'Execute the file open on fd N'

# Environment
complete -c spawn -n $o -s i -l clean-env -l ignore-environment -d 'Start from an empty environment'
complete -c spawn -n $o -s u -l unset -x -a '(set -nx)' -d 'Remove a variable'
complete -c spawn -n $o -s e -l env -x -a '(set -nx | string replace -r \'$\' =)' -d 'Set NAME=VALUE'
complete -c spawn -n $o -l envdir -x -a '(__spawn_dirs)' -d 'Variables from the files in DIR'

# Waiting (with --wait)
complete -c spawn -n $o -l block-waiting -x -a '(__spawn_sigs -x KILL -x STOP)' -d 'Block signals while waiting'
complete -c spawn -n $o -l ignore-waiting -x -a '(__spawn_sigs -x KILL -x STOP -x CHLD)' -d 'Ignore signals while waiting'
complete -c spawn -n $o -l forward -x -a '(__spawn_sigs -x KILL -x STOP -x CHLD)' -d 'Forward signals to the child'
complete -c spawn -n $o -l forward-group -d "Forward to the child's process group"
complete -c spawn -n $o -l subreaper -d 'Reap orphans'
complete -c spawn -n $o -l timeout -x -d 'TERM the child after DURATION[:KILL_AFTER]'

# Signals
complete -c spawn -n $o -l signals -x -a 'reset preserve' -d 'Reset or keep ignored signals and mask'
complete -c spawn -n $o -l ignore -x -a '(__spawn_sigs -x KILL -x STOP)' -d 'Start with signals ignored'
complete -c spawn -n $o -l block -x -a '(__spawn_sigs -x KILL -x STOP)' -d 'Start with signals blocked'
complete -c spawn -n $o -l preserve -x -a '(__spawn_sigs)' -d "Keep the caller's state of signals"

# Session, terminal, scheduling
complete -c spawn -n $o -l new-session -d 'setsid()'
complete -c spawn -n $o -l process-group -d 'A process group of its own (or =PGID)'
complete -c spawn -n $o -l foreground-tty -d 'Make the group the foreground (or =FD)'
complete -c spawn -n $o -l set-ctty -x -d 'Make FD the controlling terminal'
complete -c spawn -n $o -l sched-policy -x -a 'other batch idle fifo rr' -d 'Scheduling policy'
complete -c spawn -n $o -l sched-priority -x -d 'Priority 1-99 for fifo and rr'
complete -c spawn -n $o -l sched-reset-on-fork -d 'Children go back to the default policy'
complete -c spawn -n $o -l nice -x -d 'Add N to the nice value'
complete -c spawn -n $o -l cpus -x -d 'CPU affinity (0-3,6)'
complete -c spawn -n $o -l pdeathsig -x -a '$__spawn_signals' -d 'Signal when the parent exits'

# Identity
complete -c spawn -n $o -l user -x -a '(__spawn_user)' -d 'Uid, gid and groups of USER[:GROUP]'
complete -c spawn -n $o -l uid -x -a '(__fish_complete_users)' -d 'Real, effective and saved uid'
complete -c spawn -n $o -l gid -x -a '(__fish_complete_groups)' -d 'Real, effective and saved gid'
complete -c spawn -n $o -l ruid -x -a '(__fish_complete_users)' -d 'Real uid'
complete -c spawn -n $o -l euid -x -a '(__fish_complete_users)' -d 'Effective uid'
complete -c spawn -n $o -l rgid -x -a '(__fish_complete_groups)' -d 'Real gid'
complete -c spawn -n $o -l egid -x -a '(__fish_complete_groups)' -d 'Effective gid'
complete -c spawn -n $o -l groups -x -a '(__spawn_list (__fish_complete_groups | string replace -r "\t.*" ""))' -d 'Supplementary groups'
complete -c spawn -n $o -l clear-groups -d 'No supplementary groups'
complete -c spawn -n $o -l init-groups -d "The target user's database groups"
complete -c spawn -n $o -l set-home -d 'HOME, USER and LOGNAME from the user'
complete -c spawn -n $o -l keep-caps -x -a '(__spawn_caps)' -d 'Keep capabilities after the uid drop'
complete -c spawn -n $o -l reset-ids -d 'Effective ids := real ids'
complete -c spawn -n $o -l no-new-privs -d 'Set PR_SET_NO_NEW_PRIVS'

# Namespaces: PATH or fd:N
for ns in user mount uts ipc net pid cgroup time
    complete -c spawn -n $o -l nsenter-$ns -r -F -a 'fd:' -d "Enter this $ns namespace"
end

# File descriptors and resources
complete -c spawn -n $o -l fd -x -a '(__spawn_fd)' -d 'N=ACTION'
complete -c spawn -n $o -l rlimit -x -a '(__spawn_rlimit)' -d 'NAME=LIMIT or NAME=SOFT:HARD'
complete -c spawn -n $o -l lock -r -F -d 'Hold an exclusive flock on FILE'
complete -c spawn -n $o -l lock-nowait -r -F -d 'The same, but fail if it is held'

# Directories
complete -c spawn -n $o -l chroot-before -x -a '(__spawn_dirs)' -d 'chroot before the fds'
complete -c spawn -n $o -l chdir-before -x -a '(__spawn_dirs)' -d 'chdir before the fds'
complete -c spawn -n $o -l chroot -x -a '(__spawn_dirs)' -d 'chroot to DIR'
complete -c spawn -n $o -s C -l chdir -x -a '(__spawn_dirs)' -d 'Final working directory'
complete -c spawn -n $o -l chdir-fd -x -d 'Final working directory: fd N'
complete -c spawn -n $o -l umask -x -d 'Set the umask (octal)'
complete -c spawn -n $o -l jail-before -x -d 'FreeBSD jail (refused on Linux)'
complete -c spawn -n $o -l jail-after -x -d 'FreeBSD jail (refused on Linux)'
