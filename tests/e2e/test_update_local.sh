# SPDX-License-Identifier: MIT
# ianaports update from a local file, as a path or a file:// URL: for
# machines without a network and for mirrors.  The same checks as a
# download (it parses, it did not shrink, it is not older than the kept
# copy), and a refused file leaves the database and the copy as they
# were.  Needs only the tree: the registries are the shipped snapshot,
# redated.  Runs in a private mount namespace (nslib.sh) so that it may
# write /etc/services; no network is used (the namespace has none).
. tests/e2e/lib.sh
. tests/e2e/nslib.sh
ns_enter

B=$(cd "$B" && pwd)
CLI=$B/ianaports
SNAPSHOT=data/service-names-port-numbers.xml
trap 'ns_cleanup; rm -rf "$T"' EXIT
ns_ready /etc
rm -rf /etc/ianaports
printf 'localsvc\t4242/tcp\n' >/etc/services
ST=$T/state
DB=$T/services.db

# redate DATE OUT: the snapshot, stating DATE as its own.
redate() {
	sed "0,/<updated>2026-08-17</s//<updated>$1</" "$SNAPSHOT" >"$2"
}
# up SOURCE [ARG...]: update into $DB from SOURCE (the operand).
up() {
	_src=$1
	shift
	"$CLI" update --state-dir "$ST" -o "$DB" "$@" "$_src" \
	    >"$T/up.out" 2>"$T/up.err"
}

redate 2027-02-01 "$T/newer.xml"
redate 2027-03-01 "$T/newest.xml"
redate 2025-01-31 "$T/older.xml"

# --- A path -----------------------------------------------------------------
up "$T/newer.xml"
status "update FILE" $? 0
has "update FILE: read, with its date" \
    "^$T/newer.xml: read [0-9]* bytes, registry 2027-02-01, 12001 entries" \
    "$T/up.out"
check "update FILE: the copy is kept" cmp -s "$ST/registry.xml" \
    "$T/newer.xml"
check "update FILE: no validators kept" test ! -e "$ST/registry.xml.etag" \
    -a ! -e "$ST/registry.xml.modified"
same "update FILE: served: the local line" \
    "$(gs "$DB" 4242/tcp | cut -d' ' -f1-2)" "localsvc 4242/tcp"
same "update FILE: served: the registry" "$(gs "$DB" 853/udp)" \
    "domain-s 853/udp"
same "update FILE: the database's date" \
    "$("$CLI" verify -d "$DB" | grep '^registry:')" "registry:  2027-02-01"

# --- A file:// URL, with --url and as the operand -------------------------------
# Beside the kept copy, the temporary an update killed an hour ago left,
# and one of an update that may still be running: the first is swept.
: >"$ST/registry.xml.tmpAbC123"
touch -d '1 hour ago' "$ST/registry.xml.tmpAbC123"
: >"$ST/registry.xml.tmpDeF456"
up "file://$T/newest.xml"
status "update file:///PATH" $? 0
check "update: a killed update's old temporary is removed" \
    test ! -e "$ST/registry.xml.tmpAbC123"
check "update: a recent temporary is left" test -e "$ST/registry.xml.tmpDeF456"
rm -f "$ST/registry.xml.tmpDeF456"
check "update: no temporary of its own is left" \
    sh -c "! ls '$ST' | grep -q 'tmp'"
same "update file:///PATH: the date" \
    "$("$CLI" verify -d "$DB" | grep '^registry:')" "registry:  2027-03-01"
"$CLI" update --state-dir "$ST" -o "$DB" \
    --url "file://localhost$T/newest.xml" >"$T/up.out" 2>"$T/up.err"
status "update --url file://localhost/PATH" $? 0
cp "$DB" "$T/good.db"

# refused SOURCE WHAT MESSAGE [ARG...]: update fails saying MESSAGE and
# naming SOURCE; the database and the kept copy stay as they were.
refused() {
	_src=$1 _what=$2 _msg=$3
	shift 3
	up "$_src" "$@"
	status "$_what: refused" $? 1
	has "$_what: says why" "$_msg" "$T/up.err"
	has "$_what: names it" "^ianaports: $_src" "$T/up.err"
	check "$_what: the database the same bytes" cmp -s "$DB" "$T/good.db"
	has "$_what: says the database is left unchanged" \
	    "^ianaports: $DB left unchanged\$" "$T/up.err"
	check "$_what: the kept copy untouched" cmp -s "$ST/registry.xml" \
	    "$T/newest.xml"
	check "$_what: no temporary file left" test -z \
	    "$(ls -A "$ST" | grep 'registry\.xml\.[A-Za-z0-9]\{6\}$')"
}

refused "$T/older.xml" "an older FILE" \
    "the registry of 2025-01-31 is older than the kept copy of 2027-03-01"
refused "file://$T/older.xml" "an older file:// URL" "is older than"
refused "$T/missing.xml" "a missing FILE" "cannot open: No such file"
refused "$T" "a directory" "not a regular file"
head -c 100000 "$T/newest.xml" >"$T/cut.xml"
refused "$T/cut.xml" "a truncated FILE" "invalid xml"
# The first 3,000 records, well formed.
awk '{ print } /<\/record>/ && ++n == 3000 { exit }' "$T/newest.xml" \
    >"$T/shrunk.xml"
printf '</registry>\n' >>"$T/shrunk.xml"
refused "$T/shrunk.xml" "a FILE that shrank" "shrank from 12001"
printf 'http 80/tcp\n' >"$T/services.txt"
refused "$T/services.txt" "a services(5) FILE" "not the registry's XML"
refused "file://otherhost/x.xml" "a file:// URL naming a host" \
    "cannot open"

# --- Refused on its arguments or its file: nothing made -----------------------
# Checked before the state directory and its lock are made, so that a
# refused update leaves nothing behind.
for bad in "$T/missing.xml" "$T" "$T/services.txt" "$T/cut.xml"; do
	"$CLI" update --state-dir "$T/st2" -o "$T/st2.db" "$bad" \
	    >/dev/null 2>"$T/up.err"
	status "update $bad into a new state directory: refused" $? 1
	check "update $bad: no state directory made" test ! -e "$T/st2"
	check "update $bad: no database made" test ! -e "$T/st2.db"
	has "update $bad: says the database was not written" \
	    "^ianaports: $T/st2.db not written\$" "$T/up.err"
done
# With the default state directory, on a tmpfs of this test's own.
DBDIR=$("$CLI" update --help | sed -n 's/.*(default: \(\/[^)]*\)).*/\1/p' |
    tail -n 1)
if [ -n "$DBDIR" ] && [ -d "${DBDIR%/*}" ]; then
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m sh -c 'mount -t tmpfs tmpfs "$1" || exit 9
	    IANAPORTS_DB= "$2" update "$3" >/dev/null 2>&1
	    echo "exit $?"; ls -A "$1"' sh "${DBDIR%/*}" "$CLI" \
	    "$T/missing.xml" >"$T/ns.out" 2>&1
	same "update of a missing FILE: $DBDIR not made" "$(cat "$T/ns.out")" \
	    "exit 1"
else
	skip "update of a missing FILE: $DBDIR not made" \
	    "no ${DBDIR%/*} here"
fi

# --- --force takes the older one -------------------------------------------------
up "$T/older.xml" --force
status "an older FILE with --force" $? 0
has "an older FILE with --force: warned" "accepted (--force)" "$T/up.err"
same "an older FILE with --force: its date" \
    "$("$CLI" verify -d "$DB" | grep '^registry:')" "registry:  2025-01-31"

# --- -v lists every kind of change, as --help says ----------------------------
redate 2027-04-01 "$T/desc.xml"
sed -i 's|<description>World Wide Web HTTP</description>|<description>Web</description>|' \
    "$T/desc.xml"
up "$T/desc.xml" -v
status "update -v of a registry with other descriptions" $? 0
has "update -v: a description changed" \
    '^! 80/tcp http description "World Wide Web HTTP" -> "Web"$' "$T/up.out"
"$CLI" update --help >"$T/help"
has "update --help: -v lists description changes too" "another description" \
    "$T/help"

finish
