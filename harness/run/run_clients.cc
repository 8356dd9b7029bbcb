#include "harness/run/run_clients.h"

#include <algorithm>
#include <chrono>

#include "harness/model/host_layout.h"
#include "harness/process/interrupt.h"

namespace wirecheck {
namespace {

constexpr auto kProgramPoll = std::chrono::milliseconds(5);
constexpr auto kStopGrace = std::chrono::milliseconds(500);
constexpr Duration kClientTimeout = std::chrono::seconds(10);

// The capture's clock: pcap timestamps are the kernel's wall clock.
capture::Timestamp WallClock() {
  return std::chrono::duration_cast<capture::Timestamp>(std::chrono::system_clock::now().time_since_epoch());
}

}  // namespace

std::string ClientName(const ClientSpec& spec, std::size_t index) {
  return spec.count == 1 ? spec.name : spec.name + " " + std::to_string(index + 1);
}

bool ClientRunner::Group::AllStarted() const {
  return std::all_of(clients.begin(), clients.end(), [](const Client& c) { return c.started; });
}

bool ClientRunner::Group::AllDone() const {
  return std::all_of(clients.begin(), clients.end(), [](const Client& c) { return c.done; });
}

bool ClientRunner::Prepare(std::string* err) {
  // The loader refuses these already; a scenario made without it meets the same rule here.
  if (const std::vector<HostLayoutProblem> problems = HostLayoutProblems(run_.scenario); !problems.empty()) {
    *err = problems.front().message;
    return false;
  }
  for (const ClientSpec& spec : run_.scenario.clients) {
    Group group;
    group.spec = &spec;
    group.clients.resize(static_cast<std::size_t>(spec.count));
    if (!spec.command) {
      // Client 1's plan: checks every address before anything starts.
      group.plan = PreparePeerPlan(spec.script, run_.scenario.protocol, run_.scenario.family,
                                   ProgramValues(run_.values, spec.name, 1), err);
      if (!group.plan) return false;
      group.per_client = PlanDiffersPerClient(spec.script);
    }
    groups_.push_back(std::move(group));
  }
  return true;
}

bool ClientRunner::StartClient(Group& group, std::size_t index, PeerTime now, std::string* err) {
  Client& client = group.clients[index];
  client.started = true;
  const std::string name = ClientName(*group.spec, index);
  if (group.plan) {
    std::shared_ptr<const PeerPlan> plan = group.plan;
    if (group.per_client && index > 0) {
      plan = PreparePeerPlan(group.spec->script, run_.scenario.protocol, run_.scenario.family,
                             ProgramValues(run_.values, group.spec->name, static_cast<int>(index) + 1), err);
      if (!plan) return false;
    }
    client.peer = run_.loop.Add(name, plan, now, run_.deadline);
    return true;
  }
  ProcessSpec spec;
  if (!MakeProcessSpec(*group.spec->command,
                       ProgramValues(run_.values, group.spec->name, static_cast<int>(index) + 1),
                       group.spec->command->timeout.value_or(kClientTimeout), &spec, err)) {
    return false;
  }
  const auto group_index = static_cast<std::size_t>(group.spec - run_.scenario.clients.data());
  if (group_index < run_.client_networks.size()) spec.network = run_.client_networks[group_index];
  client.command = CommandText(spec);
  ProcessId id = 0;
  client.began = WallClock();
  if (!run_.launcher.Start(spec, &id, err)) return false;
  client.process = id;
  return true;
}

// Starts what is due; *next_start: the earliest start still to come.
bool ClientRunner::Schedule(PeerTime now, PeerTime* next_start, std::string* err) {
  *next_start = PeerTime::max();
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    Group& group = groups_[g];
    const ClientSpec& spec = *group.spec;
    if (!group.eligible_at) {
      bool ready = g == 0 || spec.after == ClientSpec::After::kServerReady;
      if (!ready && spec.after == ClientSpec::After::kPreviousFinished) ready = groups_[g - 1].AllDone();
      if (!ready && spec.after == ClientSpec::After::kPreviousStarted) ready = groups_[g - 1].AllStarted();
      if (!ready) continue;
      group.eligible_at = now + spec.delay;
    }
    for (std::size_t i = 0; i < group.clients.size(); ++i) {
      if (group.clients[i].started) continue;
      PeerTime due = *group.eligible_at;
      if (spec.start == ClientSpec::Start::kEvery) due += spec.interval * static_cast<std::int64_t>(i);
      if (spec.start == ClientSpec::Start::kOneByOne && i > 0 && !group.clients[i - 1].done) break;
      if (due > now) {
        *next_start = std::min(*next_start, due);
        break;
      }
      if (!StartClient(group, i, now, err)) return false;
    }
  }
  return true;
}

void ClientRunner::MarkDone(Client& client) {
  client.done = true;
  client.ended = WallClock();
}

void ClientRunner::Collect(const std::vector<PeerLoop::PeerId>& finished) {
  for (Group& group : groups_) {
    for (Client& client : group.clients) {
      if (!client.started || client.done) continue;
      if (client.process) {
        if (run_.launcher.Poll(*client.process, &client.result)) MarkDone(client);
      } else if (client.peer) {
        client.done = run_.loop.done(*client.peer) ||
                      std::find(finished.begin(), finished.end(), *client.peer) != finished.end();
      }
    }
  }
}

bool ClientRunner::AnyProgramRunning() const {
  for (const Group& group : groups_) {
    for (const Client& c : group.clients) {
      if (c.started && !c.done && c.process) return true;
    }
  }
  return false;
}

void ClientRunner::StopRemaining(PeerTime now) {
  run_.loop.EndRun(now);
  for (Group& group : groups_) {
    for (Client& c : group.clients) {
      if (!c.started || c.done || !c.process) continue;
      run_.launcher.Stop(*c.process, kStopGrace);
      std::string ignored;
      if (run_.launcher.Wait(*c.process, &c.result, &ignored)) MarkDone(c);
    }
  }
}

bool ClientRunner::Run(ClientsOutcome* out, std::string* err) {
  std::vector<PeerLoop::PeerId> finished;
  for (;;) {
    PeerTime now = PeerClock::now();
    PeerTime next_start;
    if (!Schedule(now, &next_start, err)) {
      StopRemaining(PeerClock::now());
      return false;
    }
    if (std::all_of(groups_.begin(), groups_.end(), [](const Group& g) { return g.AllDone(); })) break;
    if (InterruptSignal() != 0) {
      out->interrupted = true;
      break;
    }
    if (now >= run_.deadline) {
      out->deadline_passed = true;
      break;
    }
    PeerTime until = std::min(next_start, run_.deadline);
    if (AnyProgramRunning()) until = std::min(until, now + kProgramPoll);
    finished.clear();
    if (!run_.loop.RunOnce(until, InterruptFd(), &finished, err)) {
      StopRemaining(PeerClock::now());
      return false;
    }
    Collect(finished);
  }
  StopRemaining(PeerClock::now());
  Fill(out);
  return true;
}

void ClientRunner::Fill(ClientsOutcome* out) {
  out->programs.assign(groups_.size(), {});
  out->commands.assign(groups_.size(), {});
  out->peers.assign(groups_.size(), {});
  out->windows.assign(groups_.size(), {});
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    for (std::size_t i = 0; i < groups_[g].clients.size(); ++i) {
      const Client& c = groups_[g].clients[i];
      if (c.process && c.done) {
        out->programs[g].push_back({ClientName(*groups_[g].spec, i), c.result});
        out->commands[g].push_back(c.command);
      }
      if (c.process) out->windows[g].push_back({c.began, c.done ? c.ended : WallClock()});
      if (c.peer) out->peers[g].push_back(*c.peer);
    }
  }
}

}  // namespace wirecheck
