#include "harness/show/json_line.h"

#include <algorithm>
#include <cstring>

namespace wirecheck {

namespace {

char* Put(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

}  // namespace

JsonLine::JsonLine(std::string* out) : out_(out) {
  const std::size_t start = out_->size();
  out_->resize(start + 1024);
  p_ = out_->data() + start;
  end_ = out_->data() + out_->size();
  *p_++ = '{';
}

JsonLine::~JsonLine() { Truncate(); }

void JsonLine::Truncate() {
  if (p_ == nullptr) return;
  out_->resize(static_cast<std::size_t>(p_ - out_->data()));
  p_ = end_ = nullptr;
}

void JsonLine::Grow(std::size_t n) {
  const auto used = static_cast<std::size_t>(p_ - out_->data());
  out_->resize(std::max(out_->size() * 2, used + n));
  p_ = out_->data() + used;
  end_ = out_->data() + out_->size();
}

void JsonLine::Field(std::string_view key, std::string_view text) {
  Key(key);
  PutString(text);
}

void JsonLine::Field(std::string_view key, bool b) {
  Key(key);
  p_ = Put(p_, b ? std::string_view("true") : std::string_view("false"));
}

void JsonLine::Number(std::string_view key, double d) {
  Key(key);
  // nlohmann's own number form (e.g. 1.0, 1e-06), so the text is unchanged.
  p_ = PutJsonNumber(p_, d);
}

void JsonLine::Null(std::string_view key) {
  Key(key);
  p_ = Put(p_, "null");
}

void JsonLine::Begin(std::string_view key) {
  Key(key);
  *p_++ = '{';
  first_ = true;
  ++depth_;
}

void JsonLine::End() {
  Reserve(1);
  *p_++ = '}';
  first_ = false;
  --depth_;
}

void JsonLine::BeginArray(std::string_view key) {
  Key(key);
  *p_++ = '[';
  first_ = true;
}

void JsonLine::ArrayString(std::string_view text) {
  Reserve(1);
  if (!first_) *p_++ = ',';
  first_ = false;
  PutString(text);
}

void JsonLine::EndArray() {
  Reserve(1);
  *p_++ = ']';
  first_ = false;
}

void JsonLine::Raw(std::string_view key, std::string_view json) {
  Key(key);
  Reserve(json.size());
  p_ = Put(p_, json);
}

void JsonLine::Close() {
  while (depth_ > 0) End();
  Truncate();
}

void JsonLine::PutString(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  Reserve(2 + 6 * text.size());  // every byte escaped as \u00XX at worst
  char* p = p_;
  *p++ = '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      *p++ = c;
      continue;
    }
    *p++ = '\\';
    switch (byte) {
      case '"': *p++ = '"'; continue;
      case '\\': *p++ = '\\'; continue;
      case '\n': *p++ = 'n'; continue;
      case '\r': *p++ = 'r'; continue;
      case '\t': *p++ = 't'; continue;
      case '\b': *p++ = 'b'; continue;
      case '\f': *p++ = 'f'; continue;
      default: break;
    }
    *p++ = 'u';
    *p++ = '0';
    *p++ = '0';
    *p++ = kHex[byte >> 4];
    *p++ = kHex[byte & 0xf];
  }
  *p++ = '"';
  p_ = p;
}

void JsonLine::AppendString(std::string_view text, std::string* out) {
  // A writer of its own on `out`, its '{' taken back.
  const std::size_t start = out->size();
  {
    JsonLine j(out);
    j.PutString(text);
  }
  out->erase(start, 1);
}

}  // namespace wirecheck
