// The example scenarios through verify: each loads, and every expectation
// key it states produces its check, on a live run and on a foreign capture.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "harness/verify/verify.h"
#include "tests/harness/verify_traces.h"

namespace wirecheck::verify_test {
namespace {

std::vector<std::string> ExampleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(WIRECHECK_SOURCE_DIR "/scenarios/examples")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void AddConnectionIds(const std::string& prefix, const ConnectionExpect& e, std::vector<std::string>* ids) {
  if (e.handshake) ids->push_back(prefix + ".handshake");
  if (e.server_port) ids->push_back(prefix + ".server_port");
  if (e.client_port) ids->push_back(prefix + ".client_port");
  if (e.client_sends) ids->push_back(prefix + ".client_sends");
  if (e.server_sends) ids->push_back(prefix + ".server_sends");
  if (e.close && e.close->first_fin) ids->push_back(prefix + ".close.first_fin");
  if (e.close && e.close->clean) ids->push_back(prefix + ".close.clean");
  if (e.close && e.close->reset) ids->push_back(prefix + ".close.reset");
  if (e.history) ids->push_back(prefix + ".history");
  if (e.conn_state) ids->push_back(prefix + ".conn_state");
}

void AddProcessIds(const std::string& name, const ProcessExpect& e, std::vector<std::string>* ids) {
  if (e.exit) ids->push_back(name + ".exit");
  if (e.no_crash.value) ids->push_back(name + ".no_crash");
  if (e.no_flood.value) ids->push_back(name + ".no_flood");
  if (e.stdout_match) ids->push_back(name + ".stdout");
  if (e.stderr_match) ids->push_back(name + ".stderr");
  if (e.within) ids->push_back(name + ".within");
}

// The id of the check each expectation key of the scenario stands for.
std::vector<std::string> ExpectedIds(const Scenario& s) {
  std::vector<std::string> ids;
  const WireExpect& w = s.expect;
  if (w.connections) ids.push_back("connections");
  if (w.every_connection) AddConnectionIds("every_connection", *w.every_connection, &ids);
  for (std::size_t i = 0; i < w.connections_in_order.size(); ++i) {
    AddConnectionIds("connections_in_order[" + std::to_string(i + 1) + "]", w.connections_in_order[i], &ids);
  }
  for (const ClientSpec& c : s.clients) {
    if (c.wire) AddConnectionIds(c.name + ".wire", *c.wire, &ids);
    if (c.command) AddProcessIds(c.name, c.expect, &ids);
  }
  if (s.server.command) AddProcessIds(s.server.name, s.server.expect, &ids);
  if (w.distinct_4tuples) ids.push_back("distinct_4tuples");
  if (w.max_open_at_once) ids.push_back("max_open_at_once");
  if (w.server_still_listening) ids.push_back("server_still_listening");
  if (w.listen_backlog) ids.push_back("listen_backlog");
  for (const auto& [side, d] : {std::pair{"client", &w.udp.client_datagrams}, std::pair{"server", &w.udp.server_datagrams}}) {
    if (!*d) continue;
    const std::string prefix = std::string(side) + "_datagrams.";
    if ((*d)->count) ids.push_back(prefix + "count");
    if ((*d)->payloads) ids.push_back(prefix + "payloads");
    if ((*d)->each) ids.push_back(prefix + "each");
    if ((*d)->size) ids.push_back(prefix + "size");
  }
  if (w.udp.flows) ids.push_back("flows");
  if (w.udp.replies_to_sender) ids.push_back("replies_to_sender");
  if (w.udp.reply_from_bound_port) ids.push_back("reply_from_bound_port");
  if (w.udp.replies_same_size) ids.push_back("replies_same_size");
  if (w.udp.server_still_bound) ids.push_back("server_still_bound");
  return ids;
}

TEST(VerifyExamplesTest, EveryExampleLoadsAndEveryKeyProducesACheck) {
  const std::vector<std::string> files = ExampleFiles();
  ASSERT_GE(files.size(), 6u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    ScenarioLoad load = LoadScenarioFile(file);
    for (const ScenarioError& e : load.errors) ADD_FAILURE() << ToString(e);
    ASSERT_TRUE(load.scenario);
    const Scenario& s = *load.scenario;
    const RunFacts live;  // a run that observed nothing: no check may pass
    for (const RunFacts* run : {&live, static_cast<const RunFacts*>(nullptr)}) {
      std::set<std::string> got;
      for (const reports::Check& c : Verify(s, capture::Trace{}, s.server.port, run)) {
        EXPECT_TRUE(got.insert(c.id).second) << "two checks " << c.id;
        EXPECT_FALSE(c.title.empty()) << c.id;
        EXPECT_FALSE(c.message.empty()) << c.id;
        EXPECT_NE(c.status, reports::CheckStatus::kPass) << c.id << ": nothing was captured or run";
      }
      for (const std::string& id : ExpectedIds(s)) EXPECT_TRUE(got.count(id)) << "no check " << id;
    }
  }
}

TEST(VerifyExamplesTest, EveryGradingItemGivesItsPointsToSomeCheck) {
  for (const std::string& file : ExampleFiles()) {
    SCOPED_TRACE(file);
    ScenarioLoad load = LoadScenarioFile(file);
    ASSERT_TRUE(load.scenario);
    const Scenario& s = *load.scenario;
    RunFacts live = LiveRun();
    double possible = 0, wanted = 0;
    for (const reports::Check& c : Verify(s, capture::Trace{}, s.server.port, &live)) possible += c.points_possible;
    for (const GradeItem& item : s.grading.items) wanted += item.points;
    EXPECT_NEAR(possible, wanted, 1e-9);
  }
}

}  // namespace
}  // namespace wirecheck::verify_test
