#include "harness/model/did_you_mean.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wirecheck {
namespace {

const std::vector<std::string_view> kKeys = {"port", "protocol", "run", "script", "stdin",
                                             "every_connection", "one-by-one", "timeout"};

TEST(DidYouMeanTest, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(EditDistance("port", "port"), 0u);
  EXPECT_EQ(EditDistance("prt", "port"), 1u);
  EXPECT_EQ(EditDistance("ports", "port"), 1u);
  EXPECT_EQ(EditDistance("pert", "port"), 1u);
  EXPECT_EQ(EditDistance("prot", "port"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
}

TEST(DidYouMeanTest, IgnoresCaseAndDashVersusUnderscore) {
  EXPECT_EQ(EditDistance("Port", "port"), 0u);
  EXPECT_EQ(EditDistance("one_by_one", "one-by-one"), 0u);
}

TEST(DidYouMeanTest, SuggestsTheClosestKey) {
  EXPECT_EQ(DidYouMean("prot", kKeys), "port");
  EXPECT_EQ(DidYouMean("protcol", kKeys), "protocol");
  EXPECT_EQ(DidYouMean("stdn", kKeys), "stdin");
  EXPECT_EQ(DidYouMean("every_conection", kKeys), "every_connection");
  EXPECT_EQ(DidYouMean("one_by_one", kKeys), "one-by-one");
  EXPECT_EQ(DidYouMean("timout", kKeys), "timeout");
}

TEST(DidYouMeanTest, SuggestsNothingForUnrelatedWords) {
  EXPECT_EQ(DidYouMean("frobnicate", kKeys), std::nullopt);
  EXPECT_EQ(DidYouMean("xyz", kKeys), std::nullopt);
  EXPECT_EQ(DidYouMean("rn", std::vector<std::string_view>{"script"}), std::nullopt);
}

TEST(DidYouMeanTest, ShortWordsAllowOneEditLongerOnesMore) {
  EXPECT_EQ(DidYouMean("rnu", kKeys), "run");                   // a swap: one edit
  EXPECT_EQ(DidYouMean("sdtinx", kKeys), "stdin");              // 6 letters: two edits
  EXPECT_EQ(DidYouMean("ab", std::vector<std::string_view>{"xy"}), std::nullopt);
}

TEST(DidYouMeanTest, SuggestsNothingForAWordFarLongerThanEveryCandidate) {
  // The scenario_fuzz finding deep-flow-mappings.yaml asked this of 500
  // words of up to 2 KB each; each must cost no edit distance.
  EXPECT_EQ(DidYouMean(std::string(1 << 20, 'r'), kKeys), std::nullopt);
  EXPECT_EQ(DidYouMean("stdinxx", kKeys), "stdin");  // two longer: still within reach
}

TEST(DidYouMeanTest, TiesGoToTheEarlierCandidate) {
  EXPECT_EQ(DidYouMean("bat", std::vector<std::string_view>{"cat", "hat"}), "cat");
}

TEST(DidYouMeanTest, SuffixIsReadyToAppend) {
  EXPECT_EQ(DidYouMeanSuffix("prot", kKeys), " (did you mean 'port'?)");
  EXPECT_EQ(DidYouMeanSuffix("frobnicate", kKeys), "");
}

// A stranger's megabyte is never compared letter by letter with the names.
TEST(DidYouMeanTest, WordFarLongerThanEveryCandidateHasNoSuggestion) {
  constexpr std::string_view kNames[] = {"server", "clients"};
  EXPECT_EQ(DidYouMean(std::string(1 << 20, 's'), kNames), std::nullopt);
  EXPECT_EQ(DidYouMean("serverr", kNames), "server");
}

}  // namespace
}  // namespace wirecheck
