#pragma once
// The client groups of one run, started as the scenario says (count, start:
// one-by-one / together / every, after, delay) and waited for, each bounded
// by its timeout and the run's deadline. Program clients run in the sandbox;
// scripted clients run in the caller's PeerLoop, in this thread. Waiting is
// on the peers' sockets and the interrupt descriptor; program clients are
// polled every few milliseconds (init sends each result when the program
// ends; Poll() reads what has come).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/peers/peer_loop.h"
#include "harness/process/process_launcher.h"
#include "harness/run/run_context.h"
#include "harness/verify/run_facts.h"

namespace wirecheck {

struct ClientsOutcome {
  std::vector<std::vector<ProcessRun>> programs;   // per group: its programs, in start order
  std::vector<std::vector<std::string>> commands;  // per group: each program's command as run
  std::vector<std::vector<PeerLoop::PeerId>> peers;  // per group: its scripted peers
  std::vector<std::vector<TimeWindow>> windows;      // per group: when each program ran
  bool deadline_passed = false;
  bool interrupted = false;
};

class ClientRunner {
 public:
  explicit ClientRunner(const RunContext& run) : run_(run) {}
  /// Compiles the scripted groups' plans; false with *err (bad input).
  bool Prepare(std::string* err);
  /// Starts and waits for every client. False with *err when the sandbox
  /// failed; an interrupt or the deadline end the wait with what was done.
  bool Run(ClientsOutcome* out, std::string* err);

 private:
  struct Client {
    bool started = false;
    bool done = false;
    std::optional<ProcessId> process;
    std::optional<PeerLoop::PeerId> peer;
    ProcessResult result;
    std::string command;  // program: as run
    capture::Timestamp began{}, ended{};  // program: wall clock, see TimeWindow
  };
  struct Group {
    const ClientSpec* spec = nullptr;
    std::shared_ptr<const PeerPlan> plan;  // shared by the group's clients unless per_client
    bool per_client = false;               // the script names {index}
    std::optional<PeerTime> eligible_at;
    std::vector<Client> clients;
    bool AllStarted() const;
    bool AllDone() const;
  };

  bool Schedule(PeerTime now, PeerTime* next_start, std::string* err);
  bool StartClient(Group& group, std::size_t index, PeerTime now, std::string* err);
  void Collect(const std::vector<PeerLoop::PeerId>& finished);
  static void MarkDone(Client& client);
  bool AnyProgramRunning() const;
  void StopRemaining(PeerTime now);
  void Fill(ClientsOutcome* out);

  const RunContext& run_;
  std::vector<Group> groups_;
};

/// "c-client" for a group of one, "c-client 2" for the second of several.
std::string ClientName(const ClientSpec& spec, std::size_t index);

}  // namespace wirecheck
