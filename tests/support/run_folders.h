#pragma once
// For tests that run wirecheck end to end: whether runs can have their
// sandbox here, and a folder of the test's own. Header-only: only the
// suites that link the harness include it (the support library does not).

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <string>
#include <system_error>

#include "harness/sandbox/sandbox.h"

namespace wirecheck::testing {

/// Empty when a run gets its namespaces here; else why not (a test skips with it).
inline std::string WhyNoRunSandbox() {
  std::string warning, err;
  SandboxOptions options;
  options.allow_host_fallback = false;
  auto sandbox = Sandbox::Create(options, &warning, &err);
  if (sandbox) sandbox->Close();
  return sandbox ? std::string() : err;
}

/// Empty when runs with hosts get their sandbox and a TUN device for their
/// wire here (the suites that assert what the TUN kind does); else why not.
inline std::string WhyNoTunWire() {
  if (std::string why = WhyNoRunSandbox(); !why.empty()) return "no sandbox for runs: " + why;
  const int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::string("cannot open /dev/net/tun: ") + std::strerror(errno);
  close(fd);
  return {};
}

/// <TMPDIR>/<name>-<pid>, open to everyone (a run as nobody reads from it;
/// never /tmp itself, which a run never shows), removed with the object.
class TestFolder {
 public:
  explicit TestFolder(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
    std::filesystem::permissions(path_, std::filesystem::perms::all);
  }
  ~TestFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TestFolder(const TestFolder&) = delete;
  TestFolder& operator=(const TestFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace wirecheck::testing
