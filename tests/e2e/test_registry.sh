# SPDX-License-Identifier: MIT
# The real registry snapshots, whole: every entry found back by port and
# by each of its names (one process, build/e2e/servcheck), the XML and
# the CSV of the same month answering alike, and the registry excerpt
# in $SHARED/seeds (else the sample registry) answering each of its rows.
. tests/e2e/lib.sh

SERVCHECK=$B/e2e/servcheck
XML24=$REGISTRY/service-names-port-numbers-2024-06-07.xml
XML25=$REGISTRY/service-names-port-numbers-2025-07-22.xml
CSV24=$REGISTRY/service-names-port-numbers-2024-06.csv

# servcheck NAME DB: the whole round trip through glibc.
servcheck() {
	out=$(LD_LIBRARY_PATH=$B IANAPORTS_DB=$2 "$SERVCHECK" 2>"$T/sc.err")
	rc=$?
	if [ $rc -eq 0 ] && [ -n "$out" ]; then
		pass "$1: every entry found back by port and names ($out)"
	else
		fail "$1: every entry found back by port and names" \
			"$out" "$(head -5 "$T/sc.err")"
	fi
}

# --- Each snapshot: all entries found back --------------------------------
# The shipped one, and the older ones of the shared collection.
for f in "$SNAPSHOT" "$XML24" "$XML25" "$CSV24"; do
	if ! need_file "$f"; then
		skip "$(basename "$f")" "no $f"
		continue
	fi
	name=$(basename "$f")
	if ! compile "$T/$name.db" "$f"; then
		fail "$name compiles" "$(head -3 "$T/compile.err")"
		continue
	fi
	pass "$name compiles"
	servcheck "$name" "$T/$name.db"
	n=$(gs "$T/$name.db" | wc -l)
	n_dump=$("$CLI" dump -d "$T/$name.db" | grep -vc '^#')
	same "$name: getent enumerates every entry" "$n" "$n_dump"
done

# --- The same month as XML and as CSV: the same answers -------------------
if need_file "$XML24" && need_file "$CSV24"; then
	xdb=$T/$(basename "$XML24").db
	cdb=$T/$(basename "$CSV24").db
	gs "$xdb" >"$T/xml.enum"
	gs "$cdb" >"$T/csv.enum"
	if cmp -s "$T/xml.enum" "$T/csv.enum"; then
		pass "2024-06: XML and CSV enumerate the same ($(wc -l \
			<"$T/xml.enum") entries)"
	else
		fail "2024-06: XML and CSV enumerate the same" \
			"$(diff "$T/xml.enum" "$T/csv.enum" | head -5)"
	fi
	keys="http 80/tcp HTTP 6010/tcp x11 msp z39.50 3322/udp kerberos-iv
		750/udp 774/udp sql*net LiebDevMgmt_A 27009/udp boe-cms/udp"
	# shellcheck disable=SC2086
	gs "$xdb" $keys >"$T/xml.q"
	# shellcheck disable=SC2086
	gs "$cdb" $keys >"$T/csv.q"
	check "2024-06: XML and CSV answer the same lookups" \
		cmp -s "$T/xml.q" "$T/csv.q"
	same "2024-06: as many answers as keys" "$(wc -l <"$T/xml.q")" 15
else
	skip "2024-06: XML and CSV answer alike" "no 2024-06 snapshots"
fi

# --- The registry excerpt: each of its rows answered -----------------------
SEED=
for s in "$SHARED"/seeds/*.txt; do
	[ -r "$s" ] && SEED=$s && break
done
[ -n "$SEED" ] || SEED=data/sample-registry.txt
check "the seed excerpt compiles" compile "$T/seed.db" "$SEED"
# Its rows: "name port proto ...", a name, a port (or range), a protocol.
awk '$1 !~ /^[0-9]/ && $2 ~ /^[0-9]+(-[0-9]+)?$/ &&
	$3 ~ /^(tcp|udp|sctp|dccp)$/ { print $1, $2, $3 }' "$SEED" >"$T/rows"
nrows=$(wc -l <"$T/rows")
[ "$nrows" -gt 50 ]
status "the seed excerpt has rows ($nrows)" $? 0
# holds "NAME PORT/PROTO ALIAS..." NAME PROTO: whether that one answer
# line is of PROTO and holds NAME.
holds() {
	set -f
	# shellcheck disable=SC2086
	set -- "$2" "$3" $1
	set +f
	_want=$1 _proto=$2
	shift 2
	[ $# -ge 2 ] || return 1
	case $2 in */"$_proto") ;; *) return 1 ;; esac
	[ "$1" = "$_want" ] && return 0
	shift 2
	for _w in "$@"; do
		[ "$_w" = "$_want" ] && return 0
	done
	return 1
}
bad=0
while read -r name port proto; do
	lo=${port%-*}
	# By port: the entry holds the row's name (the first row's name is
	# official, a later one's an alias).
	got=$(gs "$T/seed.db" "$lo/$proto")
	if ! holds "$got" "$name" "$proto" ||
		[ "$(echo "$got" | cut -d' ' -f2)" != "$lo/$proto" ]; then
		bad=$((bad + 1))
		echo "#   $lo/$proto: got '$got', want a holder of $name"
	fi
	# By name: an entry of that protocol holding the name.
	got=$(gs "$T/seed.db" "$name/$proto")
	if ! holds "$got" "$name" "$proto"; then
		bad=$((bad + 1))
		echo "#   $name/$proto: got '$got'"
	fi
done <"$T/rows"
same "the seed excerpt answers each of its $nrows rows by port and name" \
	"$bad" 0
same "seed: 750/udp" "$(gs "$T/seed.db" 750/udp)" "loadav 750/udp kerberos-iv"
same "seed: 887/tcp" "$(gs "$T/seed.db" 887/tcp)" \
	"iclcnet-svinfo 887/tcp iclcnet_svinfo"
same "seed: 887/udp (a row whose description spans lines)" \
	"$(gs "$T/seed.db" 887/udp)" "iclcnet-svinfo 887/udp"
gs "$T/seed.db" 786/tcp >/dev/null
status "seed: an Unassigned row is not served" $? 2

finish
