#!/bin/sh
# SPDX-License-Identifier: MIT
# Run each fuzz target in turn for SECONDS, one at a time (the machines
# are shared), and report executions, time and coverage per target.
# usage: FZ=build/fuzz run.sh SECONDS TARGET...
set -u
secs=$1
shift
pass=0 fail=0
mkdir -p "$FZ/log" "$FZ/artifacts"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "$@"; do
	mkdir -p "$FZ/corpus/$t"
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
	log=$FZ/log/$t.log
	# -timeout: one input running 10 s is a hang; -rss_limit_mb: a
	# runaway allocation is a finding, not a dead machine.
	"$FZ/fuzz_$t" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 $dict \
	    -artifact_prefix="$FZ/artifacts/$t-" \
	    "$FZ/corpus/$t" "$FZ/seeds/$t" >"$log" 2>&1
	rc=$?
	runs=$(LC_ALL=C sed -n -e 's/^stat::number_of_executed_units: *//p' "$log")
	took=$(LC_ALL=C sed -n -e 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
	cov=$(grep -a -o 'cov: [0-9]*' "$log" | tail -1)
	if [ "$rc" -eq 0 ] && ! grep -a -q -e 'ERROR: ' -e 'runtime error' \
	    -e '==ERROR' "$log"; then
		pass=$((pass + 1))
		echo "ok   fuzz_$t: ${runs:-?} runs in ${took:-?} s, $cov," \
		    "corpus $(ls "$FZ/corpus/$t" | wc -l) files"
	else
		fail=$((fail + 1))
		echo "FAIL fuzz_$t (exit $rc): see $log"
		grep -a -m5 -e 'ERROR' -e 'runtime error' -e 'Test unit written' \
		    "$log" | sed 's/^/     /'
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
