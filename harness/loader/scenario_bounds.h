#pragma once
// The most a scenario file may hold. Scenario files come from strangers:
// loading one must end in bounded time and memory with a clear error, never
// a crash. Checked before the YAML tree is built: the bytes (UTF-8 text,
// no control characters), then one streaming pass of yaml-cpp's parser that
// counts nesting, nodes and the bytes aliases expand to.

#include <cstddef>
#include <string_view>

#include "harness/loader/scenario_yaml.h"

namespace wirecheck {

/// A scenario is a few KiB; the largest payloads written in one are a few
/// hundred KiB.
inline constexpr std::size_t kMaxScenarioFileBytes = 1 << 20;                // 1 MiB
/// The format itself nests 7 deep; yaml-cpp recurses once per level.
inline constexpr std::size_t kMaxScenarioNesting = 32;
/// Nodes (scalars, lists, mappings), each alias counted as what it stands for.
inline constexpr std::size_t kMaxScenarioNodes = 100'000;
/// Bytes of all scalars, each alias counted as what it stands for.
inline constexpr std::size_t kMaxScenarioExpandedBytes = 4 * kMaxScenarioFileBytes;

/// True when text is within every limit above; otherwise one located error.
/// A YAML syntax error is left for the loader to report (true).
bool CheckScenarioBounds(std::string_view text, YamlContext& ctx);

/// Reads path into *text, at most one byte past kMaxScenarioFileBytes
/// (enough to refuse a larger file, or /dev/zero, without reading it all).
/// False with *error, the file as its place: a folder ("is a directory,
/// not <what>") or a file that cannot be read.
bool ReadBoundedFile(const std::string& path, std::string_view what, std::string* text, ScenarioError* error);

/// Where byte `offset` of text is, 1-based line and column (in characters).
SourceLocation LocationOfByte(std::string_view text, std::size_t offset, const std::string& file);

}  // namespace wirecheck
