#pragma once
// Many scripted peers driven by one poll() loop in the calling thread: no
// thread per peer, memory per peer bounded (a shared PeerPlan, one unread
// buffer capped at 64 KiB plus its expectation, a transcript capped at
// 16 KiB of payload). A thousand concurrent clients are a thousand small
// state machines and a thousand descriptors (mind RLIMIT_NOFILE).
//
// Not thread-safe: one thread adds peers and runs the loop. The runner
// interleaves it with its own work through RunOnce().

#include <memory>
#include <string>
#include <vector>

#include "harness/peers/peer_plan.h"
#include "harness/peers/peer_result.h"
#include "harness/peers/peer_script.h"
#include "harness/peers/socket_factory.h"

namespace wirecheck {

class PeerLoop {
 public:
  using PeerId = std::size_t;

  /// sockets must outlive the loop.
  explicit PeerLoop(SocketFactory& sockets) : sockets_(sockets) {}

  /// A peer that starts at start_at (at the next RunOnce when already past);
  /// deadline: the run's end, no step of it waits longer.
  PeerId Add(std::string name, std::shared_ptr<const PeerPlan> plan, PeerTime start_at, PeerTime deadline);

  /// Starts due peers and waits (poll) until a peer finishes, `until`
  /// passes, or wake_fd (-1: none; e.g. InterruptFd()) is readable; never
  /// past `until`. Appends the peers that finished to *finished. False with
  /// *err only when poll() itself fails.
  bool RunOnce(PeerTime until, int wake_fd, std::vector<PeerId>* finished, std::string* err);

  /// RunOnce until every peer is done, `until` passes or wake_fd is readable.
  /// False with *err when poll() fails or a peer met an error of the
  /// environment (the first such error; every peer still ran to its end).
  bool RunUntilDone(PeerTime until, int wake_fd, std::string* err);

  /// Ends every `hold` without a duration.
  void ReleaseHolds(PeerTime now);
  /// The run is over: every peer not done ends now (ScriptedPeer::EndRun).
  void EndRun(PeerTime now);

  std::size_t size() const { return peers_.size(); }
  std::size_t running() const;
  bool done(PeerId id) const { return peers_[id].peer->done(); }
  const PeerResult& result(PeerId id) const { return peers_[id].peer->result(); }

 private:
  struct Entry {
    std::unique_ptr<ScriptedPeer> peer;
    PeerTime start_at;
  };
  void Collect(PeerId id, bool was_done, std::vector<PeerId>* finished);

  SocketFactory& sockets_;
  std::vector<Entry> peers_;
  std::vector<PeerId> active_;     // not done, started or not
};

}  // namespace wirecheck
