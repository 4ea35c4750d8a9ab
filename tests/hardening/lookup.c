/* SPDX-License-Identifier: MIT */
/* Lookups through glibc, from the module only: for valgrind, the
 * descriptor check and the setuid test.
 *
 *   lookup [-e] [-f] [-r N] [QUERY...]
 *	QUERY is name[/proto] or port[/proto]; each answer is printed as
 *	"QUERY<tab>name port/proto alias..." or "QUERY<tab>NOTFOUND".
 *	-e  walk every entry (printed unless -q), then "N entries"
 *	-q  with -e, print only the count
 *	-f  fail when a descriptor stays open after the lookups
 *	-r  do it all N times (a leak grows with N)
 * Exit: 0 all found, 3 some not found, 4 an answer not whole (see
 * serv_inside()), 1 a descriptor left open.
 */
#include <nss.h>
#include <unistd.h>

#include "servfmt.h"

int
main(int argc, char **argv)
{
	int enumerate = 0, quiet = 0, fdcheck = 0, rc = 0, c, i, before;
	long rounds = 1, r, n;
	struct servent se, *res;
	char buf[4096], line[8192];

	while ((c = getopt(argc, argv, "efqr:")) != -1) {
		switch (c) {
		case 'e': enumerate = 1; break;
		case 'f': fdcheck = 1; break;
		case 'q': quiet = 1; break;
		case 'r': rounds = atol(optarg); break;
		default: return 2;
		}
	}
	/* Like getent -s: this module and no other, whatever nsswitch.conf
	   says. */
	__nss_configure_lookup("services", "ianaports");
	before = count_fds();
	for (r = 0; r < rounds; r++) {
		for (i = optind; i < argc; i++) {
			c = serv_lookup(argv[i], line, sizeof(line));
			if (c == -2)
				rc = 4;
			else if (c && rc != 4)
				rc = 3;
			if (r == 0)
				printf("%s\t%s\n", argv[i], line);
		}
		if (!enumerate)
			continue;
		setservent(0);
		for (n = 0; getservent_r(&se, buf, sizeof(buf), &res) == 0 &&
		    res; n++) {
			if (!serv_inside(res, buf, sizeof(buf))) {
				snprintf(line, sizeof(line), "MALFORMED");
				rc = 4;
			} else {
				serv_format(res, line, sizeof(line));
			}
			if (r == 0 && !quiet)
				puts(line);
		}
		endservent();
		if (r == 0)
			printf("%ld entries\n", n);
	}
	if (fdcheck) {
		int after = count_fds();

		printf("descriptors: %d before, %d after\n", before, after);
		if (after != before)
			return 1;
	}
	return rc;
}
