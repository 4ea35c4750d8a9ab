#!/bin/sh
# SPDX-License-Identifier: MIT
# fork() at any moment: while another thread makes a process's first
# lookup, and at the second boundaries where the module reloads a file
# replaced every few milliseconds.  Every child answers from a valid
# database within the look interval and sees later replacements; none
# hangs, none dies.  (A fork while glibc itself is loading the module
# in another thread is a glibc race, left out: see forker.c.)
. tests/hardening/lib.sh
RUNS=${RUNS:-300}
BATCHES=${BATCHES:-20}
probe_dbs || exit 1
mkdir "$T/live"
db=$T/live/services.db
cp "$T/pa.db" "$db"

for how in first reload; do
	if [ $how = first ]; then
		set -- first "$PROBE" "$WANT_A" "$RUNS"
	else
		set -- reload "$db" "$T/pa.db" "$T/pb.db" "$PROBE" "$WANT_A" \
		    "$WANT_B" "$BATCHES"
	fi
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$db timeout 300 "$H/forker" "$@" \
	    >"$T/out" 2>&1
	rc=$?
	sed 's/^/# /' "$T/out"
	if [ "$rc" -eq 0 ]; then
		pass "fork: $how: $(tail -1 "$T/out" | sed 's/:.*//')"
	else
		fail "fork: $how (exit $rc)" "$(grep -m3 forker: "$T/out")"
	fi
done
finish
