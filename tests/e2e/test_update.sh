# SPDX-License-Identifier: MIT
# ianaports update and diff against a local HTTP server (httpd.py) that
# serves the real registries of $SHARED/registry (or, without them,
# three made from the shipped snapshot): first fetch, 304, a
# newer registry, and the failures update must survive with the old
# database still served (checked with the real getent through the
# module).  Everything runs in a private mount namespace whose /etc is an
# overlay on a tmpfs, so the test may write /etc/services and
# /etc/ianaports/sources there while the host's /etc stays as it is.
. tests/e2e/lib.sh
. tests/e2e/nslib.sh
ns_enter

B=$(cd "$B" && pwd)
CLI=$B/ianaports
OLD=service-names-port-numbers-2024-06-07.xml
MID=service-names-port-numbers-2025-07-22.xml
NEW=service-names-port-numbers-2026-08-17.xml
# Without the shared snapshots, three registries made from the shipped
# one: NEW itself, MID and OLD with older dates, OLD also with compressnet
# on 2/tcp and without tacacss (as the real 2024-06-07 has them), and
# zigbee-ip under another name.  The
# checks that need the real registries' own counts say they are skipped.
REAL=1
if ! [ -r "$REGISTRY/$OLD" ] || ! [ -r "$REGISTRY/$MID" ] ||
    ! [ -r "$REGISTRY/$NEW" ]; then
	REAL=
	echo "# no registries in $REGISTRY: three made from $SNAPSHOT"
	REGISTRY=$T/registry
	mkdir -p "$REGISTRY"
	python3 - "$SNAPSHOT" "$REGISTRY" "$OLD" "$MID" "$NEW" <<'PY' || exit 1
import re, sys
snap, out, old, mid, new = sys.argv[1:]
xml = open(snap, encoding="utf-8").read()
top = "<updated>2026-08-17</updated>"
assert top in xml
def redate(text, date):
    return text.replace(top, "<updated>%s</updated>" % date, 1)
reserved2 = ("<protocol>tcp</protocol>\n    <description>Reserved</description>"
    "\n    <number>2</number>")
assert reserved2 in xml
older = xml.replace(reserved2, "<name>compressnet</name>\n    " +
    reserved2.replace("Reserved", "Management Utility"), 1)
older, n = re.subn(r"<record[^>]*>\s*<name>tacacss</name>.*?</record>\s*",
    "", older, flags=re.S)
assert n == 1
older = older.replace("<name>zigbee-ip</name>", "<name>zigbee-ip-old</name>")
for name, text in ((new, xml), (mid, redate(xml, "2025-07-22")),
        (old, redate(older, "2024-06-07"))):
    open("%s/%s" % (out, name), "w", encoding="utf-8").write(text)
PY
fi

trap 'ns_cleanup; rm -rf "$T"' EXIT
ns_ready /etc
rm -rf /etc/ianaports
printf 'localsvc\t4242/tcp\t\t# an administrator'"'"'s line\n' >/etc/services

python3 tests/e2e/httpd.py --root "$REGISTRY" --port-file "$T/port" \
    --lifetime 900 2>"$T/httpd.log" &
HTTPD=$!
trap 'kill $HTTPD 2>/dev/null; ns_cleanup; rm -rf "$T"' EXIT
i=0
while ! [ -s "$T/port" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
if ! [ -s "$T/port" ]; then
	fail "the test HTTP server did not start" "$(cat "$T/httpd.log")"
	finish
	exit
fi
U=http://127.0.0.1:$(cat "$T/port")
ST=$T/state
DB=$T/services.db

# A stand-in for nscd records that update asked it to drop its cache:
# a real nscd would have to be started, and its cache is not ours.
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "$*" >>"%s/nscd.args"\n' "$T" >"$T/bin/nscd"
chmod +x "$T/bin/nscd"

# up URL [ARG...]: update into $DB, keeping state in $ST.
up() {
	_url=$1
	shift
	PATH=$T/bin:$PATH "$CLI" update --state-dir "$ST" -o "$DB" \
	    --url "$_url" "$@" >"$T/up.out" 2>"$T/up.err"
}
ident() {
	stat -c '%i %s %Y' "$1" 2>&1
}
last_request() {
	tail -n 1 "$T/httpd.log"
}

# --- Usage ---------------------------------------------------------------
"$CLI" update --help >"$T/help" 2>&1
status "update --help" $? 0
has "update --help names --state-dir" "--state-dir" "$T/help"
"$CLI" diff --help >"$T/help" 2>&1
status "diff --help" $? 0
"$CLI" update --bogus >/dev/null 2>&1
status "update with an unknown option" $? 2
"$CLI" diff onlyone >/dev/null 2>&1
status "diff with one argument" $? 2

# --- First fetch -----------------------------------------------------------
up "$U/r/$OLD"
status "first fetch" $? 0
has "first fetch: the registry's date" "registry 2024-06-07" "$T/up.out"
has "first fetch: a new database" "new database" "$T/up.out"
has "first fetch: /etc/services then the fresh copy" \
    "sources: /etc/services $ST/registry.xml" "$T/up.out"
check "first fetch: the copy is kept" cmp -s "$ST/registry.xml" \
    "$REGISTRY/$OLD"
check "first fetch: its ETag is kept" test -s "$ST/registry.xml.etag"
same "first fetch: served: the local line" \
    "$(gs "$DB" localsvc | cut -d' ' -f1-2)" "localsvc 4242/tcp"
same "first fetch: served: compressnet" "$(gs "$DB" 2/tcp)" \
    "compressnet 2/tcp"
has "first fetch: nscd asked to drop services" "-i services" \
    "$T/nscd.args"
check "first fetch: the database verifies" "$CLI" verify -d "$DB"

# --- Unchanged: one conditional request, nothing recompiled --------------
id0=$(ident "$DB")
up "$U/r/$OLD"
status "unchanged" $? 0
has "unchanged: says not modified" "not modified" "$T/up.out"
case $(last_request) in
*"inm=\""*"-> 304 0") pass "unchanged: a conditional request, a 304" ;;
*) fail "unchanged: a conditional request, a 304" "$(last_request)" ;;
esac
same "unchanged: the database not rewritten" "$(ident "$DB")" "$id0"

# --- A newer registry --------------------------------------------------------
"$CLI" diff -s "$REGISTRY/$OLD" "$REGISTRY/$NEW" >"$T/diff.out" 2>&1
status "diff of the two registries: they differ" $? 1
want=$(sed 's/ (.*//' "$T/diff.out")
up "$U/r/$NEW"
status "newer registry" $? 0
has "newer registry: the date" "registry 2026-08-17" "$T/up.out"
has "newer registry: added, removed, renamed as diff says" "$want" \
    "$T/up.out"
if [ "$REAL" ]; then
	has "newer registry: the counts" "37 added, 10 removed, 8 renamed" \
	    "$T/up.out"
else
	has "newer registry: the counts" "1 added, 1 removed, 2 renamed" \
	    "$T/up.out"
fi
gs "$DB" compressnet >/dev/null
status "newer registry: compressnet is gone" $? 2
same "newer registry: tacacss came" "$(gs "$DB" 300/tcp)" "tacacss 300/tcp"
same "newer registry: the local line still wins" \
    "$(gs "$DB" 4242/tcp | cut -d' ' -f1-2)" "localsvc 4242/tcp"
cp "$DB" "$T/good.db"
id0=$(ident "$DB")

# refused URL WHAT MESSAGE [ARG...]: update fails, says MESSAGE, and the
# database, the kept copy and what getent answers stay as they were.
refused() {
	_url=$1 _what=$2 _msg=$3
	shift 3
	up "$_url" "$@"
	status "$_what: refused" $? 1
	has "$_what: says why" "$_msg" "$T/up.err"
	has "$_what: names the URL" "^ianaports: $_url" "$T/up.err"
	same "$_what: the database untouched" "$(ident "$DB")" "$id0"
	check "$_what: the database the same bytes" cmp -s "$DB" "$T/good.db"
	check "$_what: the kept copy untouched" cmp -s "$ST/registry.xml" \
	    "$REGISTRY/$NEW"
	same "$_what: still served" "$(gs "$DB" tacacss)" "tacacss 300/tcp"
	check "$_what: no stray file in the state directory" test -z \
	    "$(ls "$ST" | grep -v -e '^registry\.xml' -e update.lock)"
	check "$_what: no temporary file left" test -z \
	    "$(ls -A "$ST" | grep 'registry\.xml\.[A-Za-z0-9]\{6\}$')"
}

refused "$U/truncated/$NEW" "truncated body" "invalid xml"
refused "$U/short/$NEW" "connection closed mid-body" "transfer closed"
refused "$U/500/$NEW" "HTTP 500" "HTTP status 500"
refused "$U/html/$NEW" "an HTML page" "not <registry>"
refused "$U/shrunk/$NEW" "a registry that shrank" "shrank from 12001"
refused "$U/r/$MID" "an older registry" \
    "the registry of 2025-07-22 is older than the kept copy of 2026-08-17"
refused "http://127.0.0.1:1/" "no network (connection refused)" \
    "failed to connect"

# --- Two updates at once ---------------------------------------------------
flock "$ST/update.lock" sh -c '"$0" update --state-dir "$1" -o "$2" \
    --url "$3" >/dev/null 2>"$4"' "$CLI" "$ST" "$DB" "$U/r/$MID" "$T/lock.err"
status "an update while another runs" $? 1
has "an update while another runs: says so" "another update is running" \
    "$T/lock.err"

# --- --force accepts the shrunk one ---------------------------------------------
up "$U/shrunk/$NEW" --force -v
status "shrunk with --force" $? 0
has "shrunk with --force: warned" "accepted (--force)" "$T/up.err"
has "shrunk with --force: the listing" "^- " "$T/up.out"
has "shrunk with --force: no additions" ": 0 added, " "$T/up.out"

# --- Redirects are followed; a new URL is asked unconditionally ---------------
up "$U/redirect/$NEW"
status "redirect" $? 0
has "redirect: the 2026-08-17 registry" "registry 2026-08-17" "$T/up.out"
case $(last_request) in
*"inm=- ims=- -> 200 "*) pass "a new URL: no validators sent" ;;
*) fail "a new URL: no validators sent" "$(last_request)" ;;
esac
check "redirect: the kept copy" cmp -s "$ST/registry.xml" "$REGISTRY/$NEW"

# --- The database gone, the registry unchanged: rebuilt from the copy ------
rm -f "$DB"
up "$U/redirect/$NEW"
status "304 without a database" $? 0
has "304 without a database: from the kept copy" "from the kept copy" \
    "$T/up.out"
same "304 without a database: served" \
    "$(gs "$DB" 4242/tcp | cut -d' ' -f1-2)" "localsvc 4242/tcp"

# --- A database the module refuses (an older format, after an upgrade),
# the registry unchanged: rebuilt from the copy too ------------------------
printf '\002' | dd of="$DB" bs=1 seek=8 conv=notrunc 2>/dev/null
up "$U/redirect/$NEW"
status "304 with a format 2 database" $? 0
has "304 with a format 2 database: says why it compiles" \
    "unsupported format version: compiling it from the kept copy" "$T/up.out"
check "304 with a format 2 database: it verifies now" "$CLI" verify -d "$DB"
same "304 with a format 2 database: served" \
    "$(gs "$DB" 4242/tcp | cut -d' ' -f1-2)" "localsvc 4242/tcp"

# --- The sources file: the fresh registry takes the kept one's place -------
DBDIR=$("$CLI" update --help | sed -n 's/.*(default: \(\/[^)]*\)).*/\1/p' |
    tail -n 1)
mkdir -p /etc/ianaports
printf '# test\n/etc/services\n/nonexistent %s/registry.xml %s\n' \
    "$DBDIR" "$REGISTRY/$OLD" >/etc/ianaports/sources
up "$U/r/$NEW" --force
status "with a sources file" $? 0
has "with a sources file: the fresh registry in the kept one's place" \
    "sources: /etc/services $ST/registry.xml" "$T/up.out"
printf '/etc/services\n' >/etc/ianaports/sources
up "$U/r/$NEW" --force
status "a sources file without the registry" $? 0
has "a sources file without the registry: warns" "does not list" \
    "$T/up.err"
rm -rf /etc/ianaports

# --- ianaports diff --------------------------------------------------------
"$CLI" diff "$REGISTRY/$OLD" "$REGISTRY/$NEW" >"$T/diff.out"
status "diff" $? 1
has "diff: a removal" "^- 2/tcp compressnet$" "$T/diff.out"
has "diff: an addition" "^+ 300/tcp tacacss$" "$T/diff.out"
has "diff: a rename" "^~ [0-9]*/[a-z]* [^ ]* -> [^ ]*$" "$T/diff.out"
if [ "$REAL" ]; then
	same "diff: the counts" "$(tail -n 1 "$T/diff.out")" \
	    "37 added, 10 removed, 8 renamed, 0 with other aliases, 14 with another description (11974 -> 12001 entries)"
else
	same "diff: the counts" "$(tail -n 1 "$T/diff.out")" \
	    "1 added, 1 removed, 2 renamed, 0 with other aliases, 0 with another description (12001 -> 12001 entries)"
fi
"$CLI" compile -q -o "$T/old.db" "$REGISTRY/$OLD" >/dev/null
"$CLI" diff "$T/old.db" "$REGISTRY/$NEW" >"$T/diff2.out"
status "diff of a database and a registry" $? 1
same "diff of a database and a registry: as of the registries" \
    "$(cat "$T/diff2.out")" "$(cat "$T/diff.out")"
"$CLI" diff -s "$T/old.db" "$REGISTRY/$OLD" >"$T/diff3.out"
status "diff of a database and its own registry" $? 0
same "diff of a database and its own registry" "$(sed 's/ (.*//' \
    "$T/diff3.out")" \
    "0 added, 0 removed, 0 renamed, 0 with other aliases, 0 with another description"
if [ -r "$REGISTRY/service-names-port-numbers-2024-06.csv" ]; then
	"$CLI" diff -s "$REGISTRY/service-names-port-numbers-2024-06.csv" \
	    "$T/old.db" >"$T/diff4.out"
	# The same entries; two TEMPORARY notes differ in the descriptions.
	same "diff of the CSV and the XML of June 2024" \
	    "$(cat "$T/diff4.out")" \
	    "0 added, 0 removed, 0 renamed, 0 with other aliases, 2 with another description (11974 -> 11974 entries)"
fi
"$CLI" diff "$T/old.db" /nonexistent >/dev/null 2>"$T/diff.err"
status "diff of a missing file" $? 2
has "diff of a missing file: names it" "^ianaports: /nonexistent: " \
    "$T/diff.err"
head -c 1000 "$T/old.db" >"$T/cut.db"
"$CLI" diff "$T/cut.db" "$T/old.db" >/dev/null 2>"$T/diff.err"
status "diff of a damaged database" $? 2
has "diff of a damaged database: names it" "^ianaports: $T/cut.db: " \
    "$T/diff.err"

finish
