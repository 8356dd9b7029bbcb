#pragma once
// Where an element of a scenario is written: every element keeps it, so an
// error or a failed check can cite its line of the file.

#include <string>

namespace wirecheck {

/// 1-based line and column; line 0 means "the file as a whole".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// "file:line:column", or "file" when line is 0.
std::string ToString(const SourceLocation& where);

/// One expected value with the place the scenario states it.
template <typename T>
struct Located {
  T value{};
  SourceLocation where;
};

}  // namespace wirecheck
