# find_package(wirecheck): wirecheck's scenarios as ctest tests of your project.
#
#   find_package(wirecheck 0.1 REQUIRED)
#   enable_testing()
#   add_executable(my_server server.c)
#   wirecheck_add_scenario(my_server tests/my_server.yaml)
#
# Installed in <prefix>/lib/cmake/wirecheck (found on CMake's default path
# for /usr and /usr/local); from a wirecheck build tree, configure with
# -Dwirecheck_DIR=<that build>. Sets WIRECHECK_EXECUTABLE (cached: set it to
# use another binary) and defines:
#
#   wirecheck_add_scenario(NAME FILE [ARGS arg...] [BUILD_DIR dir]
#                          [SCENARIOS_DIR dir] [LABELS label...] [TIMEOUT seconds])
#
# A test NAME that runs
#   wirecheck run FILE --build BUILD_DIR --scenarios SCENARIOS_DIR
#                 --report junit=<PROJECT_BINARY_DIR>/wirecheck/NAME.xml ARGS...
# whose exit code is the test's result (0 every check passed; 1 a check
# failed; 2 bad scenario; 3 the environment: see `wirecheck doctor`).
# FILE is relative to the calling CMakeLists.txt's folder. {build} in the
# scenario is BUILD_DIR (default: the project's binary dir, where your
# programs are built), {scenarios} is SCENARIOS_DIR (default: the project's
# source dir). The test has the label `wirecheck` besides LABELS
# (ctest -L wirecheck), and TIMEOUT (default 300 s; a scenario bounds its
# own run with `timeout:`).

if(NOT WIRECHECK_EXECUTABLE)
  if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/CMakeCache.txt")
    # A wirecheck build tree: the binary is beside this file.
    set(_wirecheck_executable "${CMAKE_CURRENT_LIST_DIR}/wirecheck")
  else()
    # Installed: <prefix>/lib/cmake/wirecheck -> <prefix>/bin.
    get_filename_component(_wirecheck_executable "${CMAKE_CURRENT_LIST_DIR}/../../../bin/wirecheck" ABSOLUTE)
  endif()
  set(WIRECHECK_EXECUTABLE "${_wirecheck_executable}" CACHE FILEPATH "the wirecheck binary wirecheck_add_scenario runs")
  unset(_wirecheck_executable)
endif()
if(NOT EXISTS "${WIRECHECK_EXECUTABLE}")
  set(wirecheck_FOUND FALSE)
  set(wirecheck_NOT_FOUND_MESSAGE "no wirecheck binary at ${WIRECHECK_EXECUTABLE} (build wirecheck, or set WIRECHECK_EXECUTABLE)")
  return()
endif()

function(wirecheck_add_scenario name file)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "BUILD_DIR;SCENARIOS_DIR;TIMEOUT" "ARGS;LABELS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wirecheck_add_scenario(${name}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  get_filename_component(file "${file}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "wirecheck_add_scenario(${name}): no scenario file ${file}")
  endif()
  if(NOT arg_BUILD_DIR)
    set(arg_BUILD_DIR "${PROJECT_BINARY_DIR}")
  endif()
  if(NOT arg_SCENARIOS_DIR)
    set(arg_SCENARIOS_DIR "${PROJECT_SOURCE_DIR}")
  endif()
  list(PREPEND arg_LABELS wirecheck)
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 300)
  endif()
  add_test(NAME ${name}
    COMMAND "${WIRECHECK_EXECUTABLE}" run "${file}" --build "${arg_BUILD_DIR}" --scenarios "${arg_SCENARIOS_DIR}"
            --report "junit=${PROJECT_BINARY_DIR}/wirecheck/${name}.xml" ${arg_ARGS})
  set_tests_properties(${name} PROPERTIES LABELS "${arg_LABELS}" TIMEOUT ${arg_TIMEOUT})
endfunction()
