#pragma once
// Writes a YamlTree as a scenario file people read and edit: block style,
// two spaces per level, comments above the entries they explain, and every
// scalar quoted only when YAML (or wirecheck's strict loader) needs it.

#include <ostream>
#include <string>
#include <string_view>

#include "harness/loader/yaml_tree.h"

namespace wirecheck {

/// `bytes` as a wirecheck payload (scenarios/README.md, "Payloads"): text
/// with wirecheck's escapes in YAML single quotes ('hello sockets\n'), or,
/// when most of it is not printable, `{ hex: "de ad ..." }`.
YamlTree PayloadValue(std::string_view bytes);

/// A regular expression (or any text wirecheck reads without escapes of its
/// own) as a quoted YAML string; single quotes keep its backslashes.
YamlTree PatternValue(std::string_view pattern);

/// A plain word or number (6789, true, ephemeral, SF), written unquoted.
YamlTree WordValue(std::string_view word);

void WriteYaml(const YamlTree& document, std::ostream& out);

}  // namespace wirecheck
