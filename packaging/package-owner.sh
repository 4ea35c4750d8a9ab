#!/bin/sh
# SPDX-License-Identifier: MIT
# Print the name of the installed package (dpkg or rpm) that owns PATH,
# and exit 0; exit 1 when none does.  'make install' must not write over
# a packaged file, nor 'make uninstall' take one away: dpkg or rpm would
# then believe in a file that is someone else's, or gone.
# usage: package-owner.sh PATH
set -u
# dpkg knows a file by the path its package gave, and /usr/lib/x is
# /lib/x on a merged /usr: ask for both spellings.
case $1 in
/usr/*) alias=${1#/usr} ;;
*) alias=/usr$1 ;;
esac
for f in "$1" "$alias"; do
	p=$(dpkg-query -S "$f" 2>/dev/null) && { echo "${p%%:*}"; exit 0; }
done
p=$(rpm -qf "$1" 2>/dev/null) && { echo "$p"; exit 0; }
exit 1
