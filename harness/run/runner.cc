#include "harness/run/runner.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <climits>
#include <cstring>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>

#include "capture/analyzer.h"
#include "capture/file_source.h"
#include "harness/model/placeholder_text.h"
#include "harness/process/interrupt.h"
#include "harness/run/atomic_file.h"
#include "harness/run/kept_pcap.h"
#include "harness/run/packets_by_way.h"
#include "harness/run/run_identity.h"
#include "harness/run/quiet_sockets.h"
#include "harness/run/readiness.h"
#include "harness/run/run_activity.h"
#include "harness/run/run_capture.h"
#include "harness/run/run_clients.h"
#include "harness/run/run_observations.h"
#include "harness/run/run_server.h"
#include "harness/run/run_wire.h"
#include "harness/run/sandbox_socket_factory.h"
#include "harness/sandbox/sandbox.h"
#include "harness/verify/conversation_list.h"
#include "harness/verify/verify.h"

namespace wirecheck {
namespace {

namespace fs = std::filesystem;
using reports::HarnessError;
using reports::HarnessErrorKind;

constexpr auto kInitGrace = std::chrono::seconds(5);

// Conversations a run's analysis tracks: twice the most clients a scenario
// may start (10,000), so a flood of SYNs or datagrams from a program costs
// wirecheck bounded memory (~4 KiB a conversation); past it the packets are
// counted and the wire checks are inconclusive.
constexpr std::size_t kMaxConversations = 20000;

constexpr const char* kNoCapturePermission =
    "no permission (CAP_NET_RAW). Run wirecheck as root, or grant it the capability once: sudo setcap "
    "cap_net_raw,cap_net_admin=eip $(command -v wirecheck) — or allow user namespaces so wirecheck captures "
    "inside its own namespace without privileges (see docs/sandbox.md)";

// {tmp} in a run with its own filesystem: a private tmpfs there
// (run_filesystem.h), so nothing of it is ever on the host.
constexpr const char* kInsideTmp = "/tmp/wirecheck-run";

// The most a run waits for its wire to deliver the packets it still holds
// after the programs ended (LongestHold: delay, jitter, reordering, a rate
// limit's serialisation) before its captures drain. A packet held longer is
// not seen, and the wire counts it as undelivered.
constexpr std::chrono::seconds kLongestWireHold{10};

// {tmp} on the host, for a run on the host's filesystem (--no-sandbox, or
// no namespaces permitted): <TMPDIR>/wirecheck-run-XXXXXX/tmp, removed with
// the object (a SIGKILL of wirecheck leaves it behind: only there).
struct HostRunDirectory {
  std::string path;
  HostRunDirectory() {
    std::error_code ec;
    std::string pattern = (fs::temp_directory_path(ec) / "wirecheck-run-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return;
    path = pattern;
    fs::create_directory(path + "/tmp", ec);
  }
  ~HostRunDirectory() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

std::string InterruptMessage() {
  return std::string("interrupted by ") + (InterruptSignal() == SIGTERM ? "SIGTERM" : "SIGINT") +
         ": the programs were stopped; the checks were not made";
}

// program: the server program's name (its output is shown with a failure);
// empty for a scripted server.
reports::Check ReadinessCheck(const Readiness& r, const std::string& program) {
  reports::Check c;
  c.id = "server.ready";
  c.title = "the server gets ready";
  c.status = r.kind == Readiness::Kind::kReady ? reports::CheckStatus::kPass : reports::CheckStatus::kFail;
  c.message = r.message;
  c.evidence.process = program;
  if (c.status == reports::CheckStatus::kFail) {
    c.hint = program.empty() ? "the clients were not started: the scripted server must listen on the scenario's port"
                             : "the clients were not started: the server must listen on the scenario's port (see "
                               "the server's output below)";
  }
  return c;
}

// A descriptor closed with its owner.
class UniqueFd {
 public:
  UniqueFd() = default;
  ~UniqueFd() {
    if (fd_ >= 0) close(fd_);
  }
  UniqueFd& operator=(int fd) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

class ScenarioRunner {
 public:
  ScenarioRunner(const Scenario& scenario, const RunSettings& settings, reports::Reporter& events,
                 std::ostream& warnings, RunObservation* observed)
      : scenario_(scenario), settings_(settings), events_(events), warnings_(warnings), observed_(observed),
        hosts_(PlaceHosts(scenario)) {}

  void Run(reports::Run* run) {
    run_ = run;
    if (!MakeCaptureFile(&pcap_fd_, &pcap_)) return;
    if (hosts_.wire && !MakeCaptureFile(&client_pcap_fd_, &client_pcap_)) return;
    if (!OpenSandbox()) return;
    if (!ChooseTmp()) return;
    if (!StartWire()) return;
    if (!StartCapture()) return;
    tables_.emplace(sandbox_.get());
    RunPrograms();
    EndPrograms();
    FinishCapture();
    FinishWire();
    sandbox_->Close();
    if (run_->harness_error()) return;
    Analyse();
  }

 private:
  // The evidence has no name: the capture file is made without one
  // (O_TMPFILE; where the filesystem cannot, it is unlinked at once), before
  // any program starts, and is reached only through the descriptor that
  // wirecheck and its capture child hold (the child is outside the
  // programs' PID namespace, so its /proc/<pid>/fd is out of their sight
  // too). No program can rename over it or write into it, and a SIGKILL of
  // wirecheck leaves nothing behind. A run with a wire has a second one, for
  // the capture on the client's side of it, made the same way.
  bool MakeCaptureFile(UniqueFd* fd_out, std::string* path) {
    std::error_code ec;
    const std::string dir = fs::temp_directory_path(ec).string();
    capture_dir_ = dir;
    int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
      std::string pattern = dir + "/wirecheck-capture-XXXXXX";
      fd = mkostemp(pattern.data(), O_CLOEXEC);
      if (fd >= 0) unlink(pattern.c_str());
    }
    if (fd < 0) {
      Fail(HarnessErrorKind::kEnvironment,
           "cannot make the run's capture file in " + (dir.empty() ? std::string("TMPDIR") : dir) + ": " +
               std::strerror(errno));
      return false;
    }
    *fd_out = fd;
    *path = "/proc/self/fd/" + std::to_string(fd);
    return true;
  }

  // {tmp}: inside the run's own filesystem, or a folder on the host given to
  // the programs' user (the run's directory lets them pass through to it
  // without seeing what else it holds).
  bool ChooseTmp() {
    if (sandbox_->isolation() == Isolation::kNamespaces && !settings_.no_sandbox) {
      tmp_ = kInsideTmp;
      return true;
    }
    host_dir_.emplace();
    if (host_dir_->path.empty()) {
      Fail(HarnessErrorKind::kEnvironment, "cannot make the run's {tmp} in TMPDIR: " + std::string(std::strerror(errno)));
      return false;
    }
    tmp_ = host_dir_->path + "/tmp";
    if (!identity_.uid) return true;
    chmod(host_dir_->path.c_str(), 0711);
    if (chown(tmp_.c_str(), *identity_.uid, *identity_.gid) != 0) {
      warnings_ << "wirecheck: warning: cannot give {tmp} to the programs' user: " << std::strerror(errno) << '\n';
    }
    return true;
  }

  void Fail(HarnessErrorKind kind, std::string message) {
    if (!run_->harness_error()) run_->outcome = HarnessError{kind, std::move(message)};
  }

  // {build}, {scenarios}, {submission} and {here}: where programs start from.
  std::vector<std::string> RunFolders() const {
    return {settings_.dirs.build, settings_.dirs.scenarios, settings_.dirs.submission,
            fs::absolute(scenario_.where.file).parent_path().string()};
  }

  // The run's folders its programs are shown. A folder the whole host shares
  // (a scenario file straight in /tmp makes {here} /tmp) or the home folder
  // of the user running wirecheck (its programs run as that user: they
  // would read ~/.ssh) is left out, and a scenario that uses it is told why
  // its programs will not find it.
  std::vector<std::string> ShownFolders() {
    static constexpr const char* kNames[] = {"build", "scenarios", "submission", "here"};
    const std::vector<std::string> folders = RunFolders();
    const std::set<std::string> used = PlaceholdersInCommands();
    const std::set<std::string> homes = HomeFolders();
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < folders.size(); ++i) {
      if (folders[i].empty()) continue;
      std::error_code ec;
      const std::string canonical = fs::weakly_canonical(folders[i], ec).string();
      const bool home = homes.count(canonical) > 0;
      if (!home && !IsSharedFolder(canonical)) {
        shown.push_back(folders[i]);
      } else if (used.count(kNames[i]) > 0) {
        warnings_ << "wirecheck: warning: {" << kNames[i] << "} is " << canonical
                  << (home ? ", your home folder" : ", a folder the whole host shares")
                  << ", which a run never shows: its programs will not find what is there. Give the scenario's "
                     "files a folder of their own"
                  << (kNames[i] == std::string_view("submission") ? " (or pass --submission)" : "") << '\n';
      }
    }
    return shown;
  }

  static std::set<std::string> HomeFolders() {
    std::set<std::string> homes;
    std::error_code ec;
    if (const char* home = getenv("HOME"); home != nullptr && *home != '\0') {
      homes.insert(fs::weakly_canonical(home, ec).string());
    }
    if (const passwd* user = getpwuid(geteuid()); user != nullptr && user->pw_dir != nullptr) {
      homes.insert(fs::weakly_canonical(user->pw_dir, ec).string());
    }
    homes.erase("/");  // a user whose home is / (nobody's /nonexistent resolves as is)
    return homes;
  }

  std::set<std::string> PlaceholdersInCommands() const {
    std::set<std::string> used;
    auto add = [&](const std::optional<Command>& command) {
      if (!command) return;
      std::vector<std::string> texts = command->argv;
      texts.push_back(command->cwd);
      for (const auto& [name, value] : command->env) texts.push_back(value);
      for (const std::string& text : texts) {
        for (std::string& name : UsedPlaceholders(text)) used.insert(std::move(name));
      }
    };
    add(scenario_.server.command);
    for (const ClientSpec& client : scenario_.clients) add(client.command);
    return used;
  }

  // As root the programs are `nobody` on the host's files (run_identity.h).
  void ChooseIdentity() {
    const RunIdentity run = ChooseRunIdentity(RunFolders(), !settings_.no_sandbox);
    if (!run.warning.empty()) warnings_ << run.warning << '\n';
    identity_ = run.identity;
  }

  bool OpenSandbox() {
    ChooseIdentity();
    std::string warning, err;
    SandboxOptions sandbox;
    sandbox.force_host_loopback = settings_.no_sandbox;
    sandbox.run_as = identity_;
    // The programs see the host's system folders and the run's own folders,
    // read-only, and a private {tmp}; nothing else (run_filesystem.h).
    sandbox.cgroup = CgroupLimits{scenario_.run_limits.memory, scenario_.run_limits.processes};
    if (!settings_.no_sandbox) {
      sandbox.filesystem.emplace();
      sandbox.filesystem->read_only = ShownFolders();
      sandbox.filesystem->scratch = kInsideTmp;
    }
    sandbox_ = Sandbox::Create(sandbox, &warning, &err);
    if (!warning.empty()) warnings_ << warning << '\n';
    if (!sandbox_) Fail(HarnessErrorKind::kEnvironment, err);
    return sandbox_ != nullptr;
  }

  // The kernel ring: the size asked for (--capture-buffer), else room for a
  // burst of every client at once (packed by size, ~160 bytes per small
  // segment), within bounds.
  int CaptureBufferBytes() const {
    if (settings_.capture_buffer_bytes != 0) {
      assert(settings_.capture_buffer_bytes <= static_cast<std::uint64_t>(INT_MAX));  // the CLI bounds it
      return static_cast<int>(settings_.capture_buffer_bytes);
    }
    long clients = 0;
    for (const ClientSpec& c : scenario_.clients) clients += c.count;
    return static_cast<int>(std::clamp(8L * 1024 * 1024 + clients * 32L * 1024, 8L * 1024 * 1024,
                                       64L * 1024 * 1024));
  }

  static std::string HostCaptureFilter(int port) {
    const std::string p = std::to_string(port);
    return "port " + p + " or (icmp[icmptype] == icmp-unreach and icmp[icmpcode] == 3 and icmp[30:2] == " + p +
           ") or (icmp6[icmp6type] == icmp6-destinationunreach and icmp6[icmp6code] == 4 and icmp6[50:2] == " + p +
           ")";
  }

  // A scenario with hosts: the other host's network (init makes and keeps
  // it) and the wire to it (run_wire.h). Where neither TUN nor veth can
  // make it, or the run has no namespaces, the run is an environment error:
  // never a run on one loopback that would pass for one across a wire.
  bool StartWire() {
    if (!hosts_.wire) return true;
    if (sandbox_->isolation() != Isolation::kNamespaces) {
      Fail(HarnessErrorKind::kEnvironment,
           "the scenario's network.hosts need the run's own network namespaces, which this run does not have"
           " (--no-sandbox, or user namespaces not permitted: wirecheck doctor says which)");
      return false;
    }
    std::string err;
    WireDeviceChoice device;
    if (!ChooseWireDevice(std::getenv(kWireDeviceVariable), &device, &err)) {
      Fail(HarnessErrorKind::kEnvironment, err);
      return false;
    }
    int number = 0;
    other_network_ = sandbox_->OpenHostNetwork(&number, &err);
    if (other_network_.get() < 0) {
      Fail(HarnessErrorKind::kEnvironment, err);
      return false;
    }
    assert(number == 1);  // PlaceHosts puts the other host's programs in network 1
    WirePlan plan;
    plan.server = hosts_.server;
    plan.other = hosts_.other;
    plan.ipv6 = scenario_.family == Scenario::Family::kIpv6;
    plan.conditions = WireConditionsOf(*scenario_.network, run_->wire->seed);
    plan.device = device.device;
    plan.tun_problem = device.tun_problem;
    if (const std::string bad = wire::CheckConditions(plan.conditions); !bad.empty()) {
      Fail(HarnessErrorKind::kBadInput, "the scenario's network conditions: " + bad);
      return false;
    }
    wire_ = RunWire::Start(*sandbox_, plan, other_network_.get(), &err);
    if (!wire_ || !wire_->WaitReady(&err)) {
      Fail(HarnessErrorKind::kEnvironment, "cannot make the wire between the run's hosts: " + err);
      return false;
    }
    return true;
  }

  void FinishWire() {
    if (!wire_) return;
    std::string err;
    if (!wire_->Finish(&*run_->wire, &err)) Fail(HarnessErrorKind::kEnvironment, err);
  }

  bool StartCapture() {
    const bool own_loopback = sandbox_->isolation() == Isolation::kNamespaces;
    capture::LiveOptions live;
    live.interface = "lo";
    if (wire_) {
      // What the server's host received and sent: its side of the wire.
      // Both directions (a TUN device's outgoing packets are the server's
      // own), so the drain counts both.
      live.interface = "wire0";
      live.ignore_outgoing = false;
    }
    // In its own namespace every packet on lo is the run's (the drain counts
    // them all, ICMP included); on the host's, only the scenario's port, and
    // the ICMP port unreachable answers quoting a datagram to it (the quoted
    // UDP header right after a 20-byte IPv4 or 40-byte IPv6 header).
    if (!own_loopback) live.filter = HostCaptureFilter(scenario_.server.port);
    live.immediate = false;
    live.ignore_outgoing = !wire_;
    live.buffer_bytes = CaptureBufferBytes();
    live.write_to = pcap_;
    DrainPolicy drain;
    if (own_loopback) drain.count = wire_ ? DrainPolicy::Count::kBothWays : DrainPolicy::Count::kReceived;
    std::string err;
    capture_ = RunCapture::Start(*sandbox_, live, drain, &err);
    if (!capture_) {
      Fail(HarnessErrorKind::kEnvironment, "cannot capture on " + live.interface + ": " + err);
      return false;
    }
    if (!wire_) return true;
    // What the clients' host sent and received: the other end of the wire,
    // the same way, in its own file. The checks judge the server's side;
    // this one says which side a packet was seen on.
    live.write_to = client_pcap_;
    client_capture_ = RunCapture::Start(*sandbox_, live, drain, &err, other_network_.get());
    if (!client_capture_) {
      Fail(HarnessErrorKind::kEnvironment, "cannot capture on the client host's wire0: " + err);
    }
    return client_capture_ != nullptr;
  }

  // True once the captures are open; else the run fails with why.
  bool CaptureOpen() {
    std::string err;
    bool permission = false;
    const std::string where = wire_ ? "wire0" : "lo";
    if (!capture_->WaitOpen(&err, &permission)) {
      Fail(HarnessErrorKind::kEnvironment,
           "cannot capture on " + where + ": " + (permission ? std::string(kNoCapturePermission) : err));
      return false;
    }
    if (client_capture_ && !client_capture_->WaitOpen(&err, &permission)) {
      Fail(HarnessErrorKind::kEnvironment, "cannot capture on the client host's wire0: " +
                                               (permission ? std::string(kNoCapturePermission) : err));
      return false;
    }
    return true;
  }

  void RunPrograms() {
    const auto deadline = PeerClock::now() + scenario_.timeout;
    // Past the run's timeout the runners stop what is left (a server's stop
    // grace is 1 s); an init that has not answered by then is hung.
    sandbox_->set_deadline(std::chrono::steady_clock::now() + scenario_.timeout + kInitGrace);
    values_ = RunValues(scenario_, settings_.dirs, tmp_);
    SandboxSocketFactory sockets(*sandbox_);
    PeerLoop loop(sockets);
    SandboxSocketTables& tables = *tables_;
    const RunContext context{scenario_, *sandbox_, loop, values_, deadline,
                             sandbox_->isolation() == Isolation::kNamespaces, hosts_.client_networks};
    ServerRunner server(context);
    ClientRunner clients(context);
    ProcessTreeActivity activity(sandbox_->init_pid());
    std::string err;
    if (!clients.Prepare(&err)) return Fail(HarnessErrorKind::kBadInput, err);
    const Readiness ready = server.Start(tables, &activity, &err);
    if (ready.kind == Readiness::Kind::kError) {
      if (InterruptSignal() != 0) return Fail(HarnessErrorKind::kInterrupted, InterruptMessage());
      if (!server.command().empty() || server.peer()) server.Stop();
      return Fail(server.peer() || !scenario_.server.command ? HarnessErrorKind::kBadInput
                                                              : HarnessErrorKind::kEnvironment,
                  err.empty() ? ready.message : err);
    }
    runner_checks_.push_back(ReadinessCheck(ready, scenario_.server.command ? scenario_.server.name : ""));
    events_.CheckFinished(runner_checks_.back());
    if (ready.kind == Readiness::Kind::kReady && !CaptureOpen()) {
      server.Stop();
      return;
    }
    if (ready.kind == Readiness::Kind::kReady) {
      if (tables.using_sock_diag() && ready.last.socket.backlog > 0) {
        facts_.listen_backlog = static_cast<int>(ready.last.socket.backlog);
      }
      ClientsOutcome outcome;
      if (!clients.Run(&outcome, &err)) Fail(HarnessErrorKind::kEnvironment, err);
      if (outcome.interrupted) Fail(HarnessErrorKind::kInterrupted, InterruptMessage());
      const WelcomeSocketAfterClients after = server.AfterClients(tables, &activity);
      facts_.server_still_listening = after.listening;
      facts_.server_left_listener = ready.started_process_ended.has_value() ||
                                    (after.started_process_ended && after.listening.value_or(false));
      Record(outcome, loop);
    }
    server.Stop();
    if (InterruptSignal() != 0) Fail(HarnessErrorKind::kInterrupted, InterruptMessage());
    if (server.process()) {
      facts_.server = server.process();
      run_->processes.insert(run_->processes.begin(), SummarizeProcess(*server.process(), server.command()));
    }
    if (server.peer()) {
      facts_.script_checks.insert(facts_.script_checks.begin(),
                                  {scenario_.server.name, ScriptCheck(loop.result(*server.peer()))});
    }
  }

  void Record(const ClientsOutcome& outcome, const PeerLoop& loop) {
    facts_.clients = outcome.programs;
    facts_.client_ports.assign(scenario_.clients.size(), std::nullopt);
    facts_.client_windows = outcome.windows;
    for (std::size_t g = 0; g < outcome.programs.size(); ++g) {
      for (std::size_t i = 0; i < outcome.programs[g].size(); ++i) {
        run_->processes.push_back(SummarizeProcess(outcome.programs[g][i], outcome.commands[g][i]));
      }
      if (outcome.peers[g].empty()) continue;
      std::vector<std::uint16_t> ports;
      for (PeerLoop::PeerId id : outcome.peers[g]) {
        for (std::uint16_t p : ConnectedFromPorts(loop.result(id))) ports.push_back(p);
        facts_.script_checks.push_back({scenario_.clients[g].name, ScriptCheck(loop.result(id))});
      }
      facts_.client_ports[g] = std::move(ports);
    }
  }

  // Every program ends (daemons too); then, in the run's own namespace, wait
  // until no socket will send again, so the capture's drain ends on a fact.
  void EndPrograms() {
    sandbox_->EndPrograms();
    if (sandbox_->isolation() == Isolation::kNamespaces && tables_->using_sock_diag()) {
      WaitForQuietSockets(*tables_, std::chrono::milliseconds(200));
    }
  }

  // Both captures drain at once, while the wire still runs (it is stopped
  // after them). The rule with a wire: first the wire delivers every packet
  // it still holds (RunWire::WaitEmpty: at most its longest hold, as late
  // as a delayed packet is due and no later), then each capture ends as soon
  // as it has every packet its wire0 received and sent, as on `lo`. So a
  // packet on its way when the programs ended is seen at both ends, and a
  // perfect wire costs no idle wait. Should the wire not say it is empty in
  // time, the captures drain all the same (the wire counts what it never
  // delivered).
  void FinishCapture() {
    if (!run_->harness_error() && !CaptureOpen()) return;
    if (wire_) {
      const wire::WireConditions conditions = WireConditionsOf(*scenario_.network, run_->wire->seed);
      const auto hold = std::min<std::chrono::nanoseconds>(
          std::max(wire::LongestHold(conditions.a_to_b), wire::LongestHold(conditions.b_to_a)), kLongestWireHold);
      wire_->WaitEmpty(std::chrono::ceil<std::chrono::milliseconds>(hold) + std::chrono::seconds(2));
    }
    if (client_capture_) client_capture_->Drain();
    const auto failed = [&](const RunCaptureStats& stats, const std::string& path, const std::string& what) {
      std::string why = stats.error;
      if (why.rfind(path + ": ", 0) == 0) {
        why = "cannot write the capture file in " + capture_dir_ + ": " + why.substr(path.size() + 2);
      }
      Fail(HarnessErrorKind::kEnvironment, what + " failed: " + why);
    };
    if (!capture_->Finish(&live_stats_) && !run_->harness_error()) failed(live_stats_, pcap_, "the capture");
    if (client_capture_ && !client_capture_->Finish(&client_stats_) && !run_->harness_error()) {
      failed(client_stats_, client_pcap_, "the capture on the client's side of the wire");
    }
    reports::CaptureStats stats;
    stats.packets = live_stats_.packets;
    stats.kernel_drops = live_stats_.kernel_dropped + live_stats_.interface_dropped;
    stats.missed = live_stats_.missed;
    stats.client_side_packets = client_stats_.packets;
    stats.client_side_kernel_drops = client_stats_.kernel_dropped + client_stats_.interface_dropped;
    if (!settings_.keep_pcap.empty()) {
      const fs::path kept = KeptPcapPath(settings_.keep_pcap, fs::path(scenario_.where.file).stem().string());
      stats.file = KeepPcap(pcap_, kept.string());
      if (client_capture_) stats.client_side_file = KeepPcap(client_pcap_, ClientSidePcapPath(kept.string()));
    }
    run_->capture = stats;
  }

  std::string KeepPcap(const std::string& from, const std::string& kept) {
    AtomicFile file;
    std::string err;
    std::ifstream in(from, std::ios::binary);
    if (file.Open(kept, &err) && (file.stream() << in.rdbuf()) && file.Commit(&err)) return kept;
    warnings_ << "wirecheck: warning: cannot keep the capture as " << kept << ": "
              << (err.empty() ? "cannot copy it" : err) << '\n';
    return {};
  }

  // One of the run's captures, analysed; false (the run failed) when it cannot be read.
  bool AnalyseFile(const std::string& path, const RunCaptureStats& live, capture::Trace* trace) {
    std::string err;
    auto source = capture::FileSource::Open(path, &err);
    if (!source) {
      Fail(HarnessErrorKind::kEnvironment, "cannot read the run's capture: " + err);
      return false;
    }
    capture::AnalyzerOptions analysis;
    analysis.max_conversations = kMaxConversations;
    analysis.open_tunnels = false;  // no tunnel exists on the run's lo or wire0: one is a forgery
    *trace = capture::AnalyzeSource(*source, analysis);
    trace->stats.capture.kernel_dropped = live.kernel_dropped;
    trace->stats.capture.interface_dropped = live.interface_dropped;
    trace->stats.capture.missed = live.missed;
    trace->stats.capture.drops_known = live.drops_known;
    return true;
  }

  // A run with a wire: the client's side of it for the verifier, and each
  // side's packets per way beside the wire's own counts.
  bool AnalyseClientSide(const capture::Trace& server_side) {
    if (!client_capture_) return true;
    auto trace = std::make_shared<capture::Trace>();
    if (!AnalyseFile(client_pcap_, client_stats_, trace.get())) return false;
    ClientSideOfWire side;
    side.lost_packets = client_stats_.kernel_dropped + client_stats_.interface_dropped;
    side.wire_drops = run_->wire->drops;
    side.wire_drops_omitted = run_->wire->drops_omitted;
    if (const auto client = capture::IpAddress::Parse(hosts_.other->address)) {
      const PacketsByWay server_saw = CountByWay(server_side, *client);
      const PacketsByWay client_saw = CountByWay(*trace, *client);
      for (reports::WireSummary::Direction& d : run_->wire->directions) {
        const bool to_server = d.name == "client->server";
        d.server_side = to_server ? server_saw.to_server : server_saw.to_client;
        d.client_side = to_server ? client_saw.to_server : client_saw.to_client;
        (to_server ? side.wire_packets_to_server : side.wire_packets_to_client) = d.packets;
      }
    }
    side.trace = std::move(trace);
    facts_.client_side = std::move(side);
    return true;
  }

  void Analyse() {
    capture::Trace trace;
    if (!AnalyseFile(pcap_, live_stats_, &trace) || !AnalyseClientSide(trace)) return;
    if (const auto range = sandbox_->local_port_range()) {
      facts_.ephemeral_ports = PortInterval{range->first, range->second};
    } else {
      facts_.ephemeral_ports = ReadEphemeralRange();
    }
    run_->checks = runner_checks_;
    for (reports::Check& c : Verify(scenario_, trace, scenario_.server.port, &facts_)) {
      events_.CheckFinished(c);
      run_->checks.push_back(std::move(c));
    }
    run_->conversations = ListConversations(trace, run_->checks, &run_->conversations_unlisted);
    if (run_->capture) {
      run_->capture->conversations = trace.conversations.size();
      run_->capture->untracked_packets = trace.stats.untracked_packets;
    }
    if (observed_ != nullptr) *observed_ = {std::move(trace), facts_, scenario_.server.port};
  }

  const Scenario& scenario_;
  const RunSettings& settings_;
  reports::Reporter& events_;
  std::ostream& warnings_;
  RunObservation* observed_;
  reports::Run* run_ = nullptr;
  std::optional<HostRunDirectory> host_dir_;  // --no-sandbox only
  std::string tmp_;                           // {tmp}
  UniqueFd pcap_fd_;
  ProgramIdentity identity_;
  std::string pcap_;  // /proc/self/fd/<pcap_fd_>
  UniqueFd client_pcap_fd_;  // a run with a wire: the client's side of it
  std::string client_pcap_;
  std::string capture_dir_;  // where it is, unnamed: TMPDIR
  std::unique_ptr<Sandbox> sandbox_;
  const RunHosts hosts_;
  UniqueFd other_network_;            // the other host's network namespace (init keeps its own)
  std::unique_ptr<RunWire> wire_;     // declared after sandbox_: ended before it
  std::unique_ptr<RunCapture> capture_;          // the server's side: what the checks judge
  std::unique_ptr<RunCapture> client_capture_;   // with a wire: the client host's wire0
  std::optional<SandboxSocketTables> tables_;
  RunCaptureStats live_stats_;
  RunCaptureStats client_stats_;
  PlaceholderValues values_;
  RunFacts facts_;
  std::vector<reports::Check> runner_checks_;
};

}  // namespace

reports::Run RunScenario(const Scenario& scenario, const std::string& file, const RunSettings& settings,
                         reports::Reporter& events, std::ostream& warnings, RunObservation* observed) {
  reports::Run run;
  run.scenario = scenario.title;
  run.file = file;
  run.submission = settings.submission_name;
  run.mode = reports::RunMode::kLive;
  run.started = std::chrono::system_clock::now();
  if (const RunHosts hosts = PlaceHosts(scenario); hosts.wire) {
    // Chosen before the run starts, so the console shows it even if the run is interrupted.
    run.wire.emplace();
    run.wire->seed = ChooseSeed(scenario, settings.seed);
    run.wire->server_host = hosts.server->name + " " + hosts.server->address;
    if (hosts.other != nullptr) run.wire->client_host = hosts.other->name + " " + hosts.other->address;
    WireDeviceChoice device;
    std::string unused;  // StartWire says it
    if (ChooseWireDevice(std::getenv(kWireDeviceVariable), &device, &unused)) {
      run.wire->device = wire::WireDeviceName(device.device);
    }
  }
  events.RunStarted(run);
  const auto start = std::chrono::steady_clock::now();
  ScenarioRunner(scenario, settings, events, warnings, observed).Run(&run);
  run.duration = std::chrono::steady_clock::now() - start;
  events.RunFinished(run);
  return run;
}

}  // namespace wirecheck
