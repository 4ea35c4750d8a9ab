#!/bin/sh
# SPDX-License-Identifier: MIT
# getservbyport matches only a port argument whose upper 16 bits are
# zero, as nss_files does: the module and nss_files (over the same
# entries, as /etc/services in a private mount namespace) answer alike.
. tests/hardening/lib.sh
printf '%s\n' 'ssh 22/tcp' 'ssh 22/udp' 'domain 53/tcp' 'domain 53/udp' \
    'http 80/tcp www' 'http 80/udp www' >"$T/few.services"
"$CLI" compile -q -o "$T/s.db" "$T/few.services" data/sample-registry.txt \
    >/dev/null || exit 1
"$CLI" dump -d "$T/s.db" >"$T/services"

LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/s.db "$H/portbits" ianaports \
    >"$T/module" || fail "portbits through the module"
upper=$(grep -v '^0x0000' "$T/module")
if [ -n "$upper" ] && ! echo "$upper" | grep -qv 'NOTFOUND$'; then
	pass "the module: upper bits set, nothing found ($(echo "$upper" |
	    wc -l) arguments)"
else
	fail "the module: upper bits set, nothing found" \
	    "$(echo "$upper" | grep -v 'NOTFOUND$' | head -3)"
fi
if grep '^0x0000' "$T/module" | grep -q 'NOTFOUND$'; then
	fail "the module: the plain ports found" "$(grep '^0x0000' \
	    "$T/module" | grep 'NOTFOUND$' | head -3)"
else
	pass "the module: the plain ports found"
fi
if unshare -m sh -c 'mount --make-rprivate / &&
    mount --bind "$1" /etc/services && "$2" files' sh "$T/services" \
    "$H/portbits" >"$T/files" 2>"$T/err"; then
	if cmp -s "$T/files" "$T/module"; then
		pass "nss_files over the same entries answers alike"
	else
		fail "nss_files over the same entries answers alike" \
		    "$(diff "$T/files" "$T/module" | head -5)"
	fi
else
	skip "nss_files over the same entries" "no mount namespace: \
$(head -1 "$T/err")"
fi
finish
