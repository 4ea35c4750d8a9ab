#!/bin/sh
# SPDX-License-Identifier: MIT
# Threads killed in the middle of lookups while the file is replaced
# every few milliseconds: cancelled (asynchronously and deferred) around
# the module's looks and between them, then left by a signal handler's
# siglongjmp, for long enough that the module reloads many times.  The
# process never hangs, and a database renamed in afterwards is served.
. tests/hardening/lib.sh
SECONDS_EACH=${SECONDS_EACH:-10}
probe_dbs || exit 1
mkdir "$T/live"
db=$T/live/services.db

for how in cancel longjmp; do
	rm -f "$db"*
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$db timeout 120 "$H/cancel" "$db" \
	    "$T/pa.db" "$T/pb.db" "$T/pc.db" "$PROBE" "$WANT_C" \
	    "$SECONDS_EACH" $how >"$T/out" 2>&1
	rc=$?
	sed 's/^/# /' "$T/out"
	if [ "$rc" -eq 0 ]; then
		pass "$how: a replacement afterwards is served"
	else
		fail "$how (exit $rc)" "$(grep -m3 cancel: "$T/out")"
	fi
done
finish
