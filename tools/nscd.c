/* SPDX-License-Identifier: MIT */
/* Ask a running nscd to forget the services it cached. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

#include "cli.h"

void
nscd_invalidate(void)
{
	char *args[] = { "nscd", "-i", "services", NULL };
	posix_spawn_file_actions_t fa;
	extern char **environ;
	int status;
	pid_t pid;

	/* Without nscd (not installed, not running) there is nothing to
	   tell, which is no error: its own messages would only confuse. */
	fflush(stdout);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "nscd", &fa, NULL, args, environ) == 0 &&
	    waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		printf("nscd: services cache invalidated\n");
	posix_spawn_file_actions_destroy(&fa);
}
