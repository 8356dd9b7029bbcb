#include "harness/sandbox/sandbox_protocol.h"

#include "harness/sandbox/frame_channel.h"

namespace wirecheck::sandbox_protocol {
namespace {

void Put(Encoder* e, const ProcessSpec& spec) {
  e->U64(spec.argv.size());
  for (const std::string& arg : spec.argv) e->Str(arg);
  e->Str(spec.cwd);
  e->U64(spec.env.size());
  for (const std::string& entry : spec.env) e->Str(entry);
  e->U32(spec.stdin_bytes ? 1 : 0).Str(spec.stdin_bytes.value_or(""));
  e->U64(spec.limits.cpu_seconds).U64(spec.limits.address_space).U64(spec.limits.processes);
  e->U64(spec.limits.file_size).U64(spec.limits.open_files);
  e->U32(spec.timeout ? 1 : 0).I64(spec.timeout.value_or(std::chrono::nanoseconds{}).count());
  e->U64(spec.output_cap);
  e->I64(spec.network);
}

std::vector<std::string> GetStrings(Decoder* d) {
  std::vector<std::string> out;
  std::uint64_t n = d->U64();
  for (std::uint64_t i = 0; i < n && d->ok(); ++i) out.push_back(d->Str());
  return out;
}

ProcessSpec GetSpec(Decoder* d) {
  ProcessSpec spec;
  spec.argv = GetStrings(d);
  spec.cwd = d->Str();
  spec.env = GetStrings(d);
  bool has_stdin = d->U32() != 0;
  std::string stdin_bytes = d->Str();
  if (has_stdin) spec.stdin_bytes = std::move(stdin_bytes);
  spec.limits.cpu_seconds = d->U64();
  spec.limits.address_space = d->U64();
  spec.limits.processes = d->U64();
  spec.limits.file_size = d->U64();
  spec.limits.open_files = d->U64();
  bool has_timeout = d->U32() != 0;
  std::chrono::nanoseconds timeout(d->I64());
  if (has_timeout) spec.timeout = timeout;
  spec.output_cap = d->U64();
  spec.network = static_cast<int>(d->I64());
  return spec;
}

void Put(Encoder* e, const OutputCapture& capture) {
  e->Str(capture.kept()).U64(capture.total_bytes()).U64(capture.cap());
}

OutputCapture GetCapture(Decoder* d) {
  std::string kept = d->Str();
  std::uint64_t total = d->U64();
  std::uint64_t cap = d->U64();
  return OutputCapture::FromParts(std::move(kept), total, cap);
}

void Put(Encoder* e, const ProcessOutcome& outcome) {
  e->U32(static_cast<std::uint32_t>(outcome.index()));
  if (auto* x = std::get_if<Exited>(&outcome)) e->I64(x->code);
  if (auto* s = std::get_if<Signaled>(&outcome)) {
    e->I64(s->signal).U32(s->core_dumped ? 1 : 0).U32(s->sent_by_wirecheck ? 1 : 0);
  }
  if (auto* t = std::get_if<TimedOut>(&outcome)) e->I64(t->after.count());
  if (auto* f = std::get_if<FailedToStart>(&outcome)) {
    e->Str(f->program).I64(f->error_number).Str(f->reason);
  }
}

ProcessOutcome GetOutcome(Decoder* d) {
  switch (d->U32()) {
    case 0:
      return Exited{static_cast<int>(d->I64())};
    case 1: {
      Signaled s;
      s.signal = static_cast<int>(d->I64());
      s.core_dumped = d->U32() != 0;
      s.sent_by_wirecheck = d->U32() != 0;
      return s;
    }
    case 2:
      return TimedOut{std::chrono::nanoseconds(d->I64())};
    default: {
      FailedToStart f;
      f.program = d->Str();
      f.error_number = static_cast<int>(d->I64());
      f.reason = d->Str();
      return f;
    }
  }
}

enum Tag : std::uint32_t { kStart = 1, kStop, kSocket, kShutdown, kStarted, kFinished, kSocketDone, kNetwork };

}  // namespace

std::string Encode(const Request& request) {
  Encoder e;
  if (auto* start = std::get_if<StartRequest>(&request)) {
    e.U32(kStart).U32(start->id);
    Put(&e, start->spec);
  } else if (auto* stop = std::get_if<StopRequest>(&request)) {
    e.U32(kStop).U32(stop->id).I64(stop->grace.count());
  } else if (auto* socket = std::get_if<SocketRequest>(&request)) {
    e.U32(kSocket).I64(socket->domain).I64(socket->type).I64(socket->protocol);
  } else if (std::holds_alternative<NetworkRequest>(request)) {
    e.U32(kNetwork);
  } else {
    e.U32(kShutdown);
  }
  return e.bytes();
}

std::string Encode(const Event& event) {
  Encoder e;
  if (auto* started = std::get_if<StartedEvent>(&event)) {
    e.U32(kStarted).U32(started->id).I64(started->pid);
  } else if (auto* finished = std::get_if<FinishedEvent>(&event)) {
    e.U32(kFinished).U32(finished->id);
    Put(&e, finished->result.outcome);
    Put(&e, finished->result.stdout_capture);
    Put(&e, finished->result.stderr_capture);
    e.I64(finished->result.elapsed.count()).U32(finished->result.stopped_while_running ? 1 : 0);
  } else if (auto* socket = std::get_if<SocketEvent>(&event)) {
    e.U32(kSocketDone).I64(socket->error_number);
  }
  return e.bytes();
}

bool Decode(std::string_view body, Request* request) {
  Decoder d(body);
  switch (d.U32()) {
    case kStart: {
      StartRequest start;
      start.id = d.U32();
      start.spec = GetSpec(&d);
      *request = std::move(start);
      break;
    }
    case kStop: {
      StopRequest stop;
      stop.id = d.U32();
      stop.grace = std::chrono::nanoseconds(d.I64());
      *request = stop;
      break;
    }
    case kSocket: {
      SocketRequest socket;
      socket.domain = static_cast<int>(d.I64());
      socket.type = static_cast<int>(d.I64());
      socket.protocol = static_cast<int>(d.I64());
      *request = socket;
      break;
    }
    case kNetwork:
      *request = NetworkRequest{};
      break;
    case kShutdown:
      *request = ShutdownRequest{};
      break;
    default:
      return false;
  }
  return d.ok();
}

bool Decode(std::string_view body, Event* event) {
  Decoder d(body);
  switch (d.U32()) {
    case kStarted: {
      StartedEvent started;
      started.id = d.U32();
      started.pid = d.I64();
      *event = started;
      break;
    }
    case kFinished: {
      FinishedEvent finished;
      finished.id = d.U32();
      finished.result.outcome = GetOutcome(&d);
      finished.result.stdout_capture = GetCapture(&d);
      finished.result.stderr_capture = GetCapture(&d);
      finished.result.elapsed = std::chrono::nanoseconds(d.I64());
      finished.result.stopped_while_running = d.U32() != 0;
      *event = std::move(finished);
      break;
    }
    case kSocketDone:
      *event = SocketEvent{static_cast<int>(d.I64())};
      break;
    default:
      return false;
  }
  return d.ok();
}

}  // namespace wirecheck::sandbox_protocol
