#!/bin/sh
# SPDX-License-Identifier: MIT
# A getservent walk stays on the database it started on: B renamed in
# mid-walk (and served to lookups meanwhile) changes nothing in it, and
# the next walk is B's, each entry once.
. tests/hardening/lib.sh
probe_dbs || exit 1
# B much smaller than A: a walk that moved to it would end early.
printf 'hardening-probe\t40002/tcp\nwalk-b\t40004/udp\n' >"$T/small.services"
"$CLI" compile -q -o "$T/small.db" "$T/small.services" >/dev/null || exit 1
for db in pa small; do
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/$db.db "$H/lookup" -e |
	    grep -v ' entries$' >"$T/$db.walk"
done

mkdir "$T/live"
LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/live/services.db timeout 60 "$H/walk" \
    "$T/live/services.db" "$T/pa.db" "$T/small.db" "$PROBE" "$WANT_B" \
    "$T/during" "$T/after" >"$T/out" 2>&1
rc=$?
sed 's/^/# /' "$T/out"
status "walk across a replacement" "$rc" 0
if cmp -s "$T/during" "$T/pa.walk"; then
	pass "the walk across the replacement is A's, whole ($(wc -l \
	    <"$T/during") entries)"
else
	fail "the walk across the replacement is A's, whole" \
	    "$(wc -l <"$T/during") entries, A has $(wc -l <"$T/pa.walk")" \
	    "$(diff "$T/pa.walk" "$T/during" | head -5)"
fi
dups=$(sort "$T/during" | uniq -d | wc -l)
same "no entry twice in it" "$dups" 0
if cmp -s "$T/after" "$T/small.walk"; then
	pass "the next walk is B's ($(wc -l <"$T/after") entries)"
else
	fail "the next walk is B's" "$(diff "$T/small.walk" "$T/after" |
	    head -5)"
fi
finish
