# The install rules of the program, its docs and its CMake module (the
# scenarios install their own: scenarios/CMakeLists.txt), and the Debian
# package CPack makes of them (`cpack -G DEB`; scripts/package). The layout
# is cmake/wirecheck_install_layout.cmake's.
install(TARGETS wirecheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Docs as in the source tree, so the README's links (docs/...) hold; the
# sample project that uses find_package(wirecheck) beside them, as Debian
# keeps examples.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# find_package(wirecheck): the same module installed and in the build tree
# (-Dwirecheck_DIR=<this build>), the version file beside each.
include(CMakePackageConfigHelpers)
set(wirecheck_config_version "${CMAKE_BINARY_DIR}/wirecheck-config-version.cmake")
write_basic_package_version_file(${wirecheck_config_version} COMPATIBILITY SameMinorVersion
  ARCH_INDEPENDENT)  # it runs a program: any consumer, C, C++ or none
configure_file(cmake/wirecheck-config.cmake ${CMAKE_BINARY_DIR}/wirecheck-config.cmake COPYONLY)
install(FILES cmake/wirecheck-config.cmake ${wirecheck_config_version} DESTINATION ${WIRECHECK_INSTALL_CMAKEDIR})

# The .deb: wirecheck_<version>_<arch>.deb. Its Depends come from the
# libraries the installed programs link (dpkg-shlibdeps, which needs
# dpkg-dev and file), so a package built on Ubuntu 24.04 names Ubuntu's
# (libyaml-cpp0.8, libre2-10, ...) and one built on Debian 12 Debian's.
# The examples' Python and Java programs need an interpreter and a JVM:
# recommended, not required (a user's own scenarios may need neither).
set(CPACK_PACKAGE_NAME wirecheck)
set(CPACK_PACKAGE_VENDOR "wirecheck")
set(CPACK_PACKAGE_CONTACT "wirecheck developers <dev@wirecheck.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "protocol-testing harness for socket programs")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "wirecheck runs a server and its clients (C, Java, Python or scripted peers) as a YAML "
  "scenario describes, captures every packet of the run in a sandbox of its own, and checks "
  "the conversations (handshake, bytes, close, concurrency) and the programs (exit codes, "
  "output) against the scenario, with JUnit, JSON and HTML reports. `wirecheck show` "
  "analyses any pcap: TCP connections and UDP flows with Zeek's conn.log columns.")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3, default-jre-headless")
include(CPack)
