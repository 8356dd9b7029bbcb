#pragma once
// {placeholders} in scenario commands, directories, environment values and
// scripted peers' addresses: checked when a scenario is loaded, expanded by
// the runner when it starts a peer.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wirecheck {

struct Placeholder {
  std::string_view name;
  std::string_view meaning;
};

/// Every placeholder, in the order scenarios/README.md lists them.
std::span<const Placeholder> Placeholders();

/// True when every {name} in text is a known placeholder and every brace
/// is part of one or doubled ({{ and }} stand for literal braces).
bool CheckPlaceholders(std::string_view text, std::string* err);

/// text with each {name} replaced by values.at(name) (a name missing from
/// values is left as written) and {{ }} by single braces. text must have
/// passed CheckPlaceholders.
std::string ExpandPlaceholders(std::string_view text, const std::map<std::string, std::string>& values);

/// The names of the placeholders text uses ({{ }} are not placeholders),
/// each once, in the order first written. text must have passed
/// CheckPlaceholders.
std::vector<std::string> UsedPlaceholders(std::string_view text);

/// Payload text of a scripted peer: each {name} that is a known placeholder
/// with a value is replaced (regex-escaped when `for_regex`); every other
/// brace is data and stays as written (payloads have no {{ }} escapes; a
/// literal "{index}" is sent by giving the payload as hex).
std::string ExpandPayloadPlaceholders(std::string_view text, const std::map<std::string, std::string>& values,
                                      bool for_regex);

/// Whether text names {index}: a script that does differs per client.
bool NamesIndexPlaceholder(std::string_view text);

}  // namespace wirecheck
