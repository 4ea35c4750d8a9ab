/* SPDX-License-Identifier: MIT */
/* CRC-32C (Castagnoli), bitwise-reflected, table driven. */
#include "ipdb.h"

/* Built at compile time so the module has no constructor and no lock. */
#define P 0x82f63b78u
#define B1(c) (((c) & 1) ? ((c) >> 1) ^ P : (c) >> 1)
#define B2(c) B1(B1(c))
#define B4(c) B2(B2(c))
#define B8(c) B4(B4(c))
#define R1(n) B8((uint32_t)(n))
#define R4(n) R1(n), R1(n + 1), R1(n + 2), R1(n + 3)
#define R16(n) R4(n), R4(n + 4), R4(n + 8), R4(n + 12)
#define R64(n) R16(n), R16(n + 16), R16(n + 32), R16(n + 48)

static const uint32_t crc_table[256] = {
	R64(0), R64(64), R64(128), R64(192)
};

static uint32_t
crc_soft(uint32_t crc, const unsigned char *p, size_t len)
{
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <string.h>

/* SSE4.2 computes exactly this CRC, eight bytes an instruction: verify
   runs over the whole file on every compile and update. */
__attribute__((target("sse4.2"))) static uint32_t
crc_sse42(uint32_t crc, const unsigned char *p, size_t len)
{
	unsigned long long c = crc, w;

	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&w, p, 8);
		c = __builtin_ia32_crc32di(c, w);
	}
	crc = (uint32_t)c;
	while (len--)
		crc = __builtin_ia32_crc32qi(crc, *p++);
	return crc;
}

static int
have_sse42(void)
{
	unsigned a, b, c, d;

	return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_2);
}
#endif

uint32_t
ipdb_crc32c(uint32_t crc, const void *buf, size_t len)
{
#if defined(__x86_64__)
	if (have_sse42())
		return ~crc_sse42(~crc, buf, len);
#endif
	return ~crc_soft(~crc, buf, len);
}
