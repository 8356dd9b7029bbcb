#include "harness/show/json_line.h"

#include "harness/show/number_text.h"

namespace wirecheck {

JsonLine::JsonLine(std::string* out) : out_(out) { out_->push_back('{'); }

void JsonLine::Key(std::string_view key) {
  // Keys are wirecheck's own names (ASCII letters and '_'): written as they are.
  out_->append(first_ ? "\"" : ",\"");
  first_ = false;
  out_->append(key);
  out_->append("\":");
}

void JsonLine::Field(std::string_view key, std::string_view text) {
  Key(key);
  AppendString(text, out_);
}

void JsonLine::Field(std::string_view key, std::uint64_t n) {
  Key(key);
  AppendUnsigned(n, out_);
}

void JsonLine::Field(std::string_view key, bool b) {
  Key(key);
  out_->append(b ? "true" : "false");
}

void JsonLine::Number(std::string_view key, double d) {
  Key(key);
  // nlohmann's own number form (e.g. 1.0, 1e-06), so the text is unchanged.
  AppendJsonNumber(d, out_);
}

void JsonLine::Null(std::string_view key) {
  Key(key);
  out_->append("null");
}

void JsonLine::Begin(std::string_view key) {
  Key(key);
  out_->push_back('{');
  first_ = true;
  ++depth_;
}

void JsonLine::End() {
  out_->push_back('}');
  first_ = false;
  --depth_;
}

void JsonLine::Raw(std::string_view key, std::string_view json) {
  Key(key);
  out_->append(json);
}

std::string* JsonLine::RawValue(std::string_view key) {
  Key(key);
  return out_;
}

void JsonLine::Close() {
  while (depth_ > 0) End();
}

void JsonLine::AppendString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  // Runs of bytes that need no escape are appended whole: most strings
  // (addresses, histories, states) are one such run.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    switch (byte) {
      case '"': out->append("\\\""); continue;
      case '\\': out->append("\\\\"); continue;
      case '\n': out->append("\\n"); continue;
      case '\r': out->append("\\r"); continue;
      case '\t': out->append("\\t"); continue;
      case '\b': out->append("\\b"); continue;
      case '\f': out->append("\\f"); continue;
      default: break;
    }
    out->append("\\u00");
    out->push_back(kHex[byte >> 4]);
    out->push_back(kHex[byte & 0xf]);
  }
  out->append(text.data() + run, text.size() - run);
  out->push_back('"');
}

}  // namespace wirecheck
