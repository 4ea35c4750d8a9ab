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
