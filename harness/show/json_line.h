#pragma once
// One JSON object written straight into a string, field by field, without a
// document tree: what `wirecheck show --format json` does for each of up to
// millions of conversations. The text is what nlohmann::json's dump() gives
// for the same fields in the same order (no spaces; doubles in their
// shortest round-trip form, by nlohmann's own serializer), so consumers
// see no difference.
//
// Written through a pointer into room made ahead in the string, not by
// std::string appends: a line has some sixty fields, and three or four
// appends per field cost more than the conversation's analysis.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "harness/show/number_text.h"

namespace wirecheck {

class JsonLine {
 public:
  /// Appends to `out`, which must outlive the writer and not be touched
  /// until Close() or the destructor, which leave it at the written size.
  /// Opens the object.
  explicit JsonLine(std::string* out);
  ~JsonLine();
  JsonLine(const JsonLine&) = delete;
  JsonLine& operator=(const JsonLine&) = delete;

  // Every key is one of wirecheck's own names (ASCII letters, digits, '_'):
  // written as it is, never escaped.

  void Field(std::string_view key, std::string_view text);
  void Field(std::string_view key, const char* text) { Field(key, std::string_view(text)); }
  void Field(std::string_view key, std::uint64_t n) {
    Key(key);
    p_ = PutUnsigned(p_, n);
  }
  void Field(std::string_view key, bool b);
  void Number(std::string_view key, double d);
  void Null(std::string_view key);
  /// A nested object: Begin("orig") ... End().
  void Begin(std::string_view key);
  void End();
  /// An array of strings: BeginArray("states"), ArrayString(...)..., EndArray().
  void BeginArray(std::string_view key);
  void ArrayString(std::string_view text);
  void EndArray();
  /// A field whose value is already JSON.
  void Raw(std::string_view key, std::string_view json);
  /// Closes the object (and every nested one still open).
  void Close();

  /// `text` as a JSON string, quotes included, escaped as nlohmann does.
  static void AppendString(std::string_view text, std::string* out);

 private:
  /// Room for `n` more bytes at p_.
  void Reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) Grow(n);
  }
  void Grow(std::size_t n);
  /// Room for one field's key and its punctuation (`,"key":`) and for a
  /// number, true/false/null or a bracket after it.
  static constexpr std::size_t kKeyExtra = 4;
  static constexpr std::size_t kValueRoom =
      kMaxJsonNumber > kMaxUnsignedDigits ? kMaxJsonNumber : kMaxUnsignedDigits;
  // Inline: the keys are literals, so their copies become a few moves.
  void Key(std::string_view key) {
    // Keys are wirecheck's own names (ASCII letters and '_'): written as they are.
    Reserve(key.size() + kKeyExtra + kValueRoom);
    if (!first_) *p_++ = ',';
    first_ = false;
    *p_++ = '"';
    std::memcpy(p_, key.data(), key.size());
    p_ += key.size();
    *p_++ = '"';
    *p_++ = ':';
  }
  void PutString(std::string_view text);
  void Truncate();

  /// Room made when a line starts: most lines of `show` fit in it.
  static constexpr std::size_t kFirstRoom = 2048;

  std::string* out_;
  std::size_t start_ = 0;  // where the object starts in out_
  char* p_ = nullptr;    // where the next byte goes, inside out_'s bytes
  char* end_ = nullptr;  // end of out_'s bytes
  bool first_ = true;    // the current object or array has no element yet
  int depth_ = 1;
};

}  // namespace wirecheck
