# SPDX-License-Identifier: MIT
# The core tests (serving contract, reader, module, e2e): extra rules only;
# the generic unit and e2e rules live in tests/check.mk.

# test_nss_module dlopens the module it is built beside.
$(B)/tests/test_nss_module: $(MODULE)
$(B)/tests/test_nss_module: private IP_CPPFLAGS += -DNSS_MODULE='"$(MODULE)"'
