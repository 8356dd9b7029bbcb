#include "harness/loader/scenario_bounds.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace wirecheck {

namespace {

std::string Hex(unsigned char byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", byte);
  return text;
}

// The length of the UTF-8 sequence at text[i] and its code point; 0 when the
// bytes there are not well-formed UTF-8 (overlong, surrogate, cut short).
std::size_t Utf8At(std::string_view text, std::size_t i, char32_t* code) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = at(i);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
                                   : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  *code = length == 1 ? lead : lead & (0xff >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    if ((at(i + k) & 0xc0) != 0x80) return 0;
    *code = (*code << 6) | (at(i + k) & 0x3f);
  }
  constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (*code < kSmallest[length] || *code > 0x10ffff || (*code >= 0xd800 && *code <= 0xdfff)) return 0;
  return length;
}

// YAML's printable characters (tab and line breaks included).
bool Printable(char32_t c) {
  return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c == 0x85 || c >= 0xa0));
}

// Text, not binary: UTF-8 of printable characters. Control characters in a
// value are written as escapes in a double-quoted string.
bool CheckText(std::string_view text, YamlContext& ctx) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t code = 0;
    const std::size_t length = Utf8At(text, i, &code);
    const auto byte = static_cast<unsigned char>(text[i]);
    std::string problem;
    if (length == 0) {
      problem = "not UTF-8 text (byte " + Hex(byte) + "): a scenario file is YAML text in UTF-8";
    } else if (code == 0) {
      problem = "a NUL byte: a scenario file is YAML text, not binary data";
    } else if (!Printable(code)) {
      problem = "a control character (" + Hex(static_cast<unsigned char>(code)) +
                "): write it as an escape in a double-quoted string, e.g. \"\\x" + Hex(static_cast<unsigned char>(code)).substr(2) + "\"";
    }
    if (!problem.empty()) {
      ctx.Error(LocationOfByte(text, i, ctx.file()), problem);
      return false;
    }
    i += length;
  }
  return true;
}

// Thrown out of the parser by the counter when a limit is passed.
struct LimitPassed {
  YAML::Mark mark;
  std::string message;
};

// Counts what the parser reports, aliases as the nodes they stand for.
class NodeCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { Leaf(mark, anchor, 0); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    const Size size = it == anchors_.end() ? Size{1, 0} : it->second;
    Add(mark, size);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    Leaf(mark, anchor, value.size());
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Size {
    std::size_t nodes = 0;
    std::size_t bytes = 0;
  };
  struct Open_ {
    YAML::anchor_t anchor;
    Size before;
  };

  void Add(const YAML::Mark& mark, Size size) {
    total_.nodes += size.nodes;
    total_.bytes += size.bytes;
    if (total_.nodes > kMaxScenarioNodes) {
      throw LimitPassed{mark, "more than " + std::to_string(kMaxScenarioNodes) +
                                  " values (aliases counted as what they repeat): the most a scenario may hold"};
    }
    if (total_.bytes > kMaxScenarioExpandedBytes) {
      throw LimitPassed{mark, "more than " + std::to_string(kMaxScenarioExpandedBytes >> 20) +
                                  " MiB of text (aliases counted as what they repeat): the most a scenario may hold"};
    }
  }
  void Leaf(const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t bytes) {
    Add(mark, Size{1, bytes});
    if (anchor != YAML::NullAnchor) anchors_[anchor] = Size{1, bytes};
  }
  void Open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (open_.size() >= kMaxScenarioNesting) {
      throw LimitPassed{mark, "nested more than " + std::to_string(kMaxScenarioNesting) +
                                  " levels deep: the most a scenario may nest"};
    }
    open_.push_back(Open_{anchor, total_});
    Add(mark, Size{1, 0});
  }
  void Close() {
    const Open_ done = open_.back();
    open_.pop_back();
    if (done.anchor != YAML::NullAnchor) {
      anchors_[done.anchor] = Size{total_.nodes - done.before.nodes, total_.bytes - done.before.bytes};
    }
  }

  Size total_;
  std::vector<Open_> open_;
  std::unordered_map<YAML::anchor_t, Size> anchors_;
};

}  // namespace

SourceLocation LocationOfByte(std::string_view text, std::size_t offset, const std::string& file) {
  SourceLocation where{file, 1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
      ++where.column;
    }
  }
  return where;
}

bool CheckScenarioBounds(std::string_view text, YamlContext& ctx) {
  if (text.size() > kMaxScenarioFileBytes) {
    ctx.Error(LocationOfByte(text, kMaxScenarioFileBytes, ctx.file()),
              "the file is larger than " + std::to_string(kMaxScenarioFileBytes >> 20) +
                  " MiB, the most a scenario file may hold");
    return false;
  }
  if (!CheckText(text, ctx)) return false;
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  NodeCounter counter;
  try {
    parser.HandleNextDocument(counter);
  } catch (const LimitPassed& e) {
    ctx.Error(ctx.Where(e.mark), e.message);
    return false;
  } catch (const YAML::Exception&) {
    return true;   // a syntax error: the loader's own parse reports it, with its hints
  }
  return true;
}

bool ReadBoundedFile(const std::string& path, std::string_view what, std::string* text, ScenarioError* error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    *error = ScenarioError{SourceLocation{path, 0, 0}, "is a directory, not " + std::string(what)};
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = ScenarioError{SourceLocation{path, 0, 0}, std::string("cannot read the file: ") + std::strerror(errno)};
    return false;
  }
  text->assign(kMaxScenarioFileBytes + 1, '\0');
  in.read(text->data(), static_cast<std::streamsize>(text->size()));
  text->resize(static_cast<std::size_t>(in.gcount()));
  return true;
}

}  // namespace wirecheck
