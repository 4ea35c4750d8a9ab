#!/bin/sh
# SPDX-License-Identifier: MIT
# A process's first lookup made by many threads at once: each one is
# answered (none sees "no database" while another opens it), 50 times.
. tests/e2e/lib.sh

compile "$T/s.db" data/sample-registry.txt || fail "compile the sample"
bad=0
for i in $(seq 1 50); do
	n=$(LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/s.db "$B/e2e/firstlookup")
	[ "$n" = 0 ] || bad=$((bad + 1))
done
[ "$bad" -eq 0 ] && pass "16 threads' first lookups all answered, 50 runs" ||
    fail "16 threads' first lookups: $bad of 50 runs lost some"
n=$(LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/missing.db "$B/e2e/firstlookup")
[ "$n" = 16 ] && pass "no database: every thread told so, none hangs" ||
    fail "no database: $n of 16 failed"
finish
