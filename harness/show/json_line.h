#pragma once
// One JSON object written straight into a string, field by field, without a
// document tree: what `wirecheck show --format json` does for each of up to
// millions of conversations. The text is what nlohmann::json's dump() gives
// for the same fields in the same order (no spaces; doubles in their
// shortest round-trip form, by nlohmann's own serializer), so consumers
// see no difference.

#include <cstdint>
#include <string>
#include <string_view>

namespace wirecheck {

class JsonLine {
 public:
  /// Appends to `out`, which must outlive the writer. Opens the object.
  explicit JsonLine(std::string* out);

  // Every key is one of wirecheck's own names (ASCII letters, digits, '_'):
  // written as it is, never escaped.

  void Field(std::string_view key, std::string_view text);
  void Field(std::string_view key, const char* text) { Field(key, std::string_view(text)); }
  void Field(std::string_view key, std::uint64_t n);
  void Field(std::string_view key, bool b);
  void Number(std::string_view key, double d);
  void Null(std::string_view key);
  /// A nested object: Begin("orig") ... End().
  void Begin(std::string_view key);
  void End();
  /// A field whose value is already JSON (an array written by the caller).
  void Raw(std::string_view key, std::string_view json);
  /// Writes `key` and returns the text, where the caller appends its JSON
  /// value (an array) in place before the next field.
  std::string* RawValue(std::string_view key);
  /// Closes the object (and every nested one still open).
  void Close();

  /// `text` as a JSON string, quotes included, escaped as nlohmann does.
  static void AppendString(std::string_view text, std::string* out);

 private:
  void Key(std::string_view key);

  std::string* out_;
  bool first_ = true;  // the current object has no field yet
  int depth_ = 1;
};

}  // namespace wirecheck
