#include "harness/wire/netlink_request.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "harness/wire/unique_fd.h"

namespace wirecheck::wire {

NetlinkRequest::NetlinkRequest(std::uint16_t type, const void* body, std::size_t size) : bytes_(NLMSG_SPACE(size)) {
  auto* header = reinterpret_cast<nlmsghdr*>(bytes_.data());
  header->nlmsg_type = type;
  header->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
  header->nlmsg_seq = 1;
  std::memcpy(NLMSG_DATA(header), body, size);
}

void NetlinkRequest::Attribute(std::uint16_t type, const void* data, std::size_t size) {
  const std::size_t at = NLMSG_ALIGN(bytes_.size());
  bytes_.resize(at + RTA_SPACE(size));
  auto* attribute = reinterpret_cast<rtattr*>(bytes_.data() + at);
  attribute->rta_type = type;
  attribute->rta_len = static_cast<unsigned short>(RTA_LENGTH(size));
  if (size > 0) std::memcpy(RTA_DATA(attribute), data, size);
}

void NetlinkRequest::Append(const void* data, std::size_t size) {
  const std::size_t at = NLMSG_ALIGN(bytes_.size());
  bytes_.resize(at + NLMSG_ALIGN(size));
  std::memcpy(bytes_.data() + at, data, size);
}

std::size_t NetlinkRequest::BeginNest(std::uint16_t type) {
  const std::size_t at = NLMSG_ALIGN(bytes_.size());
  Attribute(type, nullptr, 0);
  return at;
}

void NetlinkRequest::EndNest(std::size_t at) {
  reinterpret_cast<rtattr*>(bytes_.data() + at)->rta_len = static_cast<unsigned short>(bytes_.size() - at);
}

bool NetlinkRequest::Query(std::vector<char>* answer) {
  auto* header = reinterpret_cast<nlmsghdr*>(bytes_.data());
  header->nlmsg_len = static_cast<std::uint32_t>(bytes_.size());
  header->nlmsg_flags = NLM_F_REQUEST;
  UniqueFd fd(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (!fd.valid()) return false;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(fd.get(), bytes_.data(), bytes_.size(), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0) {
    return false;
  }
  answer->assign(8192, 0);
  const ssize_t n = recv(fd.get(), answer->data(), answer->size(), 0);
  if (n < 0) return false;
  const auto* reply = reinterpret_cast<const nlmsghdr*>(answer->data());
  if (!NLMSG_OK(reply, static_cast<unsigned>(n))) {
    errno = EPROTO;
    return false;
  }
  if (reply->nlmsg_type == NLMSG_ERROR) {
    errno = -static_cast<const nlmsgerr*>(NLMSG_DATA(reply))->error;
    return false;
  }
  answer->resize(reply->nlmsg_len);
  return true;
}

bool NetlinkRequest::Send() {
  reinterpret_cast<nlmsghdr*>(bytes_.data())->nlmsg_len = static_cast<std::uint32_t>(bytes_.size());
  UniqueFd fd(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
  if (!fd.valid()) return false;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(fd.get(), bytes_.data(), bytes_.size(), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0) {
    return false;
  }
  alignas(nlmsghdr) char answer[4096];
  const ssize_t n = recv(fd.get(), answer, sizeof answer, 0);
  if (n < 0) return false;
  const auto* header = reinterpret_cast<const nlmsghdr*>(answer);
  if (!NLMSG_OK(header, static_cast<unsigned>(n)) || header->nlmsg_type != NLMSG_ERROR) {
    errno = EPROTO;
    return false;
  }
  const int error = static_cast<const nlmsgerr*>(NLMSG_DATA(header))->error;
  errno = -error;
  return error == 0;
}

}  // namespace wirecheck::wire
