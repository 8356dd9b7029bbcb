#include "harness/record/record_scenario.h"

#include <map>
#include <set>
#include <sstream>

#include "harness/loader/scenario_loader.h"
#include "harness/loader/yaml_tree.h"
#include "harness/record/proposal.h"
#include "harness/record/yaml_writer.h"
#include "harness/verify/verify.h"

namespace wirecheck {
namespace {

using Path = std::vector<std::string>;

// The node at `path`, made (as mappings) where missing; nullptr when a list
// index is out of range or the path runs through a scalar.
YamlTree* NodeAt(YamlTree& root, const Path& path) {
  YamlTree* at = &root;
  for (const std::string& key : path) {
    if (key.size() > 2 && key.front() == '[' && key.back() == ']') {
      const std::size_t i = std::stoul(key.substr(1, key.size() - 2));
      if (at->kind != YamlTree::Kind::kList || i >= at->list.size()) return nullptr;
      at = &at->list[i];
      continue;
    }
    if (at->kind != YamlTree::Kind::kMap && at->kind != YamlTree::Kind::kNull) return nullptr;
    at = &at->At(key);
  }
  return at;
}

// Where a comment about `path` goes: above its part of the file (`expect`,
// the server, the client group).
Path PartOf(const Path& path) {
  if (path.size() >= 2 && path[0] == "clients") return {path[0], path[1]};
  return {path.front()};
}

// The key as the file reads it under its part: "every_connection.close.first_fin".
std::string KeyName(const Path& path) {
  std::string out;
  for (std::size_t i = PartOf(path).size(); i < path.size(); ++i) {
    if (path[i] == "expect" && i + 1 < path.size() && path.front() != "expect") continue;
    out += (out.empty() ? "" : ".") + path[i];
  }
  return out;
}

// The input without what a recording replaces: every expectation and the
// points (grading names checks the recording may not make).
YamlTree Programs(const YamlTree& input) {
  YamlTree doc = input;
  doc.Erase("expect");
  doc.Erase("grading");
  if (YamlTree* server = doc.Find("server")) server->Erase("expect");
  if (YamlTree* clients = doc.Find("clients"); clients && clients->kind == YamlTree::Kind::kList) {
    for (YamlTree& group : clients->list) {
      group.Erase("expect");
      group.Erase("wire");
    }
  }
  return doc;
}

// The file's first comment: where it came from and how to read it.
std::vector<std::string> Header(const RecordInput& in, bool had_grading) {
  const std::size_t n = in.runs.size();
  std::vector<std::string> lines = {
      "Recorded by `wirecheck record` from " + in.origin + ".",
      in.live ? "Every expectation below held in " + std::string(n == 1 ? "the run" : (n == 2 ? "both runs" : "all " + std::to_string(n) + " runs")) +
                    ", and was checked again on " + (n == 1 ? "it" : "each of them") + " before"
              : "Every expectation below holds on that capture, and was checked again on it before",
      "this file was written. What was observed but not asserted is said in comments, with why."};
  if (had_grading) lines.push_back("The input's grading was not kept: give points with `grading:` again.");
  return lines;
}

// How a check that did not pass everywhere fared over the runs.
struct Verdicts {
  std::size_t failed_runs = 0;
  std::size_t first_run = 0;
  std::string first_message;
};

// "5 of 12 runs (run 3, fail: ...)": where it held, and its first failure.
std::string HeldText(const Verdicts& v, std::size_t n) {
  return std::to_string(n - v.failed_runs) + " of " + std::to_string(n) + (n == 1 ? " run" : " runs") + " (run " +
         std::to_string(v.first_run + 1) + ", " + v.first_message + ")";
}

// Every check of `scenario` on every run: the ids made, and the verdicts of
// those that did not pass in some run.
struct Proof {
  std::set<std::string> made;
  std::map<std::string, Verdicts> failed;
};

Proof Prove(const Scenario& scenario, const RecordInput& in) {
  Proof proof;
  for (std::size_t r = 0; r < in.runs.size(); ++r) {
    const RunObservation& run = in.runs[r];
    for (const reports::Check& c : Verify(scenario, run.trace, run.server_port, in.live ? &run.facts : nullptr)) {
      proof.made.insert(c.id);
      if (c.status == reports::CheckStatus::kPass) continue;
      Verdicts& v = proof.failed[c.id];
      if (v.failed_runs++ == 0) {
        v.first_run = r;
        v.first_message = std::string(reports::CheckStatusName(c.status)) + ": " + c.message;
      }
    }
  }
  return proof;
}

}  // namespace

RecordResult RecordScenario(const RecordInput& in) {
  RecordResult result;
  YamlTree input;
  std::string error;
  if (!ParseYamlTree(in.source_text, &input, &error)) {
    result.errors.push_back(in.source_file + ": " + error);
    return result;
  }
  Proposal proposal = ProposeExpectations(*in.scenario, in.runs);
  const YamlTree programs = Programs(input);
  const std::size_t n = in.runs.size();
  Proof proof;
  // Each round proves what is left; a round that leaves nothing out ends it.
  // Checks are independent of each other, so the second round only confirms.
  for (int round = 0; round < 3; ++round) {
    YamlTree doc = programs;
    for (const Assertion& a : proposal.assertions) {
      if (YamlTree* node = NodeAt(doc, a.path)) *node = a.value;
    }
    for (const Omission& o : proposal.omissions) {
      if (YamlTree* node = NodeAt(doc, o.path)) node->comments.push_back(o.text);
    }
    doc.comments = Header(in, input.Find("grading") != nullptr);
    std::ostringstream text;
    WriteYaml(doc, text);
    const ScenarioLoad load = LoadScenarioText(text.str(), in.output_name);
    if (!load.scenario) {
      result.errors.push_back("the recorded scenario does not load (a wirecheck bug):");
      for (const ScenarioError& e : load.errors) result.errors.push_back(ToString(e));
      return result;
    }
    proof = Prove(*load.scenario, in);
    bool removed = false;
    std::vector<Assertion> kept;
    for (Assertion& a : proposal.assertions) {
      const auto v = proof.failed.find(a.check_id);
      if (v == proof.failed.end() && proof.made.count(a.check_id)) {
        kept.push_back(std::move(a));
        continue;
      }
      removed = true;
      const std::string why =
          v == proof.failed.end() ? "no check " + a.check_id + " was made" : "held in " + HeldText(v->second, n);
      proposal.omissions.push_back({PartOf(a.path), KeyName(a.path) + ": " + why + ": not asserted"});
    }
    proposal.assertions = std::move(kept);
    if (!removed) {
      result.text = text.str();
      break;
    }
  }
  if (result.text.empty()) {
    result.errors.push_back("the recorded expectations did not settle after 3 rounds (a wirecheck bug)");
    return result;
  }
  for (const auto& [id, v] : proof.failed) {
    result.warnings.push_back(id + " passed in " + HeldText(v, n) +
                              "; every scenario checks it, so the recorded one fails there too");
  }
  result.asserted = proposal.assertions.size();
  result.left_out = proposal.omissions.size();
  return result;
}

}  // namespace wirecheck
