/* SPDX-License-Identifier: MIT */
/* ipcold SERVICE QUERY: a fresh process's first lookup, and nothing else.
 *
 * QUERY is NAME/PROTO or PORT/PROTO (no "/PROTO": any protocol).  SERVICE
 * is set with __nss_configure_lookup, as glibc's own tests do; the one
 * getservbyname_r or getservbyport_r through glibc is timed between two
 * clock reads, wall and this thread's CPU time (on a busy machine the
 * second leaves out the time others had the CPU), and its minor faults
 * and resident memory are read around those.  Prints
 * "ns=N cpu_ns=N minflt=N majflt=N kib=N found=0|1".  It is small
 * and links libc only, so that the process around the lookup costs what
 * any small program's does; the benchmark runs it many times (cold.c).
 */
#include <fcntl.h>
#include <netdb.h>
#include <nss.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/resource.h>

/* Resident KiB from /proc/self/statm, read without stdio: no allocation
   between the two readings. */
static long
resident_kib(void)
{
	char buf[128], *sp;
	ssize_t n;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	if (!(sp = strchr(buf, ' ')))
		return -1;
	return strtol(sp + 1, NULL, 10) * (sysconf(_SC_PAGESIZE) / 1024);
}

static long long
ns_between(const struct timespec *a, const struct timespec *b)
{
	return (long long)(b->tv_sec - a->tv_sec) * 1000000000 +
	    (b->tv_nsec - a->tv_nsec);
}

int
main(int argc, char **argv)
{
	char buf[4096], spec[256], *proto;
	struct servent se, *res = NULL;
	struct rusage r0, r1;
	struct timespec t0, t1, c0, c1;
	long kib0, kib1;
	int port = -1;

	if (argc != 3 || strlen(argv[2]) >= sizeof spec) {
		fputs("usage: ipcold SERVICE NAME[/PROTO]|PORT[/PROTO]\n",
		    stderr);
		return 2;
	}
	strcpy(spec, argv[2]);
	if ((proto = strchr(spec, '/')))
		*proto++ = 0;
	if (spec[0] && spec[strspn(spec, "0123456789")] == 0)
		port = atoi(spec);
	if (__nss_configure_lookup("services", argv[1]))
		return 2;
	/* The buffer's pages and the vDSO's clock, faulted in before. */
	memset(buf, 0, sizeof buf);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	kib0 = resident_kib();
	getrusage(RUSAGE_SELF, &r0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (port >= 0)
		getservbyport_r((int)htons((uint16_t)port), proto, &se, buf,
		    sizeof buf, &res);
	else
		getservbyname_r(spec, proto, &se, buf, sizeof buf, &res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
	getrusage(RUSAGE_SELF, &r1);
	kib1 = resident_kib();
	printf("ns=%lld cpu_ns=%lld minflt=%ld majflt=%ld kib=%ld "
	    "found=%d\n", ns_between(&t0, &t1), ns_between(&c0, &c1),
	    r1.ru_minflt - r0.ru_minflt, r1.ru_majflt - r0.ru_majflt,
	    kib1 - kib0, res != NULL);
	return 0;
}
