# SPDX-License-Identifier: MIT
# `ianaports compile` with no SOURCE: /etc/services
# first, so that an administrator's lines win, then the newest registry
# on the machine: the copy `ianaports update` keeps, else the one the
# real ipv6toolkit package ships, else the sample; it says which.  Read
# from the real paths: the script runs in a private mount namespace in
# which /etc, /var/lib and /usr/share are overlays on a tmpfs (nslib.sh),
# so it may write /etc/ianaports/sources there; the host sees nothing.
. tests/e2e/lib.sh
. tests/e2e/nslib.sh
ns_enter

B=$(cd "$B" && pwd)
CLI=$B/ianaports
XML=$REGISTRY/service-names-port-numbers-2024-06-07.xml
CSV=/usr/share/ipv6toolkit/service-names-port-numbers.csv
# The paths packaging/sources.conf names (a Debian build's layout).
REGXML=/var/lib/ianaports/registry.xml
SAMPLE=/usr/share/ianaports/sample-registry.txt
# The paths compiled in, for when there is no sources file.
SOURCES=$("$CLI" compile --help | tr -s ' \n' '\n\n' |
    grep '/ianaports/sources$' | head -n 1)
DBDIR=$("$CLI" update --help | sed -n 's/.*(default: \(\/[^)]*\)).*/\1/p' |
    tail -n 1)
DATADIR_SAMPLE=$(grep -a -o '/[[:graph:]]*/sample-registry\.txt' "$CLI" |
    head -n 1)

if [ -z "$SOURCES" ] || [ -z "$DBDIR" ] || [ -z "$DATADIR_SAMPLE" ]; then
	fail "the compiled-in paths" "sources file: $SOURCES" \
	    "state directory: $DBDIR" "sample: $DATADIR_SAMPLE"
	finish
	exit
fi
trap 'ns_cleanup; rm -rf "$T"' EXIT
if ! ns_setup || ! ns_writable /etc || ! ns_writable /var/lib/ianaports ||
    ! ns_writable /usr/share/ianaports ||
    ! ns_writable "$(dirname "$SOURCES")" || ! ns_writable "$DBDIR" ||
    ! ns_writable "$(dirname "$DATADIR_SAMPLE")"; then
	fail "overlays in the namespace"
	finish
	exit
fi
rm -f "$REGXML" "$DBDIR/registry.xml"
printf 'myhttp\t80/tcp\t\t# local\n' >/etc/services
if [ -r packaging/sources.conf ]; then
	cp packaging/sources.conf "$SOURCES"
else
	printf '/etc/services\n%s %s %s\n' "$REGXML" "$CSV" "$SAMPLE" \
	    >"$SOURCES"
fi
cp data/sample-registry.txt "$SAMPLE"
cp data/sample-registry.txt "$DATADIR_SAMPLE"

# defc NAME: compile with no source into $T/NAME.db; not -q, which would
# silence the list of sources and the summary checked below.
defc() {
	IANAPORTS_DB=$T/$1.db "$CLI" compile >"$T/c.out" 2>"$T/c.err"
}
said() {
	same "$1: says which" "$(grep '^ianaports: sources:' "$T/c.err")" \
	    "ianaports: sources: $2"
}
first2() {
	gs "$@" | cut -d' ' -f1-2
}

# --- The copy update keeps ----------------------------------------------
if [ -r "$XML" ]; then
	cp "$XML" "$REGXML"
	defc kept
	status "with the kept registry" $? 0
	said "with the kept registry" "/etc/services $REGXML"
	same "with the kept registry: the local line wins" \
	    "$(first2 "$T/kept.db" 80/tcp)" "myhttp 80/tcp"
	same "with the kept registry: the registry serves the rest" \
	    "$(gs "$T/kept.db" compressnet)" "compressnet 2/tcp"
	same "with the kept registry: its date" \
	    "$(grep -o 'registry [0-9-]*' "$T/c.out")" "registry 2024-06-07"
	rm -f "$REGXML"
else
	skip "with the kept registry" "no $XML"
fi

# --- Else ipv6toolkit's --------------------------------------------------
if [ -r "$CSV" ]; then
	defc csv
	status "with ipv6toolkit's registry" $? 0
	said "with ipv6toolkit's registry" "/etc/services $CSV"
	same "with ipv6toolkit's registry: https" \
	    "$(first2 "$T/csv.db" 443/tcp)" "https 443/tcp"
	same "with ipv6toolkit's registry: the local line wins" \
	    "$(first2 "$T/csv.db" 80/tcp)" "myhttp 80/tcp"
	rm -f "$CSV"
else
	skip "with ipv6toolkit's registry" "the ipv6toolkit package is absent"
fi

# --- Else the sample -------------------------------------------------------
defc sample
status "with the sample" $? 0
said "with the sample" "/etc/services $SAMPLE"
same "with the sample: kerberos-adm" "$(gs "$T/sample.db" kerberos-adm)" \
    "kerberos-adm 749/tcp"
gs "$T/sample.db" compressnet >/dev/null
status "with the sample: no full registry" $? 2

# --- No /etc/services -----------------------------------------------------
rm -f /etc/services
defc nolocal
status "without /etc/services" $? 0
said "without /etc/services" "$SAMPLE"
printf 'myhttp\t80/tcp\t\t# local\n' >/etc/services

# --- An administrator's own list ----------------------------------------------
printf '# mine\n/etc/services   # local first\n\n/nonexistent\n%s\n' \
    "$SAMPLE" >"$SOURCES"
defc own
status "an edited sources file" $? 0
said "an edited sources file" "/etc/services $SAMPLE"

# --- No sources file: the same order, from the compiled-in paths ---------
rm -f "$SOURCES"
if [ -r "$XML" ]; then
	cp "$XML" "$DBDIR/registry.xml"
	defc fallback
	status "no sources file, a kept registry" $? 0
	said "no sources file, a kept registry" \
	    "/etc/services $DBDIR/registry.xml"
	rm -f "$DBDIR/registry.xml"
fi
defc fallback2
status "no sources file, nothing but the sample" $? 0
said "no sources file, nothing but the sample" \
    "/etc/services $DATADIR_SAMPLE"

finish
