#include "tests/support/junit_dialect.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace wirecheck::testing {

namespace {

/// Writes `text` to a new file in $TMPDIR (or /tmp); "" if it could not.
std::string WriteTempFile(const std::string& text) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/wirecheck-junit-XXXXXX.xml";
  const int fd = mkstemps(path.data(), 4);
  if (fd < 0) return "";
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  close(fd);
  if (written != text.size()) {
    unlink(path.c_str());
    return "";
  }
  return path;
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::string JunitDialectSchemaPath() { return std::string(WIRECHECK_SOURCE_DIR) + "/reports/junit_dialect.xsd"; }

std::string JunitDialectErrors(const std::string& xml) {
  const std::string path = WriteTempFile(xml);
  if (path.empty()) return "could not write a temporary file for xmllint";
  // Paths are ours (no quote in them): safe inside single quotes.
  const std::string command =
      "xmllint --noout --schema '" + JunitDialectSchemaPath() + "' '" + path + "' 2>&1";
  std::string output;
  int status = -1;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    status = pclose(pipe);
  }
  unlink(path.c_str());
  if (status == -1) return "could not run xmllint";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    return "xmllint not found (Debian: apt-get install libxml2-utils)";
  }
  ReplaceAll(output, path, "junit.xml");
  return output.empty() ? "xmllint failed without a message" : output;
}

}  // namespace wirecheck::testing
