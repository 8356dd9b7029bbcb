#include "harness/cli/open_file_limit.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace wirecheck {
namespace {

TEST(OpenFileLimitTest, SoftLimitIsRaisedToTheHardLimit) {
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &before), 0);
  // Lower the soft limit first so that raising it is observable.
  rlimit lowered = before;
  lowered.rlim_cur = before.rlim_max < 512 ? before.rlim_max : 512;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);

  const std::uint64_t now = RaiseOpenFileLimit();

  rlimit after{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &after), 0);
  EXPECT_EQ(after.rlim_cur, before.rlim_max);
  EXPECT_EQ(now, static_cast<std::uint64_t>(before.rlim_max));
  setrlimit(RLIMIT_NOFILE, &before);
}

}  // namespace
}  // namespace wirecheck
