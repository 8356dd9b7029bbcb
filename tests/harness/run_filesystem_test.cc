// A run's own filesystem (harness/sandbox/run_filesystem.h), attacked by a
// real program (tests/harness/helpers/harness_helper.c) in a real sandbox
// with a mount namespace. Label `sandbox`; as root, ContainmentAsUserTest
// runs this suite again as `nobody`. Every decoy is the test's own: files,
// folders and listening Unix sockets it made in a folder of its own and in
// the host's /tmp, under names carrying its pid.

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "harness/sandbox/sandbox.h"
#include "tests/harness/harness_helper.h"

namespace wirecheck {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::string kHelper = testing::HarnessHelper();

// A listening Unix socket at path, closed and removed with the object.
class UnixListener {
 public:
  explicit UnixListener(std::string path) : path_(std::move(path)) {
    fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path_.copy(address.sun_path, sizeof address.sun_path - 1);
    listening_ = fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                 chmod(path_.c_str(), 0777) == 0 && listen(fd_, 8) == 0;
  }
  ~UnixListener() {
    if (fd_ >= 0) close(fd_);
    unlink(path_.c_str());
  }
  bool listening() const { return listening_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool listening_ = false;
};

class ContainmentFilesystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = ::testing::TempDir() + "wirecheck-fs-" + std::to_string(getpid());
    fs::remove_all(base_);
    for (const std::string& dir : {base_, shown(), hidden(), scratch(), writable()}) {
      ASSERT_TRUE(fs::create_directories(dir)) << dir;
      ASSERT_EQ(chmod(dir.c_str(), 0755), 0);
    }
    ASSERT_EQ(chmod(writable().c_str(), 0777), 0);  // the programs' user writes there
    std::ofstream(shown() + "/file") << "visible\n";
    std::ofstream(hidden() + "/secret") << "secret\n";
    FilesystemView view;
    view.read_only = {fs::path(kHelper).parent_path().string(), shown()};
    view.writable = {writable()};
    view.scratch = scratch();
    view.tmp_bytes = 1 << 20;
    view.shm_bytes = 1 << 20;
    SandboxOptions options;
    options.allow_host_fallback = false;
    options.run_as = UnprivilegedIdentityIfRoot();
    options.filesystem = view;
    std::string warning, err;
    sandbox_ = Sandbox::Create(options, &warning, &err);
    if (!sandbox_) GTEST_SKIP() << err;
  }
  void TearDown() override {
    if (sandbox_) sandbox_->Close();
    fs::remove_all(base_);
  }

  std::string shown() const { return base_ + "/shown"; }
  std::string hidden() const { return base_ + "/hidden"; }
  std::string scratch() const { return base_ + "/scratch"; }
  std::string writable() const { return base_ + "/writable"; }
  // A name in the host's /tmp that is this test's own.
  std::string HostTmp(const std::string& what) const {
    return "/tmp/wirecheck-fs-" + std::to_string(getpid()) + "-" + what;
  }

  std::string Helper(const std::vector<std::string>& args) { return testing::RunHarnessHelper(*sandbox_, args); }

  std::string base_;
  std::unique_ptr<Sandbox> sandbox_;
};

// The run's folders are there, read-only; a folder beside them is not, nor
// a file of the host's /tmp.
TEST_F(ContainmentFilesystemTest, SeesItsFoldersReadOnlyAndNothingElseOfTheHost) {
  std::ofstream(HostTmp("decoy")) << "host tmp\n";
  EXPECT_EQ(Helper({"read", shown() + "/file"}), "ok\n");
  EXPECT_EQ(Helper({"create", shown() + "/planted", "1"}), "EROFS\n");
  EXPECT_EQ(Helper({"read", hidden() + "/secret"}), "ENOENT\n");
  EXPECT_EQ(Helper({"read", HostTmp("decoy")}), "ENOENT\n");
  EXPECT_EQ(Helper({"read", "/etc/passwd"}), "ok\n");  // the system folders are shown
  unlink(HostTmp("decoy").c_str());
  EXPECT_FALSE(fs::exists(shown() + "/planted"));
}

// A writable folder (a build's copy of a submission) is the host's own:
// what a program writes there stays, and nothing beside it opens up.
TEST_F(ContainmentFilesystemTest, AWritableFolderKeepsWhatIsWrittenAndOpensNothingElse) {
  EXPECT_EQ(Helper({"create", writable() + "/built", "10"}), "ok\n");
  EXPECT_TRUE(fs::exists(writable() + "/built"));
  // Beside it is the run's private /tmp, never the host's folder.
  Helper({"create", base_ + "/beside", "1"});
  EXPECT_FALSE(fs::exists(base_ + "/beside"));
  EXPECT_EQ(Helper({"create", shown() + "/planted", "1"}), "EROFS\n");
}

// Nothing outside /tmp, /dev/shm and {tmp} can be written: not the root, not
// the system folders, not /dev; and no program can take a mount away or make
// it writable again (no capability).
TEST_F(ContainmentFilesystemTest, RootSystemFoldersAndDevAreReadOnlyAndStaySo) {
  EXPECT_EQ(Helper({"create", "/planted", "1"}), "EROFS\n");
  EXPECT_EQ(Helper({"create", "/usr/planted", "1"}), "EROFS\n");
  EXPECT_EQ(Helper({"create", "/etc/planted", "1"}), "EROFS\n");
  EXPECT_EQ(Helper({"create", "/dev/planted", "1"}), "EROFS\n");
  EXPECT_EQ(Helper({"create", "/dev/null", "10"}), "ok\n");  // the devices still work
  EXPECT_EQ(Helper({"unmount", "/usr"}), "umount EPERM\nremount EPERM\n");
  EXPECT_EQ(Helper({"unmount", shown()}), "umount EPERM\nremount EPERM\n");
}

// /tmp and {tmp} are the run's own: writable, bounded (1 MiB here), and
// gone with the run; the host's /tmp and {tmp}'s folder on the host never
// see a byte.
TEST_F(ContainmentFilesystemTest, PrivateTmpAndScratchAreWritableBoundedAndLeaveNothing) {
  EXPECT_EQ(Helper({"create", HostTmp("written"), "1000"}), "ok\n");
  EXPECT_EQ(Helper({"read", HostTmp("written")}), "ok\n");  // the next program of the run sees it
  EXPECT_EQ(Helper({"create", scratch() + "/written", "1000"}), "ok\n");
  EXPECT_EQ(Helper({"create", "/tmp/big", std::to_string(2 << 20)}), "ENOSPC\n");
  EXPECT_EQ(Helper({"create", scratch() + "/big", std::to_string(2 << 20)}), "ENOSPC\n");
  EXPECT_EQ(Helper({"create", "/dev/shm/big", std::to_string(2 << 20)}), "ENOSPC\n");
  sandbox_->Close();
  EXPECT_FALSE(fs::exists(HostTmp("written")));
  EXPECT_TRUE(fs::is_empty(scratch()));
}

// Filesystem Unix sockets of the host (a D-Bus or Docker socket would be
// one) are not there. The control: a socket inside a folder the run is
// shown is reachable, so the helper does connect where it can.
TEST_F(ContainmentFilesystemTest, HostUnixSocketsAreOutOfReach) {
  UnixListener in_host_tmp(HostTmp("sock"));
  UnixListener beside(hidden() + "/sock");
  UnixListener shown_socket(shown() + "/sock");
  ASSERT_TRUE(in_host_tmp.listening() && beside.listening() && shown_socket.listening());
  EXPECT_EQ(Helper({"unix", HostTmp("sock")}), "ENOENT\n");
  EXPECT_EQ(Helper({"unix", hidden() + "/sock"}), "ENOENT\n");
  EXPECT_EQ(Helper({"unix", shown() + "/sock"}), "ok\n");
}

// The run's /proc lists its own processes only: init and the helper.
TEST_F(ContainmentFilesystemTest, ProcListsOnlyTheRunsProcesses) {
  EXPECT_EQ(Helper({"processes"}), "2\n");
}

// As root, a folder behind a parent only root may enter (what `mktemp -d`
// makes) is still shown to the programs, which run as nobody: wirecheck
// opens it with root's rights before the run becomes nobody.
TEST(ContainmentRootFilesystemTest, FolderBehindARootOnlyParentIsShownToNobody) {
  const ProgramIdentity nobody = UnprivilegedIdentityIfRoot();
  if (!nobody.uid) GTEST_SKIP() << "only root's runs are mapped to nobody";
  const std::string closed = ::testing::TempDir() + "wirecheck-closed-" + std::to_string(getpid());
  const std::string inner = closed + "/inner";
  fs::remove_all(closed);
  ASSERT_TRUE(fs::create_directories(inner));
  ASSERT_EQ(chmod(closed.c_str(), 0700), 0);
  ASSERT_EQ(chmod(inner.c_str(), 0755), 0);
  fs::copy_file(kHelper, inner + "/helper");
  std::ofstream(inner + "/file") << "visible\n";
  SandboxOptions options;
  options.allow_host_fallback = false;
  options.run_as = nobody;
  options.filesystem.emplace();
  options.filesystem->read_only = {inner};
  std::string warning, err;
  auto sandbox = Sandbox::Create(options, &warning, &err);
  if (!sandbox) GTEST_SKIP() << err;
  ProcessSpec spec;
  spec.argv = {inner + "/helper", "read", inner + "/file"};
  spec.env = {"PATH=/usr/bin:/bin"};
  spec.cwd = inner;
  spec.timeout = 20s;
  ProcessId id = 0;
  ASSERT_TRUE(sandbox->Start(spec, &id, &err)) << err;
  ProcessResult result;
  ASSERT_TRUE(sandbox->Wait(id, &result, &err)) << err;
  sandbox->Close();
  fs::remove_all(closed);
  EXPECT_EQ(Describe(result.outcome), "exited with code 0") << result.stderr_capture.kept();
  EXPECT_EQ(result.stdout_capture.kept(), "ok\n");
}

// What the run cannot be given is a clear error, never a run on the host's
// filesystem: here the whole host as a run folder (the runner leaves such
// folders out itself, and says so: RunCommandTest).
TEST(ContainmentRootFilesystemTest, TheWholeHostIsRefusedAsARunFolder) {
  SandboxOptions options;
  options.allow_host_fallback = false;
  options.run_as = UnprivilegedIdentityIfRoot();
  options.filesystem.emplace();
  options.filesystem->read_only = {"/"};
  std::string warning, err;
  auto sandbox = Sandbox::Create(options, &warning, &err);
  if (!sandbox && err.find("user namespace") != std::string::npos) GTEST_SKIP() << err;
  EXPECT_EQ(sandbox, nullptr);
  EXPECT_EQ(err,
            "cannot build the run's filesystem (showing / to the run (a folder the whole host shares; give the run "
            "one of its own): Invalid argument)");
}

}  // namespace
}  // namespace wirecheck
