# SPDX-License-Identifier: MIT
# For the packaging tests, inside `unshare -m`: the system made
# throwaway, and the helpers that report from there.  Source it, then
# call overlay_system DIR.

# overlay_system DIR: /etc, /usr and /var become overlays whose upper
# layers live on a tmpfs on DIR, mounted only in this namespace; /run a
# tmpfs of its own: no systemd and no nscd of the host's, so maintainer
# scripts start no units and getent asks no host nscd.  Sets T to DIR.
overlay_system() {
	T=$1
	mount --make-rprivate /
	mount -t tmpfs tmpfs "$T"
	for d in etc usr var; do
		mkdir "$T/$d.up" "$T/$d.wk"
		mount -t overlay overlay -o \
		    "lowerdir=/$d,upperdir=$T/$d.up,workdir=$T/$d.wk" "/$d" ||
			{ echo "FAIL - overlay on /$d"; exit 1; }
	done
	mount -t tmpfs tmpfs /run
	export DEBIAN_FRONTEND=noninteractive
}

# One line a result, counted outside the namespace.
say() { echo "$1 - $2"; }
# t NAME COMMAND...: ok when COMMAND succeeds; its output stays in $T/out
# and, on failure, goes to the log.
t() {
	n=$1
	shift
	if "$@" >"$T/out" 2>&1; then say ok "$n"; else
		say FAIL "$n"; sed 's/^/#   /' "$T/out" | head -20; fi
}
