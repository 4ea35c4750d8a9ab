/* SPDX-License-Identifier: MIT */
/* The one writer of the database format (FORMAT.md). */
#ifndef IPDB_WRITE_H
#define IPDB_WRITE_H

#include <stddef.h>

struct model;
struct stat;

/* Lay out the built model M as a database image: *IMG (malloc'd) of
   *LEN bytes, checksummed.  The same model always gives the same bytes.
   Returns 0, or -1 when the model does not fit the format. */
int ipdb_build(const struct model *m, unsigned char **img, size_t *len);

/* Write IMG to PATH atomically: a temporary file beside it (mode 0644),
   fsync, rename over PATH, fsync of the directory.  On failure PATH is
   untouched, the temporary file removed, and ERR (of ERRLEN bytes) says
   what failed.  Returns 0 or -1. */
int ipdb_write_file(const char *path, const unsigned char *img, size_t len,
    char *err, size_t errlen);

/* The same, but the rename replaces only what the caller saw at PATH:
   with OLD NULL, nothing (PATH must not exist); else the file of OLD's
   st_dev and st_ino.  Anything else found there at the rename stays
   (an exchange finds it, and swaps it back at once), and the call
   fails with errno EEXIST: the caller may look again and retry. */
int ipdb_write_over(const char *path, const unsigned char *img, size_t len,
    const struct stat *old, char *err, size_t errlen);

/* Make the new file FD mode 0644, write LEN bytes of BUF to it (again
   after a short write or EINTR), fsync it and close it: the bytes are
   on disk once it returns 0.  FD is closed in every case.  Else -1 with
   errno set, and *FAILED (unless FAILED is NULL) saying what failed for
   a message "cannot FAILED PATH": "set the mode of", "write" or
   "fsync". */
int ipdb_write_fd(int fd, const void *buf, size_t len, const char **failed);

/* Fsync the directory of PATH, after a rename into it: the rename is
   durable only once that is.  Best effort: a directory that cannot be
   opened is left as it is. */
void ipdb_sync_dir(const char *path);

/* A new temporary file beside PATH (PATH.tmpXXXXXX) holding the LEN
   bytes of IMG, on disk, mode 0644; its name in *TMP (malloc'd).  0; or
   -1 with errno set, *WHAT saying what failed, and no file left behind. */
int ipdb_write_temp(const char *path, const void *img, size_t len,
    char **tmp, const char **what);

/* Remove the temporary files (PATH.tmpXXXXXX) that a killed writer left
   beside PATH: those older than any write still running could be. */
void ipdb_remove_stale(const char *path);

#endif
