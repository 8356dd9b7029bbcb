#pragma once
// A whole file's bytes, for tests that read what the binary wrote; empty
// when it cannot be read (the test's own assertions then say what is missing).

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace wirecheck::testing {

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace wirecheck::testing
