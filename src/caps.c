/*
 * caps.c: the one table of capability names, and --keep-caps lists.
 */
#include "caps.h"
#include "fmt.h"

#include <string.h>
#include <strings.h>

static const char *const cap_names[] = {
	"chown",
	"dac_override",
	"dac_read_search",
	"fowner",
	"fsetid",
	"kill",
	"setgid",
	"setuid",
	"setpcap",
	"linux_immutable",
	"net_bind_service",
	"net_broadcast",
	"net_admin",
	"net_raw",
	"ipc_lock",
	"ipc_owner",
	"sys_module",
	"sys_rawio",
	"sys_chroot",
	"sys_ptrace",
	"sys_pacct",
	"sys_admin",
	"sys_boot",
	"sys_nice",
	"sys_resource",
	"sys_time",
	"sys_tty_config",
	"mknod",
	"lease",
	"audit_write",
	"audit_control",
	"setfcap",
	"mac_override",
	"mac_admin",
	"syslog",
	"wake_alarm",
	"block_suspend",
	"audit_read",
	"perfmon",
	"bpf",
	"checkpoint_restore",
};

const char *
cap_name(int cap)
{
	return cap >= 0 &&
	               (size_t)cap < sizeof(cap_names) / sizeof(cap_names[0])
	           ? cap_names[cap]
	           : "?";
}

int
caps_parse(const char *list, uint64_t *set, char *msg, size_t len)
{
	const char *p = list;

	*set = 0;
	if (*list == '\0')
		return errorf(msg, len, "--keep-caps: empty list");
	for (;;) {
		const char *end = strchr(p, ',');
		size_t l = end ? (size_t)(end - p) : strlen(p), i;
		const char *name = p;

		if (l > 4 && strncasecmp(name, "cap_", 4) == 0) {
			name += 4;
			l -= 4;
		}
		for (i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
			if (strlen(cap_names[i]) == l &&
			    strncasecmp(cap_names[i], name, l) == 0)
				break;
		if (i == sizeof(cap_names) / sizeof(cap_names[0]))
			return errorf(msg, len,
			    "--keep-caps: unknown capability '%.*s'",
			    (int)(end ? (size_t)(end - p) : strlen(p)), p);
		*set |= (uint64_t)1 << i;
		if (end == NULL)
			return 0;
		p = end + 1;
	}
}
