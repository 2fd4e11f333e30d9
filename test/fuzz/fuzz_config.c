/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

/*
 * libFuzzer target: any bytes as a configuration file. Loading must end
 * in success or in an error message that names the file, never in a crash.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app_config cfg;
	static char path[64];
	char err[512];
	FILE *f;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "%s/fuzz-config-%d.ini",
			access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
			(int)getpid());
	f = fopen(path, "wb");
	if (f == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (app_config_load(path, &cfg, err, sizeof(err)) != 0 &&
	    strstr(err, path) == NULL)
		__builtin_trap();
	app_config_free(&cfg);
	return 0;
}
