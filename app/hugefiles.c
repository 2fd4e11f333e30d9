/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * The hugepage files of this run, removed at exit. EAL keeps the pages it
 * reserved at start-up (-m) in files named <file-prefix>map_<n> on every
 * hugetlbfs mount, so that secondary processes (dpdk-dumpcap) can map them
 * while we run; rte_eal_cleanup() leaves them behind, and their pages stay
 * taken until someone deletes them. Only the primary holding the prefix
 * can own them: EAL refuses a second primary with the same prefix.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <mntent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>

#include "app.h"
#include "hugefiles.h"

static char prefix[NAME_MAX];

void
hugefiles_note(void)
{
	const char *dir = rte_eal_get_runtime_dir();
	const char *base = strrchr(dir, '/');

	prefix[0] = '\0';
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return;
	snprintf(prefix, sizeof(prefix), "%smap_",
		base != NULL ? base + 1 : dir);
}

/* Remove this run's files from one mount; return how many went. */
static unsigned int
clear_dir(const char *dir, size_t plen)
{
	char path[PATH_MAX];
	struct dirent *e;
	unsigned int n = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, plen) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) == 0)
			n++;
		else
			APP_LOG(WARNING, "cannot remove %s: %s", path,
				strerror(errno));
	}
	closedir(d);
	return n;
}

void
hugefiles_remove(void)
{
	size_t plen = strlen(prefix);
	unsigned int n = 0;
	struct mntent *m;
	FILE *f;

	if (plen == 0)
		return;
	f = setmntent("/proc/mounts", "r");
	if (f == NULL)
		return;
	while ((m = getmntent(f)) != NULL)
		if (strcmp(m->mnt_type, "hugetlbfs") == 0)
			n += clear_dir(m->mnt_dir, plen);
	endmntent(f);
	if (n > 0)
		APP_LOG(INFO, "removed %u hugepage file(s) of this run", n);
}
