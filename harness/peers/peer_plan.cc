#include "harness/peers/peer_plan.h"

#include "harness/model/placeholder_text.h"
#include "harness/peers/peer_result.h"

namespace wirecheck {

namespace {

using Action = ScriptStep::Action;

bool Resolve(const ScriptStep& step, Scenario::Family family, const std::map<std::string, std::string>& values,
             PeerAddress* address, std::string* err) {
  const std::string target = ExpandPlaceholders(step.target, values);
  switch (step.action) {
    case Action::kConnect:
    case Action::kSendTo:
      return ParseHostPort(target, family, address, err);
    case Action::kListen:
    case Action::kBind:
      return ParseListenPort(target, family, address, err);
    default:
      return true;
  }
}

}  // namespace

bool PlanDiffersPerClient(const std::vector<ScriptStep>& steps) {
  for (const ScriptStep& step : steps) {
    if (NamesIndexPlaceholder(step.target) || (!step.bytes_hex && NamesIndexPlaceholder(step.bytes)) ||
        (!step.match.hex && NamesIndexPlaceholder(step.match.text))) {
      return true;
    }
  }
  return false;
}

std::shared_ptr<const PeerPlan> PreparePeerPlan(const std::vector<ScriptStep>& steps,
                                                Scenario::Protocol protocol, Scenario::Family family,
                                                const std::map<std::string, std::string>& values,
                                                std::string* err) {
  auto plan = std::make_shared<PeerPlan>();
  plan->protocol = protocol;
  plan->family = family;
  plan->steps = steps;
  plan->addresses.resize(steps.size());
  plan->matchers.resize(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    ScriptStep& step = plan->steps[i];
    if (!step.bytes_hex) step.bytes = ExpandPayloadPlaceholders(step.bytes, values, false);
    if (!step.match.hex) {
      step.match.text = ExpandPayloadPlaceholders(step.match.text, values, step.match.kind == StepMatch::Kind::kRegex);
    }
    std::string why;
    bool ok = Resolve(step, family, values, &plan->addresses[i], &why);
    if (ok && (step.action == Action::kExpect || step.action == Action::kRecvFrom)) {
      ok = plan->matchers[i].Init(step.match, &why);
    }
    if (!ok) {
      *err = (step.where.file.empty() ? "" : ToString(step.where) + ": ") + "'" +
             std::string(ActionName(step.action)) + "': " + why;
      return nullptr;
    }
  }
  return plan;
}

}  // namespace wirecheck
