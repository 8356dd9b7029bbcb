#include "harness/sandbox/frame_channel.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace wirecheck {

namespace {

std::string Frame(std::string_view body) {
  std::string frame = Encoder().U32(static_cast<std::uint32_t>(body.size())).bytes();
  frame.append(body);
  return frame;
}

// One sendmsg() of frame[sent..], with pass_fd when sent is 0. -1 with errno.
ssize_t SendPart(int socket, std::string& frame, std::size_t sent, int pass_fd) {
  iovec iov{frame.data() + sent, frame.size() - sent};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  if (pass_fd >= 0 && sent == 0) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cmsg), &pass_fd, sizeof(int));
  }
  ssize_t n;
  do {
    n = sendmsg(socket, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

}  // namespace

void FrameChannel::Queue(std::string_view body, int pass_fd) {
  outbox_.push_back({Frame(body), 0, pass_fd});
}

bool FrameChannel::Flush(std::string* err) {
  while (!outbox_.empty()) {
    Outgoing& front = outbox_.front();
    ssize_t n = SendPart(fd_, front.bytes, front.sent, front.fd);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n < 0) {
      *err = std::string("sandbox channel: ") + std::strerror(errno);
      return false;
    }
    front.sent += static_cast<std::size_t>(n);
    if (front.fd >= 0) close(std::exchange(front.fd, -1));
    if (front.sent == front.bytes.size()) outbox_.pop_front();
  }
  return true;
}

bool FrameChannel::Send(std::string_view body, int pass_fd, std::string* err) {
  std::string frame = Frame(body);
  std::size_t sent = 0;
  while (sent < frame.size()) {
    ssize_t n = SendPart(fd_, frame, sent, pass_fd);
    if (n < 0) {
      *err = std::string("sandbox channel: ") + std::strerror(errno);
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool FrameChannel::Receive(std::string* err) {
  char data[65536];
  iovec iov{data, sizeof data};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  do {
    n = recvmsg(fd_, &msg, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
  if (n < 0) {
    *err = std::string("sandbox channel: ") + std::strerror(errno);
    return false;
  }
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
      fds_.push_back(fd);
    }
  }
  // The kernel drops the descriptors it cannot install (the receiver is at
  // RLIMIT_NOFILE) and says so only with MSG_CTRUNC.
  if (msg.msg_flags & MSG_CTRUNC) ++dropped_fds_;
  if (n == 0) {
    *err = "sandbox channel: the other side closed it";
    return false;
  }
  buffer_.append(data, static_cast<std::size_t>(n));
  return true;
}

std::optional<std::string> FrameChannel::NextFrame() {
  if (buffer_.size() < 4) return std::nullopt;
  Decoder header(std::string_view(buffer_).substr(0, 4));
  std::uint32_t length = header.U32();
  if (buffer_.size() < 4 + std::size_t{length}) return std::nullopt;
  std::string body = buffer_.substr(4, length);
  buffer_.erase(0, 4 + std::size_t{length});
  return body;
}

int FrameChannel::TakeFd(int* error_number) {
  if (fds_.empty()) {
    *error_number = dropped_fds_ > 0 ? EMFILE : EPROTO;
    if (dropped_fds_ > 0) --dropped_fds_;
    return -1;
  }
  int fd = fds_.front();
  fds_.pop_front();
  return fd;
}

Encoder& Encoder::U32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return *this;
}

Encoder& Encoder::U64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return *this;
}

Encoder& Encoder::Str(std::string_view v) {
  U64(v.size());
  bytes_.append(v);
  return *this;
}

std::uint32_t Decoder::U32() {
  if (rest_.size() < 4) {
    ok_ = false;
    return 0;
  }
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{static_cast<unsigned char>(rest_[i])} << (8 * i);
  rest_.remove_prefix(4);
  return v;
}

std::uint64_t Decoder::U64() {
  if (rest_.size() < 8) {
    ok_ = false;
    return 0;
  }
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(rest_[i])} << (8 * i);
  rest_.remove_prefix(8);
  return v;
}

std::string Decoder::Str() {
  std::uint64_t size = U64();
  if (!ok_ || rest_.size() < size) {
    ok_ = false;
    return std::string();
  }
  std::string v(rest_.substr(0, size));
  rest_.remove_prefix(size);
  return v;
}

}  // namespace wirecheck
