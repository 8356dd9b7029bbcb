// The TCP steps of ScriptedPeer: connect, listen, accept, send, expect,
// expect_close, shutdown, close, reset.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "harness/model/payload_text.h"
#include "harness/model/text_match.h"
#include "harness/peers/peer_script.h"

namespace wirecheck {

namespace {

using Action = ScriptStep::Action;

constexpr std::size_t kMaxUnread = 64 * 1024;   // bytes held for an `expect`, beyond its own length
constexpr std::size_t kEvidenceCap = 4096;      // received bytes kept in a failed step

std::array<char, 64 * 1024>& ReadBuffer() {
  static thread_local std::array<char, 64 * 1024> buffer;
  return buffer;
}

void NoDelay(int fd) {
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

std::string Quoted(std::string_view bytes) {
  return "\"" + EscapeBytes(bytes.substr(0, kEvidenceCap)) + "\"" + (bytes.size() > kEvidenceCap ? "..." : "");
}

std::string Bytes(std::size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

}  // namespace

ScriptedPeer::Progress ScriptedPeer::Connect(PeerTime now) {
  const PeerAddress& target = plan_->addresses[next_];
  if (!connecting_) {
    std::string err;
    const int fd = NewSocket(target.family(), SOCK_STREAM, &err);
    if (fd < 0) return Error(err);
    NoDelay(fd);
    Retire(&conn_);
    conn_ = fd;
    unread_.clear();
    eof_ = false;
    read_errno_ = 0;
    current_.remote = FormatAddress(target);
    connecting_ = true;
    if (connect(fd, target.get(), target.length) != 0 && errno != EINPROGRESS) return ConnectFailed(errno);
  }
  pollfd p{conn_, POLLOUT, 0};
  if (poll(&p, 1, 0) <= 0 || (p.revents & (POLLOUT | POLLERR | POLLHUP)) == 0) return WaitFor(conn_, POLLOUT);
  int error = 0;
  socklen_t length = sizeof error;
  getsockopt(conn_, SOL_SOCKET, SO_ERROR, &error, &length);
  if (error != 0) return ConnectFailed(error);
  current_.local = LocalOf(conn_);
  current_.detail = "connected from " + current_.local + " to " + current_.remote;
  (void)now;
  return Progress::kDone;
}

ScriptedPeer::Progress ScriptedPeer::ConnectFailed(int error) {
  const std::string to = "connecting to " + current_.remote + ": ";
  switch (error) {
    case ECONNREFUSED:
      return Fail(StepFailure::kRefused, to + "connection refused (the SYN was answered by an RST: nothing listens)");
    case ENETUNREACH:
    case EHOSTUNREACH:
      return Fail(StepFailure::kUnreachable, to + std::strerror(error));
    case ETIMEDOUT:
      return Fail(StepFailure::kTimeout, to + std::strerror(error));
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
    case EADDRNOTAVAIL:
      return Error("cannot connect to " + current_.remote + ": " + std::strerror(error));
    default:
      return Fail(StepFailure::kSocketError, to + std::strerror(error));
  }
}

ScriptedPeer::Progress ScriptedPeer::Listen() {
  const PeerAddress& address = plan_->addresses[next_];
  std::string err;
  const int fd = NewSocket(address.family(), SOCK_STREAM, &err);
  if (fd < 0) return Error(err);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  Retire(&listener_);
  listener_ = fd;
  if (bind(fd, address.get(), address.length) != 0 || listen(fd, step().backlog) != 0) {
    return Error("cannot listen on " + FormatAddress(address) + ": " + std::strerror(errno));
  }
  current_.local = LocalOf(fd);
  current_.detail = "listening on " + current_.local + " (backlog " + std::to_string(step().backlog) + ")";
  return Progress::kDone;
}

ScriptedPeer::Progress ScriptedPeer::Accept() {
  if (listener_ < 0) return Fail(StepFailure::kSocketError, "no listening socket to accept from");
  for (;;) {
    sockaddr_storage from{};
    socklen_t length = sizeof from;
    const int fd = accept4(listener_, reinterpret_cast<sockaddr*>(&from), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      NoDelay(fd);
      Retire(&conn_);
      conn_ = fd;
      unread_.clear();
      eof_ = false;
      read_errno_ = 0;
      current_.local = LocalOf(fd);
      current_.remote = FormatAddress(MakePeerAddress(reinterpret_cast<sockaddr*>(&from), length));
      current_.detail = "accepted a connection from " + current_.remote + " on " + current_.local;
      return Progress::kDone;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) return WaitFor(listener_, POLLIN);
    if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
    return Error(std::string("cannot accept a connection: ") + std::strerror(errno));
  }
}

// One write() for the whole payload; only a full send buffer makes more.
ScriptedPeer::Progress ScriptedPeer::Send(PeerTime now) {
  const std::string& bytes = step().bytes;
  while (send_offset_ < bytes.size()) {
    const ssize_t n = send(conn_, bytes.data() + send_offset_, bytes.size() - send_offset_, MSG_NOSIGNAL);
    if (n > 0) {
      Log(now, TranscriptEntry::Kind::kSent, std::string_view(bytes).substr(send_offset_, static_cast<std::size_t>(n)));
      send_offset_ += static_cast<std::size_t>(n);
      current_.bytes_sent += static_cast<std::uint64_t>(n);
      ++writes_;
      continue;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) return WaitFor(conn_, POLLOUT);
    if (errno == EINTR) continue;
    return ConnectionGone(("sending (" + std::to_string(send_offset_) + " of " + Bytes(bytes.size()) + " sent)").c_str(),
                          errno);
  }
  current_.detail = "sent " + Bytes(bytes.size()) +
                    (writes_ <= 1 ? " in one write()" : " in " + std::to_string(writes_) + " writes (the send buffer was full)");
  return Progress::kDone;
}

ScriptedPeer::Progress ScriptedPeer::ConnectionGone(const char* doing, int error) {
  const std::string what = std::string(doing) + ": " + std::strerror(error);
  if (error == ECONNRESET) return Fail(StepFailure::kPeerReset, "the peer reset the connection while " + what);
  if (error == EPIPE) return Fail(StepFailure::kPeerReset, "the connection is closed for sending while " + what);
  return Fail(StepFailure::kSocketError, what);
}

std::size_t ScriptedPeer::ReadSome(PeerTime now, std::size_t cap) {
  std::size_t total = 0;
  auto& buffer = ReadBuffer();
  while (!eof_ && read_errno_ == 0 && unread_.size() < cap) {
    const std::size_t room = std::min(buffer.size(), cap - unread_.size());
    const ssize_t n = recv(conn_, buffer.data(), room, 0);
    if (n > 0) {
      const std::string_view got(buffer.data(), static_cast<std::size_t>(n));
      Log(now, TranscriptEntry::Kind::kReceived, got);
      unread_.append(got);
      current_.bytes_received += static_cast<std::uint64_t>(n);
      total += static_cast<std::size_t>(n);
    } else if (n == 0) {
      eof_ = true;
    } else if (errno == EINTR) {
      continue;
    } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
      read_errno_ = errno;
    } else {
      break;
    }
  }
  return total;
}

ScriptedPeer::Progress ScriptedPeer::FailExpect(StepFailure failure, std::string detail, std::size_t offset) {
  current_.expected = step().match.text;
  current_.received = unread_.substr(0, kEvidenceCap);
  current_.mismatch_offset = offset;
  return Fail(failure, std::move(detail));
}

ScriptedPeer::Progress ScriptedPeer::Expect(PeerTime now) {
  const StepMatcher& matcher = plan_->matchers[next_];
  const std::size_t cap = std::max(kMaxUnread, matcher.match().text.size());
  for (;;) {
    const MatchProgress p = matcher.Stream(unread_);
    if (p.state == MatchProgress::State::kMatched) {
      current_.detail = "received " + matcher.Describe();
      unread_.erase(0, p.consumed);
      return Progress::kDone;
    }
    if (p.state == MatchProgress::State::kMismatch) {
      const std::string detail = "expected " + matcher.Describe() + ", received " + Quoted(p.received) +
                                 (matcher.match().kind == StepMatch::Kind::kRegex
                                      ? ": the line does not match"
                                      : ": they differ at offset " + std::to_string(p.offset));
      const Progress r = FailExpect(StepFailure::kMismatch, detail, p.offset);
      current_.received = p.received;
      return r;
    }
    const std::string so_far = unread_.empty() ? "nothing" : Quoted(unread_) + " (" + Bytes(unread_.size()) + ")";
    const std::size_t offset = FirstDifference(unread_, matcher.match().text);
    if (eof_) {
      return FailExpect(StepFailure::kPeerClosed,
                        "expected " + matcher.Describe() + ", but the peer closed the connection after sending " + so_far,
                        offset);
    }
    if (read_errno_ != 0) {
      return FailExpect(read_errno_ == ECONNRESET ? StepFailure::kPeerReset : StepFailure::kSocketError,
                        "expected " + matcher.Describe() + ", but reading failed (" + std::strerror(read_errno_) +
                            ") after " + so_far,
                        offset);
    }
    if (unread_.size() >= cap) {
      return FailExpect(StepFailure::kTooLong,
                        "expected " + matcher.Describe() + ", but no end of line came in the first " + Bytes(cap),
                        offset);
    }
    if (ReadSome(now, cap) == 0 && !eof_ && read_errno_ == 0) return WaitFor(conn_, POLLIN);
  }
}

ScriptedPeer::Progress ScriptedPeer::ExpectClose(PeerTime now) {
  for (;;) {
    if (eof_) {
      current_.detail = "the peer closed the connection (end of stream)";
      if (current_.bytes_received > 0) {
        current_.detail += " after " + Bytes(current_.bytes_received) + " no step expected";
      }
      return Progress::kDone;
    }
    if (read_errno_ != 0) {
      return ConnectionGone("waiting for the end of stream", read_errno_);
    }
    if (ReadSome(now, std::max(kMaxUnread, unread_.size() + 1)) == 0 && !eof_ && read_errno_ == 0) {
      return WaitFor(conn_, POLLIN);
    }
    if (unread_.size() > kEvidenceCap) unread_.erase(0, unread_.size() - kEvidenceCap);
  }
}

ScriptedPeer::Progress ScriptedPeer::Shutdown() {
  static constexpr int kHow[] = {SHUT_WR, SHUT_RD, SHUT_RDWR};
  static constexpr const char* kDid[] = {"half close: FIN sent, still reading", "shut down reading",
                                         "shut down both directions: FIN sent"};
  const auto how = static_cast<std::size_t>(step().how);
  if (shutdown(conn_, kHow[how]) != 0) return ConnectionGone("shutting down", errno);
  current_.detail = kDid[how];
  return Progress::kDone;
}

void ScriptedPeer::Drain(PeerTime now) {
  if (conn_ < 0) return;
  unread_.clear();
  while (ReadSome(now, kMaxUnread) > 0) unread_.clear();
}

ScriptedPeer::Progress ScriptedPeer::Close(PeerTime now) {
  if (failed_check_) Drain(now);
  if (conn_ >= 0) {
    int pending = 0;
    ioctl(conn_, FIONREAD, &pending);
    close(conn_);
    conn_ = -1;
    current_.detail = pending > 0 ? "closed the connection with " + Bytes(static_cast<std::size_t>(pending)) +
                                        " unread: the kernel sends an RST, not a FIN"
                                  : "closed the connection: FIN";
  } else if (listener_ >= 0) {
    close(listener_);
    listener_ = -1;
    current_.detail = "closed the listening socket";
  } else if (udp_ >= 0) {
    close(udp_);
    udp_ = -1;
    current_.detail = "closed the datagram socket";
  } else {
    current_.detail = "nothing was open";
  }
  return Progress::kDone;
}

ScriptedPeer::Progress ScriptedPeer::Reset() {
  if (conn_ < 0) return Fail(StepFailure::kSocketError, "no connection to reset");
  const linger abort{1, 0};
  setsockopt(conn_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  close(conn_);
  conn_ = -1;
  current_.detail = "reset the connection (SO_LINGER 0, close()): RST";
  return Progress::kDone;
}

std::string ScriptedPeer::TimeoutDetail() const {
  switch (step().action) {
    case Action::kConnect: return "no answer to the SYN to " + current_.remote;
    case Action::kAccept: return "no connection came";
    case Action::kExpect:
      return "expected " + plan_->matchers[next_].Describe() + ", received " +
             (unread_.empty() ? std::string("nothing") : Quoted(unread_) + " (" + Bytes(unread_.size()) + ")");
    case Action::kExpectClose: return "the peer did not close the connection";
    case Action::kRecvFrom: return "expected " + plan_->matchers[next_].Describe() + ", no datagram came";
    case Action::kSend:
    case Action::kSendTo:
    case Action::kReply:
      return "the peer did not read: " + std::to_string(send_offset_) + " of " + Bytes(step().bytes.size()) + " sent";
    default: return "the step did not finish";
  }
}

}  // namespace wirecheck
