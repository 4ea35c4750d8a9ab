# SPDX-License-Identifier: MIT
# The compile-and-serve path end to end: ianaports compile, then the real
# getent through the module (getent -s ianaports: no other source to fall
# back on), and the query, dump and verify commands.
. tests/e2e/lib.sh

FULL=$SNAPSHOT
SAMPLE=data/sample-registry.txt

# --- The sample registry (an excerpt of the registry) ----------------
S=$T/sample.db
check "compile the sample registry" compile "$S" "$SAMPLE"
serves "sample: kerberos-adm" "$S" kerberos-adm "kerberos-adm 749/tcp"
serves "sample: kerberos-adm/udp" "$S" kerberos-adm/udp "kerberos-adm 749/udp"
serves "sample: domain-s/udp" "$S" domain-s/udp "domain-s 853/udp"
serves "sample: 750/udp is loadav with alias kerberos-iv" "$S" 750/udp \
	"loadav 750/udp kerberos-iv"
serves "sample: 750/tcp is rfile" "$S" 750/tcp "rfile 750/tcp"
serves "sample: kerberos-iv finds its entry" "$S" kerberos-iv \
	"loadav 750/udp kerberos-iv"
serves "sample: 774/udp" "$S" 774/udp "acmaint-dbd 774/udp acmaint_dbd"
same "sample: several keys at once" "$(gs "$S" rsync 873/udp netgw/udp)" \
	"rsync 873/tcp
rsync 873/udp
netgw 741/udp"
# An unknown name, an Unassigned port, and "Unassigned", which is no name.
for key in no-such-service 732/tcp Unassigned; do
	gs "$S" "$key" >/dev/null
	status "sample: $key is not found" $? 2
done

# --- The full registry -------------------------------------------------
F=$T/full.db
if need_file "$FULL"; then
	check "compile the 2026-08-17 registry" compile "$F" "$FULL"
	# A name matches in any case.
	for key in http 80/tcp HTTP; do
		serves "full: $key" "$F" "$key" "http 80/tcp www www-http"
	done
	serves "full: http/udp" "$F" http/udp "http 80/udp www www-http"
	serves "full: http/sctp" "$F" http/sctp "http 80/sctp"
	serves "full: 6010/tcp is x11 at 6010" "$F" 6010/tcp "x11 6010/tcp"
	serves "full: x11 answers the range's first port" "$F" x11 \
		"x11 6000/tcp"
	serves "full: msp is 18/tcp, not 2438" "$F" msp "msp 18/tcp"
	serves "full: z39.50" "$F" z39.50 "z39-50 210/tcp z39.50"
	serves "full: 3322/udp (no protocol in the registry)" "$F" 3322/udp \
		"active-net 3322/udp"
	serves "full: 27009/udp" "$F" 27009/udp "flex-lm 27009/udp"
	serves "full: boe-cms/udp" "$F" boe-cms/udp "boe-cms 6400/udp"
	serves "full: sql*net as spelled" "$F" 'sql*net' \
		"sql-net 66/tcp sql*net"
	serves "full: liebdevmgmt_a (any case)" "$F" liebdevmgmt_a \
		"LiebDevMgmt-A 3029/tcp LiebDevMgmt_A"
else
	skip "the 2026-08-17 registry" "no $FULL"
fi

# --- UNAVAIL: no database ----------------------------------------------
out=$(gs "$T/missing.db" http 2>&1)
status "missing database: getent -s ianaports" $? 2
same "missing database: nothing printed" "$out" ""
mkdir "$T/dir.db"
gs "$T/dir.db" http >/dev/null 2>&1
status "a directory as database" $? 2
printf 'not a database\n' >"$T/junk.db"
gs "$T/junk.db" http >/dev/null 2>&1
status "a junk file as database" $? 2
# With files after it, nsswitch falls through to /etc/services.
if grep -q '^http[[:space:]]' /etc/services 2>/dev/null; then
	out=$(LD_LIBRARY_PATH=$B IANAPORTS_DB=$T/missing.db \
		getent -s 'services: ianaports files' services http | squeeze)
	same "missing database: falls through to files" "${out%% *}" "http"
else
	skip "missing database: falls through to files" "no /etc/services"
fi

# --- query ---------------------------------------------------------------
out=$("$CLI" query -d "$T/sample.db" kerberos-adm 2>&1)
status "query kerberos-adm" $? 0
same "query: getent's layout, with the description" "$(echo "$out" | squeeze)" \
	"kerberos-adm 749/tcp # kerberos administration"
out=$("$CLI" query -d "$T/sample.db" 750/udp | squeeze)
same "query 750/udp" "$out" "loadav 750/udp kerberos-iv # kerberos version iv"
out=$("$CLI" query -d "$T/sample.db" no-such-service 2>/dev/null)
status "query: not found" $? 3
same "query: not found prints nothing on stdout" "$out" ""
out=$("$CLI" query -d "$T/sample.db" rsync no-such-service 2>/dev/null)
status "query: one of two not found" $? 3
same "query: the found one still printed" "${out%% *}" "rsync"
"$CLI" query -d "$T/missing.db" http >/dev/null 2>&1
status "query: missing database" $? 1
out=$(IANAPORTS_DB=$T/sample.db "$CLI" query 853/udp | squeeze)
same "query: \$IANAPORTS_DB as the default" "${out%%#*}" "domain-s 853/udp "

# --- dump ----------------------------------------------------------------
"$CLI" dump -d "$T/sample.db" >"$T/sample.dump"
status "dump" $? 0
n_dump=$(grep -vc '^#' "$T/sample.dump")
n_getent=$(gs "$T/sample.db" | wc -l)
same "dump: one line per entry, as many as getent enumerates" \
	"$n_dump" "$n_getent"
check "dump: services(5) form with descriptions" grep -q \
	"^kerberos-adm	749/tcp	# kerberos administration$" "$T/sample.dump"
check "dump: aliases follow the port" grep -q \
	"^loadav	750/udp kerberos-iv	# kerberos version iv$" "$T/sample.dump"

# --- verify --------------------------------------------------------------
out=$("$CLI" verify -d "$T/sample.db")
status "verify a sound database" $? 0
check "verify: says valid" grep -q ': valid$' <<EOF
$out
EOF
check "verify: counts the entries" grep -q "^entries: *$n_getent\$" <<EOF
$out
EOF
# One flipped byte in the middle of the file: only the checksum sees it.
cp "$T/sample.db" "$T/flip.db"
size=$(wc -c <"$T/sample.db")
mid=$((size / 2))
byte=$(od -An -tu1 -j "$mid" -N1 "$T/flip.db" | tr -d ' ')
# shellcheck disable=SC2059
printf "$(printf '\\%03o' $(((byte + 1) % 256)))" |
	dd of="$T/flip.db" bs=1 seek="$mid" conv=notrunc 2>/dev/null
cmp -s "$T/sample.db" "$T/flip.db"
status "the corrupt copy differs" $? 1
err=$("$CLI" verify -d "$T/flip.db" 2>&1 >/dev/null)
status "verify a corrupt database" $? 1
case $err in
*flip.db*) pass "verify: the message names the file" ;;
*) fail "verify: the message names the file" "got: $err" ;;
esac
# The module opens without the whole-file check: a flipped byte may
# give a wrong answer, never a crash (exit 0 found, 2 not found).
gs "$T/flip.db" kerberos-adm >/dev/null
rc=$?
case $rc in
0|2) pass "the module survives the corrupt database" ;;
*) fail "the module survives the corrupt database" "exit status $rc" ;;
esac
head -c 100 "$T/sample.db" >"$T/short.db"
"$CLI" verify -d "$T/short.db" >/dev/null 2>&1
status "verify a truncated database" $? 1
"$CLI" verify -d "$T/missing.db" >/dev/null 2>&1
status "verify a missing database" $? 1

# --- compile errors: file:line, and the old database untouched -----------
cp "$T/sample.db" "$T/keep.db"
cp "$T/sample.db" "$T/before.db"
for bad in data/fixtures/bad-port.services:3 data/fixtures/bad-tag.xml:7 \
	data/fixtures/bad-range.csv:3; do
	file=${bad%:*}
	"$CLI" compile --strict -o "$T/keep.db" "$file" >/dev/null 2>"$T/err"
	rc=$?
	[ "$rc" -ne 0 ]
	status "compile $file fails" $? 0
	check "compile $file: the message says $bad" grep -qF "$bad:" "$T/err"
	check "compile $file: the database is byte-identical" \
		cmp -s "$T/keep.db" "$T/before.db"
done
# A bad source after a good one fails the whole compile.
"$CLI" compile --strict -o "$T/keep.db" "$SAMPLE" \
	data/fixtures/bad-port.services >/dev/null 2>&1
[ $? -ne 0 ]
status "a good source then a bad one fails" $? 0
check "  and leaves the database byte-identical" \
	cmp -s "$T/keep.db" "$T/before.db"
# Without --strict, a services(5) line nss_files would not serve is
# skipped with a warning, and the lines after it are served.
"$CLI" compile -o "$T/lenient.db" data/fixtures/bad-port.services \
	>"$T/out" 2>"$T/err"
status "compile a services file with a bad line" $? 0
check "  warns, naming the file and line" \
	grep -qF "warning: data/fixtures/bad-port.services:3: skipped" "$T/err"
same "  serves the line after it" "$(gs "$T/lenient.db" 2/tcp)" "after 2/tcp"
check "  counts the warning" grep -q ", 1 warning$" "$T/out"
"$CLI" compile -o "$T/keep.db" "$T/no-such-source" >/dev/null 2>"$T/err"
[ $? -ne 0 ]
status "a missing source fails" $? 0
check "  naming it" grep -q "no-such-source" "$T/err"
check "  and leaves the database byte-identical" \
	cmp -s "$T/keep.db" "$T/before.db"
same "no temporary file left beside the database" \
	"$(find "$T" -name '*keep*')" "$T/keep.db"

# --- the same inputs give the same bytes ---------------------------------
compile "$T/sample2.db" "$SAMPLE"
check "sample: recompile is byte-identical" cmp "$T/sample.db" "$T/sample2.db"
if need_file "$FULL"; then
	compile "$T/full2.db" "$FULL"
	check "full: recompile is byte-identical" cmp "$T/full.db" "$T/full2.db"
	compile "$T/merged.db" data/fixtures/local.services "$FULL"
	compile "$T/merged2.db" data/fixtures/local.services "$FULL"
	check "two sources: recompile is byte-identical" \
		cmp "$T/merged.db" "$T/merged2.db"

	# Earlier sources win: the local file's answers, the registry's rest.
	M=$T/merged.db
	serves "merged: 80/tcp is the local name, registry names as aliases" \
		"$M" 80/tcp "myweb 80/tcp web http www www-http"
	serves "merged: 80/udp from the registry" "$M" 80/udp \
		"http 80/udp www www-http"
	serves "merged: ssh by name is the local port" "$M" ssh/tcp \
		"ssh 10022/tcp"
	serves "merged: 22/tcp still answers ssh" "$M" 22/tcp "ssh 22/tcp"
	serves "merged: a protocol word only services(5) uses" "$M" 7/ddp \
		"local-echo 7/ddp"
	serves "merged: the registry fills the rest" "$M" 6010/tcp \
		"x11 6010/tcp"
fi

# --- dump, then compile the dump: the same answers -----------------------
roundtrip() {
	_name=$1
	_src=$2	# not _db: gs() sets that
	_registry=$("$CLI" verify "$_src" | grep '^registry:')
	"$CLI" dump -d "$_src" >"$T/rt.services"
	if ! compile "$T/rt.db" "$T/rt.services"; then
		fail "$_name: the dump compiles" "$(cat "$T/compile.err")"
		return
	fi
	gs "$_src" >"$T/rt.a"
	gs "$T/rt.db" >"$T/rt.b"
	check "$_name: dump and recompile enumerate the same" \
		cmp -s "$T/rt.a" "$T/rt.b"
	_keys=$(awk 'NR % 97 == 1 { print $1; print $2; print $1 "/udp" }' \
		"$T/rt.a" | sort -u)
	# shellcheck disable=SC2086
	gs "$_src" $_keys >"$T/rt.qa" 2>&1
	# shellcheck disable=SC2086
	gs "$T/rt.db" $_keys >"$T/rt.qb" 2>&1
	check "$_name: dump and recompile answer the same lookups" \
		cmp -s "$T/rt.qa" "$T/rt.qb"
	"$CLI" dump -d "$T/rt.db" | grep -v '^#' >"$T/rt.d2"
	grep -v '^#' "$T/rt.services" >"$T/rt.d1"
	check "$_name: the dump of the dump is the same" \
		cmp -s "$T/rt.d1" "$T/rt.d2"
	same "$_name: the registry date survives the dump" \
		"$("$CLI" verify "$T/rt.db" | grep '^registry:')" "$_registry"
}
roundtrip sample "$T/sample.db"
if need_file "$FULL"; then
	same "full: verify states the registry date" \
		"$("$CLI" verify "$T/full.db" | grep '^registry:')" \
		"registry:  2026-08-17"
	roundtrip full "$T/full.db"
	roundtrip merged "$T/merged.db"
fi

finish
