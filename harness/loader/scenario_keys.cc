#include "harness/loader/scenario_keys.h"

namespace wirecheck {

namespace {

using VT = ValueType;
constexpr std::int64_t kMaxPort = 65535;

// Choices.
constexpr std::string_view kProtocolChoices[] = {"tcp", "udp"};
constexpr std::string_view kFamilyChoices[] = {"ipv4", "ipv6"};
constexpr std::string_view kStopChoices[] = {"terminate", "wait"};
constexpr std::string_view kAfterChoices[] = {"previous-finished", "previous-started", "server-ready"};
constexpr std::string_view kHandshakeChoices[] = {"complete", "refused"};
constexpr std::string_view kSideChoices[] = {"client", "server", "either"};
constexpr std::string_view kShutdownChoices[] = {"write", "read", "both"};
constexpr std::string_view kConnStateChoices[] = {"S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR",
                                                  "RSTOS0", "RSTRH", "SH", "SHR", "OTH"};

// Keys shared by the server and the clients.
constexpr KeySpec kRunKey{"run", VT::kCommand,
                          "The program to start: a string split into words (quotes group words; no shell), "
                          "or a list of words. Placeholders allowed. Give `run` or `script`, not both."};
constexpr KeySpec kScriptKey{"script", VT::kSteps,
                             "A built-in scripted peer instead of a program: its steps, in order."};
constexpr KeySpec kCwdKey{"cwd", VT::kTemplate, "The working directory of `run`.", "{submission}"};
constexpr KeySpec kEnvKey{"env", VT::kEnvironment,
                          "Variables added to the minimal environment (PATH, HOME={tmp}, LANG=C.UTF-8)."};
constexpr KeySpec kStdinKey{"stdin", VT::kText, "Bytes written to the program's standard input, then closed.",
                            "empty (/dev/null)"};
constexpr KeySpec kLimitsKey{"limits", VT::kMapping, "Resource limits of the program.", {}, false,
                             &kLimitsKeys};
constexpr KeySpec kTimeoutKey{"timeout", VT::kDuration,
                              "Wall-clock limit of the program; then it is killed (SIGKILL) and the check fails.",
                              "clients 10s; the server: the scenario's timeout"};
constexpr KeySpec kProcessExpectKey{"expect", VT::kMapping, "What the program must do.", {}, false,
                                    &kProcessExpectKeys};

constexpr KeySpec kScenarioTable[] = {
    {"scenario", VT::kString, "A one-line title, shown in reports.", {}, true},
    {"description", VT::kString, "Free text: what the scenario tests and why."},
    {"protocol", VT::kChoice, "The transport the server speaks.", "tcp", false, nullptr, kProtocolChoices},
    {"family", VT::kChoice, "IPv4 (127.0.0.1) or IPv6 (::1) loopback; sets {host}.", "ipv4", false, nullptr,
     kFamilyChoices},
    {"timeout", VT::kDuration, "Wall-clock limit of the whole run; then everything is stopped.", "30s"},
    {"run_limits", VT::kMapping,
     "Limits of all the run's programs together (a cgroup of the run, where the machine gives one).", {}, false,
     &kRunLimitsKeys},
    {"network", VT::kMapping,
     "Hosts of their own joined by a wire in user space, and what the wire does to packets (loss, delay, ...). "
     "Without it every program runs on one loopback.",
     {}, false, &kNetworkKeys},
    {"server", VT::kMapping, "The server: a program or a scripted peer.", {}, true, &kServerKeys},
    {"clients", VT::kMappingList, "Client groups, started in order.", "none", false, &kClientKeys},
    {"expect", VT::kMapping, "What must be seen on the wire.", {}, false, &kWireKeys},
    {"grading", VT::kPoints, "Points per check, shown in the reports: check name to points."},
};

constexpr KeySpec kServerTable[] = {
    {"name", VT::kString, "A name for reports and the {name} placeholder.", "server"},
    kRunKey,
    kScriptKey,
    {"port", VT::kInteger, "The port the server's welcome socket listens on (TCP) or binds (UDP); {port}.",
     "6789", false, nullptr, {}, 1, kMaxPort},
    {"ready_timeout", VT::kDuration,
     "How long the server may take to listen (TCP) or bind (UDP) on its port before clients start; "
     "read from the socket tables, never by connecting.",
     "5s"},
    {"stop", VT::kChoice,
     "terminate: SIGTERM once the clients are done (a server normally runs forever); "
     "wait: the server must exit by itself.",
     "terminate", false, nullptr, kStopChoices},
    {"host", VT::kString, "The host of network.hosts the server runs on; {host} is its address.",
     "the host named server, else the first host"},
    kCwdKey,
    kEnvKey,
    kStdinKey,
    kLimitsKey,
    kTimeoutKey,
    kProcessExpectKey,
};

constexpr KeySpec kClientTable[] = {
    {"name", VT::kString, "A name for reports and the {name} placeholder.", "client-N (N: the group's number)"},
    kRunKey,
    kScriptKey,
    {"count", VT::kInteger, "How many clients of this group run.", "1", false, nullptr, {}, 1, 10000},
    {"start", VT::kStart,
     "How the group's clients start: one-by-one (each after the previous exits), together, "
     "or every <duration>.",
     "one-by-one"},
    {"after", VT::kChoice, "When the group starts: after the previous group finished, started, or once the server is ready.",
     "previous-finished", false, nullptr, kAfterChoices},
    {"delay", VT::kDuration, "A further wait before the group starts.", "0s"},
    {"host", VT::kString, "The host of network.hosts this group's clients run on.", "the server's host"},
    kCwdKey,
    kEnvKey,
    kStdinKey,
    kLimitsKey,
    kTimeoutKey,
    kProcessExpectKey,
    {"wire", VT::kMapping, "Expectations on the connections this group's clients opened (TCP).", {}, false,
     &kConnectionKeys, {}, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
     Protocols::kTcpOnly},
};

constexpr std::int64_t kGiB = std::int64_t{1} << 30;
constexpr std::int64_t kMiB = std::int64_t{1} << 20;

constexpr KeySpec kRunLimitsTable[] = {
    {"memory", VT::kSize,
     "Memory of all the run's programs together (cgroup memory cap, no swap); past it the kernel kills one. "
     "At least 16MiB, at most 1024GiB.",
     "2GiB", false, nullptr, {}, 16 * kMiB, 1024 * kGiB},
    {"processes", VT::kInteger, "Processes and threads of all the run's programs together (cgroup pids cap).", "512",
     false, nullptr, {}, 1, 100000},
};

constexpr KeySpec kLimitsTable[] = {
    {"cpu", VT::kDuration, "CPU time (RLIMIT_CPU, whole seconds, rounded up).", "10s"},
    {"address_space", VT::kSize, "Virtual memory (RLIMIT_AS). A JVM needs several GiB. At most 1024GiB.", "4GiB",
     false, nullptr, {}, 0, 1024 * kGiB},
    {"processes", VT::kInteger, "Processes and threads (RLIMIT_NPROC).", "64", false, nullptr, {}, 1, 100000},
    {"file_size", VT::kSize, "Largest file the program may write (RLIMIT_FSIZE). At most 16GiB.", "64MiB", false,
     nullptr, {}, 0, 16 * kGiB},
    {"open_files", VT::kInteger, "Open file descriptors (RLIMIT_NOFILE).", "256", false, nullptr, {}, 3, 1048576},
    {"output", VT::kSize, "Bytes of stdout and of stderr kept for checks and reports (in memory). At most 256MiB.",
     "1MiB", false, nullptr, {}, 0, 256 * kMiB},
};

constexpr KeySpec kProcessExpectTable[] = {
    {"exit", VT::kInteger, "The exit status.", "not checked", false, nullptr, {}, 0, 255},
    {"no_crash", VT::kBool, "Not ended by a signal wirecheck did not send (SIGSEGV, SIGABRT, ...).", "true"},
    {"no_flood", VT::kBool,
     "Wrote at most limits.output bytes on stdout, and at most that on stderr: more is a flood of output "
     "(a debug print in a loop), and fails.",
     "true"},
    {"stdout", VT::kTextMatch, "What the standard output holds.", "not checked"},
    {"stderr", VT::kTextMatch, "What the standard error holds.", "not checked"},
    {"within", VT::kDuration, "The program finished within this time of its start.", "not checked"},
};

constexpr KeySpec kTextMatchTable[] = {
    {"exact", VT::kText, "The whole text, byte for byte."},
    {"contains", VT::kTextList, "Each of these appears somewhere."},
    {"regex", VT::kRegex, "A regular expression (RE2 syntax) found somewhere (not anchored: use ^ and $)."},
    {"lines", VT::kTextList, "The text's lines, exactly and in order (split at \\n; a final \\n ends the last line)."},
};

constexpr KeySpec kHexTable[] = {
    {"hex", VT::kString, "Bytes as hex digit pairs, spaces or colons allowed: \"de ad be ef\".", {}, true},
};

constexpr KeySpec kCountTable[] = {
    {"at_least", VT::kInteger, "The smallest number allowed.", {}, false, nullptr, {}, 0},
    {"at_most", VT::kInteger, "The largest number allowed.", {}, false, nullptr, {}, 0},
};

constexpr KeySpec kPortRangeTable[] = {
    {"from", VT::kInteger, "The lowest port.", {}, true, nullptr, {}, 1, kMaxPort},
    {"to", VT::kInteger, "The highest port.", {}, true, nullptr, {}, 1, kMaxPort},
};

// Steps: each step names one action; modifiers go beside it in the same mapping.
constexpr std::string_view kTimeoutOnly[] = {"timeout"};
constexpr std::string_view kListenModifiers[] = {"backlog"};
constexpr std::string_view kSendToModifiers[] = {"to"};
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

constexpr KeySpec Action(std::string_view name, ValueType type, std::string_view description,
                         std::string_view default_text, Protocols protocols, bool bare,
                         std::span<const std::string_view> modifiers = {},
                         std::span<const std::string_view> choices = {}) {
  return KeySpec{name, type, description, default_text, false, nullptr, choices, kMin, kMax, protocols,
                 true, bare, modifiers};
}

constexpr KeySpec kStepTable[] = {
    Action("connect", VT::kTemplate, "TCP: connect to host:port.", kServerAddress, Protocols::kTcpOnly, true,
           kTimeoutOnly),
    Action("listen", VT::kPortText, "TCP: bind and listen on this port (a scripted server).", "{port}",
           Protocols::kTcpOnly, true, kListenModifiers),
    Action("accept", VT::kNone, "TCP: accept one connection; later steps use it.", {}, Protocols::kTcpOnly, true,
           kTimeoutOnly),
    Action("bind", VT::kPortText, "UDP: bind to this port (a scripted server).", "{port}", Protocols::kUdpOnly,
           true),
    Action("send", VT::kText, "TCP: send these bytes (TCP_NODELAY: each send leaves as its own segment).", {},
           Protocols::kTcpOnly, false),
    Action("sendto", VT::kText, "UDP: send one datagram.", {}, Protocols::kUdpOnly, false, kSendToModifiers),
    Action("reply", VT::kText, "UDP: send one datagram to the sender of the last one received.", {},
           Protocols::kUdpOnly, false),
    Action("sleep", VT::kDuration, "Wait.", {}, Protocols::kBoth, false),
    Action("expect", VT::kStepMatch, "TCP: read until the match is decided; fails after timeout.", {},
           Protocols::kTcpOnly, false, kTimeoutOnly),
    Action("recvfrom", VT::kStepMatch, "UDP: receive one datagram and compare it; alone: any datagram.", {},
           Protocols::kUdpOnly, true, kTimeoutOnly),
    Action("expect_close", VT::kNone, "TCP: the peer closes its side (read returns 0) within timeout.", {},
           Protocols::kTcpOnly, true, kTimeoutOnly),
    Action("shutdown", VT::kChoice, "TCP: shutdown(); write is a half close (FIN), the socket stays open to read.",
           "write", Protocols::kTcpOnly, true, {}, kShutdownChoices),
    Action("close", VT::kNone, "close() the socket: a FIN (or an RST if unread data is pending).", {},
           Protocols::kBoth, true),
    Action("reset", VT::kNone, "TCP: abort with an RST (SO_LINGER 0, then close()).", {}, Protocols::kTcpOnly,
           true),
    Action("hold", VT::kDuration, "Keep the socket open, doing nothing, for this long; alone: to the end of the run.",
           "to the end of the run", Protocols::kBoth, true),
    {"timeout", VT::kDuration, "Modifier of connect, accept, expect, recvfrom, expect_close: how long to wait.",
     "2s"},
    {"backlog", VT::kInteger, "Modifier of listen: the listen() backlog.", "5", false, nullptr, {}, 0, 65535},
    {"to", VT::kTemplate, "Modifier of sendto: host:port to send to.", kServerAddress},
};

constexpr KeySpec kStepMatchTable[] = {
    {"bytes", VT::kText, "Exactly these bytes next."},
    {"line", VT::kText, "The next line is this text (its \\n, and a \\r before it, not compared)."},
    {"regex", VT::kRegex, "The next line matches this regular expression (searched)."},
};

constexpr KeySpec kWireTable[] = {
    {"connections", VT::kCount, "Connections to the server port.", {}, false, nullptr, {}, kMin, kMax,
     Protocols::kTcpOnly},
    {"every_connection", VT::kMapping, "Expectations every connection to the server port meets.", {}, false,
     &kConnectionKeys, {}, kMin, kMax, Protocols::kTcpOnly},
    {"connections_in_order", VT::kMappingList,
     "Expectations of the 1st, 2nd, ... connection, ordered by their first SYN.", {}, false, &kConnectionKeys,
     {}, kMin, kMax, Protocols::kTcpOnly},
    {"distinct_4tuples", VT::kBool, "No two connections share a 4-tuple.", {}, false, nullptr, {}, kMin, kMax,
     Protocols::kTcpOnly},
    {"max_open_at_once", VT::kCount, "The most connections open at the same moment (a concurrent server).", {},
     false, nullptr, {}, kMin, kMax, Protocols::kTcpOnly},
    {"server_still_listening", VT::kBool, "The welcome socket still listens after the clients are done.", {},
     false, nullptr, {}, kMin, kMax, Protocols::kTcpOnly},
    {"listen_backlog", VT::kCount, "The backlog of the welcome socket's listen(), from the socket tables.", {},
     false, nullptr, {}, kMin, kMax, Protocols::kTcpOnly},
    {"client_datagrams", VT::kMapping, "The datagrams the clients send to the server.", {}, false,
     &kDatagramsKeys, {}, kMin, kMax, Protocols::kUdpOnly},
    {"server_datagrams", VT::kMapping, "The datagrams the server sends.", {}, false, &kDatagramsKeys, {}, kMin,
     kMax, Protocols::kUdpOnly},
    {"flows", VT::kCount, "Distinct client address:port pairs that talk to the server port.", {}, false, nullptr,
     {}, kMin, kMax, Protocols::kUdpOnly},
    {"replies_to_sender", VT::kBool, "Every server datagram goes to an address and port a client sent from.", {},
     false, nullptr, {}, kMin, kMax, Protocols::kUdpOnly},
    {"reply_from_bound_port", VT::kBool, "Every server datagram leaves from the server port.", {}, false,
     nullptr, {}, kMin, kMax, Protocols::kUdpOnly},
    {"replies_same_size", VT::kBool,
     "Each reply has the size of the datagram it answers: none truncated or padded.", {}, false, nullptr, {},
     kMin, kMax, Protocols::kUdpOnly},
    {"server_still_bound", VT::kBool,
     "A socket is still bound to the server port after the clients are done (false: none is).", {}, false,
     nullptr, {}, kMin, kMax, Protocols::kUdpOnly},
    {"reply_delay", VT::kMapping,
     "From each request (TCP: the client's first data on a connection; UDP: each datagram to the server) to "
     "the server's first reply after it, in the capture's times.", {}, false, &kTimeBoundKeys},
    {"replies_apart", VT::kMapping,
     "From each reply (as reply_delay pairs them) to the next, in time order: an iterative server's replies "
     "come at least its work apart.", {}, false, &kTimeBoundKeys},
};

constexpr KeySpec kTimeBoundTable[] = {
    {"at_least", VT::kDuration, "The shortest time allowed (less its tolerance)."},
    {"at_most", VT::kDuration, "The longest time allowed (plus its tolerance)."},
    {"tolerance", VT::kDuration, "How far past each end a time still passes.",
     "at_most: 10% of it, at least 20ms; at_least: 1ms"},
};

constexpr KeySpec kConnectionTable[] = {
    {"handshake", VT::kChoice,
     "complete: SYN, SYN-ACK, ACK, in that order, before any data; refused: the SYN is answered by an RST.", {},
     false, nullptr, kHandshakeChoices},
    {"server_port", VT::kInteger, "The server's port of the connection.", {}, false, nullptr, {}, 1, kMaxPort},
    {"client_port", VT::kPortRange,
     "The client's port: ephemeral (the kernel's ephemeral range), a port, or {from, to}."},
    {"client_sends", VT::kTextMatch, "The bytes the client sends, reassembled."},
    {"server_sends", VT::kTextMatch, "The bytes the server sends, reassembled."},
    {"close", VT::kMapping, "How the connection ends.", {}, false, &kCloseKeys},
    {"history", VT::kRegex, "A regular expression Zeek's history string matches (searched: anchor with ^ $)."},
    {"conn_state", VT::kChoiceList, "Zeek's conn_state: one state, or a list of allowed ones.", {}, false, nullptr,
     kConnStateChoices},
};

constexpr KeySpec kCloseTable[] = {
    {"first_fin", VT::kChoice, "Who sends the first FIN.", {}, false, nullptr, kSideChoices},
    {"clean", VT::kBool, "true: a FIN each way and no RST.", {}},
    {"reset", VT::kChoice, "An RST is expected from this side.", {}, false, nullptr, kSideChoices},
};

constexpr KeySpec kDatagramsTable[] = {
    {"count", VT::kCount, "How many datagrams."},
    {"payloads", VT::kTextList, "The payloads, exactly and in order."},
    {"each", VT::kTextMatch, "What every datagram's payload holds."},
    {"size", VT::kCount, "Every datagram's payload size in bytes."},
};

constexpr KeySpec kNetworkTable[] = {
    {"hosts", VT::kHosts,
     "The run's hosts: name to address (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32 or "
     "127.0.0.0/8 only; two hosts at most). Each host gets a network namespace of its own; the wire joins them.",
     {}, true},
    {"client_to_server", VT::kMapping, "What the wire does to packets from a client's host to the server's.", "a perfect wire",
     false, &kDirectionKeys},
    {"server_to_client", VT::kMapping, "What the wire does to packets from the server's host to a client's.", "a perfect wire",
     false, &kDirectionKeys},
    {"seed", VT::kInteger,
     "The seed of every random choice of the wire: the same seed and the same packets give the same drops. "
     "wirecheck run --seed overrides it.",
     "chosen at random per run, and printed", false, nullptr, {}, 0},
};

constexpr KeySpec kDirectionTable[] = {
    {"loss", VT::kPercent, "Each packet is lost with this probability, independently.", "0%"},
    {"drop", VT::kDropRules,
     "Exact drops, for tests that must not depend on chance: first_fin, first_syn, or {nth_packet: N}, "
     "{nth_segment: N}, {nth_fin: N}, {nth_syn: N}; one or a list. Counted on the wire: a retransmission counts again."},
    {"delay", VT::kDuration, "Every packet is delayed this long.", "0s"},
    {"jitter", VT::kDuration, "The delay varies uniformly within delay ± jitter; the order is kept.", "0s"},
    {"reorder", VT::kPercent, "Each packet is held back by reorder_delay with this probability; the others overtake it.",
     "0%"},
    {"reorder_delay", VT::kDuration, "How long a reordered packet is held back.", "20ms"},
    {"duplicate", VT::kPercent, "Each packet is delivered twice with this probability.", "0%"},
    {"rate", VT::kRate, "A rate limit: each packet waits its serialisation time (1Mbit/s, 64KiB/s).", "unlimited"},
    {"mtu", VT::kInteger,
     "Packets larger than this (IP header included) are dropped and answered with ICMP fragmentation needed.",
     "no limit", false, nullptr, {}, 68, 65535},
};

constexpr KeySpec kDropRuleTable[] = {
    {"nth_packet", VT::kInteger, "The Nth packet of the direction.", {}, false, nullptr, {}, 1, 1000000000},
    {"nth_segment", VT::kInteger, "The Nth TCP segment that carries data.", {}, false, nullptr, {}, 1, 1000000000},
    {"nth_fin", VT::kInteger, "The Nth TCP segment with FIN set.", {}, false, nullptr, {}, 1, 1000000000},
    {"nth_syn", VT::kInteger, "The Nth TCP segment with SYN set (SYN or SYN-ACK).", {}, false, nullptr, {}, 1,
     1000000000},
};

constexpr GradingCheck kGradingChecks[] = {
    {"connections", "expect.connections"},
    {"handshake", "every handshake expectation"},
    {"ports", "server_port and client_port"},
    {"data", "client_sends and server_sends of the connections"},
    {"close", "close expectations"},
    {"history", "history and conn_state"},
    {"distinct_4tuples", "expect.distinct_4tuples"},
    {"max_open_at_once", "expect.max_open_at_once"},
    {"server_still_listening", "expect.server_still_listening"},
    {"listen_backlog", "expect.listen_backlog"},
    {"datagrams", "client_datagrams and server_datagrams"},
    {"flows", "expect.flows"},
    {"replies_to_sender", "expect.replies_to_sender"},
    {"reply_from_bound_port", "expect.reply_from_bound_port"},
    {"replies_same_size", "expect.replies_same_size"},
    {"server_still_bound", "expect.server_still_bound"},
    {"reply_delay", "expect.reply_delay"},
    {"replies_apart", "expect.replies_apart"},
    {"processes", "the programs' expect: exit, no_crash, no_flood, stdout, stderr, within; runs_until_stopped"},
    {"scripts", "the scripted peers' expect, recvfrom and expect_close steps"},
};

constexpr GradingCheck kGroupGradingKinds[] = {
    {"exit", "the program's expect.exit"},
    {"no_crash", "the program's no_crash"},
    {"no_flood", "the program's no_flood"},
    {"stdout", "the program's expect.stdout"},
    {"stderr", "the program's expect.stderr"},
    {"within", "the program's expect.within"},
    {"runs_until_stopped", "the server program's runs_until_stopped (stop: terminate)"},
    {"wire", "the client group's wire expectations"},
    {"script", "the scripted peer's expect, recvfrom and expect_close steps"},
};

}  // namespace

const MappingSpec kScenarioKeys{"scenario", "A wirecheck scenario.", kScenarioTable};
const MappingSpec kServerKeys{"server", "The server: a program (run) or a scripted peer (script).", kServerTable};
const MappingSpec kClientKeys{"client", "A group of identical clients: a program (run) or a scripted peer (script).",
                              kClientTable};
const MappingSpec kLimitsKeys{"limits", "Resource limits (setrlimit) of a program.", kLimitsTable};
const MappingSpec kRunLimitsKeys{"run_limits", "Limits of all the run's programs together (a cgroup).",
                                 kRunLimitsTable};
const MappingSpec kProcessExpectKeys{"process_expect", "What a program must do.", kProcessExpectTable};
const MappingSpec kTextMatchKeys{"text_match", "Conditions on bytes; all that are given must hold.",
                                 kTextMatchTable};
const MappingSpec kHexKeys{"hex_payload", "Payload bytes written in hex.", kHexTable};
const MappingSpec kTimeBoundKeys{"time_bound",
                                 "A bound on a time seen in the capture; give at_least, at_most or both.",
                                 kTimeBoundTable};
const MappingSpec kCountKeys{"count_range", "A range of counts; give at least one end.", kCountTable};
const MappingSpec kPortRangeKeys{"port_range", "A range of ports.", kPortRangeTable};
const MappingSpec kStepKeys{"step", "One step of a scripted peer: one action, and its modifiers.", kStepTable};
const MappingSpec kStepMatchKeys{"step_match", "What an expect or recvfrom step compares: give one key.",
                                 kStepMatchTable};
const MappingSpec kWireKeys{"wire_expect", "What must be seen on the wire.", kWireTable};
const MappingSpec kConnectionKeys{"connection_expect", "Expectations of a TCP connection.", kConnectionTable};
const MappingSpec kCloseKeys{"close_expect", "How a TCP connection ends.", kCloseTable};
const MappingSpec kDatagramsKeys{"datagrams_expect", "The datagrams one side sends.", kDatagramsTable};

const MappingSpec kNetworkKeys{"network", "The run's hosts and the wire between them.", kNetworkTable};
const MappingSpec kDirectionKeys{"wire_direction", "What the wire does to the packets of one direction.",
                                 kDirectionTable};
const MappingSpec kDropRuleKeys{"drop_rule", "One exact drop: give one key.", kDropRuleTable};

const KeySpec* MappingSpec::Find(std::string_view key) const {
  for (const KeySpec& k : keys) {
    if (k.name == key) return &k;
  }
  return nullptr;
}

std::vector<std::string_view> MappingSpec::Names() const {
  std::vector<std::string_view> names;
  for (const KeySpec& k : keys) names.push_back(k.name);
  return names;
}

std::span<const MappingSpec* const> AllMappings() {
  static const MappingSpec* const kAll[] = {
      &kScenarioKeys, &kServerKeys, &kClientKeys, &kLimitsKeys, &kRunLimitsKeys, &kProcessExpectKeys,
      &kTextMatchKeys, &kHexKeys, &kCountKeys, &kPortRangeKeys, &kStepKeys,
      &kStepMatchKeys, &kWireKeys, &kConnectionKeys, &kCloseKeys, &kDatagramsKeys,
      &kNetworkKeys, &kDirectionKeys, &kDropRuleKeys, &kTimeBoundKeys,
  };
  return kAll;
}

std::span<const GradingCheck> GradingChecks() { return kGradingChecks; }

std::span<const GradingCheck> GroupGradingKinds() { return kGroupGradingKinds; }

std::vector<std::string_view> GroupGradingKindNames() {
  std::vector<std::string_view> names;
  for (const GradingCheck& c : kGroupGradingKinds) names.push_back(c.name);
  return names;
}

std::vector<std::string_view> GradingCheckNames() {
  std::vector<std::string_view> names;
  for (const GradingCheck& c : kGradingChecks) names.push_back(c.name);
  return names;
}

}  // namespace wirecheck
