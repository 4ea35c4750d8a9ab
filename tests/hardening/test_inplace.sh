#!/bin/sh
# SPDX-License-Identifier: MIT
# The live database changed in place (same file) under a process whose
# threads look it up through glibc: truncated, emptied, overwritten with
# 0xff or random bytes, copied over with cp (several runs), made
# world-writable or foreign-owned.  The process never dies, no answer is
# cut short, a changed file stops being served, and a valid file (renamed
# in, or the same one made whole again) is served within seconds.  A
# truncation (cp's too) can fault a lookup that runs before the next
# look: the program pauses its lookers around those (see inplace.c), and
# cp under lookers that never pause may fault only while cp writes.  The
# garbage and cp runs again under ThreadSanitizer.
. tests/hardening/lib.sh
CP_RUNS=${CP_RUNS:-3}
probe_dbs || exit 1

run() {	# run LIB PROGRAM HOW: one run of the inplace program
	_lib=$1 _prog=$2 _how=$3
	rm -rf "$T/live" && mkdir "$T/live"
	LD_LIBRARY_PATH=$_lib IANAPORTS_DB=$T/live/services.db timeout 120 \
	    "$_prog" "$T/live/services.db" "$T/pa.db" "$T/pb.db" "$PROBE" \
	    "$WANT_A" "$WANT_B" "$_how" 4 >"$T/out" 2>&1
	_rc=$?
	sed 's/^/# /' "$T/out"
	if [ "$_rc" -eq 0 ] && ! grep -q ThreadSanitizer "$T/out"; then
		pass "$_how${4:+ $4}"
	elif [ "$_rc" -eq 3 ]; then
		pass "$_how${4:+ $4}: a fault, inside cp's window"
	elif crashed "$_rc"; then
		fail "$_how${4:+ $4}: the process died (exit $_rc)"
	else
		fail "$_how${4:+ $4}: exit $_rc" "$(grep -m3 -e inplace: \
		    -e WARNING "$T/out")"
	fi
}

for how in truncate empty ff random chmod666 chmodow chown; do
	run "$B" "$H/inplace" $how
done
i=1
while [ $i -le "$CP_RUNS" ]; do
	run "$B" "$H/inplace" cp "(run $i of $CP_RUNS)"
	i=$((i + 1))
done
run "$B" "$H/inplace" cp-busy
if [ -x "$H/tsan/inplace" ]; then
	for how in ff cp; do
		TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
		    run "$H/tsan" "$H/tsan/inplace" $how "(tsan)"
	done
else
	fail "tsan: $H/tsan/inplace not built"
fi
finish
