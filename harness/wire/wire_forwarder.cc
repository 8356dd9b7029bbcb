#include "harness/wire/wire_forwarder.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "harness/wire/icmp_too_big.h"
#include "harness/wire/unique_fd.h"

namespace wirecheck::wire {
namespace {

constexpr std::size_t kMaxPacket = 65535;  // the largest IP packet a side gives
constexpr int kBatch = 64;                 // packets read from one side before looking at the rest

enum Tag : std::uint64_t { kTagA, kTagB, kTagTimer, kTagStop, kTagAsked };

bool Watch(int epoll, int fd, Tag tag, std::string* err) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = tag;
  if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0) return true;
  *err = std::string("epoll_ctl: ") + std::strerror(errno);
  return false;
}

// Arms the timer for the earliest waiting packet (steady_clock is
// CLOCK_MONOTONIC), or disarms it when none waits.
bool Arm(int timer, const WireTime* at, std::string* err) {
  itimerspec spec{};
  if (at != nullptr) {
    const auto since = std::max<std::int64_t>(1, at->time_since_epoch() / std::chrono::nanoseconds(1));
    spec.it_value.tv_sec = static_cast<time_t>(since / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(since % 1'000'000'000);
  }
  if (timerfd_settime(timer, TFD_TIMER_ABSTIME, &spec, nullptr) == 0) return true;
  *err = std::string("timerfd_settime: ") + std::strerror(errno);
  return false;
}

bool Later(const auto& a, const auto& b) { return a.at != b.at ? a.at > b.at : a.order > b.order; }

}  // namespace

WireForwarder::WireForwarder(std::unique_ptr<WirePort> a, std::unique_ptr<WirePort> b,
                             const WireConditions& conditions)
    : ports_{std::move(a), std::move(b)}, scheduler_(conditions), buffer_(kMaxPacket) {}

void WireForwarder::Enqueue(WireTime at, WirePort* to, Direction direction, std::vector<std::uint8_t> bytes) {
  waiting_.push_back({at, order_++, to, direction, std::move(bytes)});
  std::push_heap(waiting_.begin(), waiting_.end(), [](const Waiting& a, const Waiting& b) { return Later(a, b); });
}

bool WireForwarder::ReadSide(Direction from, std::string* err) {
  WirePort* own = ports_[Index(from)].get();
  WirePort* other = ports_[1 - Index(from)].get();
  for (int i = 0; i < kBatch; ++i) {
    const ssize_t n = own->Read(buffer_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return true;
    if (n < 0) {
      *err = std::string("reading the ") + (from == Direction::kAToB ? "a" : "b") + " side of the wire: " +
             std::strerror(errno);
      return false;
    }
    if (n == 0) continue;  // not an IP packet of the host's
    ++counts_.read[Index(from)];
    const std::span<const std::uint8_t> packet(buffer_.data(), static_cast<std::size_t>(n));
    const WireTime now = WireClock::now();
    const WireDecision decision = scheduler_.Decide(packet, from, now);
    for (WireTime at : decision.delivery_times()) Enqueue(at, other, from, {packet.begin(), packet.end()});
    const DirectionConditions& c = scheduler_.conditions().For(from);
    if (decision.dropped == DropReason::kMtu && c.icmp_too_big) {
      std::vector<std::uint8_t> answer = MakeTooBig(packet, c.mtu);
      if (!answer.empty()) {
        ++counts_.too_big_sent[Index(from)];
        // Back to the sender, at once: it is the wire's own answer.
        const Direction back = from == Direction::kAToB ? Direction::kBToA : Direction::kAToB;
        Enqueue(now, own, back, std::move(answer));
      }
    }
  }
  return true;
}

void WireForwarder::Deliver(WireTime now) {
  auto later = [](const Waiting& a, const Waiting& b) { return Later(a, b); };
  while (!waiting_.empty() && waiting_.front().at <= now) {
    std::pop_heap(waiting_.begin(), waiting_.end(), later);
    Waiting packet = std::move(waiting_.back());
    waiting_.pop_back();
    const int d = Index(packet.direction);
    if (packet.to->Write(packet.bytes)) {
      ++counts_.written[d];
    } else {
      ++counts_.write_failed[d];
    }
  }
}

std::size_t WireForwarder::undelivered(Direction direction) const {
  return static_cast<std::size_t>(
      std::count_if(waiting_.begin(), waiting_.end(), [&](const Waiting& w) { return w.direction == direction; }));
}

bool WireForwarder::ReadUntilQuiet(std::string* err) {
  for (;;) {
    const std::uint64_t before = counts_.read[0] + counts_.read[1];
    if (!ReadSide(Direction::kAToB, err) || !ReadSide(Direction::kBToA, err)) return false;
    Deliver(WireClock::now());
    if (counts_.read[0] + counts_.read[1] == before) return true;
  }
}

bool WireForwarder::Run(int stop_fd, std::string* err, const EmptyQuestion& question) {
  UniqueFd epoll(epoll_create1(EPOLL_CLOEXEC));
  UniqueFd timer(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!epoll.valid() || !timer.valid()) {
    *err = std::string("cannot make the wire's event loop: ") + std::strerror(errno);
    return false;
  }
  for (const auto& port : ports_) fcntl(port->fd(), F_SETFL, fcntl(port->fd(), F_GETFL) | O_NONBLOCK);
  if (!Watch(epoll.get(), ports_[0]->fd(), kTagA, err) || !Watch(epoll.get(), ports_[1]->fd(), kTagB, err) ||
      !Watch(epoll.get(), timer.get(), kTagTimer, err) || !Watch(epoll.get(), stop_fd, kTagStop, err) ||
      (question.asked_fd >= 0 && !Watch(epoll.get(), question.asked_fd, kTagAsked, err))) {
    return false;
  }
  bool asked = false;
  while (true) {
    epoll_event events[5];
    const int n = epoll_wait(epoll.get(), events, 5, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = std::string("epoll_wait: ") + std::strerror(errno);
      return false;
    }
    for (int i = 0; i < n; ++i) {
      switch (events[i].data.u64) {
        case kTagStop: return true;
        case kTagA:
          if (!ReadSide(Direction::kAToB, err)) return false;
          break;
        case kTagB:
          if (!ReadSide(Direction::kBToA, err)) return false;
          break;
        case kTagAsked: {
          char byte = 0;
          const ssize_t got = read(question.asked_fd, &byte, 1);
          if (got > 0) asked = true;
          if (got == 0) epoll_ctl(epoll.get(), EPOLL_CTL_DEL, question.asked_fd, nullptr);  // the asker is gone
          break;
        }
        case kTagTimer: {
          std::uint64_t expirations = 0;
          if (read(timer.get(), &expirations, sizeof expirations) < 0 && errno != EAGAIN) {
            *err = std::string("reading the wire's timer: ") + std::strerror(errno);
            return false;
          }
          break;
        }
      }
    }
    Deliver(WireClock::now());
    if (asked && waiting_.empty()) {
      if (!ReadUntilQuiet(err)) return false;
      if (waiting_.empty()) {
        asked = false;
        question.answer();
      }
    }
    if (!Arm(timer.get(), waiting_.empty() ? nullptr : &waiting_.front().at, err)) return false;
  }
}

}  // namespace wirecheck::wire
