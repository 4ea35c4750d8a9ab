/* SPDX-License-Identifier: MIT */
/* getaddrinfo(HOST, SERVICE) as a program would call it: prints the port
   of each result, once per socket type, e.g. "stream 80".  Exit 0 on
   success, 2 with gai_strerror() otherwise. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

int
main(int argc, char **argv)
{
	struct addrinfo hints, *res, *ai;
	int err, type;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: gai HOST SERVICE [tcp|udp]\n");
		return 1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_flags = AI_NUMERICHOST;
	if (argc == 4)
		hints.ai_socktype = strcmp(argv[3], "udp") ? SOCK_STREAM :
		    SOCK_DGRAM;
	err = getaddrinfo(argv[1], argv[2], &hints, &res);
	if (err) {
		fprintf(stderr, "gai: %s %s: %s\n", argv[1], argv[2],
		    gai_strerror(err));
		return 2;
	}
	for (type = 0, ai = res; ai; ai = ai->ai_next) {
		const struct sockaddr_in *sin = (const void *)ai->ai_addr;

		/* Raw sockets come too when no type is asked: skip them. */
		if (ai->ai_socktype == type || ai->ai_socktype == SOCK_RAW)
			continue;
		type = ai->ai_socktype;
		printf("%s %u\n", type == SOCK_STREAM ? "stream" :
		    type == SOCK_DGRAM ? "dgram" : "other",
		    ntohs(sin->sin_port));
	}
	freeaddrinfo(res);
	return 0;
}
