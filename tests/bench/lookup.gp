# SPDX-License-Identifier: MIT
# Lookup cost per source on a log scale, from ipbench's lookup.dat:
# index "label" median min max (ns per lookup) cold (1: a fresh
# process's first lookup, drawn in another colour).
# gnuplot -e "datafile='...'; outfile='...'" lookup.gp  (term='png' too)
if (!exists("term")) term = "svg size 1100,520 dynamic font \"sans,12\""
set terminal @term noenhanced
set output outfile
set title "getservbyname_r / getservbyport_r through glibc, per lookup, warm (blue) and a fresh process's first (orange)\n(median; bars: min..max of the passes, or of the fresh processes)"
set logscale y 10
set yrange [10:1e8]
set ytics ("10 ns" 10, "100 ns" 100, "1 us" 1e3, "10 us" 1e4, \
	"100 us" 1e5, "1 ms" 1e6, "10 ms" 1e7, "100 ms" 1e8)
set grid ytics
set style fill solid 0.6 border -1
set boxwidth 0.6
set xtics rotate by -25 nomirror
set rmargin 22
set key off
# Three figures at most, so that neighbouring labels do not run together.
fmt(x) = x < 1e3 ? sprintf("%.0f ns", x) : x < 1e5 ? \
	sprintf("%.1f us", x / 1e3) : x < 1e6 ? sprintf("%.0f us", x / 1e3) : \
	sprintf("%.2f ms", x / 1e6)
colour(cold) = cold > 0 ? 0xd08040 : 0x4878a8
plot datafile using 1:3:(colour($6)):xtic(2) with boxes lc rgb variable, \
     '' using 1:3:4:5 with yerrorbars lc rgb "black" pt 0, \
     '' using 1:($5*1.6):(fmt($3)) with labels
