#!/bin/sh
# SPDX-License-Identifier: MIT
# Put the ianaports module first on the services line of nsswitch.conf,
# or take out again exactly what was put there.  Shared by the Debian and
# RPM maintainer scripts.
#
# usage: nsswitch-edit [--root DIR] [--state FILE] add|adopt|remove
#
#   add     insert "ianaports [NOTFOUND=return] " at the head of the
#           services list when its other sources read local files only
#           (files, db, usrfiles: what the database compiles or replaces),
#           else "ianaports ", so that a directory service (nis, ldap,
#           sss, ...) still answers what the registry lacks; or append a
#           services line when there is none.  Record the line as it was
#           and as it is now in FILE.  A services line that already names
#           ianaports is left alone and nothing is recorded.
#   adopt   record what an earlier package, which kept no record, added
#           (the same insertion), so that remove can take it out.
#   remove  restore the recorded line, byte for byte, if the line still
#           reads as written; otherwise take out the insertion if it is
#           still there whole; otherwise leave the file as it is.
#
# A symbolic link is followed and its target edited, by rename in the
# target's directory, so the link stays a link.  Where authselect owns
# nsswitch.conf, nothing is edited: the services map is the profile's,
# and the one line printed names the authselect steps.  Wherever the
# module cannot be enabled, one line says so and what to add by hand;
# the exit status stays 0, so a package installation never fails on it.
#
# glibc reads a database line as: blanks, the name, then any run of
# blanks and colons, then the sources; '#' starts a comment anywhere; the
# last line of a database counts (glibc 2.36 keeps the last one).

set -u
ROOT=
STATE=
INSERT='ianaports [NOTFOUND=return] '
PLAIN='ianaports '
WANT='services: ianaports [NOTFOUND=return] files'

while [ $# -gt 1 ]; do
	case $1 in
	--root) ROOT=$2; shift 2 ;;
	--state) STATE=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# = 1 ] || { echo "usage: nsswitch-edit [--root DIR] [--state FILE]" \
    "add|adopt|remove" >&2; exit 2; }
ACTION=$1
CONF=$ROOT/etc/nsswitch.conf
STATE=${STATE:-$ROOT/var/lib/ianaports/nsswitch.state}

say() { echo "ianaports: $*"; }
by_hand() { say "$1; to enable the module, put '$WANT' in $2 by hand"; }

# The services line glibc reads from stdin: "NUMBER<TAB>LINE", or nothing.
services_line() {
	awk '{ s = $0; sub(/^[[:space:]]+/, "", s) }
	     s ~ /^services[[:space:]:]/ && s !~ /^services[[:space:]]*$/ {
		found = NR "\t" $0 }
	     END { if (found != "") print found }'
}

# Whether the sources (stdin: the line) name the module already.
names_module() {
	sed -e 's/#.*//' -e 's/^[[:space:]]*services[[:space:]:]*//' |
	    grep -Eq '(^|[[:space:]])ianaports([[:space:][]|$)'
}

# Write stdin over the file $1 by rename beside it, keeping its mode and
# owner; 0 on success.
replace_file() {
	tmp=$(mktemp "$1.ianaports.XXXXXX" 2>/dev/null) || return 1
	if cp -p "$1" "$tmp" 2>/dev/null && cat >"$tmp" && mv -f "$tmp" "$1"
	then
		command -v restorecon >/dev/null 2>&1 &&
		    restorecon "$1" >/dev/null 2>&1
		return 0
	fi
	rm -f "$tmp"
	return 1
}

# Line $2 of file $1 replaced by $3 (an empty $3 with $4 = delete drops
# the line), on stdout.
with_line() {
	new=$3 del=${4:-} awk -v n="$2" 'NR == n {
		if (ENVIRON["del"] == "") print ENVIRON["new"]; next } { print }' "$1"
}

# The file the edit goes to, following links; empty when it cannot be.
target_of() {
	t=$(readlink -f "$CONF" 2>/dev/null) || t=
	[ -n "$t" ] && [ -f "$t" ] && echo "$t"
}

# Whether the sources (stdin: the list after "services:") are all local
# files: then a miss in the registry is final, and nothing behind the
# module has an answer the database lacks.
only_local_sources() {
	! sed -e 's/#.*//' -e 's/\[[^]]*\]//g' | tr -s ' \t' '\n' |
	    grep -v '^$' | grep -qvxE 'files|db|usrfiles'
}

authselect_owns() {
	[ -e "$ROOT/etc/authselect/authselect.conf" ]
}

record() {	# record HOW OLDLINE NEWLINE
	mkdir -p "$(dirname "$STATE")" &&
	    printf '%s\n%s\n%s\n' "$1" "$2" "$3" >"$STATE"
}

do_add() {
	if [ ! -e "$CONF" ] && [ ! -L "$CONF" ]; then
		by_hand "no $CONF (glibc then reads /etc/services only)" \
		    "a new $CONF"
		return
	fi
	if authselect_owns; then
		say "authselect manages $CONF; to enable the module run" \
		    "'authselect enable-feature with-custom-services', put" \
		    "'$WANT' in /etc/authselect/user-nsswitch.conf, then" \
		    "'authselect apply-changes'"
		return
	fi
	if ! t=$(target_of); then
		by_hand "$CONF is a link to no regular file" "its target"
		return
	fi
	found=$(services_line <"$t")
	if [ -z "$found" ]; then
		# No services line: glibc's default is files; say it with
		# the module first.  A last line without a newline gets one.
		how=appended
		[ -s "$t" ] && [ -n "$(tail -c 1 "$t")" ] && how=appended-nonl
		if { cat "$t"; [ $how = appended-nonl ] && echo;
		    echo "$WANT"; } | replace_file "$t"; then
			record $how "" "$WANT" &&
			    say "added to $t: $WANT"
		else
			by_hand "cannot write $t" "$t"
		fi
		return
	fi
	n=${found%%"$(printf '\t')"*}
	old=${found#*"$(printf '\t')"}
	if printf '%s\n' "$old" | names_module; then
		say "$t already names ianaports on its services line:" \
		    "left as it is"
		return
	fi
	head=$(printf '%s\n' "$old" |
	    sed -n 's/^\([[:space:]]*services[[:space:]:]*\).*/\1/p')
	rest=${old#"$head"}
	ins=$INSERT why=
	if ! printf '%s\n' "$rest" | only_local_sources; then
		ins=$PLAIN
		why=" (no [NOTFOUND=return]: the other sources answer what the registry lacks)"
	fi
	new=$head$ins$rest
	if with_line "$t" "$n" "$new" | replace_file "$t"; then
		record inserted "$old" "$new" &&
		    say "enabled in $t: $new$why"
	else
		by_hand "cannot write $t" "$t"
	fi
}

# What a package that kept no record inserted: the same words at the head
# of the list.  Recorded as if added now.
do_adopt() {
	[ -e "$STATE" ] && return
	t=$(target_of) || return
	found=$(services_line <"$t")
	[ -n "$found" ] || return
	old=${found#*"$(printf '\t')"}
	head=$(printf '%s\n' "$old" |
	    sed -n 's/^\([[:space:]]*services[[:space:]:]*\).*/\1/p')
	rest=${old#"$head"}
	case $rest in
	"$INSERT"*) record inserted "$head${rest#"$INSERT"}" "$old" ;;
	esac
}

do_remove() {
	[ -e "$STATE" ] || return 0
	how=$(sed -n 1p "$STATE")
	was=$(sed -n 2p "$STATE")
	now=$(sed -n 3p "$STATE")
	if ! t=$(target_of); then
		rm -f "$STATE"
		return
	fi
	# The line as install wrote it: the last such line.
	n=$(l=$now awk '$0 == ENVIRON["l"] { n = NR } END { print n }' "$t")
	if [ -n "$n" ]; then
		case $how in
		inserted) with_line "$t" "$n" "$was" | replace_file "$t" ;;
		appended) with_line "$t" "$n" "" delete | replace_file "$t" ;;
		appended-nonl)
			# Drop the line and the newline added before it.
			last=$(wc -l <"$t")
			if [ "$n" = "$last" ]; then
				with_line "$t" "$n" "" delete |
				    awk 'NR > 1 { printf "\n" }
				         { printf "%s", $0 }' | replace_file "$t"
			else
				with_line "$t" "$n" "" delete | replace_file "$t"
			fi ;;
		esac || { say "cannot write $t: take 'ianaports' off its" \
		    "services line by hand"; return; }
	else
		found=$(services_line <"$t")
		n=${found%%"$(printf '\t')"*}
		old=${found#*"$(printf '\t')"}
		head=$(printf '%s\n' "$old" |
		    sed -n 's/^\([[:space:]]*services[[:space:]:]*\).*/\1/p')
		rest=${old#"$head"}
		case $rest in
		"$INSERT"*)
			with_line "$t" "$n" "$head${rest#"$INSERT"}" |
			    replace_file "$t" ;;
		"$PLAIN"*)
			with_line "$t" "$n" "$head${rest#"$PLAIN"}" |
			    replace_file "$t" ;;
		*)
			say "the services line of $t was changed since" \
			    "install: left as it is" ;;
		esac
	fi
	rm -f "$STATE"
}

case $ACTION in
add) do_add ;;
adopt) do_adopt ;;
remove) do_remove ;;
*) echo "nsswitch-edit: unknown action $ACTION" >&2; exit 2 ;;
esac
exit 0
