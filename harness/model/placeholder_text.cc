#include "harness/model/placeholder_text.h"

#include <algorithm>
#include <vector>

#include "harness/model/did_you_mean.h"

namespace wirecheck {

namespace {

constexpr Placeholder kPlaceholders[] = {
    {"port", "the server port (server.port)"},
    {"host", "the server address: 127.0.0.1, or ::1 when family is ipv6; with network.hosts, the address of the server's host"},
    {"family", "ipv4 or ipv6, as the scenario's family"},
    {"submission", "the program under test's directory (--submission); default the current directory"},
    {"build", "wirecheck's build directory (--build; default the directory holding the wirecheck binary): the C reference programs are in {build}/scenarios, the Java classes in {build}/scenarios/java"},
    {"scenarios", "wirecheck's scenarios/ source folder (--scenarios; default the one the binary was built from): the Python programs are in {scenarios}/python"},
    {"here", "the directory holding this scenario file"},
    {"tmp", "a scratch directory of this run, empty at its start, removed after"},
    {"name", "the peer's name (server, or the client group's name)"},
    {"index", "the client's 1-based number within its group (1..count); 1 for the server"},
};

std::vector<std::string_view> Names() {
  std::vector<std::string_view> names;
  for (const Placeholder& p : kPlaceholders) names.push_back(p.name);
  return names;
}

bool Known(std::string_view name) {
  for (const Placeholder& p : kPlaceholders) {
    if (p.name == name) return true;
  }
  return false;
}

}  // namespace

std::span<const Placeholder> Placeholders() { return kPlaceholders; }

bool CheckPlaceholders(std::string_view text, std::string* err) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        ++i;
        continue;
      }
      *err = "a lone '}': write }} for a literal brace";
      return false;
    }
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    const std::size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      *err = "an unclosed '{': write {{ for a literal brace";
      return false;
    }
    const std::string_view name = text.substr(i + 1, close - i - 1);
    if (!Known(name)) {
      const std::vector<std::string_view> names = Names();
      const auto suggestion = DidYouMean(name, names);
      *err = "unknown placeholder {" + std::string(name) + "}" +
             (suggestion ? " (did you mean {" + *suggestion + "}?)" : " (placeholders: see scenarios/README.md)");
      return false;
    }
    i = close;
  }
  return true;
}

std::string ExpandPayloadPlaceholders(std::string_view text, const std::map<std::string, std::string>& values,
                                      bool for_regex) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t close = text[i] == '{' ? text.find('}', i) : std::string_view::npos;
    const std::string_view name = close == std::string_view::npos ? "" : text.substr(i + 1, close - i - 1);
    const auto it = Known(name) ? values.find(std::string(name)) : values.end();
    if (it == values.end()) {
      out += text[i];
      continue;
    }
    for (const char c : it->second) {
      if (for_regex && std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
    i = close;
  }
  return out;
}

std::vector<std::string> UsedPlaceholders(std::string_view text) {
  std::vector<std::string> used;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      ++i;
      continue;
    }
    const std::size_t close = c == '{' ? text.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) continue;
    std::string name(text.substr(i + 1, close - i - 1));
    if (std::find(used.begin(), used.end(), name) == used.end()) used.push_back(std::move(name));
    i = close;
  }
  return used;
}

bool NamesIndexPlaceholder(std::string_view text) { return text.find("{index}") != std::string_view::npos; }

std::string ExpandPlaceholders(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    const std::size_t close = c == '{' ? text.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out += c;
      continue;
    }
    const auto it = values.find(std::string(text.substr(i + 1, close - i - 1)));
    out += it != values.end() ? it->second : std::string(text.substr(i, close - i + 1));
    i = close;
  }
  return out;
}

}  // namespace wirecheck
