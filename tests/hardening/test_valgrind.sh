#!/bin/sh
# SPDX-License-Identifier: MIT
# The module under valgrind memcheck: getent and the
# lookup program, by name, port and a whole walk, with no error and no
# definitely lost byte.
. tests/hardening/lib.sh
reg=$SNAPSHOT
"$CLI" compile -q -o "$T/full.db" "$reg" >/dev/null || exit 1

vg() {
	_name=$1
	shift
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/full.db valgrind -q \
	    --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite --log-file="$T/vg.log" "$@" \
	    >"$T/vg.out" 2>&1
	rc=$?
	if [ "$rc" -ne 99 ] && [ ! -s "$T/vg.log" ]; then
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
finish
