#pragma once
// Validates JUnit XML against the dialect wirecheck writes
// (reports/junit_dialect.xsd, a subset of the xunit plugin's junit-10.xsd),
// with libxml2's `xmllint --schema`. For any test that writes JUnit.

#include <string>

namespace wirecheck::testing {

/// The schema's path in the source tree (from WIRECHECK_SOURCE_DIR).
std::string JunitDialectSchemaPath();

/// "" when `xml` is valid; else xmllint's messages, with the temporary
/// file's name written as "junit.xml" ("junit.xml:15: element properties:
/// Schemas validity error : ..."), or why xmllint could not run.
std::string JunitDialectErrors(const std::string& xml);

}  // namespace wirecheck::testing
