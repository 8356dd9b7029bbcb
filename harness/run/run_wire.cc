#include "harness/run/run_wire.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "harness/run/inside_child.h"
#include "harness/sandbox/sandbox.h"
#include "harness/wire/network_namespace.h"
#include "harness/wire/tun_device.h"
#include "harness/wire/veth_device.h"
#include "harness/wire/wire_forwarder.h"

namespace wirecheck {
namespace {

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

wire::HostInterfaceConfig DeviceOf(const NetworkHost& own, const NetworkHost* peer, bool ipv6) {
  wire::HostInterfaceConfig config;
  config.name = "wire0";
  const std::string whole = ipv6 ? "/128" : "/32";
  config.addresses = {own.address + whole};
  if (peer != nullptr) config.routes = {peer->address + whole};
  config.ipv6 = ipv6;
  return config;
}

wire::HostInterfaceConfig OtherDeviceOf(const WirePlan& plan) {
  const NetworkHost none{};
  wire::HostInterfaceConfig config = DeviceOf(plan.other != nullptr ? *plan.other : none, plan.server, plan.ipv6);
  if (plan.other == nullptr) config.addresses.clear();
  return config;
}

// Both hosts' TUN devices: the server's here, the other's in its namespace.
bool OpenTunPorts(const WirePlan& plan, int other_network, std::unique_ptr<wire::WirePort>* a,
                  std::unique_ptr<wire::WirePort>* b, std::string* err) {
  wire::UniqueFd tun_a = wire::OpenTunDevice(DeviceOf(*plan.server, plan.other, plan.ipv6), err);
  if (!tun_a.valid()) return false;
  wire::UniqueFd tun_b;
  const bool made = wire::RunInNetworkNamespace(
      other_network,
      [&](std::string* e) {
        tun_b = wire::OpenTunDevice(OtherDeviceOf(plan), e);
        return tun_b.valid();
      },
      err);
  if (!made) return false;
  *a = wire::MakeTunPort(std::move(tun_a));
  *b = wire::MakeTunPort(std::move(tun_b));
  return true;
}

// Both hosts' veth pairs, their wire ends in a network namespace of the
// wire's own (no program of the run can see or reach them); the sockets on
// them keep it alive.
bool OpenVethPorts(const WirePlan& plan, int other_network, std::unique_ptr<wire::WirePort>* a,
                   std::unique_ptr<wire::WirePort>* b, std::string* err) {
  wire::UniqueFd server_network(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!server_network.valid()) {
    *err = std::string("cannot open /proc/thread-self/ns/net: ") + std::strerror(errno);
    return false;
  }
  const wire::UniqueFd own = wire::MakeNetworkNamespace(err);
  if (!own.valid()) return false;
  return wire::RunInNetworkNamespace(
      own.get(),
      [&](std::string* e) {
        *a = wire::OpenVethPort(server_network.get(), DeviceOf(*plan.server, plan.other, plan.ipv6), "wire-a", 1, e);
        if (*a) *b = wire::OpenVethPort(other_network, OtherDeviceOf(plan), "wire-b", 2, e);
        return *a && *b;
      },
      err);
}

// The forwarder child, in the run's user namespace and the server host's
// network namespace. Reports "R" once both devices exist, then forwards
// until stop_fd is readable ("N" each time it was asked on ask_fd and held
// nothing), then reports its counts and drops.
int WireBody(const WirePlan& plan, int other_network, int stop_fd, int ask_fd, int status_fd) {
  std::string err;
  std::unique_ptr<wire::WirePort> a, b;
  const bool made = plan.device == wire::WireDevice::kTun ? OpenTunPorts(plan, other_network, &a, &b, &err)
                                                          : OpenVethPorts(plan, other_network, &a, &b, &err);
  close(other_network);
  if (!made) {
    WriteAll(status_fd, "E " + OneLine(err) + "\n");
    return 1;
  }
  WriteAll(status_fd, "R\n");
  wire::WireForwarder forwarder(std::move(a), std::move(b), plan.conditions);
  const bool ran = forwarder.Run(stop_fd, &err, {ask_fd, [status_fd] { WriteAll(status_fd, "N\n"); }});
  std::ostringstream out;
  for (const wire::Direction d : {wire::Direction::kBToA, wire::Direction::kAToB}) {
    const wire::WireCounts& c = forwarder.scheduler().counts(d);
    std::uint64_t dropped = 0;
    for (std::uint64_t n : c.dropped) dropped += n;
    out << "C " << (d == wire::Direction::kBToA ? "client->server" : "server->client") << ' ' << c.packets << ' '
        << forwarder.counts().written[static_cast<std::size_t>(wire::Index(d))] << ' ' << dropped << ' '
        << c.duplicated << '\n';
  }
  for (const wire::WireDecision& decision : forwarder.scheduler().log()) {
    if (decision.dropped) out << "D " << ScenarioDirectionText(wire::DescribeDecision(decision)) << '\n';
  }
  out << "O " << forwarder.scheduler().log_omitted() << '\n';
  out << (ran ? "S" : "S " + OneLine(err)) << '\n';
  WriteAll(status_fd, out.str());
  return 0;
}

}  // namespace

std::string TunDeviceProblem() {
  const int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd >= 0) {
    close(fd);
    return {};
  }
  const int saved = errno;
  std::string why = std::string("cannot open /dev/net/tun: ") + std::strerror(saved);
  struct stat st {};
  if (saved == EACCES && stat("/dev/net/tun", &st) == 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    why += std::string(" (its mode is ") + mode + ", owner uid " + std::to_string(st.st_uid) +
           "; most distributions make it 0666): run wirecheck as root, or let every user open it: "
           "sudo chmod 0666 /dev/net/tun";
  } else if (saved == ENOENT) {
    why += " (no TUN device on this machine: load the tun module, modprobe tun)";
  }
  return why;
}

bool ChooseWireDevice(const char* forced, WireDeviceChoice* choice, std::string* err) {
  const std::string value = forced == nullptr ? "" : forced;
  if (!value.empty() && value != "auto" && !wire::ParseWireDevice(value)) {
    *err = std::string(kWireDeviceVariable) + "=" + value + ": expected tun, veth or auto";
    return false;
  }
  if (value == "veth") {
    *choice = {wire::WireDevice::kVeth, {}};
    return true;
  }
  std::string problem = TunDeviceProblem();
  if (problem.empty()) {
    *choice = {wire::WireDevice::kTun, {}};
    return true;
  }
  if (value == "tun") {
    *err = problem + " (" + kWireDeviceVariable + "=tun; unset it to let the wire use veth)";
    return false;
  }
  *choice = {wire::WireDevice::kVeth, std::move(problem)};
  return true;
}

std::unique_ptr<RunWire> RunWire::Start(Sandbox& sandbox, const WirePlan& plan, int other_network,
                                        std::string* err) {
  int ask[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ask) != 0) {
    *err = std::string("cannot make a socket pair: ") + std::strerror(errno);
    return nullptr;
  }
  InsideChild child;
  const auto body = [&](int stop_fd, int status_fd) {
    close(ask[1]);
    return WireBody(plan, other_network, stop_fd, ask[0], status_fd);
  };
  const bool started = StartInsideChild(sandbox, body, &child, err);
  close(ask[0]);
  if (!started) {
    close(ask[1]);
    return nullptr;
  }
  return std::unique_ptr<RunWire>(
      new RunWire(sandbox, child.pid, child.control_fd, child.status_fd, ask[1], plan.tun_problem));
}

bool RunWire::WaitEmpty(std::chrono::milliseconds bound) {
  if (finished_ || send(ask_fd_, "E", 1, MSG_NOSIGNAL) != 1) return false;
  std::string line;
  const auto until = std::chrono::steady_clock::now() + bound;
  while (ReadLine(status_fd_, until - std::chrono::steady_clock::now(), &line)) {
    if (line == "N") return true;
  }
  return false;
}

bool RunWire::WaitReady(std::string* err) {
  std::string line;
  if (ReadLine(status_fd_, std::chrono::seconds(10), &line) && line == "R") return true;
  *err = line.rfind("E ", 0) == 0 ? line.substr(2) : "the wire between the run's hosts did not start";
  if (!tun_problem_.empty()) *err = tun_problem_ + "; and veth, the other device a wire can use, failed: " + *err;
  return false;
}

bool RunWire::Finish(reports::WireSummary* summary, std::string* err) {
  if (finished_) return false;
  finished_ = true;
  const ssize_t sent = send(stop_fd_, "S", 1, MSG_NOSIGNAL);  // fails only if the child is gone
  (void)sent;
  std::string line;
  bool ended = false;
  while (!ended && ReadLine(status_fd_, std::chrono::seconds(5), &line)) {
    if (line.rfind("C ", 0) == 0) {
      std::istringstream in(line.substr(2));
      reports::WireSummary::Direction d;
      in >> d.name >> d.packets >> d.delivered >> d.dropped >> d.duplicated;
      summary->directions.push_back(d);
    } else if (line.rfind("D ", 0) == 0) {
      summary->drops.push_back(line.substr(2));
    } else if (line.rfind("O ", 0) == 0) {
      summary->drops_omitted = std::stoull(line.substr(2));
    } else if (line.rfind("S", 0) == 0) {
      ended = true;
      if (line.size() > 2) *err = "the wire failed: " + line.substr(2);
    }
  }
  if (!ended) {
    *err = "the wire did not report its end";
    sandbox_.FinishInside(pid_, std::chrono::milliseconds(200));
  } else {
    sandbox_.WaitInside(pid_);
  }
  close(stop_fd_);
  close(status_fd_);
  close(ask_fd_);
  return ended && err->empty();
}

RunWire::~RunWire() {
  if (finished_) return;
  sandbox_.FinishInside(pid_, std::chrono::milliseconds(200));
  close(stop_fd_);
  close(status_fd_);
  close(ask_fd_);
}

}  // namespace wirecheck
