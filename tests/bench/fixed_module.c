/* SPDX-License-Identifier: MIT */
/* libnss_ianapfixed: a services module that answers every lookup with
 * the same entry, "http 80/tcp www", copied into the caller's buffer as
 * any module must.  Timing it measures what glibc costs around a module
 * that answers, with no lookup at all: the floor of a hit, beside the
 * null module's floor of a miss.
 */
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#define EXPORT __attribute__((visibility("default")))

NSS_DECLARE_MODULE_FUNCTIONS(ianapfixed)

static enum nss_status
fixed(struct servent *se, char *buf, size_t buflen, int *errnop)
{
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
}

EXPORT enum nss_status
_nss_ianapfixed_getservbyname_r(const char *name, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	(void)name, (void)proto;
	return fixed(se, buf, buflen, errnop);
}

EXPORT enum nss_status
_nss_ianapfixed_getservbyport_r(int port, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	(void)port, (void)proto;
	return fixed(se, buf, buflen, errnop);
}

EXPORT enum nss_status
_nss_ianapfixed_setservent(int stayopen)
{
	(void)stayopen;
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_ianapfixed_endservent(void)
{
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_ianapfixed_getservent_r(struct servent *se, char *buf, size_t buflen,
    int *errnop)
{
	(void)se, (void)buf, (void)buflen;
	*errnop = ENOENT;
	return NSS_STATUS_NOTFOUND;
}
