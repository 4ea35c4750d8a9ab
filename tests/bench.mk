# The benchmark.  `make bench` times lookups through glibc for ianaports
# and its peers, warm and in fresh processes, and writes docs/bench/;
# `check-bench` runs the differential check (ipdiff) on a small query set
# and asserts that the sources agree (tests/bench/run.sh says how each is
# set up).
BENCH_DEPS = libnss-db nscd gnuplot-nox netbase
TEST_DEPS += $(BENCH_DEPS)
BENCH_NULL = $(B)/libnss_ianapnull.so.2
BENCH_FIXED = $(B)/libnss_ianapfixed.so.2
BENCH_MAPPED = $(B)/libnss_ianapmapped.so.2
BENCH_READ = $(B)/libnss_ianapread.so.2
BENCH_REFS = $(BENCH_NULL) $(BENCH_FIXED) $(BENCH_MAPPED) $(BENCH_READ)
BENCH_BIN = $(B)/bench/ipbench
BENCH_DIFF = $(B)/bench/ipdiff
BENCH_COLD = $(B)/bench/ipcold
# The parts both programs share, and each one's own.
BENCH_SHARED = sources queries workers
BENCH_OWN = bench timing memory cold report chart
bench_obj = $(1:%=$(B)/bench/obj/%.o)

# The reference modules, from one source: the null module (NOTFOUND at
# once, the floor of glibc's dispatch), the fixed-answer module (one
# entry for every query, the floor of a hit), the mapped one (the null
# module that maps the database first: a first lookup's floor for any
# module that serves from a mapped file) and the read one (the null module
# that reads the database's first page with pread: the floor for any
# module that reads the file at all).
$(B)/libnss_ianap%.so.2: tests/bench/ref_module.c tests/bench/ref_module.map
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) $(CFLAGS) -shared \
		-DNAME=ianap$* $(if $(filter fixed,$*),-DFIXED_ANSWER) \
		$(if $(filter mapped,$*),-DMAP_DB) \
		$(if $(filter read,$*),-DREAD_DB) \
		-Wl,-soname,libnss_ianap$*.so.2 \
		-Wl,--version-script=tests/bench/ref_module.map -Wl,-z,defs \
		$(IP_LDFLAGS) $(LDFLAGS) -o $@ $<

# Plain (never sanitized): they time the module, which is never sanitized.
$(B)/bench/obj/%.o: tests/bench/%.c tests/bench/bench.h \
		tests/bench/ipbench.h nss/ipdb.h
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BENCH_BIN): $(call bench_obj,$(BENCH_OWN) $(BENCH_SHARED)) $(CORE_OBJ)
	$(CC) $(IP_LDFLAGS) $(LDFLAGS) -o $@ $^ -lpthread

$(BENCH_DIFF): $(call bench_obj,differential $(BENCH_SHARED))
	$(CC) $(IP_LDFLAGS) $(LDFLAGS) -o $@ $^ -lpthread

# Exec'd for every sample of a fresh process's first lookup: libc only.
$(BENCH_COLD): tests/bench/coldlookup.c
	@mkdir -p $(@D)
	$(CC) $(IP_CPPFLAGS) $(IP_CFLAGS) $(CFLAGS) $(IP_LDFLAGS) $(LDFLAGS) \
		-o $@ $<

.PHONY: bench check-bench
CHECKS += check-bench
bench: all $(BENCH_REFS) $(BENCH_BIN) $(BENCH_DIFF) $(BENCH_COLD)
	@sh tools/ensure-packages.sh $(BENCH_DEPS)
	@B=$(B) SHARED=$(SHARED) sh tests/bench/run.sh bench

# Its packages again here: tests/check.mk, included after this file, sets
# TEST_DEPS with "=", so the "+=" above does not reach make check.
check-bench: all $(BENCH_REFS) $(BENCH_DIFF) $(BENCH_COLD)
	@echo "== check-bench"
	@sh tools/ensure-packages.sh $(BENCH_DEPS)
	@B=$(B) SHARED=$(SHARED) sh tests/bench/run.sh check
