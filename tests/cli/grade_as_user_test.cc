// `wirecheck grade` as an ordinary user (nobody, through setpriv): a class
// of the sample's correct C submission and a hostile one whose build reaches
// for a world-readable decoy beside the class, plants a file in the
// teacher's own folder of it, and connects to a world-connectable Unix
// socket of the host. Only the build's own filesystem stops it. Everything
// runs from copies in a folder of the test's own that nobody can use.
// Label `run`; root only (setpriv).

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "tests/support/read_file.h"
#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const fs::path kClass = fs::path(WIRECHECK_SOURCE_DIR) / "scenarios" / "class";

using testing::ReadFile;

TEST(GradeAsUserTest, AnOrdinaryUsersBuildSeesOnlyItsCopy) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run wirecheck as nobody";
  const std::string why = testing::WhyNoRunSandbox();
  if (!why.empty()) GTEST_SKIP() << why;
  testing::TestFolder folder("wirecheck-grade-as-user");
  const fs::path dir = folder.path();
  const fs::path submissions = dir / "class" / "submissions";
  fs::create_directories(submissions);
  for (const char* file : {"assignment.yaml", "one_client.yaml", "five_at_once.yaml", "split_line.yaml"}) {
    fs::copy_file(kClass / file, dir / "class" / file);
  }
  fs::copy(kClass / "submissions" / "alice-c-fork", submissions / "alice-c-fork");
  fs::create_directories(submissions / "mallory");
  fs::create_directories(dir / "bin");
  fs::copy_file(WIRECHECK_BINARY, dir / "bin" / "wirecheck");
  std::ofstream(dir / "decoy") << "decoy\n";
  const std::string socket_path = "/tmp/wirecheck-grade-as-user-" + std::to_string(getpid()) + ".sock";
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  socket_path.copy(address.sun_path, sizeof address.sun_path - 1);
  unlink(socket_path.c_str());
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(chmod(socket_path.c_str(), 0777), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  // The build prints what each attempt gave, then fails, so that its words
  // are the feedback.
  std::ofstream(submissions / "mallory" / "attack.py")
      << "import errno, socket, sys\n"
         "def attempt(f):\n"
         "    try:\n        f()\n        return 'ok'\n"
         "    except OSError as e:\n        return errno.errorcode[e.errno]\n"
         "def connect():\n    s = socket.socket(socket.AF_UNIX)\n    s.connect(sys.argv[2])\n"
         "print('attempts:', attempt(lambda: open(sys.argv[1]).read()), attempt(connect),\n"
         "      attempt(lambda: open(sys.argv[3] + '/planted', 'w').write('x')), file=sys.stderr)\n"
         "sys.exit(1)\n";
  std::ofstream(submissions / "mallory" / "Makefile")
      << "all:\n\tpython3 attack.py " << (dir / "decoy").string() << " " << socket_path << " "
      << (submissions / "mallory").string() << "\n";
  // Open to everyone: the host's permissions stop nothing here.
  for (const auto& entry : fs::recursive_directory_iterator(dir)) fs::permissions(entry.path(), fs::perms::all);
  fs::create_directories(dir / "out");
  fs::permissions(dir / "out", fs::perms::all);
  const auto r = testing::RunCommand({"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                      (dir / "bin" / "wirecheck").string(), "grade",
                                      (dir / "class" / "assignment.yaml").string(), submissions.string(), "-o",
                                      (dir / "out").string()});
  close(listener);
  unlink(socket_path.c_str());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string gradebook = ReadFile(dir / "out" / "gradebook.csv");
  EXPECT_NE(gradebook.find("\nalice-c-fork,"), std::string::npos) << gradebook;
  EXPECT_NE(gradebook.find(",100\r\n"), std::string::npos) << gradebook;
  // mallory's row: every item and the total 0.
  const std::size_t row = gradebook.find("\nmallory,");
  ASSERT_NE(row, std::string::npos) << gradebook;
  std::string cells = gradebook.substr(row + 9, gradebook.find("\r\n", row) - row - 9);
  EXPECT_EQ(cells.find_first_not_of("0,"), std::string::npos) << cells;
  EXPECT_GE(cells.size(), 11u) << cells;
  const std::string feedback = ReadFile(dir / "out" / "mallory" / "feedback.txt");
  EXPECT_NE(feedback.find("attempts: ENOENT ENOENT ENOENT"), std::string::npos) << feedback;
  EXPECT_FALSE(fs::exists(submissions / "mallory" / "planted"));
}

}  // namespace
}  // namespace wirecheck
