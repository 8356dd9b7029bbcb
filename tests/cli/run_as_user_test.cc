// `wirecheck run` as an ordinary user (nobody, through setpriv), against a
// client that attacks decoys the host's permissions leave open to it: a
// world-readable file beside the run's folders, a world-connectable Unix
// socket in the host's /tmp, a world-writable scenario folder. Only the
// run's own filesystem stops it. It runs from copies in a folder of its own
// that nobody can reach, wherever the build is. Label `run`; root only (it
// needs setpriv to become nobody).

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "tests/support/run_command.h"
#include "tests/support/run_folders.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;

const fs::path kBuild = fs::path(WIRECHECK_BINARY).parent_path();

class RunAsUserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to run wirecheck as nobody";
    const std::string why = testing::WhyNoRunSandbox();
    if (!why.empty()) GTEST_SKIP() << why;
    folder_.emplace("wirecheck-run-as-user");
    dir_ = folder_->path();
    for (const fs::path& d : {dir_ / "bin" / "scenarios", dir_ / "run", dir_ / "outside"}) {
      fs::create_directories(d);
      fs::permissions(d, fs::perms::all);  // open to everyone: the host's permissions stop nothing here
    }
    fs::copy_file(WIRECHECK_BINARY, dir_ / "bin" / "wirecheck");
    fs::copy_file(kBuild / "scenarios" / "tcp_capitalize_server_iterative",
                  dir_ / "bin" / "scenarios" / "tcp_capitalize_server_iterative");
    std::ofstream(dir_ / "outside" / "decoy") << "decoy\n";
    fs::permissions(dir_ / "outside" / "decoy", fs::perms::all);
  }
  std::optional<testing::TestFolder> folder_;
  fs::path dir_;
};

TEST_F(RunAsUserTest, AnOrdinaryUsersProgramsSeeOnlyTheirRunsFolders) {
  // A Unix socket in the host's /tmp that anyone may connect to.
  const std::string socket_path = "/tmp/wirecheck-run-as-user-" + std::to_string(getpid()) + ".sock";
  const int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  socket_path.copy(address.sun_path, sizeof address.sun_path - 1);
  unlink(socket_path.c_str());
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(chmod(socket_path.c_str(), 0777), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  std::ofstream(dir_ / "run" / "attack.py")
      << "import errno, socket, sys\n"
         "def attempt(f):\n"
         "    try:\n        f()\n        return 'ok'\n"
         "    except OSError as e:\n        return errno.errorcode[e.errno]\n"
         "def connect():\n    s = socket.socket(socket.AF_UNIX)\n    s.connect(sys.argv[2])\n"
         "print(attempt(lambda: open(sys.argv[1]).read()), attempt(connect),\n"
         "      attempt(lambda: open(sys.argv[3] + '/planted', 'w').write('x')))\n";
  std::ofstream(dir_ / "run" / "scenario.yaml")
      << "scenario: an ordinary user's programs\nprotocol: tcp\ntimeout: 10s\nserver:\n"
         "  run: \"{build}/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n  port: 6789\nclients:\n"
         "  - name: attacker\n    run: \"python3 {here}/attack.py "
      << (dir_ / "outside" / "decoy").string() << " " << socket_path
      << " {here}\"\n    expect: { exit: 0, stdout: \"ENOENT ENOENT EROFS\\n\" }\n";
  const auto r = testing::RunCommand({"/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                      (dir_ / "bin" / "wirecheck").string(), "run", "--build",
                                      (dir_ / "bin").string(), "--submission", (dir_ / "run").string(),
                                      (dir_ / "run" / "scenario.yaml").string()});
  close(listener);
  unlink(socket_path.c_str());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "run" / "planted"));
}

}  // namespace
}  // namespace wirecheck
