# ianaports update and diff: HTTP fetching (libcurl, in the tool only,
# never in the module) and a database read back as a source.
BUILD_DEPS += libcurl4-openssl-dev
TOOL_LIBS += -lcurl
# The CLI's prerequisites were expanded before this file was read, so
# the extra objects are named here rather than appended to TOOLS_SRC.
UPDATE_OBJ = $(B)/tobj/tools/fetch.o $(B)/tobj/tools/src_db.o
$(CLI): $(UPDATE_OBJ)
$(B)/tobj/tools/fetch.o: tools/fetch.h

# update's tests fetch from a local server (tests/e2e/httpd.py); the
# default sources test compiles the ipv6toolkit package's CSV copy.
TEST_DEPS += python3 ipv6toolkit
