/* SPDX-License-Identifier: MIT */
/* libnss_ianapnull: a services module that knows nothing.  Every lookup
 * answers NOTFOUND at once, so timing a lookup through it measures what
 * glibc's own dispatch costs around any module: the benchmark's floor.
 */
#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stddef.h>

#define EXPORT __attribute__((visibility("default")))

NSS_DECLARE_MODULE_FUNCTIONS(ianapnull)

EXPORT enum nss_status
_nss_ianapnull_getservbyname_r(const char *name, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	(void)name, (void)proto, (void)se, (void)buf, (void)buflen;
	*errnop = ENOENT;
	return NSS_STATUS_NOTFOUND;
}

EXPORT enum nss_status
_nss_ianapnull_getservbyport_r(int port, const char *proto,
    struct servent *se, char *buf, size_t buflen, int *errnop)
{
	(void)port, (void)proto, (void)se, (void)buf, (void)buflen;
	*errnop = ENOENT;
	return NSS_STATUS_NOTFOUND;
}

EXPORT enum nss_status
_nss_ianapnull_setservent(int stayopen)
{
	(void)stayopen;
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_ianapnull_endservent(void)
{
	return NSS_STATUS_SUCCESS;
}

EXPORT enum nss_status
_nss_ianapnull_getservent_r(struct servent *se, char *buf, size_t buflen,
    int *errnop)
{
	(void)se, (void)buf, (void)buflen;
	*errnop = ENOENT;
	return NSS_STATUS_NOTFOUND;
}
