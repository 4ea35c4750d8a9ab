#!/bin/sh
# SPDX-License-Identifier: MIT
# Live replacement under load: 8 threads look up and
# walk through glibc while the database is replaced 1,000 times by copy
# and rename (2024-06-07 and the shipped 2026-08-17, alternating; without
# the shared 2024-06-07, a cut of the shipped one: every third entry
# dropped) and 3 times by a real `ianaports compile`; every answer must
# be one database's, whole.
# Then the same under ThreadSanitizer (module and program built with
# clang -fsanitize=thread in $B/hardening/tsan).
. tests/hardening/lib.sh
THREADS=${THREADS:-8}
REPLACE=${REPLACE:-1000}

rega=$REGISTRY/service-names-port-numbers-2024-06-07.xml
regb=$SNAPSHOT
"$CLI" compile -q -o "$T/b.db" "$regb" >/dev/null || exit 1
if ! [ -r "$rega" ]; then
	echo "# no $rega: A is the shipped registry less every third entry"
	rega=$T/a.services
	"$CLI" dump -d "$T/b.db" | awk '/^#/ || NR % 3' >"$rega"
fi
"$CLI" compile -q -o "$T/a.db" "$rega" >/dev/null || exit 1

# Queries: every 40th entry of each database by name, name/proto,
# port/proto and port, and a few that exist nowhere.
for db in a b; do
	"$CLI" dump -d "$T/$db.db" | awk -F'\t' '!/^#/ && NR % 40 == 0 {
		split($2, p, " "); split(p[1], pp, "/")
		print $1; print $1 "/" pp[2]; print p[1]; print pp[1] }'
done | sort -u >"$T/queries"
printf 'no-such-service\n65000/ddp\n' >>"$T/queries"
for db in a b; do
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/$db.db "$H/lookup" -e \
	    $(cat "$T/queries") >"$T/$db.out"
	grep "$(printf '\t')" "$T/$db.out" >"$T/$db.q"
	grep -v -e "$(printf '\t')" -e ' entries$' "$T/$db.out" |
	    sed "s/^/=$db$(printf '\t')/" >"$T/$db.walk"
done
paste "$T/a.q" "$T/b.q" | awk -F'\t' '$1 == $3 { print $1 "\t" $2 "\t" $4 }' \
    >"$T/answers"
cat "$T/a.walk" "$T/b.walk" >>"$T/answers"
echo "# $(wc -l <"$T/queries") queries, $(awk -F'\t' '$2 != $3' \
    "$T/answers" | grep -vc '^=') answered differently by A and B"

run() {
	name=$1 lib=$2 prog=$3
	mkdir -p "$T/live-$name"
	db=$T/live-$name/services.db
	LD_LIBRARY_PATH=$lib IANAPORTS_DB=$db timeout 300 "$prog" "$db" \
	    "$T/a.db" "$T/b.db" "$T/answers" "$THREADS" "$REPLACE" \
	    >"$T/$name.out" 2>&1 &
	pid=$!
	# Real compiles over the same path while it runs, B last.  A
	# compile refuses to replace a file that changed while it wrote
	# (the replacer renames one in every 10 ms): it tries again.
	sleep 2
	for src in "$rega" "$regb" "$regb"; do
		tries=0
		until "$CLI" compile -q -o "$db" "$src" >/dev/null \
		    2>"$T/compile.err"; do
			tries=$((tries + 1))
			grep -q 'changed while the new database was written' \
			    "$T/compile.err" && [ $tries -lt 20 ] && continue
			fail "$name: compile over the live database" \
			    "$(cat "$T/compile.err")"
			break
		done
	done
	wait $pid
	rc=$?
	sed 's/^/# /' "$T/$name.out"
	if [ "$rc" -eq 0 ] && ! grep -q 'ThreadSanitizer' "$T/$name.out"; then
		pass "$name: $THREADS threads, $REPLACE replacements + 3 compiles"
	else
		fail "$name: exit $rc" "$(grep -m3 -e stress: -e WARNING \
		    "$T/$name.out")"
	fi
	left=$(ls "$T/live-$name" | grep -c tmp)
	[ "$left" -eq 0 ] && pass "$name: no temporary file left" ||
	    fail "$name: $left temporary files left"
}

run plain "$B" "$H/stress"
if [ -x "$H/tsan/stress" ]; then
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	    run tsan "$H/tsan" "$H/tsan/stress"
else
	fail "tsan: $H/tsan/stress not built"
fi
finish
