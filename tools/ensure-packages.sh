#!/bin/sh
# Install the Debian packages named as arguments that are missing, when
# we are root and apt-get exists; otherwise say what is missing.
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "ianaports: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null &&
		apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ echo "ianaports: apt-get install failed:$missing" >&2; exit 1; }
else
	echo "ianaports: missing packages:$missing (install them as root)" >&2
	exit 1
fi
