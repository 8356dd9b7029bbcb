#pragma once
// The messages between wirecheck and a sandbox's init process, as frame
// bodies for FrameChannel. Requests go in, events come out; a process's id
// is chosen by wirecheck.

#include <cstdint>
#include <string>
#include <variant>

#include "harness/model/process_spec.h"

namespace wirecheck::sandbox_protocol {

struct StartRequest {
  std::uint32_t id = 0;
  ProcessSpec spec;
};
struct StopRequest {
  std::uint32_t id = 0;
  std::chrono::nanoseconds grace{};
};
/// socket(domain, type, protocol) in the sandbox's network namespace; the
/// descriptor comes back with a SocketEvent.
struct SocketRequest {
  int domain = 0;
  int type = 0;
  int protocol = 0;
};
/// A new network namespace for another host of the run, with `lo` up: init
/// keeps it (StartRequest's spec.network = its 1-based number, in the order
/// made) and passes a descriptor of it back with a SocketEvent.
struct NetworkRequest {};
/// Kill everything and exit.
struct ShutdownRequest {};
using Request = std::variant<StartRequest, StopRequest, SocketRequest, NetworkRequest, ShutdownRequest>;

struct StartedEvent {
  std::uint32_t id = 0;
  std::int64_t pid = 0;  // in the sandbox's PID namespace; 0 when it failed to start
};
struct FinishedEvent {
  std::uint32_t id = 0;
  ProcessResult result;
};
struct SocketEvent {
  int error_number = 0;  // 0: the descriptor came with the frame
};
using Event = std::variant<StartedEvent, FinishedEvent, SocketEvent>;

std::string Encode(const Request& request);
std::string Encode(const Event& event);
/// False when body is not a well-formed message.
bool Decode(std::string_view body, Request* request);
bool Decode(std::string_view body, Event* event);

}  // namespace wirecheck::sandbox_protocol
