// yaml_writer: what `wirecheck record` writes reads back (through the
// loader's own YAML reader) as the same values, payloads decode to the same
// bytes, and comments go above the entries they explain.

#include "harness/record/yaml_writer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "harness/loader/yaml_tree.h"
#include "harness/model/payload_text.h"

namespace wirecheck {
namespace {

std::string Write(const YamlTree& t) {
  std::ostringstream out;
  WriteYaml(t, out);
  return out.str();
}

YamlTree Read(const std::string& text) {
  YamlTree t;
  std::string err;
  EXPECT_TRUE(ParseYamlTree(text, &t, &err)) << err << "\n" << text;
  return t;
}

// Scalars, mappings and lists survive a write and a read, quoted or not.
TEST(YamlWriterTest, WhatIsWrittenReadsBackAsTheSameTree) {
  const std::string source = R"(scenario: "a: b # c"
port: 6789
quoted_port: "6789"
description: >
  folded text
  over lines
clients:
  - name: c-client
    run: "{build}/client {host} {port}"
    stdin: "tab\there\n"
    script:
      - connect
      - send: 'it''s'
      - expect: { line: HELLO }
        timeout: 2s
  - name: "- dash"
    run: [./x, "{port}", '#hash', "yes"]
empty:
)";
  const YamlTree first = Read(source);
  const std::string written = Write(first);
  const YamlTree second = Read(written);
  EXPECT_EQ(Write(second), written) << written;
  EXPECT_EQ(second.Find("quoted_port")->quoted, true);
  EXPECT_EQ(second.Find("port")->quoted, false);
  EXPECT_EQ(second.Find("scenario")->scalar, "a: b # c");
  EXPECT_EQ(second.Find("description")->scalar, "folded text over lines\n");
  const YamlTree& clients = *second.Find("clients");
  ASSERT_EQ(clients.list.size(), 2u);
  EXPECT_EQ(clients.list[0].Find("stdin")->scalar, "tab\there\n");
  EXPECT_EQ(clients.list[0].Find("script")->list[1].Find("send")->scalar, "it's");
  EXPECT_EQ(clients.list[1].Find("name")->scalar, "- dash");
  EXPECT_EQ(clients.list[1].Find("run")->list[2].scalar, "#hash");
  EXPECT_TRUE(clients.list[1].Find("run")->list[3].quoted);  // "yes" stays a string
  EXPECT_EQ(second.Find("empty")->kind, YamlTree::Kind::kNull);
}

// A payload written decodes, with wirecheck's escapes, to the bytes it was.
TEST(YamlWriterTest, PayloadsDecodeToTheirBytes) {
  for (const std::string& bytes : {std::string("hello sockets\n"), std::string("it's a \\ backslash"),
                                   std::string("\0\xff\x7f\r\t", 5), std::string(40, '\0') + "tail"}) {
    YamlTree doc = YamlTree::Map();
    doc.At("payload") = PayloadValue(bytes);
    const YamlTree back = Read(Write(doc));
    const YamlTree& p = *back.Find("payload");
    std::string decoded, err;
    if (p.kind == YamlTree::Kind::kMap) {
      ASSERT_NE(p.Find("hex"), nullptr);
      ASSERT_TRUE(ParseHexBytes(p.Find("hex")->scalar, &decoded, &err)) << err;
    } else {
      ASSERT_TRUE(ParseEscapedText(p.scalar, &decoded, &err)) << err << ": " << p.scalar;
    }
    EXPECT_EQ(decoded, bytes);
  }
  EXPECT_EQ(Write([] {
              YamlTree d = YamlTree::Map();
              d.At("stdout") = PayloadValue("FROM SERVER: HI\n");
              return d;
            }()),
            "stdout: 'FROM SERVER: HI\\n'\n");
}

TEST(YamlWriterTest, CommentsGoAboveTheirEntries) {
  YamlTree doc = YamlTree::Map();
  doc.comments = {"header"};
  YamlTree& expect = doc.At("expect");
  expect.comments = {"max_open_at_once: 2-5 over 10 runs: not asserted"};
  expect.At("connections") = WordValue("5");
  YamlTree clients = YamlTree::List();
  YamlTree group = YamlTree::Map();
  group.comments = {"within: timing is not asserted"};
  group.At("name") = WordValue("c");
  clients.list.push_back(group);
  doc.At("clients") = clients;
  EXPECT_EQ(Write(doc),
            "# header\n"
            "# max_open_at_once: 2-5 over 10 runs: not asserted\n"
            "expect:\n"
            "  connections: 5\n"
            "clients:\n"
            "  # within: timing is not asserted\n"
            "  - name: c\n");
}

}  // namespace
}  // namespace wirecheck
