# SPDX-License-Identifier: MIT
# Lookup cost per source on a log scale, from ipbench's lookup.dat:
# index "label" median min max (ns per lookup).
# gnuplot -e "datafile='...'; outfile='...'" lookup.gp  (term='png' too)
if (!exists("term")) term = "svg size 900,480 dynamic font \"sans,12\""
set terminal @term noenhanced
set output outfile
set title "getservbyname_r / getservbyport_r through glibc, per lookup (median; bars: min..max of the passes)"
set logscale y 10
set yrange [10:1e7]
set ytics ("10 ns" 10, "100 ns" 100, "1 us" 1e3, "10 us" 1e4, \
	"100 us" 1e5, "1 ms" 1e6, "10 ms" 1e7)
set grid ytics
set style fill solid 0.6 border -1
set boxwidth 0.6
set xtics rotate by -20 nomirror
set key off
fmt(x) = x < 1e3 ? sprintf("%.0f ns", x) : x < 1e6 ? \
	sprintf("%.1f us", x / 1e3) : sprintf("%.2f ms", x / 1e6)
plot datafile using 1:3:xtic(2) with boxes lc rgb "#4878a8", \
     '' using 1:3:4:5 with yerrorbars lc rgb "black" pt 0, \
     '' using 1:($5*1.6):(fmt($3)) with labels
