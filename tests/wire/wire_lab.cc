#include "tests/wire/wire_lab.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "harness/wire/network_namespace.h"
#include "harness/wire/tun_device.h"
#include "harness/wire/veth_device.h"

namespace wirecheck::wire::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string Errno(const std::string& step) { return step + ": " + std::strerror(errno); }

bool WriteFile(const std::string& path, const std::string& text) {
  UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC));
  return fd.valid() && write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

// The caller's uid and gid become 0 of a new user namespace, which owns a
// new network namespace: the lab may then make namespaces and devices.
bool EnterOwnNamespaces(std::string* err) {
  const uid_t uid = geteuid();
  const gid_t gid = getegid();
  if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
    *err = Errno("user namespaces are not available here (unshare(CLONE_NEWUSER|CLONE_NEWNET))");
    return false;
  }
  if (!WriteFile("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1\n") ||
      !WriteFile("/proc/self/setgroups", "deny") ||
      !WriteFile("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1\n")) {
    *err = Errno("cannot map the lab's ids");
    return false;
  }
  return true;
}

std::string OneLine(std::string text) {
  for (char& c : text) c = c == '\n' || c == '\t' ? ' ' : c;
  return text;
}

std::string Serialize(const LabReport& report) {
  std::string text = "skipped\t" + OneLine(report.skipped) + "\nfailure\t" + OneLine(report.failure) + "\n";
  for (const auto& [key, value] : report.facts) text += "fact\t" + key + "\t" + OneLine(value) + "\n";
  return text;
}

LabReport Parse(const std::string& text) {
  LabReport report;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::size_t tab = line.find('\t');
    const std::string kind = line.substr(0, tab), rest = tab == std::string::npos ? "" : line.substr(tab + 1);
    if (kind == "skipped") report.skipped = rest;
    if (kind == "failure") report.failure = rest;
    if (kind == "fact") {
      const std::size_t tab2 = rest.find('\t');
      report.facts[rest.substr(0, tab2)] = tab2 == std::string::npos ? "" : rest.substr(tab2 + 1);
    }
  }
  return report;
}

bool Endpoint(const std::string& ip, std::uint16_t port, sockaddr_storage* out, socklen_t* size, std::string* err) {
  *out = {};
  if (ip.find(':') == std::string::npos) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(out);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    *size = sizeof *v4;
    if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) return true;
  } else {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(out);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    *size = sizeof *v6;
    if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) return true;
  }
  *err = ip + " is not an address";
  return false;
}

int Family(const std::string& ip) { return ip.find(':') == std::string::npos ? AF_INET : AF_INET6; }

// FNV-1a over the bytes, continued from `hash`.
std::uint64_t Hash(const std::uint8_t* bytes, std::size_t n, std::uint64_t hash) {
  for (std::size_t i = 0; i < n; ++i) hash = (hash ^ bytes[i]) * 0x100000001b3ULL;
  return hash;
}
constexpr std::uint64_t kHashStart = 0xcbf29ce484222325ULL;

}  // namespace

long long LabReport::Number(const std::string& key) const {
  auto found = facts.find(key);
  return found == facts.end() ? -1 : std::stoll(found->second);
}

LabReport RunInLab(const std::function<void(LabReport*)>& body, std::chrono::seconds deadline) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return LabReport{{}, {}, Errno("pipe2")};
  const pid_t parent = getpid();
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    LabReport report;
    std::string err;
    if (EnterOwnNamespaces(&err)) {
      body(&report);
    } else {
      report.skipped = err;
    }
    const std::string text = Serialize(report);
    for (std::size_t done = 0; done < text.size();) {
      const ssize_t n = write(pipe_fds[1], text.data() + done, text.size() - done);
      if (n <= 0) _exit(1);
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(pipe_fds[1]);
  UniqueFd from_child(pipe_fds[0]);
  if (child < 0) return LabReport{{}, {}, Errno("fork")};
  std::string text;
  bool timed_out = false;
  const Clock::time_point end = Clock::now() + deadline;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
    pollfd p{from_child.get(), POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) == 0) {
      timed_out = true;
      break;
    }
    char buffer[4096];
    const ssize_t n = read(from_child.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  if (timed_out) kill(child, SIGKILL);  // our own child, by its pid
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return LabReport{{}, {}, "the lab did not finish within " + std::to_string(deadline.count()) + " s; killed"};
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return LabReport{{}, {}, "the lab died (status " + std::to_string(status) + ")"};
  return Parse(text);
}

bool TwoHosts::Start(WireDevice device, const WireConditions& conditions, HostInterfaceConfig a,
                     HostInterfaceConfig b, std::string* err, bool* skipped) {
  *skipped = false;
  netns_a_ = MakeNetworkNamespace(err);
  if (netns_a_.valid()) netns_b_ = MakeNetworkNamespace(err);
  if (netns_b_.valid()) netns_wire_ = MakeNetworkNamespace(err);
  if (!netns_wire_.valid()) return false;
  std::unique_ptr<WirePort> port_a, port_b;
  if (device == WireDevice::kTun) {
    // No structured bindings: a lambda may not capture them before C++20's
    // P1091 (clang 16 refuses).
    for (const auto& side : {std::tuple{netns_a_.get(), &a, &port_a}, std::tuple{netns_b_.get(), &b, &port_b}}) {
      const HostInterfaceConfig* config = std::get<1>(side);
      std::unique_ptr<WirePort>* port = std::get<2>(side);
      const bool made = RunInNetworkNamespace(
          std::get<0>(side),
          [&](std::string* e) {
            UniqueFd tun = OpenTunDevice(*config, e);
            if (!tun.valid()) return false;
            *port = MakeTunPort(std::move(tun));
            return true;
          },
          err);
      if (!made) {
        // Not this code's fault: /dev/net/tun closed to the caller (mode 0600
        // here), missing, or TUN not built into the kernel.
        *skipped = err->starts_with("cannot open /dev/net/tun");
        return false;
      }
    }
  } else {
    const bool made = RunInNetworkNamespace(
        netns_wire_.get(),
        [&](std::string* e) {
          port_a = OpenVethPort(netns_a_.get(), a, "wire-a", 1, e);
          if (port_a) port_b = OpenVethPort(netns_b_.get(), b, "wire-b", 2, e);
          return port_b != nullptr;
        },
        err);
    if (!made) {
      // A kernel built without veth.
      *skipped = err->starts_with("creating the veth pair") && err->ends_with("Operation not supported");
      return false;
    }
  }
  stop_.Reset(eventfd(0, EFD_CLOEXEC));
  if (!stop_.valid()) {
    *err = Errno("eventfd");
    return false;
  }
  int ask[2];
  if (pipe2(ask, O_CLOEXEC) != 0) {
    *err = Errno("pipe2");
    return false;
  }
  ask_read_.Reset(ask[0]);
  ask_write_.Reset(ask[1]);
  answered_.Reset(eventfd(0, EFD_CLOEXEC));
  forwarder_ = std::make_unique<WireForwarder>(std::move(port_a), std::move(port_b), conditions);
  const EmptyQuestion question{ask_read_.get(), [this] {
                                 const std::uint64_t one = 1;
                                 if (write(answered_.get(), &one, sizeof one) < 0) return;
                               }};
  thread_ = std::thread([this, question] { run_ok_ = forwarder_->Run(stop_.get(), &run_err_, question); });
  return true;
}

bool TwoHosts::WaitEmpty(std::chrono::milliseconds bound) {
  if (write(ask_write_.get(), "E", 1) != 1) return false;
  pollfd p{answered_.get(), POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(bound.count())) != 1) return false;
  std::uint64_t answers = 0;
  return read(answered_.get(), &answers, sizeof answers) == sizeof answers;
}

bool TwoHosts::Stop(std::string* err) {
  if (!thread_.joinable()) return true;
  const std::uint64_t one = 1;
  if (write(stop_.get(), &one, sizeof one) != sizeof one) *err = Errno("writing the stop eventfd");
  thread_.join();
  if (!run_ok_) *err = run_err_;
  return run_ok_;
}

TwoHosts::~TwoHosts() {
  std::string err;
  Stop(&err);
}

UniqueFd SocketIn(int netns, int family, int type, std::chrono::milliseconds timeout, std::string* err) {
  UniqueFd fd;
  RunInNetworkNamespace(
      netns,
      [&](std::string* e) {
        fd.Reset(socket(family, type | SOCK_CLOEXEC, 0));
        if (!fd.valid()) *e = Errno("socket");
        return fd.valid();
      },
      err);
  if (!fd.valid()) return fd;
  timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const int one = 1;
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  return fd;
}

bool TcpTransfer(const TwoHosts& hosts, const std::string& server, std::size_t bytes, LabReport* report,
                 std::string* err) {
  constexpr auto kTimeout = std::chrono::seconds(30);
  sockaddr_storage address;
  socklen_t size;
  if (!Endpoint(server, 5001, &address, &size, err)) return false;
  UniqueFd listener = SocketIn(hosts.netns_b(), Family(server), SOCK_STREAM, kTimeout, err);
  if (!listener.valid()) return false;
  if (bind(listener.get(), reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(listener.get(), 1) != 0) {
    *err = Errno("binding the TCP server to " + server);
    return false;
  }
  std::string server_err;
  std::thread receiver([&] {
    UniqueFd connection(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!connection.valid()) {
      server_err = Errno("accept");
      return;
    }
    timeval tv{30, 0};
    setsockopt(connection.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::uint64_t count = 0, hash = kHashStart;
    std::uint8_t buffer[65536];
    for (ssize_t n; (n = read(connection.get(), buffer, sizeof buffer)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        server_err = Errno("the server's read");
        return;
      }
      count += static_cast<std::uint64_t>(n);
      hash = Hash(buffer, static_cast<std::size_t>(n), hash);
    }
    const std::string answer = std::to_string(count) + " " + std::to_string(hash);
    if (write(connection.get(), answer.data(), answer.size()) < 0) server_err = Errno("the server's answer");
  });
  const Clock::time_point start = Clock::now();
  UniqueFd client = SocketIn(hosts.netns_a(), Family(server), SOCK_STREAM, kTimeout, err);
  bool ok = client.valid() && connect(client.get(), reinterpret_cast<sockaddr*>(&address), size) == 0;
  if (client.valid() && !ok) *err = Errno("connecting to " + server);
  std::vector<std::uint8_t> data(bytes);
  for (std::size_t i = 0; i < bytes; ++i) data[i] = static_cast<std::uint8_t>(i * 131 + 7);
  std::size_t sent = 0;
  while (ok && sent < bytes) {
    const ssize_t n = write(client.get(), data.data() + sent, bytes - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = Errno("the client's write");
      ok = false;
    } else {
      sent += static_cast<std::size_t>(n);
    }
  }
  std::string answer;
  if (ok) {
    shutdown(client.get(), SHUT_WR);
    char buffer[128];
    for (ssize_t n; (n = read(client.get(), buffer, sizeof buffer)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  }
  // The server ends on EOF, or at its own timeout; shutting down the
  // listener wakes an accept that never got a connection.
  shutdown(listener.get(), SHUT_RDWR);
  client.Reset();
  receiver.join();
  if (!server_err.empty() && ok) {
    *err = server_err;
    ok = false;
  }
  report->facts["tcp_ms"] = std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
  report->facts["tcp_sent"] = std::to_string(sent);
  std::istringstream words(answer);
  std::uint64_t received = 0, hash = 0;
  words >> received >> hash;
  report->facts["tcp_received"] = std::to_string(received);
  report->facts["tcp_intact"] = received == bytes && hash == Hash(data.data(), bytes, kHashStart) ? "1" : "0";
  return ok;
}

bool DatagramThenAskEmpty(TwoHosts& hosts, const std::string& server_ip, LabReport* report, std::string* err) {
  sockaddr_storage server_address;
  socklen_t server_size;
  if (!Endpoint(server_ip, 5003, &server_address, &server_size, err)) return false;
  UniqueFd server = SocketIn(hosts.netns_b(), Family(server_ip), SOCK_DGRAM, std::chrono::milliseconds(100), err);
  if (!server.valid()) return false;
  if (bind(server.get(), reinterpret_cast<sockaddr*>(&server_address), server_size) != 0) {
    *err = Errno("binding the UDP server to " + server_ip);
    return false;
  }
  UniqueFd client = SocketIn(hosts.netns_a(), Family(server_ip), SOCK_DGRAM, std::chrono::milliseconds(100), err);
  if (!client.valid()) return false;
  const Clock::time_point sent = Clock::now();
  if (sendto(client.get(), "held", 4, 0, reinterpret_cast<sockaddr*>(&server_address), server_size) != 4) {
    *err = Errno("sendto");
    return false;
  }
  if (!hosts.WaitEmpty(std::chrono::milliseconds(5000))) {
    *err = "the wire did not say it was empty within 5 s";
    return false;
  }
  const Clock::time_point answered = Clock::now();
  char buffer[16];
  const bool delivered = recv(server.get(), buffer, sizeof buffer, 0) == 4;  // within the socket's 100 ms
  if (!hosts.WaitEmpty(std::chrono::milliseconds(5000))) {
    *err = "the wire did not say it was empty again within 5 s";
    return false;
  }
  const auto ms = [](Clock::duration d) { return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()); };
  report->facts["empty_ms"] = ms(answered - sent);
  report->facts["delivered_at_answer"] = delivered ? "1" : "0";
  report->facts["empty_again_ms"] = ms(Clock::now() - answered);
  return true;
}

bool UdpPingPong(int client_netns, int server_netns, const std::string& client_ip, const std::string& server_ip,
                 int count, std::chrono::milliseconds wait, LabReport* report, const std::string& prefix,
                 std::string* err) {
  sockaddr_storage server_address, client_address;
  socklen_t server_size, client_size;
  if (!Endpoint(server_ip, 5002, &server_address, &server_size, err) ||
      !Endpoint(client_ip, 0, &client_address, &client_size, err)) {
    return false;
  }
  UniqueFd server = SocketIn(server_netns, Family(server_ip), SOCK_DGRAM, std::chrono::milliseconds(100), err);
  if (!server.valid()) return false;
  if (bind(server.get(), reinterpret_cast<sockaddr*>(&server_address), server_size) != 0) {
    *err = Errno("binding the UDP server to " + server_ip);
    return false;
  }
  std::atomic<bool> done = false;
  std::thread echo([&] {
    char buffer[2048];
    while (!done) {
      sockaddr_storage from;
      socklen_t from_size = sizeof from;
      const ssize_t n = recvfrom(server.get(), buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &from_size);
      if (n > 0) sendto(server.get(), buffer, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), from_size);
    }
  });
  UniqueFd client = SocketIn(client_netns, Family(server_ip), SOCK_DGRAM, wait, err);
  bool ok = client.valid() && bind(client.get(), reinterpret_cast<sockaddr*>(&client_address), client_size) == 0 &&
            connect(client.get(), reinterpret_cast<sockaddr*>(&server_address), server_size) == 0;
  if (client.valid() && !ok) *err = Errno("the UDP client's bind or connect");
  int echoed = 0;
  std::chrono::nanoseconds total{0};
  std::string missed;
  for (int i = 0; ok && i < count; ++i) {
    const std::string ping = "ping " + std::to_string(i);
    const Clock::time_point sent = Clock::now();
    const int before = echoed;
    if (send(client.get(), ping.data(), ping.size(), 0) < 0) {
      missed += " " + std::to_string(i) + " (" + std::strerror(errno) + ")";
      continue;
    }
    char buffer[2048];
    // A late echo of an earlier ping is not this one's answer.
    for (ssize_t n; (n = recv(client.get(), buffer, sizeof buffer, 0)) > 0;) {
      if (std::string(buffer, static_cast<std::size_t>(n)) == ping) {
        ++echoed;
        total += Clock::now() - sent;
        break;
      }
    }
    if (echoed == before) missed += " " + std::to_string(i);
  }
  done = true;
  echo.join();
  report->facts[prefix + "_sent"] = std::to_string(count);
  report->facts[prefix + "_echoed"] = std::to_string(echoed);
  report->facts[prefix + "_missed"] = missed;
  report->facts[prefix + "_rtt_us"] =
      std::to_string(echoed == 0 ? 0 : std::chrono::duration_cast<std::chrono::microseconds>(total).count() / echoed);
  return ok;
}

bool UdpFlood(int client_netns, int server_netns, const std::string& client_ip, const std::string& server_ip,
              int count, LabReport* report, const std::string& prefix, std::string* err) {
  sockaddr_storage server_address, client_address;
  socklen_t server_size, client_size;
  if (!Endpoint(server_ip, 5003, &server_address, &server_size, err) ||
      !Endpoint(client_ip, 0, &client_address, &client_size, err)) {
    return false;
  }
  UniqueFd server = SocketIn(server_netns, Family(server_ip), SOCK_DGRAM, std::chrono::milliseconds(300), err);
  UniqueFd client = SocketIn(client_netns, Family(server_ip), SOCK_DGRAM, std::chrono::milliseconds(300), err);
  const int big = 8 << 20;
  if (!server.valid() || !client.valid() ||
      bind(server.get(), reinterpret_cast<sockaddr*>(&server_address), server_size) != 0 ||
      connect(client.get(), reinterpret_cast<sockaddr*>(&server_address), server_size) != 0) {
    if (err->empty()) *err = Errno("setting up the flood");
    return false;
  }
  setsockopt(server.get(), SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  long received = 0;
  Clock::time_point last;
  std::thread sink([&] {
    char buffer[2048];
    while (recv(server.get(), buffer, sizeof buffer, 0) > 0) {
      ++received;
      last = Clock::now();
    }
  });
  const Clock::time_point start = Clock::now();
  const std::string payload(64 - 28, 'f');
  for (int i = 0; i < count; ++i) {
    while (send(client.get(), payload.data(), payload.size(), 0) < 0 && (errno == ENOBUFS || errno == EAGAIN)) {
      std::this_thread::yield();
    }
  }
  sink.join();  // ends 300 ms after the last datagram
  const double seconds = std::chrono::duration<double>(last - start).count();
  report->facts[prefix + "_flood_sent"] = std::to_string(count);
  report->facts[prefix + "_flood_received"] = std::to_string(received);
  report->facts[prefix + "_flood_pps"] = std::to_string(seconds > 0 ? static_cast<long>(static_cast<double>(received) / seconds) : 0);
  return true;
}

void ReportWire(const WireForwarder& forwarder, LabReport* report) {
  for (Direction direction : {Direction::kAToB, Direction::kBToA}) {
    const std::string dir = direction == Direction::kAToB ? "ab" : "ba";
    const int d = Index(direction);
    const WireCounts& counts = forwarder.scheduler().counts(direction);
    report->facts["packets_" + dir] = std::to_string(counts.packets);
    report->facts["read_" + dir] = std::to_string(forwarder.counts().read[d]);
    report->facts["written_" + dir] = std::to_string(forwarder.counts().written[d]);
    report->facts["undelivered_" + dir] = std::to_string(forwarder.undelivered(direction));
    report->facts["write_failed_" + dir] = std::to_string(forwarder.counts().write_failed[d]);
    report->facts["too_big_" + dir] = std::to_string(forwarder.counts().too_big_sent[d]);
    for (DropReason reason : {DropReason::kLoss, DropReason::kRule, DropReason::kMtu, DropReason::kQueue}) {
      report->facts["dropped_" + dir + "_" + DropReasonName(reason)] = std::to_string(counts.Dropped(reason));
    }
    std::string drops, described;
    for (const WireDecision& decision : forwarder.scheduler().log()) {
      if (decision.direction != direction || !decision.dropped) continue;
      drops += (drops.empty() ? "" : ",") + std::to_string(decision.number);
      described += (described.empty() ? "" : "; ") + DescribeDecision(decision);
    }
    report->facts["drops_" + dir] = drops;
    report->facts["described_" + dir] = described;
  }
}

}  // namespace wirecheck::wire::testing
