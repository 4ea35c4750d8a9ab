# SPDX-License-Identifier: MIT
# Helpers for the hardening scripts (POSIX sh), sourced from the
# repository root: counts ending in the "N passed, N failed" line CI
# reads, a scratch directory, and getent through the module.

B=${B:-build}
SHARED=${SHARED:-../shared}
REGISTRY=$SHARED/registry
CLI=$B/ianaports
H=$B/hardening
PASSED=0
FAILED=0

T=$(mktemp -d "${TMPDIR:-/tmp}/ianaports-hard.XXXXXX") || exit 1
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

pass() {
	PASSED=$((PASSED + 1))
	echo "ok - $1"
}

fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL - $1"
	shift
	for line in "$@"; do
		echo "#   $line"
	done
}

# getent through the module only, with database DB; never waits more
# than 20 s (a hang is a failure, status 124).
ngetent() {
	_db=$1
	shift
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$_db timeout 20 \
	    getent -s ianaports services "$@"
}

finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
