#include "harness/model/scenario.h"

namespace wirecheck {

std::string ToString(const SourceLocation& where) {
  if (where.line == 0) return where.file;
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

}  // namespace wirecheck
