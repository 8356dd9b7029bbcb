#include "harness/peers/peer_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace wirecheck {

namespace {

bool ParsePort(std::string_view text, int* port, std::string* err) {
  int value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 65535) {
    *err = "'" + std::string(text) + "' is not a port (0 to 65535)";
    return false;
  }
  *port = value;
  return true;
}

void SetV4(in_addr address, int port, PeerAddress* out) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr = address;
  sin.sin_port = htons(static_cast<std::uint16_t>(port));
  std::memcpy(&out->storage, &sin, sizeof sin);
  out->length = sizeof sin;
}

void SetV6(in6_addr address, int port, PeerAddress* out) {
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_addr = address;
  sin6.sin6_port = htons(static_cast<std::uint16_t>(port));
  std::memcpy(&out->storage, &sin6, sizeof sin6);
  out->length = sizeof sin6;
}

}  // namespace

bool ParseHostPort(std::string_view text, Scenario::Family family, PeerAddress* out, std::string* err) {
  std::string_view host, port_text;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find("]:");
    if (close == std::string_view::npos) {
      *err = "'" + std::string(text) + "' is not [address]:port";
      return false;
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) {
      *err = "'" + std::string(text) + "' is not host:port (write an IPv6 address as [::1]:port)";
      return false;
    }
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  int port = 0;
  if (!ParsePort(port_text, &port, err)) return false;
  if (host == "localhost") host = family == Scenario::Family::kIpv6 ? "::1" : "127.0.0.1";
  const std::string h(host);
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) {
    SetV4(v4, port, out);
  } else if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    SetV6(v6, port, out);
  } else {
    *err = "'" + h + "' is not an IPv4 or IPv6 address (host names other than localhost are not looked up)";
    return false;
  }
  return true;
}

bool ParseListenPort(std::string_view text, Scenario::Family family, PeerAddress* out, std::string* err) {
  int port = 0;
  if (!ParsePort(text, &port, err)) return false;
  if (family == Scenario::Family::kIpv6) {
    SetV6(in6addr_any, port, out);
  } else {
    SetV4(in_addr{htonl(INADDR_ANY)}, port, out);
  }
  return true;
}

PeerAddress MakePeerAddress(const sockaddr* address, socklen_t length) {
  PeerAddress out;
  if (length > 0 && length <= sizeof out.storage) {
    std::memcpy(&out.storage, address, length);
    out.length = length;
  }
  return out;
}

std::string FormatAddress(const PeerAddress& address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.family() == AF_INET && address.length >= sizeof(sockaddr_in)) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(&address.storage);
    inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
    return std::string(text) + ":" + std::to_string(ntohs(sin->sin_port));
  }
  if (address.family() == AF_INET6 && address.length >= sizeof(sockaddr_in6)) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&address.storage);
    inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(sin6->sin6_port));
  }
  return "";
}

bool SameEndpoint(const PeerAddress& a, const PeerAddress& b) {
  if (a.family() != b.family()) return false;
  if (a.family() == AF_INET) {
    const auto* x = reinterpret_cast<const sockaddr_in*>(&a.storage);
    const auto* y = reinterpret_cast<const sockaddr_in*>(&b.storage);
    return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
  }
  if (a.family() == AF_INET6) {
    const auto* x = reinterpret_cast<const sockaddr_in6*>(&a.storage);
    const auto* y = reinterpret_cast<const sockaddr_in6*>(&b.storage);
    return x->sin6_port == y->sin6_port && std::memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
  }
  return false;
}

int PortOf(const PeerAddress& address) {
  if (address.family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&address.storage)->sin_port);
  if (address.family() == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&address.storage)->sin6_port);
  }
  return 0;
}

}  // namespace wirecheck
