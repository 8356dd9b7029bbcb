#pragma once
// The test helper program (helpers/harness_helper.c): where it is, and
// running it in a sandbox. Where: the built one, or WIRECHECK_TEST_HELPER
// where a test reruns its binary from a copy (ContainmentAsUserTest: as
// nobody, from a folder nobody can reach).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness/sandbox/sandbox.h"

namespace wirecheck::testing {

inline std::string HarnessHelper() {
  const char* copy = std::getenv("WIRECHECK_TEST_HELPER");
  return copy != nullptr && *copy != '\0' ? copy : WIRECHECK_HARNESS_HELPER;
}

/// Runs the helper with args in sandbox; what it printed. It must exit 0
/// (a failed expectation otherwise, with its stderr).
inline std::string RunHarnessHelper(Sandbox& sandbox, const std::vector<std::string>& args) {
  ProcessSpec spec;
  spec.argv = {HarnessHelper()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env = {"PATH=/usr/bin:/bin"};
  spec.timeout = std::chrono::seconds(20);
  ProcessId id = 0;
  std::string err;
  EXPECT_TRUE(sandbox.Start(spec, &id, &err)) << err;
  ProcessResult result;
  EXPECT_TRUE(sandbox.Wait(id, &result, &err)) << err;
  EXPECT_EQ(Describe(result.outcome), "exited with code 0") << result.stderr_capture.kept();
  return result.stdout_capture.kept();
}

}  // namespace wirecheck::testing
