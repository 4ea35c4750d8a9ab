# ianaports update and diff: their tests.
# update's tests fetch from a local server (tests/e2e/httpd.py); the
# default sources test compiles the ipv6toolkit package's CSV copy.
TEST_DEPS += python3 ipv6toolkit
