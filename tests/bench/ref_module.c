/* SPDX-License-Identifier: MIT */
/* The benchmark's two reference modules, built from this one file:
 *
 * libnss_ianapnull (NAME=ianapnull): a services module that knows
 *   nothing.  Every lookup answers NOTFOUND at once, so timing a lookup
 *   through it measures what glibc's own dispatch costs around any
 *   module: the benchmark's floor.
 * libnss_ianapfixed (NAME=ianapfixed, FIXED_ANSWER): every lookup is
 *   answered with the same entry, "http 80/tcp www", copied into the
 *   caller's buffer as any module must: what glibc costs around a module
 *   that answers, with no lookup at all.
 * libnss_ianapmapped (NAME=ianapmapped, MAP_DB): the null module that
 *   first maps the database ($IANAPORTS_DB) as ianaports does (open,
 *   fstat, mmap, close) and reads its header: the least that any module
 *   serving from a mapped file adds to a fresh process's first lookup.
 * libnss_ianapread (NAME=ianapread, READ_DB): the null module that
 *   first reads the database's first page with pread() instead (open,
 *   fstat, pread, close), mapping nothing: the least that any module
 *   reading the file at all adds, however it reads it.
 */
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#if defined MAP_DB || defined READ_DB
#define TOUCH_DB
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#endif

#define EXPORT __attribute__((visibility("default")))
#define CAT3(a, b, c) a##b##c
#define FN(name, fn) CAT3(_nss_, name, fn)
#define ENTRY(fn) FN(NAME, fn)
#define DECLARE(name) NSS_DECLARE_MODULE_FUNCTIONS(name)

DECLARE(NAME)

#ifdef TOUCH_DB
/* Open the database once, map it and read its first byte, or read its
   first page into the stack, and close it. */
static void
touch_file(void)
{
	static int done;
	const char *path = secure_getenv("IANAPORTS_DB");
	struct stat st;
	int fd;

	if (done || !path || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	done = 1;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
#ifdef MAP_DB
		const volatile unsigned char *image = mmap(NULL,
		    (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (image != MAP_FAILED)
			(void)image[0];
#else
		unsigned char page[4096];
		ssize_t n = pread(fd, page, sizeof page, 0);

		(void)n;	/* read, or not: the cost is the same */
#endif
	}
	close(fd);
}
#endif

static enum nss_status
answer(struct servent *se, char *buf, size_t buflen, int *errnop)
{
#ifdef FIXED_ANSWER
	static const char name[] = "http", alias[] = "www", proto[] = "tcp";
	size_t pad = -(uintptr_t)buf & (alignof(char *) - 1);
	size_t head = pad + 2 * sizeof(char *);
	char **aliases = (char **)(void *)(buf + pad), *p = buf + head;

	if (buflen < head + sizeof(name) + sizeof(alias) + sizeof(proto)) {
		*errnop = ERANGE;
		return NSS_STATUS_TRYAGAIN;
	}
	se->s_name = memcpy(p, name, strlen(name) + 1);
	p += strlen(name) + 1;
	aliases[0] = memcpy(p, alias, strlen(alias) + 1);
	p += strlen(alias) + 1;
	aliases[1] = NULL;
	se->s_aliases = aliases;
	se->s_proto = memcpy(p, proto, strlen(proto) + 1);
	se->s_port = (int)htons(80);
	return NSS_STATUS_SUCCESS;
#else
	(void)se, (void)buf, (void)buflen;
#ifdef TOUCH_DB
	touch_file();
#endif
	*errnop = ENOENT;
	return NSS_STATUS_NOTFOUND;
#endif
}

EXPORT enum nss_status
ENTRY(_getservbyname_r)(const char *name, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	(void)name, (void)proto;
	return answer(se, buf, buflen, errnop);
}

EXPORT enum nss_status
ENTRY(_getservbyport_r)(int port, const char *proto, struct servent *se,
    char *buf, size_t buflen, int *errnop)
{
	(void)port, (void)proto;
	return answer(se, buf, buflen, errnop);
}

EXPORT enum nss_status
ENTRY(_setservent)(int stayopen)
{
	(void)stayopen;
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
ENTRY(_endservent)(void)
{
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
ENTRY(_getservent_r)(struct servent *se, char *buf, size_t buflen,
    int *errnop)
{
	(void)se, (void)buf, (void)buflen;
	*errnop = ENOENT;
	return NSS_STATUS_NOTFOUND;
}
