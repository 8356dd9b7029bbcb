#include "reports/html_text.h"

#include "reports/escape.h"

namespace wirecheck::reports {
namespace {

// One style sheet for every page. Status is never told by colour alone:
// each status also has its word and a symbol, and the diagram's arrow kinds
// differ in dash pattern too (for colour-blind readers and print).
constexpr std::string_view kStyle = R"css(
:root{--pass:#1a7f37;--fail:#c62828;--inconclusive:#9a6700;--na:#6e7781;--ink:#1f2328;--muted:#59636e;--line:#d0d7de;--mark:#fff1b8}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);max-width:1180px;margin:0 auto;padding:1.2em 1.5em 3em}
h1{font-size:1.55em;margin:.2em 0 .4em}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}h3{font-size:1.05em;margin:1.2em 0 .4em}
a{color:#0550ae}a:focus,g.packet:focus{outline:3px solid #0969da;outline-offset:2px}
code,pre,.mono{font-family:"DejaVu Sans Mono",ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:.6em .8em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;margin:.4em 0 1em}th,td{border:1px solid var(--line);padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.summary{display:flex;flex-wrap:wrap;gap:.4em 1.6em;margin:.3em 0 1em;color:var(--muted)}.summary b{color:var(--ink)}
.status{display:inline-block;min-width:6.5em;font-weight:600}
.pass .status,.status.pass{color:var(--pass)}.fail .status,.status.fail{color:var(--fail)}.inconclusive .status,.status.inconclusive{color:var(--inconclusive)}.not_applicable .status,.status.not_applicable{color:var(--na)}
.verdict{font-size:1.1em;font-weight:600;padding:.4em .8em;border-radius:6px;display:inline-block}
.verdict.pass{background:#dafbe1;color:var(--pass)}.verdict.fail{background:#ffebe9;color:var(--fail)}.verdict.error{background:#fff8c5;color:var(--inconclusive)}
.check{border-left:4px solid var(--line);padding:.3em .8em;margin:.5em 0}
.check.fail{border-color:var(--fail)}.check.pass{border-color:var(--pass)}.check.inconclusive{border-color:var(--inconclusive)}
.check .title{font-weight:600}details.check{padding:.15em .8em;margin:.15em 0}details.check summary{cursor:pointer}details.check[open]{padding-bottom:.4em}.check .points{float:right;color:var(--muted)}.check .hint{background:#ddf4ff;border-radius:6px;padding:.3em .6em}
.evidence dt{font-weight:600;float:left;clear:left;width:8em}.evidence dd{margin-left:8.5em}
.muted{color:var(--muted)}.folded{color:var(--muted);font-style:italic}
nav.toc ul{columns:2;padding-left:1.2em}
nav.sections ul{columns:auto;list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2em 1.4em}
figure.diagram{margin:.6em 0 1.2em;overflow-x:auto}figcaption{color:var(--muted);margin-bottom:.3em}
svg.ladder{display:block;max-width:none}
svg.ladder text{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:12px;fill:var(--ink)}
svg.ladder .host{font-weight:bold}svg.ladder .lifeline{stroke:#8c959f;stroke-width:2}
svg.ladder .time,svg.ladder .no{fill:var(--muted)}
svg.ladder g.packet line{stroke-width:1.6}svg.ladder g.packet polygon{stroke:none}
g.handshake line{stroke:#0550ae}g.handshake polygon{fill:#0550ae}
g.data line{stroke:#1f2328}g.data polygon{fill:#1f2328}
g.ack line{stroke:#8c959f;stroke-dasharray:5 3}g.ack polygon{fill:#8c959f}
g.close line{stroke:#bc4c00;stroke-dasharray:9 3 2 3}g.close polygon{fill:#bc4c00}
g.reset line{stroke:var(--fail);stroke-width:2.4}g.reset polygon{fill:var(--fail)}
svg.ladder g.evidence rect.mark{fill:var(--mark);stroke:#d4a72c}svg.ladder g.evidence line{stroke-width:3}
svg.ladder .phase,svg.ladder .pause,svg.ladder .folded{fill:var(--muted);font-style:italic}svg.ladder rect.band{fill:#f6f8fa}
.legend span{margin-right:1.2em;display:inline-block}.legend svg{vertical-align:middle}
.bar{fill:#0969da}.bar.full{fill:var(--pass)}.axis{stroke:#8c959f}svg.chart text{font-size:12px;fill:var(--ink)}
svg.chart{max-width:100%;height:auto}td.pass{color:var(--pass)}td.fail{color:var(--fail);background:#ffebe9}
table.grades th{vertical-align:bottom}table.grades th.item{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal;vertical-align:top}
@media print{body{max-width:none;padding:0;font-size:11pt}a{color:inherit;text-decoration:none}figure.diagram{overflow:visible;break-inside:avoid-page}.check{break-inside:avoid}nav.toc{display:none}}
)css";

// & < > " ' as entities; every other byte as it is.
std::string EntityEscape(std::string_view safe) {
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string HtmlEscape(std::string_view text) { return EntityEscape(EscapeControls(text)); }

std::string HtmlEscapeLines(std::string_view text) { return EntityEscape(EscapeControlsByLine(text)); }

std::string HtmlBytes(std::string_view bytes, std::size_t max_bytes, std::uint64_t total_length) {
  return HtmlEscape(EscapedPreview(bytes, max_bytes, total_length));
}

std::string HtmlIdPart(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.';
    out.push_back(keep ? c : '-');
  }
  if (out.empty() || out.front() == '.') out.insert(out.begin(), 'x');
  return out;
}

void WriteHtmlPageStart(std::ostream& out, std::string_view title) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         // Nothing is fetched: no script, no font, no image but inline ones.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">\n"
         "<meta name=\"generator\" content=\"wirecheck\">\n<title>"
      << HtmlEscape(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
}

void WriteHtmlPageEnd(std::ostream& out) {
  out << "<footer class=\"muted\"><p>Written by wirecheck.</p></footer>\n</body>\n</html>\n";
}

}  // namespace wirecheck::reports
