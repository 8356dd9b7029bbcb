// `wirecheck check` and `wirecheck schema` through the real binary.

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/run_command.h"

namespace wirecheck {
namespace {

const std::string kSource = WIRECHECK_SOURCE_DIR;

TEST(CheckCommandCliTest, EveryBundledExampleIsValid) {
  std::vector<std::string> args{"check"};
  for (const auto& e : std::filesystem::directory_iterator(kSource + "/scenarios/examples")) {
    if (e.path().extension() == ".yaml") args.push_back(e.path().string());
  }
  ASSERT_GT(args.size(), 1u);
  const auto r = testing::RunWirecheck(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST(CheckCommandCliTest, InvalidFileIsExitCode2WithFileLineColumn) {
  const std::string bad = kSource + "/tests/fixtures/scenarios/bad_grading.yaml";
  const auto r = testing::RunWirecheck({"check", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad + ":8:3: error: 'grading': unknown check 'handshakes' (did you mean "
                             "'handshake'?)"),
            std::string::npos)
      << r.err;
}

// Hostile files, as a stranger would send them: each one is exit 2 and one
// error line naming file:line:column, never a crash; nothing raw reaches the
// terminal.
class HostileFileCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wirecheck-hostile-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The one error line `wirecheck check` printed for path, after "path:".
  static std::string OneError(const testing::CommandResult& r, const std::string& path) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.find('\033'), std::string::npos);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err.substr(0, 2000);
    EXPECT_EQ(r.err.rfind(path + ":", 0), 0u) << r.err.substr(0, 2000);
    return r.err.substr(std::min(r.err.size(), path.size() + 1));
  }

  static std::string Repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(HostileFileCliTest, DeepNestingIsOneError) {
  const std::string path =
      Write("deep.yaml", "scenario: x\nserver: " + Repeat("{a: ", 100000) + "1" + Repeat("}", 100000) + "\n");
  EXPECT_EQ(OneError(testing::RunWirecheck({"check", path}), path),
            "2:133: error: nested more than 32 levels deep: the most a scenario may nest\n");
}

TEST_F(HostileFileCliTest, ManyAliasesOfOneBigAnchorAreOneError) {
  const std::string big = "[" + Repeat("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,", 2000) + "b]";
  const std::string path = Write("aliases.yaml", "scenario: x\nserver: {run: s}\ndescription: &big " + big +
                                                     "\nx: [" + Repeat("*big,", 150000) + "]\n");
  const std::string error = OneError(testing::RunWirecheck({"check", path}), path);
  EXPECT_EQ(error.rfind("4:", 0), 0u) << error;
  EXPECT_NE(error.find("(aliases counted as what they repeat): the most a scenario may hold"), std::string::npos)
      << error;
}

TEST_F(HostileFileCliTest, ManyClientGroupsAreOneError) {
  const std::string path = Write("groups.yaml", "scenario: x\nserver: {run: s}\nclients:\n" + Repeat("- {run: c}\n", 1700));
  EXPECT_EQ(OneError(testing::RunWirecheck({"check", path}), path),
            "1004:3: error: more than 1000 client groups: the most a scenario may have\n");
}

TEST_F(HostileFileCliTest, HugeFileIsOneError) {
  const std::string path = Write("huge.yaml", "scenario: x\nserver: {run: s}\ndescription: " + std::string(20 << 20, 'a'));
  EXPECT_EQ(OneError(testing::RunWirecheck({"check", path}), path),
            "3:1048548: error: the file is larger than 1 MiB, the most a scenario file may hold\n");
}

TEST_F(HostileFileCliTest, HugeValuesAreOneErrorEach) {
  const std::string path = Write("values.yaml", "scenario: x\nserver:\n  run: s\n  limits: {output: 8589934592GiB}\n");
  EXPECT_EQ(OneError(testing::RunWirecheck({"check", path}), path),
            "4:20: error: 'output': '8589934592GiB' is more than the maximum, 256MiB\n");
}

TEST_F(HostileFileCliTest, BinaryJunkNulBytesAndInvalidUtf8AreOneError) {
  std::string junk;
  for (std::uint32_t i = 0; i < 65536; ++i) junk += static_cast<char>((i * 40503u) >> 3);
  const std::string binary = Write("junk.yaml", junk);
  EXPECT_EQ(OneError(testing::RunWirecheck({"check", binary}), binary),
            "1:1: error: a NUL byte: a scenario file is YAML text, not binary data\n");
  const std::string nul = Write("nul.yaml", std::string("scenario: x\0y\nserver: {run: s}\n", 31));
  EXPECT_EQ(OneError(testing::RunWirecheck({"check", nul}), nul),
            "1:12: error: a NUL byte: a scenario file is YAML text, not binary data\n");
  const std::string latin1 = Write("latin1.yaml", "scenario: caf\xe9\nserver: {run: s}\n");
  EXPECT_EQ(OneError(testing::RunWirecheck({"check", latin1}), latin1),
            "1:14: error: not UTF-8 text (byte 0xe9): a scenario file is YAML text in UTF-8\n");
}

// An escape written as YAML escapes ("\e[2J") is a valid title: it is shown
// escaped, as are the file's own words quoted in an error.
TEST_F(HostileFileCliTest, EscapeSequencesInTitlesAndKeysArePrintedEscaped) {
  const std::string title = Write("title.yaml", "scenario: \"\\e[2Jcleared\"\nserver: {run: s}\n");
  auto r = testing::RunWirecheck({"check", title});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, title + ": OK: \\x1b[2Jcleared\n");
  const std::string key = Write("key.yaml", "scenario: x\nserver: {run: s}\n\"bad\\e]0;owned\\a\": 1\n");
  r = testing::RunWirecheck({"check", key});
  EXPECT_EQ(OneError(r, key), "3:1: error: unknown key 'bad\\x1b]0;owned\\x07' in scenario\n");
}

TEST(SchemaCommandCliTest, PrintsAJsonSchemaOfTheFormat) {
  const auto r = testing::RunWirecheck({"schema"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto schema = nlohmann::json::parse(r.out);
  EXPECT_TRUE(schema.contains("$schema"));
  EXPECT_TRUE(schema["properties"].contains("server"));
  EXPECT_TRUE(schema["properties"].contains("clients"));
}

}  // namespace
}  // namespace wirecheck
