// Finding wirecheck's own cgroup in each hierarchy
// (harness/sandbox/cgroup_places.h), from the text of /proc/self/mountinfo
// and /proc/self/cgroup as hosts of each kind write them: no root needed.

#include "harness/sandbox/cgroup_places.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

// A hybrid host (systemd before v252, or this project's CI machine): v1
// controllers, and a cgroup2 with none of them at /sys/fs/cgroup/unified.
constexpr char kHybridMountinfo[] =
    "25 1 0:23 / / rw,relatime - overlay overlay rw\n"
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime shared:9 - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
constexpr char kHybridCgroup[] = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/9ac8\n1:cpu:/\n0::/\n";

TEST(RunCgroupPlacesTest, HybridHostHasV1MemoryAndPidsAndTheUnifiedMount) {
  const std::vector<CgroupPlace> places = FindCgroupPlaces(kHybridMountinfo, kHybridCgroup);
  ASSERT_EQ(places.size(), 3u);
  EXPECT_EQ(places[0].version, CgroupVersion::kV1);
  EXPECT_EQ(places[0].own_group, "/sys/fs/cgroup/memory/process_api/9ac8");
  EXPECT_TRUE(places[0].memory);
  EXPECT_FALSE(places[0].pids);
  EXPECT_EQ(places[1].version, CgroupVersion::kV1);
  EXPECT_EQ(places[1].own_group, "/sys/fs/cgroup/pids");
  EXPECT_TRUE(places[1].pids);
  EXPECT_EQ(places[2].version, CgroupVersion::kV2);
  EXPECT_EQ(places[2].own_group, "/sys/fs/cgroup/unified");
}

TEST(RunCgroupPlacesTest, UnifiedHostHasOnePlaceAtTheProcessesOwnGroup) {
  const std::vector<CgroupPlace> places = FindCgroupPlaces(
      "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
      "0::/user.slice/user-1000.slice/session-2.scope\n");
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].version, CgroupVersion::kV2);
  EXPECT_EQ(places[0].own_group, "/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope");
}

TEST(RunCgroupPlacesTest, MountOfASubtreeIsReachedBelowItsRootOnly) {
  // A container without a cgroup namespace: the host's /docker/abc mounted as its /sys/fs/cgroup.
  const char mountinfo[] = "500 400 0:26 /docker/abc /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw\n";
  const std::vector<CgroupPlace> below = FindCgroupPlaces(mountinfo, "0::/docker/abc/worker\n");
  ASSERT_EQ(below.size(), 1u);
  EXPECT_EQ(below[0].own_group, "/sys/fs/cgroup/worker");
  const std::vector<CgroupPlace> at_root = FindCgroupPlaces(mountinfo, "0::/docker/abc\n");
  ASSERT_EQ(at_root.size(), 1u);
  EXPECT_EQ(at_root[0].own_group, "/sys/fs/cgroup");
  EXPECT_TRUE(FindCgroupPlaces(mountinfo, "0::/docker/abcdef\n").empty());
  EXPECT_TRUE(FindCgroupPlaces(mountinfo, "0::/system.slice\n").empty());
  // A cgroup namespace entered after the mount: the group is outside its root.
  EXPECT_TRUE(FindCgroupPlaces("30 24 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", "0::/../other\n").empty());
}

TEST(RunCgroupPlacesTest, CoMountedControllersAreOnePlace) {
  const std::vector<CgroupPlace> places = FindCgroupPlaces(
      "40 31 0:37 / /cg rw - cgroup cgroup rw,memory,pids\n"
      "41 31 0:37 / /cg-again rw - cgroup cgroup rw,memory,pids\n",
      "3:memory,pids:/job\n");
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].own_group, "/cg/job");
  EXPECT_TRUE(places[0].memory);
  EXPECT_TRUE(places[0].pids);
}

TEST(RunCgroupPlacesTest, EscapedMountPointIsDecoded) {
  const std::vector<CgroupPlace> places =
      FindCgroupPlaces("41 31 0:38 / /mnt/cgroup\\040two rw - cgroup2 cgroup2 rw\n", "0::/a\n");
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].own_group, "/mnt/cgroup two/a");
}

TEST(RunCgroupPlacesTest, NoCgroupMountNoPlace) {
  EXPECT_TRUE(FindCgroupPlaces("25 1 0:23 / / rw - ext4 /dev/vda rw\n", "0::/\n").empty());
  EXPECT_TRUE(FindCgroupPlaces(kHybridMountinfo, "").empty());
}

TEST(RunCgroupPlacesTest, KeyedValueReadsOneLine) {
  EXPECT_EQ(KeyedValue("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", "oom_kill"), 3u);
  EXPECT_EQ(KeyedValue("low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n", "max"), 12u);
  EXPECT_EQ(KeyedValue("max 12\n", "oom"), 0u);
  EXPECT_EQ(KeyedValue("", "max"), 0u);
}

}  // namespace
}  // namespace wirecheck
