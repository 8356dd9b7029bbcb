#pragma once
// The report model: plain value structs the harness fills and every writer
// reads. A leaf: nothing here knows about scenarios, processes or captures
// beyond these values. Bytes are kept raw (std::string as a byte buffer);
// writers escape them (reports/escape.h).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wirecheck::reports {

/// Times are relative to the run's first captured packet, as Wireshark's
/// default "seconds since beginning of capture", so that packet numbers and
/// times read the same in a report and in the run's pcap.
using RelativeTime = std::chrono::nanoseconds;

enum class CheckStatus {
  kPass,
  kFail,
  /// The fact could not be observed (the capture lost packets, the run ended
  /// before it could happen). Never reported as a pass.
  kInconclusive,
  /// The check does not apply here (process checks on a foreign capture).
  kNotApplicable,
};

/// "pass", "fail", "inconclusive", "not_applicable" (JSON and docs).
std::string_view CheckStatusName(CheckStatus s);

struct Endpoint {
  std::string address;  // "127.0.0.1", "::1"
  std::uint16_t port = 0;
};

/// One conversation's 4-tuple. The client is the originator (the side that
/// sent the first SYN, or the first datagram).
struct ConversationId {
  std::string transport;  // "tcp" | "udp"
  Endpoint client;
  Endpoint server;
};

/// "127.0.0.1:41234", "[::1]:41234".
std::string EndpointText(const Endpoint& e);
/// "tcp 127.0.0.1:41234 -> 127.0.0.1:6789".
std::string ConversationText(const ConversationId& c);

enum class PacketDirection { kClientToServer, kServerToClient };

/// "client_to_server" | "server_to_client".
std::string_view PacketDirectionName(PacketDirection d);

/// One row of a ladder (sequence) diagram of a conversation.
struct LadderPacket {
  std::uint64_t number = 0;  // in the capture, from 1 (Wireshark's No.)
  RelativeTime time{};
  PacketDirection direction = PacketDirection::kClientToServer;
  std::string flags;                 // "SYN", "SYN,ACK", "FIN,ACK", "RST"; empty for UDP
  std::optional<std::uint32_t> seq;  // relative to the sender's ISN; none for UDP
  std::optional<std::uint32_t> ack;  // relative; only when ACK is set
  std::uint64_t payload_length = 0;
  std::string payload;  // the first bytes of the payload (raw, may be cut)
  bool is_evidence = false;  // this packet shows the checked fact
  /// Packets of the conversation left out just before this row: the ladder
  /// was folded (the first and last rows and those near evidence kept).
  std::uint64_t folded_before = 0;
};

/// A packet the check points at.
struct PacketRef {
  std::uint64_t number = 0;
  RelativeTime time{};
};

/// Where two byte sequences part: a stream or datagram against what the
/// scenario expects, or a process's output against its expectation.
struct ByteDifference {
  std::string where;  // "client to server stream", "client 2 stdout"
  std::uint64_t offset = 0;  // of the first differing byte
  std::string expected;      // raw; may be a head of the whole
  std::uint64_t expected_length = 0;  // of the whole expected sequence
  std::string actual;        // raw; may be a head of the whole
  std::uint64_t actual_length = 0;
};

/// What a check saw. Every part is optional: a count check has only
/// expected/observed, a close check a conversation, packets and a ladder.
struct Evidence {
  std::optional<ConversationId> conversation;
  std::vector<PacketRef> packets;
  std::string expected;  // one line, plain words; empty if none
  std::string observed;  // one line, plain words; empty if none
  std::optional<ByteDifference> difference;
  std::vector<LadderPacket> ladder;  // the conversation, compact; may be empty
  /// The program whose outcome or output the check judged (a
  /// ProcessSummary's name, "server", "client 2"); empty if none. When the
  /// check fails, the console shows the end of that program's output.
  std::string process;

  bool empty() const;
};

/// One check over the repeated runs of a scenario (`--repeat N`): how often
/// it came out each way. A check a run never decided (it stopped early)
/// counts as inconclusive there.
struct RepeatCounts {
  std::uint32_t runs = 0;
  std::uint32_t passed = 0;
  std::uint32_t failed = 0;
  std::uint32_t inconclusive = 0;
  std::uint32_t not_applicable = 0;

  bool operator==(const RepeatCounts&) const = default;
};

/// "stable-pass" (passed in every run), "stable-fail" (passed in none),
/// "flaky" (passed in some, not all), "not_applicable" (in every run).
std::string_view RepeatVerdict(const RepeatCounts& r);

struct Check {
  std::string id;       // stable, machine-readable: "every_connection.close"
  std::string title;    // "the server closes first, cleanly"
  CheckStatus status = CheckStatus::kInconclusive;
  std::string message;  // one line: what was found
  std::string hint;     // failures: plain words for a student; else empty
  Evidence evidence;
  double points_earned = 0;
  double points_possible = 0;  // 0: not graded
  /// The `grading:` name whose points this check shares ("close",
  /// "processes"); empty for a check no grading name covers (server.ready).
  std::string grading;
  /// Set when the scenario ran more than once (`--repeat N`).
  std::optional<RepeatCounts> repeat;
};

/// How a process of the run ended.
enum class ProcessEnd { kExited, kSignaled, kTimedOut, kFailedToStart, kStoppedByHarness };

struct ProcessSummary {
  std::string name;     // "server", "client 2", "slow-writer"
  std::string command;  // as run, placeholders filled
  ProcessEnd end = ProcessEnd::kExited;
  int code = 0;         // exit status (kExited) or signal number (kSignaled)
  std::string detail;   // why it failed to start, or why the kernel killed it; empty otherwise
  std::chrono::nanoseconds duration{};
  std::uint64_t stdout_bytes = 0;  // all the process wrote
  std::uint64_t stderr_bytes = 0;
  std::string stdout_head;  // raw, the first bytes kept by the harness
  std::string stderr_head;
  /// Raw, the last lines of what the harness kept: at most kTailLines lines
  /// and kTailBytes bytes (a longer last line keeps its end). When the
  /// program wrote more than the harness keeps (*_bytes is larger than what
  /// was kept), these are the last lines kept, not the last it wrote:
  /// *_tail_cut says so.
  std::string stdout_tail;
  std::string stderr_tail;
  bool stdout_tail_cut = false;
  bool stderr_tail_cut = false;

  static constexpr std::size_t kTailLines = 10;
  static constexpr std::size_t kTailBytes = 1024;
};

/// The last `max_lines` lines of `text` within its last `max_bytes` bytes: a
/// line cut by the byte limit keeps its end. A final '\n' does not start a line.
std::string_view LastLines(std::string_view text, std::size_t max_lines = ProcessSummary::kTailLines,
                           std::size_t max_bytes = ProcessSummary::kTailBytes);

/// "exited 0", "killed by signal 11 (SIGSEGV)", "timed out",
/// "failed to start: <detail>", "stopped by wirecheck".
std::string ProcessEndText(const ProcessSummary& p);
/// "exited" | "signaled" | "timed_out" | "failed_to_start" | "stopped".
std::string_view ProcessEndName(ProcessEnd e);

struct CaptureStats {
  std::uint64_t packets = 0;
  std::uint64_t kernel_drops = 0;  // a run with drops or missed packets may be inconclusive
  std::uint64_t conversations = 0;
  std::string file;  // the run's pcap, or the foreign capture verified
  std::uint64_t missed = 0;  // live runs: packets that crossed lo before the capture opened
  /// Packets of conversations past the run's bound on tracked conversations
  /// (a flood): counted, not analysed; the wire checks are inconclusive.
  std::uint64_t untracked_packets = 0;
  /// A run with a wire: the capture on the client host's side of it (the
  /// one above is the server's side, what the checks judge).
  std::string client_side_file;              // kept with --keep-pcap; else empty
  std::uint64_t client_side_packets = 0;
  std::uint64_t client_side_kernel_drops = 0;
};

/// The wire between a run's hosts (a scenario with `network:`): the seed
/// its random choices came from, so the run can be replayed (--seed), and
/// what it did to each direction's packets.
struct WireSummary {
  std::uint64_t seed = 0;
  std::string server_host;   // "server 192.0.2.1"
  std::string client_host;   // "client 198.51.100.7"
  std::string device;        // what joins the hosts: "tun" or "veth"; empty when none could
  struct Direction {
    std::string name;        // "client->server"
    std::uint64_t packets = 0;     // that entered the wire
    std::uint64_t delivered = 0;   // a duplicate counts twice
    std::uint64_t dropped = 0;
    std::uint64_t duplicated = 0;
    /// The packets between the hosts each side's capture saw going this
    /// way (wire0 of the client's host, of the server's); unset when the
    /// run has no capture of that side.
    std::optional<std::uint64_t> client_side;
    std::optional<std::uint64_t> server_side;
  };
  std::vector<Direction> directions;   // client->server, server->client; empty until the wire stopped
  /// The wire's decision log for every packet it dropped, in order:
  /// "client->server #1 (44 bytes): lost on the wire (loss)".
  std::vector<std::string> drops;
  std::uint64_t drops_omitted = 0;    // past the log's limit: counted only
};

/// One conversation the run's capture holds, for the HTML report's list and
/// diagrams. The ladder is kept only for the conversations drawn.
struct ConversationSummary {
  ConversationId id;  // the client is the originator
  std::uint64_t packets = 0;
  std::uint64_t client_bytes = 0;  // payload bytes each side sent, retransmissions included
  std::uint64_t server_bytes = 0;
  std::string history;  // Zeek's conn.log history ("ShADadFf")
  std::string state;    // Zeek's conn_state ("SF", "RSTO")
  RelativeTime first{};
  RelativeTime last{};
  std::vector<LadderPacket> ladder;  // folded (LadderPacket::folded_before); empty: not drawn
  /// Packets past the analysis' record cap: counted, never drawn.
  bool packets_cut = false;
};

enum class HarnessErrorKind { kBadInput, kEnvironment, kInterrupted };

/// "bad_input" | "environment" | "interrupted".
std::string_view HarnessErrorKindName(HarnessErrorKind k);

/// The run did what it set out to do; its checks say how the program fared.
struct Completed {};

/// The harness could not finish the run. The checks made before it stopped
/// (an interrupted run) stay in Run::checks.
struct HarnessError {
  HarnessErrorKind kind = HarnessErrorKind::kEnvironment;
  std::string message;  // "file:line:col: ..." or a sentence
};

using RunOutcome = std::variant<Completed, HarnessError>;

/// How the packets were obtained: a live run of the scenario, or a capture
/// someone else took (`wirecheck verify`).
enum class RunMode { kLive, kVerify };

struct Run {
  std::string scenario;  // the scenario's name
  std::string file;      // its file, as given on the command line
  std::string submission;  // whose program ran: the submission's name; empty when none was named
  RunMode mode = RunMode::kLive;
  std::chrono::system_clock::time_point started{};
  std::chrono::nanoseconds duration{};
  RunOutcome outcome = Completed{};
  std::vector<Check> checks;
  std::vector<ProcessSummary> processes;
  std::optional<CaptureStats> capture;  // none if the run never captured
  std::optional<WireSummary> wire;      // none without a wire between hosts
  /// The capture's conversations in order of first packet, at most a bound
  /// (harness/verify/conversation_list.h); the ones past it only counted.
  std::vector<ConversationSummary> conversations;
  std::uint64_t conversations_unlisted = 0;
  /// How many times the scenario ran (`--repeat N`); the checks are then
  /// the N runs' combined (repeat.h), the rest the shown run's.
  std::uint32_t repeats = 1;

  const HarnessError* harness_error() const { return std::get_if<HarnessError>(&outcome); }
};

struct Report {
  std::vector<Run> runs;
};

struct StatusCounts {
  std::size_t pass = 0;
  std::size_t fail = 0;
  std::size_t inconclusive = 0;
  std::size_t not_applicable = 0;

  std::size_t total() const { return pass + fail + inconclusive + not_applicable; }
  std::size_t of(CheckStatus s) const;
  void Add(const StatusCounts& o);
};

StatusCounts CountStatuses(const Run& run);
StatusCounts CountStatuses(const Report& report);

struct Points {
  double earned = 0;
  double possible = 0;
};

Points SumPoints(const Run& run);
Points SumPoints(const Report& report);

/// Runs that ended in a harness error.
std::size_t CountHarnessErrors(const Report& report);

/// "2024-05-01T12:00:00.123Z": UTC, milliseconds.
std::string IsoTimestamp(std::chrono::system_clock::time_point t);
/// Seconds rounded to microseconds, for JSON and XML.
double Seconds(std::chrono::nanoseconds d);
/// Points as people write them, to two decimals: "10", "2.5", "1.67" (the
/// JSON report keeps the exact numbers).
std::string PointsText(double points);

}  // namespace wirecheck::reports
