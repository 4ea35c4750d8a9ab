/* SPDX-License-Identifier: MIT */
/* Ask a running nscd to forget the services it cached. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Where glibc's nscd listens (_PATH_NSCDSOCKET). */
#define NSCD_SOCKET "/var/run/nscd/socket"

/* nscd asks its copy of the module again as soon as its cache is gone,
   and the module notices a replaced database at its first lookup in a
   later second than its last look (nss/nss_ianaports.c): asked within
   the second of the rename, nscd would cache the old answers anew, for
   hours.  So the request waits for the next second. */
static void
next_second(void)
{
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	time_t now = time(NULL);

	while (time(NULL) == now)
		nanosleep(&nap, NULL);
}

int
nscd_invalidate(void)
{
	char *args[] = { "nscd", "-i", "services", NULL };
	posix_spawn_file_actions_t fa;
	extern char **environ;
	int status, told = 0;
	pid_t pid;

	if (!access(NSCD_SOCKET, F_OK))
		next_second();
	/* Without nscd (not installed, not running) there is nothing to
	   tell, which is no error: its own messages would only confuse. */
	fflush(stdout);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "nscd", &fa, NULL, args, environ) == 0 &&
	    waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		told = 1;
	posix_spawn_file_actions_destroy(&fa);
	return told;
}
