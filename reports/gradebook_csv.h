#pragma once
// The gradebook as CSV (RFC 4180), for a spreadsheet or an LMS import:
//
//   submission,echo: replies (10),echo: closes (2.5),total (12.5)
//   alice,10,2.5,12.5
//   bob,7.5,0,7.5
//
// One header row, then one row per submission in the gradebook's order.
// Points are printed as people read them (PointsText: two decimals at most);
// grade.json keeps them exact. A submission without one of the columns (a
// bug upstream) gets an empty cell there, not a 0 it did not earn.
//
// Lines end with CRLF, as RFC 4180 says; spreadsheets, Python's csv module
// and pandas read it, and CR inside a field is quoted, so no reader can take
// a field's CR for a line's end. A field holding a comma, a double quote, CR
// or LF is quoted, inner quotes doubled. Text is written as given (UTF-8
// folder names stay UTF-8); no byte-order mark.
//
// Names come from students (their folder names) and from the assignment: a
// text field starting with =, +, -, @, TAB or CR gets a leading apostrophe,
// so a spreadsheet shows it as text and never runs it as a formula (OWASP,
// "CSV injection"). Cells wirecheck writes as numbers are never changed.

#include <ostream>

#include "reports/grade.h"

namespace wirecheck::reports {

void WriteGradebookCsv(const Gradebook& gradebook, std::ostream& out);

}  // namespace wirecheck::reports
