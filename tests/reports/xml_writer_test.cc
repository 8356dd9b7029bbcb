#include "reports/xml_writer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "tests/reports/xml_check.h"

namespace wirecheck::reports {
namespace {

using namespace std::string_literals;
using testing::XmlWellFormedError;

constexpr std::string_view kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

TEST(XmlEscapeTextTest, EscapesMarkup) {
  EXPECT_EQ(XmlEscapeText("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
}

TEST(XmlEscapeTextTest, KeepsQuotesTabsAndNewlinesInText) {
  EXPECT_EQ(XmlEscapeText("say \"hi\"\tnow\n"), "say \"hi\"\tnow\n");
}

TEST(XmlEscapeTextTest, CarriageReturnIsAReferenceSoParsersKeepIt) {
  EXPECT_EQ(XmlEscapeText("line\r\n"), "line&#13;\n");
}

TEST(XmlEscapeTextTest, ForbiddenControlCharactersBecomeVisibleHex) {
  EXPECT_EQ(XmlEscapeText("\0\x01\x08\x0b\x0c\x1f\x7f"s), R"(\x00\x01\x08\x0B\x0C\x1F\x7F)");
}

TEST(XmlEscapeTextTest, KeepsWellFormedUtf8) {
  EXPECT_EQ(XmlEscapeText("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80");
}

TEST(XmlEscapeTextTest, MalformedUtf8BytesBecomeHex) {
  EXPECT_EQ(XmlEscapeText("a\xff" "b"), R"(a\xFFb)");
  EXPECT_EQ(XmlEscapeText("\xc3"), R"(\xC3)");                  // cut short
  EXPECT_EQ(XmlEscapeText("\xc0\xaf"), R"(\xC0\xAF)");          // overlong '/'
  EXPECT_EQ(XmlEscapeText("\xed\xa0\x80"), R"(\xED\xA0\x80)");  // a surrogate
  EXPECT_EQ(XmlEscapeText("\xf4\x90\x80\x80"), R"(\xF4\x90\x80\x80)");  // past U+10FFFF
}

TEST(XmlEscapeTextTest, NoncharactersFffeAndFfffBecomeHex) {
  EXPECT_EQ(XmlEscapeText("\xef\xbf\xbe\xef\xbf\xbf"), R"(\xEF\xBF\xBE\xEF\xBF\xBF)");
  EXPECT_EQ(XmlEscapeText("\xef\xbf\xbd"), "\xef\xbf\xbd");  // U+FFFD is allowed
}

TEST(XmlEscapeAttributeTest, EscapesQuotesAndWhitespaceAsReferences) {
  EXPECT_EQ(XmlEscapeAttribute("a \"b\" <c>\t\n\r&"), "a &quot;b&quot; &lt;c&gt;&#9;&#10;&#13;&amp;");
}

TEST(XmlEscapeAttributeTest, EveryByteGivesWellFormedXml) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  std::ostringstream out;
  {
    XmlWriter xml(out);
    xml.Element("a").Attribute("v", all).Text(all);
  }
  EXPECT_EQ(XmlWellFormedError(out.str()), "") << out.str();
}

TEST(XmlWriterTest, EmptyElementSelfCloses) {
  std::ostringstream out;
  {
    XmlWriter xml(out);
    xml.Element("testsuites").Attribute("tests", "0");
  }
  EXPECT_EQ(out.str(), std::string(kDeclaration) + "<testsuites tests=\"0\"/>\n");
}

TEST(XmlWriterTest, ChildrenAreIndentedAndTextStaysInline) {
  std::ostringstream out;
  {
    XmlWriter xml(out);
    auto root = xml.Element("a");
    {
      auto b = xml.Element("b");
      b.Attribute("x", "1");
      xml.Element("c").Text("hi & bye");
    }
    xml.Element("d");
  }
  EXPECT_EQ(out.str(), std::string(kDeclaration) +
                           "<a>\n"
                           "  <b x=\"1\">\n"
                           "    <c>hi &amp; bye</c>\n"
                           "  </b>\n"
                           "  <d/>\n"
                           "</a>\n");
}

TEST(XmlWriterTest, DestructorClosesWhatIsStillOpen) {
  std::ostringstream out;
  {
    XmlWriter xml(out);
    xml.StartElement("a");
    xml.StartElement("b");
    xml.WriteText("t");
  }
  EXPECT_EQ(out.str(), std::string(kDeclaration) + "<a>\n  <b>t</b>\n</a>\n");
}

TEST(XmlWriterTest, MovedScopedElementClosesOnce) {
  std::ostringstream out;
  {
    XmlWriter xml(out);
    auto a = xml.Element("a");
    {
      auto b = xml.Element("b");
      auto moved = std::move(b);
    }
    xml.Element("c");
  }
  EXPECT_EQ(out.str(), std::string(kDeclaration) + "<a>\n  <b/>\n  <c/>\n</a>\n");
}

TEST(XmlWriterTest, MultiLineTextKeepsItsLines) {
  std::ostringstream out;
  {
    XmlWriter xml(out);
    xml.Element("failure").Attribute("message", "two\nlines").Text("one\ntwo\n");
  }
  EXPECT_EQ(out.str(), std::string(kDeclaration) +
                           "<failure message=\"two&#10;lines\">one\ntwo\n</failure>\n");
  EXPECT_EQ(XmlWellFormedError(out.str()), "");
}

// The checker itself: it must catch what the writer must never produce.
TEST(XmlCheckTest, RejectsWhatIsNotWellFormed) {
  EXPECT_EQ(XmlWellFormedError("<a><b></b></a>"), "");
  EXPECT_NE(XmlWellFormedError("<a><b></a></b>"), "");
  EXPECT_NE(XmlWellFormedError("<a x=\"1\" x=\"2\"/>"), "");
  EXPECT_NE(XmlWellFormedError("<a>&nbsp;</a>"), "");
  EXPECT_NE(XmlWellFormedError("<a>&#1;</a>"), "");
  EXPECT_NE(XmlWellFormedError("<a>\x01</a>"), "");
  EXPECT_NE(XmlWellFormedError("<a>\xff</a>"), "");
  EXPECT_NE(XmlWellFormedError("<a>x < y</a>"), "");
  EXPECT_NE(XmlWellFormedError("<a/><b/>"), "");
}

}  // namespace
}  // namespace wirecheck::reports
