# SPDX-License-Identifier: MIT
# `ianaports compile` with no SOURCE: /etc/services first, so that an
# administrator's lines win, then the project's preferred names, then
# the newer registry of the copy `ianaports update` keeps and the
# snapshot shipped in data/, by the date each states; it says which.
# Read from the real paths: the script runs in a private mount namespace
# in which /etc, /var/lib and /usr/share are overlays on a tmpfs
# (nslib.sh), so it may write there; the host sees nothing.  Needs only
# the tree: the registries are the shipped snapshot, redated.
. tests/e2e/lib.sh
. tests/e2e/nslib.sh
ns_enter

B=$(cd "$B" && pwd)
CLI=$B/ianaports
SNAPSHOT=$(pwd)/data/service-names-port-numbers.xml
# The paths packaging/sources.conf names (a Debian build's layout).
REGXML=/var/lib/ianaports/registry.xml
SHIPPED=/usr/share/ianaports/service-names-port-numbers.xml
PREF=/usr/share/ianaports/preferred-names.services
# The paths compiled in, for when there is no sources file.
SOURCES=$("$CLI" compile --help | tr -s ' \n' '\n\n' |
    grep '/ianaports/sources$' | head -n 1)
DBDIR=$("$CLI" update --help | sed -n 's/.*(default: \(\/[^)]*\)).*/\1/p' |
    tail -n 1)
DATADIR=$(grep -a -o '/[[:graph:]]*/preferred-names\.services' "$CLI" |
    head -n 1)
DATADIR=${DATADIR%/*}
SYSDB=$("$CLI" compile --help |
    sed -n 's/.*else \(\/[^)]*\.db\)).*/\1/p' | head -n 1)

if [ -z "$SOURCES" ] || [ -z "$DBDIR" ] || [ -z "$DATADIR" ] ||
    [ -z "$SYSDB" ]; then
	fail "the compiled-in paths" "sources file: $SOURCES" \
	    "state directory: $DBDIR" "data directory: $DATADIR" \
	    "database: $SYSDB"
	finish
	exit
fi
trap 'ns_cleanup; rm -rf "$T"' EXIT
ns_ready /etc /var/lib/ianaports /usr/share/ianaports \
    "$(dirname "$SOURCES")" "$DBDIR" "$DATADIR" "$(dirname "$SYSDB")"
rm -f "$REGXML" "$DBDIR/registry.xml" "$SYSDB"
printf 'myhttp\t80/tcp\t\t# local\n' >/etc/services
cp packaging/sources.conf "$SOURCES"
cp "$SNAPSHOT" "$SHIPPED"
cp data/preferred-names.services "$PREF"

# redate DATE OUT: the snapshot, stating DATE as its own.
redate() {
	sed "0,/<updated>2026-08-17</s//<updated>$1</" "$SNAPSHOT" >"$2"
}
# defc NAME: compile with no source into $T/NAME.db; not -q, which would
# silence the list of sources and the summary checked below.
defc() {
	IANAPORTS_DB=$T/$1.db "$CLI" compile >"$T/c.out" 2>"$T/c.err"
}
said() {
	same "$1: says which" "$(grep '^ianaports: sources:' "$T/c.err")" \
	    "ianaports: sources: $2"
}
date_is() {
	same "$1: the registry's date" \
	    "$(grep -o 'registry [0-9a-z-]*' "$T/c.out")" "registry $2"
}
first2() {
	gs "$@" | cut -d' ' -f1-2
}

# --- The shipped snapshot alone --------------------------------------------
defc shipped
status "with the snapshot" $? 0
said "with the snapshot" "/etc/services $PREF $SHIPPED"
date_is "with the snapshot" 2026-08-17
D=$T/shipped.db
same "with the snapshot: the local line wins" "$(first2 "$D" 80/tcp)" \
    "myhttp 80/tcp"
serves "with the snapshot: 6010/tcp" "$D" 6010/tcp "x11 6010/tcp"
serves "with the snapshot: 853/udp" "$D" 853/udp "domain-s 853/udp"
serves "with the snapshot: 2049/tcp is nfs" "$D" 2049/tcp "nfs 2049/tcp shilp"
same "with the snapshot: nfs" "$(first2 "$D" nfs)" "nfs 2049/tcp"
same "with the snapshot: 465/tcp is submissions" "$(first2 "$D" 465/tcp)" \
    "submissions 465/tcp"
same "with the snapshot: l2tp" "$(first2 "$D" l2tp/udp)" "l2tp 1701/udp"
same "with the snapshot: shilp still finds 2049" "$(first2 "$D" shilp)" \
    "nfs 2049/tcp"

# --- A fetched copy newer than the snapshot wins --------------------------
redate 2027-02-01 "$REGXML"
defc newer
status "a newer fetched copy" $? 0
said "a newer fetched copy" "/etc/services $PREF $REGXML"
date_is "a newer fetched copy" 2027-02-01

# --- An older one does not, though it exists ------------------------------
redate 2024-01-31 "$REGXML"
defc older
status "an older fetched copy" $? 0
said "an older fetched copy" "/etc/services $PREF $SHIPPED"
date_is "an older fetched copy" 2026-08-17
rm -f "$REGXML"

# --- No /etc/services ---------------------------------------------------------
rm -f /etc/services
defc nolocal
status "without /etc/services" $? 0
said "without /etc/services" "$PREF $SHIPPED"
same "without /etc/services: nfs for 2049/tcp" \
    "$(first2 "$T/nolocal.db" 2049/tcp)" "nfs 2049/tcp"

# --- A bad local line is skipped, named, and the rest served ---------------
printf 'myhttp\t80/tcp\nbadport\t99999/tcp\nmyapp\t4343/tcp\n' >/etc/services
IANAPORTS_DB=$T/bad.db "$CLI" compile >"$T/c.out" 2>"$T/c.err"
status "a bad line in /etc/services" $? 0
check "a bad line in /etc/services: the warning names it" \
    grep -q "warning: /etc/services:2: skipped" "$T/c.err"
same "a bad line in /etc/services: the next line is served" \
    "$(first2 "$T/bad.db" myapp)" "myapp 4343/tcp"
IANAPORTS_DB=$T/bad.db "$CLI" compile --strict >/dev/null 2>&1
status "a bad line in /etc/services with --strict" $? 1

# --- A bad alias is dropped and named; its line and the next served ---------
printf 'myhttp\t80/tcp\tweb x\033]0;t\007y\nmyapp\t4343/tcp\n' >/etc/services
IANAPORTS_DB=$T/alias.db "$CLI" compile >"$T/c.out" 2>"$T/c.err"
status "a bad alias in /etc/services" $? 0
check "a bad alias in /etc/services: the warning names it" \
    grep -q 'warning: /etc/services:1: dropped: invalid alias "x ]0;t y"' \
    "$T/c.err"
same "a bad alias in /etc/services: its line served without it" \
    "$(gs "$T/alias.db" 80/tcp | cut -d' ' -f1-4)" "myhttp 80/tcp web http"
same "a bad alias in /etc/services: the next line served" \
    "$(first2 "$T/alias.db" myapp)" "myapp 4343/tcp"
IANAPORTS_DB=$T/alias.db "$CLI" compile --strict >/dev/null 2>&1
status "a bad alias in /etc/services with --strict" $? 1
printf 'myhttp\t80/tcp\t\t# local\n' >/etc/services

# --- Only the excerpt: its date is not the registry's ------------------------
printf '/etc/services\n%s\n' "$(pwd)/data/sample-registry.txt" >"$SOURCES"
defc excerpt
status "only the excerpt" $? 0
date_is "only the excerpt" unknown
check "only the excerpt: says whose date it has" \
    grep -q "an excerpt of 2025-07-22" "$T/c.out"
same "only the excerpt: verify" \
    "$("$CLI" verify -d "$T/excerpt.db" | grep '^registry:')" \
    "registry:  unknown"

# --- No sources file: the same order, from the compiled-in paths ---------
rm -f "$SOURCES"
cp "$SNAPSHOT" "$DATADIR/service-names-port-numbers.xml"
cp data/preferred-names.services "$DATADIR/preferred-names.services"
defc builtin
status "no sources file" $? 0
said "no sources file" "/etc/services $DATADIR/preferred-names.services \
$DATADIR/service-names-port-numbers.xml"
redate 2027-02-01 "$DBDIR/registry.xml"
defc builtin2
said "no sources file, a newer kept registry" \
    "/etc/services $DATADIR/preferred-names.services $DBDIR/registry.xml"
rm -f "$DBDIR/registry.xml"

# --- Into the system database: nscd is asked to drop its cache --------------
# A stand-in nscd records its arguments: a real one is the packaging
# test's (tests/packaging/test_outofbox.sh).
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "$*" >>"%s/nscd.args"\n' "$T" >"$T/bin/nscd"
chmod +x "$T/bin/nscd"
PATH=$T/bin:$PATH IANAPORTS_DB= "$CLI" compile >"$T/c.out" 2>"$T/c.err"
status "compile into $SYSDB" $? 0
same "compile into the system database: nscd -i services" \
    "$(cat "$T/nscd.args" 2>/dev/null)" "-i services"
check "compile into the system database: says so" \
    grep -q "nscd: services cache invalidated" "$T/c.out"
rm -f "$T/nscd.args"
PATH=$T/bin:$PATH "$CLI" compile -q -o "$T/other.db" >/dev/null 2>&1
check "compile into another file: nscd left alone" test ! -e "$T/nscd.args"
rm -f "$T/bin/nscd"
PATH=$T/bin:/nonexistent IANAPORTS_DB= "$CLI" compile -q >/dev/null 2>&1
status "compile into the system database without nscd" $? 0

finish
