# SPDX-License-Identifier: MIT
# Helpers for the hardening scripts (POSIX sh), sourced from the
# repository root: the e2e helpers (counts ending in the "N passed,
# N failed" line CI reads, a scratch directory), plus what hardening
# adds: its build directory, and getent that can never hang.

. tests/e2e/lib.sh
H=$B/hardening
# Programs run as nobody (the setuid test) reach into the scratch dir.
chmod 755 "$T"

# getent through the module only, with database DB; never waits more
# than 20 s (a hang is a failure, status 124).
ngetent() {
	_db=$1
	shift
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$_db timeout 20 \
	    getent -s ianaports services "$@"
}

# probe_dbs: $T/pa.db, $T/pb.db and $T/pc.db, the newest registry (the
# sample without the shared one) and one service more, on another port
# in each: of one size, told apart by $PROBE's answer, $WANT_A, $WANT_B
# or $WANT_C.
PROBE=hardening-probe/tcp
WANT_A="hardening-probe 40001/tcp"
WANT_B="hardening-probe 40002/tcp"
WANT_C="hardening-probe 40003/tcp"
probe_dbs() {
	_src=$(ls "$REGISTRY"/*.xml 2>/dev/null | sort | tail -1)
	[ -n "$_src" ] || _src=data/sample-registry.txt
	for _x in a:40001 b:40002 c:40003; do
		printf 'hardening-probe\t%s/tcp\n' "${_x#*:}" >"$T/probe.services"
		"$CLI" compile -q -o "$T/p${_x%%:*}.db" "$T/probe.services" \
		    "$_src" >/dev/null || return 1
	done
}

# crashed STATUS: whether an exit status is a death by signal or timeout.
crashed() {
	[ "$1" -ge 124 ]
}

# Queries of every kind for a damaged database: names, cases, protocols
# it has and has not, ports at both ends.
# shellcheck disable=SC2034 # used by the scripts that source this
HOSTILE_QUERIES="http HTTP http/tcp http/udp http/sctp ssh/tcp domain/udp
kerberos-adm kerberos-adm/ddp no-such-service 80 80/tcp 80/udp 80/sctp
53/udp 22 749/ddp 0 65535 65535/tcp"

# entry_queries DB N: for every Nth line of DB's dump, one query a line
# of each kind: name, name/proto, NAME in capitals, port/proto, port.
entry_queries() {
	"$CLI" dump -d "$1" | awk -F'\t' -v n="$2" \
	    '!/^#/ && NF >= 2 && NR % n == 0 {
		split($2, p, " "); split(p[1], pp, "/")
		print $1; print $1 "/" pp[2]; print toupper($1); print p[1]
		print pp[1] }'
}
