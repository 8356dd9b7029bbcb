#pragma once
// The plain-words hints of failed checks, in one place: what a student most
// likely did wrong when a check fails this way. One sentence each, no
// trailing full stop (reports print them after "hint: ").

#include <string>
#include <string_view>

#include "harness/model/process_outcome.h"
#include "harness/model/text_match.h"

namespace wirecheck::hints {

inline constexpr std::string_view kRstInsteadOfFin =
    "a RST instead of a FIN usually means the program closed the socket with unread data in it";
inline constexpr std::string_view kNoFin =
    "a connection ends with close() on each side; a side that never sends its FIN never closed its socket";
inline constexpr std::string_view kWrongFirstFin =
    "the first FIN comes from the side that calls close() first";
inline constexpr std::string_view kNoRst =
    "an RST is sent by a close() with unread data, or by SO_LINGER 0; a plain close() sends a FIN";
inline constexpr std::string_view kHandshakeIncomplete =
    "the three-way handshake is done by the kernel once the server listen()s and the client connect()s; "
    "a missing SYN-ACK means nothing listened on that address and port";
inline constexpr std::string_view kDataBeforeHandshake =
    "data before the handshake completes is not what connect()/accept() produce: "
    "send only after connect() returns";
inline constexpr std::string_view kRefusedButAccepted =
    "the connection was accepted although it should be refused: something listened on the port";
inline constexpr std::string_view kRefused =
    "the SYN was answered by an RST: nothing listened on that port when the client connected "
    "(is the server bound to the right address and port?)";
inline constexpr std::string_view kWrongServerPort =
    "the server must bind() and listen() on the port given on its command line";
inline constexpr std::string_view kNotEphemeral =
    "a client should not bind() its socket: connect() lets the kernel choose an ephemeral port";
inline constexpr std::string_view kClientPortRange =
    "the client must bind() to a port in the given range before connect()";
inline constexpr std::string_view kCaseDiffers =
    "the bytes are right but not their case: did the program forget to upper-case them?";
inline constexpr std::string_view kPadded =
    "the extra bytes are what was left in the buffer: send only the bytes recv() returned, not the whole buffer";
inline constexpr std::string_view kExtraBytes =
    "more bytes than expected: the program sent something extra, or sent a buffer larger than its message";
inline constexpr std::string_view kMissingNewline =
    "the final newline is missing: the peer reads up to '\\n' and waits for it";
inline constexpr std::string_view kShort =
    "fewer bytes than expected: one recv() may return only part of the message; read until the whole line has come";
inline constexpr std::string_view kBytesDiffer =
    "the bytes differ from the expected ones: compare the first differing byte shown above";
inline constexpr std::string_view kHistory =
    "the history letters (S h A D F R, upper case client, lower case server) tell the packets in order: "
    "see `wirecheck show` on the run's pcap";
inline constexpr std::string_view kTooFewConnections =
    "fewer connections than expected: a client failed to connect, or the server stopped accepting";
inline constexpr std::string_view kTooManyConnections =
    "more connections than expected: a client connected more than once";
inline constexpr std::string_view kSame4Tuple =
    "two connections used the same 4-tuple: a client that binds a fixed port must wait until the old connection is gone";
inline constexpr std::string_view kNotConcurrent =
    "the server serves one client at a time: serve each accepted connection in its own process or thread "
    "and go back to accept() at once";
inline constexpr std::string_view kServerEndedDuringRun =
    "the server did not run until the end (it crashed or exited, see its process checks): the connections it "
    "could not serve say nothing about serving clients at once";
inline constexpr std::string_view kRefusedNotServed =
    "connections were refused (their SYN was answered by an RST): nothing listened on the port when they came; "
    "the server must keep its welcome socket listening for the whole run";
inline constexpr std::string_view kResetNotServed =
    "connections were reset (RST), so they were served only in part or not at all: see the close checks for "
    "which side reset them and why";
inline constexpr std::string_view kNoneServed =
    "the server answered none of the connections (no data and no FIN from it): see the data checks";
inline constexpr std::string_view kTooConcurrent =
    "more clients were served at the same time than allowed";
inline constexpr std::string_view kNotListening =
    "the server closed its welcome socket (or exited) after a client: keep calling accept() in a loop "
    "and close only the connection socket";
inline constexpr std::string_view kNotBound =
    "the server closed its socket (or exited) after a datagram: keep calling recvfrom() in a loop, "
    "and never close the socket bound to the server port";
inline constexpr std::string_view kBacklog = "the backlog is the second argument of listen()";
inline constexpr std::string_view kReplyFromOtherPort =
    "the reply left from another port: send it with the socket that received the request, the one bound to the server port";
inline constexpr std::string_view kReplyToWrongAddress =
    "send the reply to the address and port recvfrom() returned, not to a fixed one";
inline constexpr std::string_view kReplyPadded =
    "the reply is longer than the request: send only the bytes recvfrom() returned, not the whole buffer";
inline constexpr std::string_view kReplyTruncated =
    "the reply is shorter than the request: a receive buffer smaller than the datagram cuts it";
inline constexpr std::string_view kDatagramTooBig =
    "the datagram is bigger than expected: give sendto() the length of the message, not the size of the buffer";
inline constexpr std::string_view kDatagramTooSmall =
    "the datagram is smaller than expected: give sendto() the whole message's length, and receive into a buffer "
    "big enough for the datagram (recvfrom() cuts what does not fit)";
inline constexpr std::string_view kDatagramCount =
    "a different number of datagrams: each sendto() is one datagram, and a lost reply is never resent by UDP";
inline constexpr std::string_view kNothingBound =
    "the kernel answers a datagram to a port no socket is bound to with ICMP port unreachable: the server was not "
    "running on that port when the datagram came (it had crashed or exited, or bound another port)";
inline constexpr std::string_view kFlows =
    "each client socket is one flow: a different number of client address:port pairs talked to the server";
inline constexpr std::string_view kClientPortInUse =
    "the client's bind() failed with \"Address already in use\": it binds a fixed port that another socket still "
    "holds (another client, or its last connection from that port in TIME_WAIT); let connect() choose an "
    "ephemeral port instead of calling bind()";
inline constexpr std::string_view kExitCode =
    "the exit status is what main() returns or exit() is given; 0 means success";
inline constexpr std::string_view kCrash = "the program was killed by a signal: it crashed";
inline constexpr std::string_view kMemoryCap =
    "the run's programs together used all the memory run_limits.memory allows: one of them, or a leak, uses too "
    "much; or raise the limit";
inline constexpr std::string_view kSegfault =
    "a segmentation fault is an access through an invalid pointer or past the end of an array";
inline constexpr std::string_view kBrokenPipe =
    "SIGPIPE: the program wrote to a socket the peer had already closed";
inline constexpr std::string_view kTimedOut =
    "the program did not finish in time: it may be blocked in a read for data that never comes";
inline constexpr std::string_view kFailedToStart =
    "the program could not be started: is it built, and is the path in `run` right?";
inline constexpr std::string_view kLeftTheStartedProcess =
    "a server runs until it is stopped, in the process that was started: it must not fork into the background "
    "(daemonise) or exit after its clients";
inline constexpr std::string_view kOutputFlood =
    "the program printed far more than it should: look for a print in a loop (a debug print left in, or a loop "
    "that never ends) and print less";
inline constexpr std::string_view kServerExitedWithError =
    "the server exited by itself with a non-zero status, as a program does when it meets an error: the end of "
    "its output says which";
inline constexpr std::string_view kTooSlow =
    "the program took longer than allowed: look for a sleep, or a read that waits for a timeout";

inline constexpr std::string_view kReplyTooSlow =
    "a reply that comes late was waiting for the server: an iterative server answers one client at a time, so "
    "the others wait their turn (a sleep or a slow step in it delays them all)";
inline constexpr std::string_view kReplyTooQuick =
    "the reply came sooner than the scenario allows: the server skipped a wait it should make";
inline constexpr std::string_view kNoReply =
    "a request with no reply after it: the server never answered it, or answered another address or port";
inline constexpr std::string_view kRepliesTooClose =
    "replies closer together than the scenario allows: the server did not take the time it should per client "
    "(or answered several at once)";
inline constexpr std::string_view kRepliesTooFar =
    "replies further apart than the scenario allows: the server answers one client at a time, or waits between "
    "them";

/// The hint for bytes that did not match what the scenario expects: case,
/// padding, a missing newline, short or extra bytes.
std::string_view ForTextMismatch(const TextMatchResult& result, std::string_view observed);

/// The hint for a process killed by `signal` (not sent by wirecheck).
std::string_view ForSignal(const Signaled& signaled);

}  // namespace wirecheck::hints
