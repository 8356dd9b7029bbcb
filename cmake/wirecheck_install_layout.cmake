# Where `cmake --install` (and the .deb, cmake/wirecheck_package.cmake) puts
# wirecheck, in FHS places under the prefix:
#
#   bin/wirecheck                      the program
#   lib/wirecheck/                     {build} of an installed wirecheck: the
#                                      reference programs the bundled scenarios
#                                      run (scenarios/ C programs, scenarios/java/
#                                      classes), laid out as in a build tree
#   share/wirecheck/scenarios/         {scenarios}: the bundled scenarios, the
#                                      sample class, captures, Python programs,
#                                      sources and the format reference
#   share/doc/wirecheck/               README, docs/, the CI templates, the
#                                      sample external project
#   lib/cmake/wirecheck/               find_package(wirecheck)
#
# lib/wirecheck, not libexec/wirecheck: it holds executables and Java
# classes (data a JVM loads), and Debian's place for a package's private
# programs and their data together is /usr/lib/<package>. Plain lib/, not
# the multiarch libdir (lib/x86_64-linux-gnu): nothing here is a library
# another package links.
#
# The binary finds the two run folders relative to its own location
# (harness/run/run_plan.h, FindDirectories), so an installed tree can move.
include(GNUInstallDirs)

set(WIRECHECK_INSTALL_PROGRAMSDIR "lib/wirecheck")
set(WIRECHECK_INSTALL_SCENARIOSDIR "${CMAKE_INSTALL_DATADIR}/wirecheck/scenarios")
set(WIRECHECK_INSTALL_CMAKEDIR "lib/cmake/wirecheck")

# The same places as the binary sees them: relative to its own folder.
file(RELATIVE_PATH WIRECHECK_PROGRAMS_FROM_BINARY "${CMAKE_INSTALL_FULL_BINDIR}"
     "${CMAKE_INSTALL_PREFIX}/${WIRECHECK_INSTALL_PROGRAMSDIR}")
file(RELATIVE_PATH WIRECHECK_SCENARIOS_FROM_BINARY "${CMAKE_INSTALL_FULL_BINDIR}"
     "${CMAKE_INSTALL_PREFIX}/${WIRECHECK_INSTALL_SCENARIOSDIR}")

# Folders made by the install are 0755 whatever the umask, as a package needs.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
