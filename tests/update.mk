# ianaports update and diff: their tests.
# update's tests fetch from a local server (tests/e2e/httpd.py).
TEST_DEPS += python3
