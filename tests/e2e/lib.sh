# SPDX-License-Identifier: MIT
# Shared helpers for the e2e scripts (POSIX sh): a pass/fail count that
# ends in the line CI reads, a scratch directory, and getent through the
# module.  Source it from the repository root: . tests/e2e/lib.sh

B=${B:-build}
SHARED=${SHARED:-../shared}
# shellcheck disable=SC2034 # used by the scripts that source this
REGISTRY=$SHARED/registry
# The registry the project ships (2026-08-17), there on every clone; the
# shared collection's other snapshots add checks where present.
# shellcheck disable=SC2034
SNAPSHOT=data/service-names-port-numbers.xml
CLI=$B/ianaports
PASSED=0
FAILED=0

T=$(mktemp -d "${TMPDIR:-/tmp}/ianaports-e2e.XXXXXX") || exit 1
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

# check DESC COMMAND...: passes when COMMAND succeeds.
check() {
	_desc=$1
	shift
	if "$@"; then
		pass "$_desc"
	else
		fail "$_desc" "command: $*"
	fi
}

# same DESC GOT WANT: passes when the two strings are equal.
same() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "got:  $2" "want: $3"
	fi
}

# status DESC GOT WANT: an exit status.
status() {
	same "$1 (exit status)" "$2" "$3"
}

# has DESC PATTERN FILE: FILE holds a line matching PATTERN (grep's).
has() {
	if grep -q -- "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "no \"$2\" in:" "$(cat "$3")"
	fi
}

# hasnt DESC PATTERN FILE: no line of FILE matches PATTERN.
hasnt() {
	if grep -q -- "$2" "$3"; then
		fail "$1" "\"$2\" in:" "$(cat "$3")"
	else
		pass "$1"
	fi
}

# skip DESC WHY: counted as passed, said as skipped (no registry here).
skip() {
	PASSED=$((PASSED + 1))
	echo "ok - $1 # SKIP $2"
}

# finish: the count line, and the status of the whole script.
finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

# Blanks squeezed: getent pads its columns.
squeeze() {
	tr -s ' \t' '  ' | sed 's/ $//'
}

# gs DB ARG...: getent services through the module only, squeezed.  The
# exit status is getent's.
gs() {
	_db=$1
	shift
	LD_LIBRARY_PATH=$B IANAPORTS_DB=$_db getent -s ianaports services "$@" \
		>"$T/gs.out"
	_rc=$?
	squeeze <"$T/gs.out"
	return $_rc
}

# serves DESC DB KEY WANT: getent through the module answers KEY from DB
# with the line WANT (squeezed).
serves() {
	same "$1" "$(gs "$2" "$3")" "$4"
}

# compile OUT SOURCE...: quietly; fails the script's check when it fails.
compile() {
	_out=$1
	shift
	"$CLI" compile -o "$_out" "$@" >"$T/compile.out" 2>"$T/compile.err"
}

# need_file PATH: whether a shared registry file is here.
need_file() {
	[ -r "$1" ]
}
