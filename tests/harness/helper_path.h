#pragma once
// Where the test helper program (helpers/harness_helper.c) is: the built
// one, or WIRECHECK_TEST_HELPER where a test reruns this binary from a copy
// (ContainmentAsUserTest: as nobody, from a folder nobody can reach).

#include <cstdlib>
#include <string>

namespace wirecheck::testing {

inline std::string HarnessHelper() {
  const char* copy = std::getenv("WIRECHECK_TEST_HELPER");
  return copy != nullptr && *copy != '\0' ? copy : WIRECHECK_HARNESS_HELPER;
}

}  // namespace wirecheck::testing
