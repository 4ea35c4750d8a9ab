#!/bin/sh
# SPDX-License-Identifier: MIT
# Undo a 'make install' from the manifest it wrote, whatever variables
# (prefix, DESTDIR, ...) it was given: one entry a line,
#   f PATH         a file install put
#   c CKSUM PATH   a configuration file: removed only if unedited
#   d PATH         a directory install created: removed if left empty
# usage: uninstall-manifest.sh MANIFEST
set -u
m=$1
while read -r kind a b; do
	case $kind in
	f) [ -e "$a" ] || [ -L "$a" ] || continue
	   if p=$(sh "$(dirname "$0")/package-owner.sh" "$a"); then
		echo "keeping $a: it belongs to the package $p"
		continue
	   fi
	   echo "rm -f $a"; rm -f "$a" ;;
	c) [ -e "$b" ] || continue
	   if [ "$(cksum <"$b")" = "$(echo "$a" | tr _ ' ')" ]; then
		echo "rm -f $b"; rm -f "$b"
	   else
		echo "keeping $b: it was edited"
	   fi ;;
	esac
done <"$m"
# Deepest first, so that a parent is empty when its turn comes.
sed -n 's/^d //p' "$m" | awk '{ print length($0) "\t" $0 }' | sort -rn |
    cut -f 2- | while read -r d; do
	rmdir "$d" 2>/dev/null && echo "rmdir $d"
done
rm -f "$m"
exit 0
