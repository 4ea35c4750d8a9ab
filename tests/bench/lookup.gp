# SPDX-License-Identifier: MIT
# Lookup cost per source on a log scale, from ipbench's lookup.dat:
# index "label" median min max (ns per lookup).
# gnuplot -e "datafile='...'; outfile='...'" lookup.gp
set terminal svg size 900,480 dynamic font "sans,12"
set output outfile
set title "getservbyname\\_r / getservbyport\\_r through glibc: ns per lookup (median, min..max)"
set logscale y 10
set ylabel "ns per lookup (log scale)"
set yrange [10:*]
set grid ytics mytics
set style fill solid 0.6 border -1
set boxwidth 0.6
set xtics rotate by -20 nomirror
set key off
plot datafile using 1:3:xtic(2) with boxes lc rgb "#4878a8", \
     '' using 1:3:4:5 with yerrorbars lc rgb "black" pt 0, \
     '' using 1:($3*1.35):(sprintf("%.0f", $3)) with labels
