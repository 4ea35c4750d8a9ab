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
