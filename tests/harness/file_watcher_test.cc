// Specifications of what `run --watch` wakes up for: a watched file saved in
// place or by rename, any file under a watched folder (new folders too),
// never a sibling of a watched file or a hidden name.

#include "harness/cli/file_watcher.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// What the watcher reports for the changes `change` makes (inotify queues
// them until read), or nothing within 5 s.
std::vector<std::string> ChangesAfter(FileWatcher& w, const std::function<void()>& change) {
  change();
  return w.WaitForChange(100ms, 5s);
}

TEST(FileWatcherTest, AFileIsSeenSavedInPlaceOrByRenameAndItsSiblingsAreNot) {
  testing::TestFolder folder("wirecheck-watcher-file");
  const fs::path file = folder.path() / "s.yaml";
  std::ofstream(file) << "a";
  FileWatcher w;
  std::string err;
  ASSERT_TRUE(w.Open(&err)) << err;
  ASSERT_TRUE(w.Watch(file.string(), &err)) << err;
  EXPECT_EQ(ChangesAfter(w, [&] { std::ofstream(file) << "b"; }), std::vector<std::string>{file.string()});
  EXPECT_EQ(ChangesAfter(w,
                         [&] {
                           std::ofstream(folder.path() / "other.yaml") << "x";  // a sibling: not seen
                           std::ofstream(folder.path() / "s.yaml.tmp") << "c";
                           fs::rename(folder.path() / "s.yaml.tmp", file);
                         }),
            std::vector<std::string>{file.string()});
}

TEST(FileWatcherTest, NothingChangedIsNothingAfterTheWait) {
  testing::TestFolder folder("wirecheck-watcher-quiet");
  FileWatcher w;
  std::string err;
  ASSERT_TRUE(w.Open(&err)) << err;
  ASSERT_TRUE(w.Watch(folder.path().string(), &err)) << err;
  EXPECT_TRUE(w.WaitForChange(50ms, 200ms).empty());
}

TEST(FileWatcherTest, AFolderIsWatchedWithEverythingBelowItButHiddenNames) {
  testing::TestFolder folder("wirecheck-watcher-folder");
  FileWatcher w;
  std::string err;
  ASSERT_TRUE(w.Open(&err)) << err;
  ASSERT_TRUE(w.Watch(folder.path().string(), &err)) << err;
  const fs::path sub = folder.path() / "src";
  EXPECT_EQ(ChangesAfter(w, [&] { fs::create_directory(sub); }), std::vector<std::string>{sub.string()});
  EXPECT_EQ(ChangesAfter(w,
                         [&] {
                           std::ofstream(folder.path() / ".server.c.swp") << "x";  // an editor's: not seen
                           std::ofstream(sub / "server.c") << "int main() {}";
                         }),
            std::vector<std::string>{(sub / "server.c").string()});
}

}  // namespace
}  // namespace wirecheck
