#include "harness/loader/yaml_tree.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace wirecheck {
namespace {

YamlTree Convert(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      // yaml-cpp tags a quoted scalar "!" and a plain one "?".
      return YamlTree::Scalar(node.Scalar(), node.Tag() == "!");
    case YAML::NodeType::Sequence: {
      YamlTree list = YamlTree::List();
      for (const YAML::Node& item : node) list.list.push_back(Convert(item));
      return list;
    }
    case YAML::NodeType::Map: {
      YamlTree map = YamlTree::Map();
      for (auto it = node.begin(); it != node.end(); ++it) {
        map.map.push_back({it->first.IsScalar() ? it->first.Scalar() : std::string(), Convert(it->second)});
      }
      return map;
    }
    default:
      return {};
  }
}

}  // namespace

YamlTree YamlTree::Scalar(std::string text, bool quoted) {
  YamlTree t;
  t.kind = Kind::kScalar;
  t.scalar = std::move(text);
  t.quoted = quoted;
  return t;
}

YamlTree YamlTree::Map() {
  YamlTree t;
  t.kind = Kind::kMap;
  return t;
}

YamlTree YamlTree::List() {
  YamlTree t;
  t.kind = Kind::kList;
  return t;
}

YamlTree* YamlTree::Find(std::string_view key) {
  for (auto& [k, v] : map) {
    if (k == key) return &v;
  }
  return nullptr;
}

const YamlTree* YamlTree::Find(std::string_view key) const { return const_cast<YamlTree*>(this)->Find(key); }

bool YamlTree::Erase(std::string_view key) {
  const auto it = std::find_if(map.begin(), map.end(), [&](const YamlEntry& e) { return e.key == key; });
  if (it == map.end()) return false;
  map.erase(it);
  return true;
}

YamlTree& YamlTree::At(std::string_view key) {
  if (YamlTree* v = Find(key)) return *v;
  kind = Kind::kMap;
  map.push_back({std::string(key), Map()});
  return map.back().value;
}

bool ParseYamlTree(std::string_view text, YamlTree* out, std::string* error) {
  try {
    *out = Convert(YAML::Load(std::string(text)));
    return true;
  } catch (const YAML::Exception& e) {
    *error = "line " + std::to_string(e.mark.line + 1) + ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg;
    return false;
  }
}

}  // namespace wirecheck
