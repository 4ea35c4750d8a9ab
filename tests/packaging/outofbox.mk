# The package installed offline as a new user meets it: the shipped
# registry served at once, update from a file, nscd told of a compile.
TEST_DEPS += nscd util-linux
.PHONY: check-outofbox
CHECKS += check-outofbox
check-outofbox: all deb
	@B=$(B) DEB="$(DEB_CLI) $(DEB)" sh tests/packaging/test_outofbox.sh
