#pragma once
// A YAML document as plain values, for code that rewrites a scenario file
// (`wirecheck record`) without linking yaml-cpp itself: mappings keep their
// keys in file order, scalars the text YAML read and whether it was quoted.
// Comments, anchors and styles of the source are not kept.

#include <string>
#include <string_view>
#include <vector>

namespace wirecheck {

struct YamlEntry;

struct YamlTree {
  enum class Kind { kNull, kScalar, kMap, kList };
  Kind kind = Kind::kNull;
  /// The scalar as YAML read it (escapes of double quotes already applied).
  std::string scalar;
  /// Written in quotes: a string, never read as a number or a boolean.
  bool quoted = false;
  std::vector<YamlEntry> map;  // keys in file order
  std::vector<YamlTree> list;
  /// Comment lines written just above it (without '#'); a writer's, never the source's.
  std::vector<std::string> comments;
  /// Written on one line, `{ a: 1, b: 2 }` or `[a, b]` (a mapping or list of scalars).
  bool flow = false;

  static YamlTree Scalar(std::string text, bool quoted);
  static YamlTree Map();
  static YamlTree List();
  /// The value of `key` in a mapping; nullptr if absent (or not a mapping).
  YamlTree* Find(std::string_view key);
  const YamlTree* Find(std::string_view key) const;
  /// Removes `key` from a mapping; false if it was absent.
  bool Erase(std::string_view key);
  /// The value of `key`, added at the end (a new mapping) when absent.
  YamlTree& At(std::string_view key);
};

/// One key of a mapping and its value. A struct of its own, not a
/// std::pair: a pair of a type still being defined does not compile with
/// clang and libstdc++, while a vector of an incomplete struct is allowed.
struct YamlEntry {
  std::string key;
  YamlTree value;
};

/// Parses one YAML document. On a syntax error: false, and *error is
/// "line L, column C: message".
bool ParseYamlTree(std::string_view text, YamlTree* out, std::string* error);

}  // namespace wirecheck
