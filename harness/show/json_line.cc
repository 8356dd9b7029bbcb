#include "harness/show/json_line.h"

#include <algorithm>
#include <cstring>

namespace wirecheck {

namespace {

char* Put(char* p, std::string_view text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

/// Whether one of the eight bytes of `x` is below 0x20, '"' or '\\' (the
/// bit tricks of "Bit Twiddling Hacks": exact for these tests).
bool AnyByteNeedsEscape(std::uint64_t x) {
  constexpr std::uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
  const auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const std::uint64_t below_space = (x - kOnes * 0x20) & ~x & kHighs;
  return (below_space | has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\'))) != 0;
}

}  // namespace

JsonLine::JsonLine(std::string* out) : out_(out) {
  start_ = out_->size();
  out_->resize(start_ + kFirstRoom);
  p_ = out_->data() + start_;
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
  // Room grows with the line, not with what `out` held before it.
  out_->resize(used + std::max(n, used - start_ + kFirstRoom));
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
  // Eight bytes at a time while none of them needs an escape: most strings
  // (addresses, histories, states) need none.
  std::size_t clean = 0;
  for (; clean + 8 <= text.size(); clean += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, text.data() + clean, 8);
    if (AnyByteNeedsEscape(chunk)) break;
    std::memcpy(p, &chunk, 8);
    p += 8;
  }
  for (const char c : text.substr(clean)) {
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
