#pragma once
// The scenario model: what `wirecheck run` starts and what `verify` checks.
// Plain data, filled by LoadScenarioFile() (scenario_loader.h) and read by
// the runner, the scripted peers and the verifier. No YAML in here. The
// format of the files is documented in scenarios/README.md.
//
// Every element keeps the file:line:column it was written at, so a failed
// check can cite its line of the scenario as evidence. Strings that name
// commands, directories or addresses keep their {placeholders} unexpanded
// (see placeholder_text.h); payloads and text matches hold final bytes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/model/network.h"
#include "harness/model/source_location.h"

namespace wirecheck {

using Duration = std::chrono::nanoseconds;

/// An integer bound: exact when both ends are equal. At least one is set.
struct Count {
  std::optional<std::int64_t> at_least;
  std::optional<std::int64_t> at_most;
  bool Holds(std::int64_t n) const {
    return (!at_least || n >= *at_least) && (!at_most || n <= *at_most);
  }
};

/// Conditions on bytes (a process's output, a stream, a datagram). Every
/// condition that is set must hold; none set means anything matches.
struct TextMatch {
  std::optional<std::string> exact;     // the whole text, byte for byte
  std::vector<std::string> contains;    // each appears somewhere
  std::optional<std::string> regex;     // RE2 syntax (model/pattern.h), searched (not anchored); checked to compile
  std::optional<std::vector<std::string>> lines;  // the text split at '\n' (a final '\n' ends the last line)
  SourceLocation where;
};

/// setrlimit() limits of one process; the runner applies them in the sandbox.
struct Limits {
  Duration cpu = std::chrono::seconds(10);              // RLIMIT_CPU
  std::uint64_t address_space = 4ull << 30;             // RLIMIT_AS, bytes
  std::uint64_t processes = 64;                         // RLIMIT_NPROC
  std::uint64_t file_size = 64ull << 20;                // RLIMIT_FSIZE, bytes
  std::uint64_t open_files = 256;                       // RLIMIT_NOFILE
  std::uint64_t output = 1ull << 20;                    // stdout and stderr bytes kept, each
  SourceLocation where;
};

/// Caps on all of a run's programs together, held by a cgroup of the run
/// where the machine gives one (root, or a delegated cgroup v2); elsewhere
/// only the per-program limits hold (docs/sandbox.md).
struct RunLimits {
  std::uint64_t memory = 2ull << 30;  // bytes of RAM (and swap: none)
  std::uint64_t processes = 512;      // processes and threads
  SourceLocation where;
};

/// A real program to start. argv[0] is looked up in PATH when it has no '/'.
struct Command {
  std::vector<std::string> argv;                        // placeholders unexpanded
  std::string cwd = "{submission}";
  std::vector<std::pair<std::string, std::string>> env;  // added to the minimal environment
  std::optional<std::string> stdin_bytes;               // nullopt: stdin is /dev/null
  Limits limits;
  std::optional<Duration> timeout;                      // wall clock, then SIGKILL; nullopt: the scenario's timeout
  SourceLocation where;
};

/// What a process must do; checked from its outcome and captured output.
struct ProcessExpect {
  std::optional<Located<int>> exit;                     // exit status 0..255
  Located<bool> no_crash{true, {}};                     // not ended by a signal wirecheck did not send
  Located<bool> no_flood{true, {}};                     // wrote at most limits.output on stdout and on stderr
  std::optional<TextMatch> stdout_match;
  std::optional<TextMatch> stderr_match;
  std::optional<Located<Duration>> within;              // finished within, from its start
  SourceLocation where;
};

enum class Side { kClient, kServer, kEither };

/// What a scripted peer reads and compares in an `expect` or `recvfrom` step.
struct StepMatch {
  enum class Kind {
    kBytes,   // exactly these bytes next (reads as many as needed)
    kLine,    // the next line, its '\n' (and a '\r' before it) not compared
    kRegex,   // the next line matches (searched)
    kAny,     // recvfrom only: any datagram
  };
  Kind kind = Kind::kBytes;
  std::string text;
  bool hex = false;  // given as hex: never has placeholders expanded
};

/// One step of a built-in scripted peer. Which fields matter depends on the
/// action; the loader has checked that the step fits the protocol and comes
/// after what it needs (a send after a connect or accept, ...).
struct ScriptStep {
  enum class Action {
    kConnect,      // TCP: connect to target
    kListen,       // TCP: bind + listen on target (a port), with backlog
    kAccept,       // TCP: accept one connection (waits up to timeout)
    kBind,         // UDP: bind to target (a port)
    kSend,         // TCP: send bytes (TCP_NODELAY: each send leaves as its own segment)
    kSendTo,       // UDP: send bytes to target
    kReply,        // UDP: send bytes to the sender of the last datagram received
    kSleep,        // wait for duration
    kExpect,       // TCP: read and compare match, within timeout
    kRecvFrom,     // UDP: receive one datagram, compare match, within timeout
    kExpectClose,  // TCP: the peer closes its side (read returns 0) within timeout
    kShutdown,     // TCP: shutdown(how); half close by default
    kClose,        // close(): FIN
    kReset,        // SO_LINGER {1, 0} then close(): RST
    kHold,         // keep the socket open for duration, or to the end of the run when 0
  };
  enum class ShutdownHow { kWrite, kRead, kBoth };
  Action action = Action::kClose;
  std::string target;                // connect, sendto: "host:port"; listen, bind: "port"; placeholders unexpanded
  std::string bytes;                 // send, sendto, reply; placeholders unexpanded
  bool bytes_hex = false;            // bytes given as hex: never expanded
  StepMatch match;                   // expect, recvfrom
  Duration duration{};               // sleep, hold
  Duration timeout = std::chrono::seconds(2);  // connect, accept, expect, recvfrom, expect_close
  int backlog = 5;                   // listen
  ShutdownHow how = ShutdownHow::kWrite;
  SourceLocation where;
};

/// ephemeral: from the kernel's ephemeral range; otherwise [from, to].
/// Outside ConnectionExpect (which names it PortRange) because clang refuses
/// a nested class's member initializers inside its enclosing class's
/// std::optional<Located<...>> member (the fuzz build is clang).
struct ClientPortRange {
  bool ephemeral = true;
  int from = 0;
  int to = 0;
};

/// Wire expectations of one TCP connection to the server port.
struct ConnectionExpect {
  enum class Handshake { kComplete, kRefused };
  using PortRange = ClientPortRange;
  struct Close {
    std::optional<Located<Side>> first_fin;
    std::optional<Located<bool>> clean;       // FIN both ways, no RST
    std::optional<Located<Side>> reset;       // an RST from that side
    SourceLocation where;
  };
  std::optional<Located<Handshake>> handshake;
  std::optional<Located<int>> server_port;
  std::optional<Located<PortRange>> client_port;
  std::optional<TextMatch> client_sends;
  std::optional<TextMatch> server_sends;
  std::optional<Close> close;
  std::optional<Located<std::string>> history;             // regex over Zeek's history, searched
  std::optional<Located<std::vector<std::string>>> conn_state;  // any of these Zeek states
  SourceLocation where;
};

/// The datagrams one side of a UDP exchange sends, over all flows.
struct DatagramsExpect {
  std::optional<Located<Count>> count;
  std::optional<Located<std::vector<std::string>>> payloads;  // in order, exactly
  std::optional<TextMatch> each;                              // every datagram
  std::optional<Located<Count>> size;                         // every datagram's payload size
  SourceLocation where;
};

struct UdpExpect {
  std::optional<DatagramsExpect> client_datagrams;
  std::optional<DatagramsExpect> server_datagrams;
  std::optional<Located<Count>> flows;                    // distinct client address:port
  std::optional<Located<bool>> replies_to_sender;         // to the address and port the request came from
  std::optional<Located<bool>> reply_from_bound_port;     // from the server port
  std::optional<Located<bool>> replies_same_size;         // no reply truncated or padded
  std::optional<Located<bool>> server_still_bound;        // the server port, after the clients are done
};

/// A bound on a time measured in the capture (a reply's delay, the spacing
/// of replies); at least one end is set. Judged with a tolerance toward
/// passing: time_bound.h says how the default is chosen.
struct TimeBound {
  std::optional<Duration> at_least;
  std::optional<Duration> at_most;
  std::optional<Duration> tolerance;   // nullopt: each end's default (time_bound.h)
  SourceLocation where;
};

/// The wire checks of a scenario (the top-level `expect:`); also what
/// `wirecheck verify` applies to a capture taken elsewhere.
struct WireExpect {
  // TCP
  std::optional<Located<Count>> connections;              // to the server port
  std::optional<ConnectionExpect> every_connection;
  std::vector<ConnectionExpect> connections_in_order;     // by the time of their first SYN
  std::optional<Located<bool>> distinct_4tuples;
  std::optional<Located<Count>> max_open_at_once;
  std::optional<Located<bool>> server_still_listening;    // after the clients are done
  std::optional<Located<Count>> listen_backlog;           // of the welcome socket (sock_diag)
  // UDP
  UdpExpect udp;
  // Both protocols: times between requests and replies (verify_timing.h)
  std::optional<TimeBound> reply_delay;     // each request to the server's first reply after it
  std::optional<TimeBound> replies_apart;   // each reply to the next, in time order
  SourceLocation where;
};

struct GradeItem {
  std::string check;   // a name of kGradingChecks, or a group's own: "<group>.<kind>" (scenario_keys.h)
  int points = 0;
  SourceLocation where;
};

struct Grading {
  std::vector<GradeItem> items;   // in file order
  SourceLocation where;
};

/// A peer is a real program (command) or a built-in script, never both.
struct ServerSpec {
  enum class Stop { kTerminate, kWait };
  std::string name = "server";
  std::optional<Command> command;
  std::vector<ScriptStep> script;
  int port = 6789;
  Duration ready_timeout = std::chrono::seconds(5);  // until the port LISTENs (TCP) or is bound (UDP)
  Stop stop = Stop::kTerminate;   // SIGTERM once the clients are done, or wait for its own exit
  std::optional<Located<std::string>> host;   // a name of network.hosts; nullopt: the default host
  ProcessExpect expect;
  SourceLocation where;
};

struct ClientSpec {
  enum class Start { kOneByOne, kTogether, kEvery };
  enum class After { kPreviousFinished, kPreviousStarted, kServerReady };
  std::string name;               // default "client-N", N its 1-based group index
  std::optional<Command> command;
  std::vector<ScriptStep> script;
  int count = 1;
  Start start = Start::kOneByOne;
  Duration interval{};            // kEvery
  After after = After::kPreviousFinished;
  Duration delay{};               // added after `after` is met
  std::optional<Located<std::string>> host;   // a name of network.hosts; nullopt: the server's host
  ProcessExpect expect;
  std::optional<ConnectionExpect> wire;   // the connections this group opened
  SourceLocation where;
};

struct Scenario {
  enum class Protocol { kTcp, kUdp };
  enum class Family { kIpv4, kIpv6 };
  std::string title;
  std::string description;
  Protocol protocol = Protocol::kTcp;
  Family family = Family::kIpv4;
  Duration timeout = std::chrono::seconds(30);   // the whole run, wall clock
  RunLimits run_limits;
  std::optional<Network> network;   // nullopt: every program on one loopback, no wire
  ServerSpec server;
  std::vector<ClientSpec> clients;
  WireExpect expect;
  Grading grading;
  SourceLocation where;   // the top-level mapping; where.file is the scenario file
};

/// The host the server runs on: its `host:`, else the host named "server",
/// else the first; nullptr without network.hosts.
const NetworkHost* ServerHost(const Scenario& scenario);

}  // namespace wirecheck
