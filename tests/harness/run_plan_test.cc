// Each program's ProcessSpec: placeholders expanded, and never a stranger's
// directory name read as shell code.

#include "harness/run/run_plan.h"

#include <gtest/gtest.h>

namespace wirecheck {
namespace {

using std::chrono::seconds;

Command CommandOf(std::vector<std::string> argv) {
  Command c;
  c.argv = std::move(argv);
  return c;
}

PlaceholderValues Values(const std::string& submission) {
  return PlaceholderValues{{"submission", submission}, {"port", "6789"}, {"host", "::1"}, {"tmp", "/tmp/wc-1"},
                           {"name", "client one"}};
}

TEST(RunPlanTest, ExpandsPlaceholdersInEveryWordCwdAndEnv) {
  Command c = CommandOf({"./server", "{host}", "{port}"});
  c.env = {{"DIR", "{submission}"}};
  ProcessSpec spec;
  std::string err;
  ASSERT_TRUE(MakeProcessSpec(c, Values("/home/a b"), seconds(3), &spec, &err)) << err;
  EXPECT_EQ(spec.argv, (std::vector<std::string>{"./server", "::1", "6789"}));
  EXPECT_EQ(spec.cwd, "/home/a b");
  EXPECT_EQ(spec.env.back(), "DIR=/home/a b");
  EXPECT_EQ(spec.timeout, seconds(3));
}

TEST(RunPlanTest, FindsTheScriptOfAShell) {
  EXPECT_EQ(ShellScriptIndex({"sh", "-c", "make"}), 2u);
  EXPECT_EQ(ShellScriptIndex({"/bin/bash", "-e", "-c", "make", "arg0"}), 3u);
  EXPECT_EQ(ShellScriptIndex({"bash", "-euc", "make"}), 2u);
  EXPECT_EQ(ShellScriptIndex({"busybox", "sh", "-c", "make"}), 3u);
  EXPECT_EQ(ShellScriptIndex({"sh", "script.sh", "-c"}), 0u);
  EXPECT_EQ(ShellScriptIndex({"sh", "-c"}), 0u);
  EXPECT_EQ(ShellScriptIndex({"python3", "-c", "print(1)"}), 0u);
  EXPECT_EQ(ShellScriptIndex({"./server", "-c", "x"}), 0u);
}

// A submission directory named `x;touch PWNED` must not run `touch PWNED`.
TEST(RunPlanTest, ShellMetacharactersInAScriptsPlaceholderAreRefused) {
  ProcessSpec spec;
  std::string err;
  EXPECT_FALSE(MakeProcessSpec(CommandOf({"sh", "-c", "cd {submission} && make"}), Values("/s/x;touch PWNED"),
                               seconds(1), &spec, &err));
  EXPECT_EQ(err, "{submission} is \"/s/x;touch PWNED\", which holds ';', a character the shell of this command's "
                 "script would interpret; the command is not run (give the value through env, e.g. env: { DIR: "
                 "\"{submission}\" } and \"$DIR\" in the script, or rename it)");
  EXPECT_TRUE(spec.argv.empty());
  for (const std::string bad : {"/s/a b", "/s/$(id)", "/s/`id`", "/s/a'b", "/s/a\"b", "/s/a|b", "/s/a\nb", "/s/*"}) {
    EXPECT_FALSE(MakeProcessSpec(CommandOf({"bash", "-ec", "cd {submission}"}), Values(bad), seconds(1), &spec,
                                 &err))
        << bad;
  }
}

TEST(RunPlanTest, PlainPlaceholderValuesInAScriptAreExpanded) {
  ProcessSpec spec;
  std::string err;
  ASSERT_TRUE(MakeProcessSpec(CommandOf({"sh", "-c", "cd {submission} && ./s {host} {port}", "{name}"}),
                              Values("/home/user/sub-1_v2.0"), seconds(1), &spec, &err))
      << err;
  EXPECT_EQ(spec.argv, (std::vector<std::string>{"sh", "-c", "cd /home/user/sub-1_v2.0 && ./s ::1 6789", "client one"}));
}

// Only the placeholders the script names are checked; words after it are
// the script's arguments, never read as code.
TEST(RunPlanTest, OtherWordsAndCommandsMayHoldAnyValue) {
  ProcessSpec spec;
  std::string err;
  EXPECT_TRUE(MakeProcessSpec(CommandOf({"sh", "-c", "echo {port}", "{submission}"}), Values("/s/x;y"), seconds(1),
                              &spec, &err))
      << err;
  EXPECT_TRUE(MakeProcessSpec(CommandOf({"./build", "{submission}"}), Values("/s/x;y"), seconds(1), &spec, &err))
      << err;
  EXPECT_TRUE(MakeProcessSpec(CommandOf({"sh", "-c", "echo {{submission}}"}), Values("/s/x;y"), seconds(1), &spec,
                              &err))
      << err;
}

}  // namespace
}  // namespace wirecheck
