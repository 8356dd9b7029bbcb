// The validator every JUnit test relies on (tests/support/junit_dialect.h):
// it must accept the dialect and reject what junit-10.xsd rejects, naming
// the element.
#include "tests/support/junit_dialect.h"

#include <gtest/gtest.h>

#include <string>

namespace wirecheck::reports {
namespace {

using wirecheck::testing::JunitDialectErrors;

constexpr const char* kHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

TEST(JunitDialectTest, AcceptsASmallValidDocument) {
  const std::string xml = std::string(kHead) +
                          "<testsuites name=\"wirecheck\" tests=\"1\" failures=\"1\" errors=\"0\" time=\"0.001\">\n"
                          "  <testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0.001\""
                          " timestamp=\"2024-05-01T12:00:00\">\n"
                          "    <properties><property name=\"file\" value=\"s.yaml\"/></properties>\n"
                          "    <testcase name=\"c\" classname=\"s\" time=\"0.000\">\n"
                          "      <failure message=\"m\" type=\"fail\">detail</failure>\n"
                          "      <system-out>title: t</system-out>\n"
                          "    </testcase>\n"
                          "  </testsuite>\n"
                          "</testsuites>\n";
  EXPECT_EQ(JunitDialectErrors(xml), "");
}

TEST(JunitDialectTest, RejectsPropertiesInsideATestcase) {
  const std::string xml = std::string(kHead) +
                          "<testsuites>\n"
                          "  <testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
                          "    <testcase name=\"c\">\n"
                          "      <properties><property name=\"title\" value=\"t\"/></properties>\n"
                          "    </testcase>\n"
                          "  </testsuite>\n"
                          "</testsuites>\n";
  EXPECT_EQ(JunitDialectErrors(xml),
            "junit.xml:5: element properties: Schemas validity error : Element 'properties': "
            "This element is not expected. Expected is one of ( skipped, failure, error, system-out ).\n"
            "junit.xml fails to validate\n");
}

TEST(JunitDialectTest, RejectsSkippedOnTestsuites) {
  const std::string xml = std::string(kHead) + "<testsuites tests=\"0\" skipped=\"0\"/>\n";
  EXPECT_EQ(JunitDialectErrors(xml),
            "junit.xml:2: element testsuites: Schemas validity error : Element 'testsuites', "
            "attribute 'skipped': The attribute 'skipped' is not allowed.\n"
            "junit.xml fails to validate\n");
}

TEST(JunitDialectTest, RejectsATestsuiteWithoutItsRequiredCounts) {
  const std::string xml = std::string(kHead) + "<testsuites><testsuite name=\"s\" tests=\"0\"/></testsuites>\n";
  const std::string errors = JunitDialectErrors(xml);
  EXPECT_NE(errors.find("element testsuite: Schemas validity error : Element 'testsuite': "
                        "The attribute 'failures' is required but missing."),
            std::string::npos)
      << errors;
}

TEST(JunitDialectTest, RejectsXmlThatIsNotWellFormed) {
  const std::string errors = JunitDialectErrors(std::string(kHead) + "<testsuites>");
  EXPECT_NE(errors.find("junit.xml:"), std::string::npos) << errors;
  EXPECT_NE(errors, "");
}

}  // namespace
}  // namespace wirecheck::reports
