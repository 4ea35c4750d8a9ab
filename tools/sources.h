/* SPDX-License-Identifier: MIT */
/* The sources `ianaports compile` reads when it is given none. */
#ifndef SOURCES_H
#define SOURCES_H

#include <stddef.h>
#include <stdio.h>

#define SOURCES_FILE IANAPORTS_SYSCONFDIR "/ianaports/sources"
/* The copy `ianaports update` keeps, and the snapshot shipped with the
   project: the two registries the defaults choose between. */
#define KEPT_REGISTRY IANAPORTS_DBDIR "/registry.xml"
#define SHIPPED_REGISTRY IANAPORTS_DATADIR "/service-names-port-numbers.xml"

/* Read a sources list from F: one source a line, '#' comments; several
   paths on a line are alternatives, of which the readable one stating
   the newest registry date is used (the first listed among equals, a
   path with no date after any with one).  When FRESH is not NULL, a
   path equal to KEPT_REGISTRY or to KEPT stands for FRESH, readable or
   not; *USED then says whether FRESH was chosen.  The chosen paths
   (malloc'd) go to *OUT, their number to *N.  Returns 0. */
int sources_read(FILE *f, const char *fresh, const char *kept, char ***out,
    size_t *n, int *used);
/* The same from SOURCES_FILE, or from the built-in list (packaging's
   sources.conf) when that file is absent. */
int sources_default(const char *fresh, const char *kept, char ***out,
    size_t *n, int *used);
/* Free what sources_read() returned. */
void sources_free(char **list, size_t n);
/* Of the N PATHS, the index of the readable one stating the newest
   registry date as above; -1 when none is readable. */
long sources_newest(char *const *paths, size_t n);

#endif
