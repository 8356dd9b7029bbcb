#include "harness/peers/peer_loop.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace wirecheck {

namespace {

timespec ToTimespec(PeerClock::duration d) {
  if (d < PeerClock::duration::zero()) d = PeerClock::duration::zero();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  return timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

}  // namespace

PeerLoop::PeerId PeerLoop::Add(std::string name, std::shared_ptr<const PeerPlan> plan, PeerTime start_at,
                               PeerTime deadline) {
  peers_.push_back(Entry{std::make_unique<ScriptedPeer>(std::move(name), std::move(plan), sockets_, deadline),
                         start_at});
  active_.push_back(peers_.size() - 1);
  return peers_.size() - 1;
}

std::size_t PeerLoop::running() const { return active_.size(); }

void PeerLoop::Collect(PeerId id, bool was_done, std::vector<PeerId>* finished) {
  if (!was_done && peers_[id].peer->done() && finished != nullptr) finished->push_back(id);
}

bool PeerLoop::RunOnce(PeerTime until, int wake_fd, std::vector<PeerId>* finished, std::string* err) {
  const std::size_t finished_before = finished->size();
  for (;;) {
    // Start what is due; gather what the others wait for.
    PeerTime now = PeerClock::now();
    PeerTime wake_at = until;
    std::vector<pollfd> fds;
    std::vector<PeerId> owners;
    for (PeerId id : active_) {
      ScriptedPeer& peer = *peers_[id].peer;
      if (!peer.started() && peers_[id].start_at <= now) {
        peer.Start(now);
        Collect(id, false, finished);
      }
      if (peer.done()) continue;
      wake_at = std::min(wake_at, peer.started() ? peer.wait_until() : peers_[id].start_at);
      if (peer.started() && peer.wait_fd() >= 0) {
        fds.push_back(pollfd{peer.wait_fd(), peer.wait_events(), 0});
        owners.push_back(id);
      }
    }
    std::erase_if(active_, [&](PeerId id) { return peers_[id].peer->done(); });
    if (finished->size() > finished_before || now >= until) return true;
    if (wake_fd >= 0) fds.push_back(pollfd{wake_fd, POLLIN, 0});

    const timespec timeout = ToTimespec(wake_at - now);
    const int n = ppoll(fds.data(), fds.size(), &timeout, nullptr);
    if (n < 0 && errno != EINTR) {
      *err = std::string("poll() failed: ") + std::strerror(errno);
      return false;
    }
    now = PeerClock::now();
    for (std::size_t i = 0; i < owners.size(); ++i) {
      ScriptedPeer& peer = *peers_[owners[i]].peer;
      if (fds[i].revents != 0 && !peer.done()) {
        peer.Advance(now);
        Collect(owners[i], false, finished);
      }
    }
    for (PeerId id : active_) {
      ScriptedPeer& peer = *peers_[id].peer;
      if (peer.started() && !peer.done() && peer.wait_until() <= now) {
        peer.Advance(now);
        Collect(id, false, finished);
      }
    }
    std::erase_if(active_, [&](PeerId id) { return peers_[id].peer->done(); });
    if (finished->size() > finished_before) return true;
    if (wake_fd >= 0 && fds.back().revents != 0) return true;
  }
}

bool PeerLoop::RunUntilDone(PeerTime until, int wake_fd, std::string* err) {
  std::vector<PeerId> finished;
  while (!active_.empty() && PeerClock::now() < until) {
    if (!RunOnce(until, wake_fd, &finished, err)) return false;
    if (wake_fd >= 0) {
      pollfd p{wake_fd, POLLIN, 0};
      if (poll(&p, 1, 0) > 0) break;
    }
  }
  for (const Entry& e : peers_) {
    if (e.peer->result().outcome == PeerResult::Outcome::kError) {
      *err = e.peer->result().name + ": " + e.peer->result().error;
      return false;
    }
  }
  return true;
}

void PeerLoop::ReleaseHolds(PeerTime now) {
  for (PeerId id : active_) peers_[id].peer->ReleaseHolds(now);
  std::erase_if(active_, [&](PeerId id) { return peers_[id].peer->done(); });
}

void PeerLoop::EndRun(PeerTime now) {
  for (PeerId id : active_) peers_[id].peer->EndRun(now);
  active_.clear();
}

}  // namespace wirecheck
