/* SPDX-License-Identifier: MIT */
/* Many threads make a process's very first lookup at the same moment:
   every one must be answered, none may see "no database" while another
   thread is still opening it.  Prints the count of failed lookups. */
#include <netdb.h>
#include <nss.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define NTHREADS 16

static atomic_int go, failed;

static void *
first(void *arg)
{
	struct servent se, *res = NULL;
	char buf[1024];

	while (!atomic_load(&go))
		;
	if (getservbyname_r("kerberos-adm", "tcp", &se, buf, sizeof(buf),
	    &res) || !res)
		atomic_fetch_add(&failed, 1);
	return arg;
}

int
main(void)
{
	pthread_t t[NTHREADS];
	int i;

	__nss_configure_lookup("services", "ianaports");
	for (i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, first, NULL))
			return 2;
	atomic_store(&go, 1);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	printf("%d\n", atomic_load(&failed));
	return 0;
}
