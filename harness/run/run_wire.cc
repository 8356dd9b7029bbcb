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
#include "harness/wire/wire_forwarder.h"

namespace wirecheck {
namespace {

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

wire::TunConfig DeviceOf(const NetworkHost& own, const NetworkHost* peer, bool ipv6) {
  wire::TunConfig config;
  config.name = "wire0";
  const std::string whole = ipv6 ? "/128" : "/32";
  config.addresses = {own.address + whole};
  if (peer != nullptr) config.routes = {peer->address + whole};
  config.ipv6 = ipv6;
  return config;
}

// The forwarder child, in the run's user namespace and the server host's
// network namespace. Reports "R" once both devices exist, then forwards
// until stop_fd is readable, then reports its counts and drops.
int WireBody(const WirePlan& plan, int other_network, int stop_fd, int status_fd) {
  std::string err;
  wire::UniqueFd tun_a = wire::OpenTunDevice(DeviceOf(*plan.server, plan.other, plan.ipv6), &err);
  wire::UniqueFd tun_b;
  if (tun_a.valid() && other_network >= 0) {
    const NetworkHost none{};
    const NetworkHost& other = plan.other != nullptr ? *plan.other : none;
    wire::RunInNetworkNamespace(
        other_network,
        [&](std::string* e) {
          wire::TunConfig config = DeviceOf(other, plan.server, plan.ipv6);
          if (plan.other == nullptr) config.addresses.clear();
          tun_b = wire::OpenTunDevice(config, e);
          return tun_b.valid();
        },
        &err);
  }
  close(other_network);
  if (!tun_a.valid() || !tun_b.valid()) {
    WriteAll(status_fd, "E " + OneLine(err) + "\n");
    return 1;
  }
  WriteAll(status_fd, "R\n");
  wire::WireForwarder forwarder(tun_a.get(), tun_b.get(), plan.conditions);
  const bool ran = forwarder.Run(stop_fd, &err);
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
           "; most distributions make it 0666). A scenario with network.hosts needs a TUN device for its wire: "
           "run wirecheck as root, or let every user open it: sudo chmod 0666 /dev/net/tun";
  } else if (saved == ENOENT) {
    why += " (no TUN device on this machine: load the tun module, modprobe tun). A scenario with network.hosts "
           "needs one for its wire";
  }
  return why;
}

std::unique_ptr<RunWire> RunWire::Start(Sandbox& sandbox, const WirePlan& plan, int other_network,
                                        std::string* err) {
  InsideChild child;
  const auto body = [&](int stop_fd, int status_fd) { return WireBody(plan, other_network, stop_fd, status_fd); };
  if (!StartInsideChild(sandbox, body, &child, err)) return nullptr;
  return std::unique_ptr<RunWire>(new RunWire(sandbox, child.pid, child.control_fd, child.status_fd));
}

bool RunWire::WaitReady(std::string* err) {
  std::string line;
  if (ReadLine(status_fd_, std::chrono::seconds(10), &line) && line == "R") return true;
  *err = line.rfind("E ", 0) == 0 ? line.substr(2) : "the wire between the run's hosts did not start";
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
  return ended && err->empty();
}

RunWire::~RunWire() {
  if (finished_) return;
  sandbox_.FinishInside(pid_, std::chrono::milliseconds(200));
  close(stop_fd_);
  close(status_fd_);
}

}  // namespace wirecheck
