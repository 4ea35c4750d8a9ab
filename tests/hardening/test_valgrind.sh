#!/bin/sh
# SPDX-License-Identifier: MIT
# The module under valgrind memcheck: getent and the lookup program, by
# name, port and a whole walk, with no error and no definitely lost
# byte; then getent on a sample of hostile databases that the module's
# open accepts (it checks each offset where a lookup reads it).
. tests/hardening/lib.sh
reg=$SNAPSHOT
"$CLI" compile -q -o "$T/full.db" "$reg" >/dev/null || exit 1

vg() {
	_name=$1
	shift
	LD_LIBRARY_PATH=$B IANAPORTS_DB=${VG_DB:-$T/full.db} valgrind -q \
	    --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite --log-file="$T/vg.log" "$@" \
	    >"$T/vg.out" 2>&1
	rc=$?
	if [ "$rc" -ne 99 ] && [ "$rc" -lt 124 ] && [ ! -s "$T/vg.log" ]; then
		pass "valgrind: $_name (exit $rc)"
	else
		fail "valgrind: $_name (exit $rc)" "$(head -20 "$T/vg.log")"
	fi
}

vg "getent by name" getent -s ianaports services http
vg "getent by port" getent -s ianaports services 53/udp
vg "getent not found" getent -s ianaports services no-such-service
vg "getent walk" getent -s ianaports services
vg "lookup program, 3 rounds with walks" "$H/lookup" -e -q -r 3 \
    http 80 ssh/tcp 749/udp kerberos-adm no-such-service

# Hostile files the module opens: every 4th of those (about 8 of 30).
mkdir "$T/v"
"$H/corrupt" variants "$T/full.db" "$T/v" >/dev/null || exit 1
for f in "$T"/v/*; do
	"$H/corrupt" check "$f" 2>/dev/null
done | sed -n 's/: open: accepted.*//p' | awk 'NR % 4 == 1' >"$T/sample"
while read -r f; do
	VG_DB=$f vg "hostile ${f##*/}: getent by name and port" getent \
	    -s ianaports services http 80/tcp 53/udp ssh kerberos-adm 749/ddp
	VG_DB=$f vg "hostile ${f##*/}: getent walk" getent -s ianaports \
	    services
done <"$T/sample"
finish
