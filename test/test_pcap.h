/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The dpdk-carp authors
 */

#ifndef CARP_TEST_PCAP_H
#define CARP_TEST_PCAP_H

/**
 * @file
 * Reading the recorded test vectors (test/data/ *.pcap) for the autotests.
 * Header-only so that each autotest that needs real frames can include it
 * without another object in the runner.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "test.h"

#define TEST_FRAME_MAX	1518
#define TEST_PCAP_MAX	64

struct test_frame {
	size_t len;
	uint8_t data[TEST_FRAME_MAX];
};

/**
 * Read every frame of the capture name (a file in test_vectors_dir()).
 * @return the number of frames read, or -1 (with the reason printed) if
 *   the file cannot be read, holds more than max frames or a frame that
 *   was cut short by the capture's snap length.
 */
static inline int
test_pcap_read(const char *name, struct test_frame *f, unsigned int max)
{
	char path[512], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned int n = 0;
	pcap_t *p;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", test_vectors_dir(), name);
	p = pcap_open_offline(path, err);
	if (p == NULL) {
		printf("  cannot open %s: %s\n", path, err);
		return -1;
	}
	while ((ret = pcap_next_ex(p, &h, &data)) == 1) {
		if (n == max || h->caplen != h->len ||
		    h->caplen > TEST_FRAME_MAX) {
			printf("  %s: frame %u too long, cut or one too many\n",
				path, n + 1);
			pcap_close(p);
			return -1;
		}
		f[n].len = h->caplen;
		memcpy(f[n].data, data, h->caplen);
		n++;
	}
	if (ret != PCAP_ERROR_BREAK)
		printf("  %s: read error: %s\n", path, pcap_geterr(p));
	pcap_close(p);
	return ret == PCAP_ERROR_BREAK ? (int)n : -1;
}

/**
 * True if f is an IPv4 datagram of protocol 112 in an untagged Ethernet
 * frame, judged from the raw bytes so that the tests that select the
 * advertisements of a capture do not depend on the parser under test.
 */
static inline int
test_frame_is_carp(const struct test_frame *f)
{
	return f->len >= 34 && f->data[12] == 0x08 && f->data[13] == 0x00 &&
		f->data[23] == 112;
}

#endif /* CARP_TEST_PCAP_H */
