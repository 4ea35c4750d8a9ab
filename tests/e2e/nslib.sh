# SPDX-License-Identifier: MIT
# Private mount namespaces for e2e scripts that must write system paths
# (/etc/services, /etc/ianaports, /var/lib/ianaports, /usr/share/...):
# the script runs itself again under `unshare -m`, where each tree it
# writes is an overlay whose upper layer is a tmpfs.  The host never
# sees a change, which the outer run checks afterwards.
# Source it after lib.sh, then call ns_enter first thing.

# ns_enter: outside the namespace, run this script inside it, print its
# results, check that the host's /etc was left alone, and exit.
ns_enter() {
	[ -n "$IANAPORTS_IN_NS" ] && return 0
	_before=$(ls -ld --time-style=+%s /etc/services /etc/ianaports \
	    /var/lib/ianaports 2>&1; cksum </etc/services)
	IANAPORTS_IN_NS=1 unshare -m sh "$0" >"$T/inner.out" 2>&1
	_rc=$?
	grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$T/inner.out"
	_counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$T/inner.out" |
	    tail -n 1)
	[ -n "$_counts" ] || _counts="0 passed, 1 failed"
	PASSED=${_counts%% passed*}
	FAILED=${_counts#*passed, }
	FAILED=${FAILED%% failed*}
	_after=$(ls -ld --time-style=+%s /etc/services /etc/ianaports \
	    /var/lib/ianaports 2>&1; cksum </etc/services)
	same "the host's /etc/services, /etc/ianaports, /var/lib/ianaports untouched" \
	    "$_after" "$_before"
	[ $_rc -eq 0 ] || [ "$FAILED" -gt 0 ] ||
	    fail "the namespace run exited $_rc"
	finish
	exit
}

NS_ROOTS=
NS_N=0

# ns_setup: inside, make mounts private and a tmpfs for upper layers.
ns_setup() {
	mount --make-rprivate / && mkdir -p "$T/ov" &&
	    mount -t tmpfs tmpfs "$T/ov"
}

# ns_cleanup: undo the mounts so that $T can be removed.
ns_cleanup() {
	for _r in $NS_ROOTS; do
		umount "$_r" 2>/dev/null
	done
	umount "$T/ov" 2>/dev/null
}

# ns_writable DIR: make DIR exist and be writable in this namespace: an
# overlay on DIR's nearest existing ancestor, unless one is there.
ns_writable() {
	_d=$1
	while ! [ -d "$_d" ]; do
		_d=$(dirname "$_d")
	done
	for _r in $NS_ROOTS; do
		case $_d/ in
		"$_r"/*) mkdir -p "$1"; return ;;
		esac
	done
	NS_N=$((NS_N + 1))
	mkdir -p "$T/ov/$NS_N/u" "$T/ov/$NS_N/w" &&
	mount -t overlay overlay \
	    -o "lowerdir=$_d,upperdir=$T/ov/$NS_N/u,workdir=$T/ov/$NS_N/w" \
	    "$_d" || return 1
	# Unmounted in reverse order: the newest first.
	NS_ROOTS="$_d $NS_ROOTS"
	mkdir -p "$1"
}

# ns_ready DIR...: ns_setup and each DIR writable; when that fails, say
# so, print the count line and exit.
ns_ready() {
	_ok=0
	ns_setup || _ok=1
	for _d in "$@"; do
		[ $_ok -eq 0 ] && { ns_writable "$_d" || _ok=1; }
	done
	[ $_ok -eq 0 ] && return 0
	fail "overlays in the namespace on $*"
	finish
	exit
}
