/* SPDX-License-Identifier: MIT */
/* getservbyport with bits above the port's 16 in its argument.
 *
 *   portbits SOURCE
 *
 * Asks SOURCE (an NSS service, as __nss_configure_lookup takes it) for
 * a few ports, each as glibc wants it (htons) and with other bits set
 * above: one line "ARGUMENT PROTO<tab>answer" each.  nss_files answers
 * only the argument whose upper 16 bits are zero; so must the module.
 */
#include <nss.h>

#include "servfmt.h"

int
main(int argc, char **argv)
{
	static const unsigned ports[] = { 22, 53, 80 };
	static const unsigned high[] = { 0, 0x10000, 0x150000, 0x7fff0000,
	    0x80000000, 0xffff0000 };
	static const char *const protos[] = { NULL, "tcp", "udp" };
	struct servent se, *res;
	char buf[4096], line[8192];
	size_t p, h, k;
	int arg;

	if (argc != 2) {
		fprintf(stderr, "usage: portbits SOURCE\n");
		return 2;
	}
	__nss_configure_lookup("services", argv[1]);
	for (p = 0; p < sizeof(ports) / sizeof(*ports); p++)
		for (h = 0; h < sizeof(high) / sizeof(*high); h++)
			for (k = 0; k < 3; k++) {
				arg = (int)(high[h] | htons((uint16_t)ports[p]));
				res = NULL;
				if (getservbyport_r(arg, protos[k], &se, buf,
				    sizeof(buf), &res) || !res)
					snprintf(line, sizeof(line), "NOTFOUND");
				else
					serv_format(res, line, sizeof(line));
				printf("0x%08x %s\t%s\n", (unsigned)arg,
				    protos[k] ? protos[k] : "-", line);
			}
	return 0;
}
