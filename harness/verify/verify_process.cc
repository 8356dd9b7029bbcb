#include "harness/verify/verify_process.h"

#include <algorithm>
#include <functional>
#include <variant>

#include "harness/model/duration_text.h"
#include "harness/model/size_text.h"
#include "harness/model/text_match.h"
#include "harness/verify/hints.h"
#include "reports/escape.h"

namespace wirecheck {
namespace {

using reports::CheckStatus;


// A program of the scenario: the server, or one client group (count copies).
struct Program {
  std::string name;
  const ProcessExpect* expect = nullptr;
  const Limits* limits = nullptr;
  std::size_t count = 1;
  const std::vector<ProcessRun>* runs = nullptr;  // nullptr: a capture taken elsewhere
  bool is_server = false;
};

using Evaluate = std::function<Finding(const ProcessRun&)>;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

const FailedToStart* StartFailure(const ProcessRun& run) { return std::get_if<FailedToStart>(&run.result.outcome); }

Finding NotStarted(const ProcessRun& run) {
  return Failed(run.name + " " + Describe(run.result.outcome), hints::kFailedToStart, false, Describe(run.result.outcome));
}

Finding Exit(int expected, const ProcessRun& run) {
  const std::string outcome = Describe(run.result.outcome);
  return std::visit(
      Overloaded{
          [&](const Exited& e) {
            return e.code == expected ? Passed(run.name + " exited with code " + std::to_string(e.code), outcome)
                                      : Failed(run.name + " exited with code " + std::to_string(e.code) + ", expected " +
                                                   std::to_string(expected), hints::kExitCode, false, outcome);
          },
          [&](const Signaled& s) {
            if (s.sent_by_wirecheck) {
              return Failed(run.name + " did not exit by itself: wirecheck stopped it (" + SignalName(s.signal) + ")",
                            hints::kTimedOut, false, outcome);
            }
            return Failed(run.name + " was " + outcome + " instead of exiting", hints::ForSignal(s), false, outcome);
          },
          [&](const TimedOut&) { return Failed(run.name + " " + outcome, hints::kTimedOut, false, outcome); },
          [&](const FailedToStart&) { return NotStarted(run); },
      },
      run.result.outcome);
}

Finding NoCrash(const ProcessRun& run) {
  const std::string outcome = Describe(run.result.outcome);
  return std::visit(
      Overloaded{
          [&](const Exited&) { return Passed(run.name + " " + outcome, outcome); },
          [&](const Signaled& s) {
            return s.sent_by_wirecheck ? Passed(run.name + " was stopped by wirecheck at the end of the run", outcome)
                                       : Failed(run.name + " crashed: " + outcome, hints::ForSignal(s), false, outcome);
          },
          [&](const TimedOut&) {
            return Failed(run.name + " " + outcome + " and was killed", hints::kTimedOut, false, outcome);
          },
          [&](const FailedToStart&) { return NotStarted(run); },
      },
      run.result.outcome);
}

Finding Output(const TextMatch& match, std::string_view stream, const ProcessRun& run) {
  if (StartFailure(run)) return NotStarted(run);
  const OutputCapture& out = stream == "stdout" ? run.result.stdout_capture : run.result.stderr_capture;
  const std::string_view text = out.kept();
  const TextMatchResult r = MatchText(match, text, !out.truncated());
  const std::string observed =
      std::to_string(out.total_bytes()) + " bytes: \"" + reports::EscapedPreview(text, kPreviewBytes, out.total_bytes()) + "\"";
  const std::string what = run.name + "'s " + std::string(stream);
  if (r.verdict == MatchVerdict::kMatch) return Passed(what + ": " + observed, observed);
  if (r.verdict == MatchVerdict::kUndecided) {
    Finding f = Undecided(what + " was cut at " + std::to_string(text.size()) + " bytes: " + r.explanation);
    f.observed = observed;
    return f;
  }
  Finding f = Failed(what + ": " + r.explanation, hints::ForTextMismatch(r, text), false, observed);
  f.difference = r.difference;
  if (f.difference) f.difference->where = what;
  return f;
}

Finding Within(Duration limit, const ProcessRun& run) {
  if (StartFailure(run)) return NotStarted(run);
  const std::string took = FormatDuration(run.result.elapsed);
  if (std::holds_alternative<TimedOut>(run.result.outcome)) {
    return Failed(run.name + " " + Describe(run.result.outcome), hints::kTimedOut, false, "still running after " + took);
  }
  if (const Signaled* s = std::get_if<Signaled>(&run.result.outcome); s && s->sent_by_wirecheck) {
    return Failed(run.name + " was still running after " + took + ", when wirecheck stopped it", hints::kTooSlow, false,
                  "still running after " + took);
  }
  if (run.result.elapsed <= limit) return Passed(run.name + " finished in " + took, "finished in " + took);
  return Failed(run.name + " took " + took + ", more than " + FormatDuration(limit), hints::kTooSlow, false,
                "finished in " + took);
}

// "209,715,200": a count of bytes a person reads at a glance.
std::string GroupedDigits(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

// "1MiB" as the scenario would write it; "1,000 bytes" for a size with no unit.
std::string LimitText(std::uint64_t bytes) {
  const std::string text = FormatByteSize(bytes);
  return text.find_first_not_of("0123456789") == std::string::npos ? GroupedDigits(bytes) + " bytes" : text;
}

// More than limits.output on stdout or on stderr. The bytes past the limit
// were read and dropped (the program never blocks), but counted.
Finding NoFlood(std::uint64_t limit, const ProcessRun& run) {
  if (StartFailure(run)) return NotStarted(run);
  const OutputCapture& out = run.result.stdout_capture;
  const OutputCapture& err = run.result.stderr_capture;
  const std::string observed =
      GroupedDigits(out.total_bytes()) + " bytes on stdout, " + GroupedDigits(err.total_bytes()) + " on stderr";
  std::string over;
  for (const auto& [stream, capture] : {std::pair{"stdout", &out}, std::pair{"stderr", &err}}) {
    if (capture->total_bytes() <= limit) continue;
    over += (over.empty() ? "" : " and ") + GroupedDigits(capture->total_bytes()) + " bytes to " + stream;
  }
  if (over.empty()) {
    return Passed(run.name + " wrote " + observed + ", within its limit of " + LimitText(limit) + " each", observed);
  }
  const bool both = out.total_bytes() > limit && err.total_bytes() > limit;
  return Failed(run.name + " wrote " + over + ", more than its limit of " + LimitText(limit) + (both ? " each" : "") +
                    " (limits.output)",
                hints::kOutputFlood, false, observed);
}

struct KeyCheck {
  std::string key;
  std::string title;
  std::string expected;
  SourceLocation where;
  Evaluate evaluate;
};

std::vector<KeyCheck> KeyChecks(const ProcessExpect& e, const Limits& limits) {
  std::vector<KeyCheck> keys;
  if (e.exit) {
    const int code = e.exit->value;
    keys.push_back({"exit", "exits with status " + std::to_string(code), "exit status " + std::to_string(code),
                    e.exit->where, [code](const ProcessRun& r) { return Exit(code, r); }});
  }
  if (e.no_crash.value) {
    keys.push_back({"no_crash", "does not crash", "no crash, no timeout", e.no_crash.where, NoCrash});
  }
  if (e.no_flood.value) {
    const std::uint64_t limit = limits.output;
    const std::string most = "at most " + LimitText(limit);
    keys.push_back({"no_flood", "writes " + most + " to stdout and to stderr",
                    most + " on stdout and on stderr (limits.output)",
                    limits.where.line > 0 ? limits.where : e.no_flood.where,
                    [limit](const ProcessRun& r) { return NoFlood(limit, r); }});
  }
  for (const auto& [stream, match] : {std::pair{"stdout", &e.stdout_match}, std::pair{"stderr", &e.stderr_match}}) {
    if (!*match) continue;
    const TextMatch m = **match;
    const std::string s = stream;
    keys.push_back({s, "prints " + DescribeTextMatch(m) + " on " + s, DescribeTextMatch(m), m.where,
                    [m, s](const ProcessRun& r) { return Output(m, s, r); }});
  }
  if (e.within) {
    const Duration limit = e.within->value;
    keys.push_back({"within", "finishes within " + FormatDuration(limit), "finished within " + FormatDuration(limit),
                    e.within->where, [limit](const ProcessRun& r) { return Within(limit, r); }});
  }
  return keys;
}

// A hint the program's own words make likelier than the check's: a client
// that says its bind() found the port in use did not get as far as the
// exchange, whatever its exit status and output show. Empty: none.
std::string_view HintFromOutput(const Program& program, const ProcessRun& run) {
  if (program.is_server) return {};
  if (run.result.stderr_capture.kept().find("Address already in use") != std::string::npos) {
    return hints::kClientPortInUse;
  }
  return {};
}

std::optional<std::size_t> Worst(const std::vector<Finding>& findings) {
  for (CheckStatus s : {CheckStatus::kFail, CheckStatus::kInconclusive}) {
    for (std::size_t i = 0; i < findings.size(); ++i) {
      if (findings[i].status == s) return i;
    }
  }
  return std::nullopt;
}

void CheckProgram(const Program& program, std::vector<PendingCheck>* out) {
  for (const KeyCheck& key : KeyChecks(*program.expect, *program.limits)) {
    PendingCheck check = NewCheck(program.name + "." + key.key, program.name + " " + key.title, "processes");
    check.group_entry = check.check.id;
    check.check.evidence.expected = key.expected + CitedAt(key.where);
    if (program.runs == nullptr) {
      check.check.status = CheckStatus::kNotApplicable;
      check.check.message = "a capture taken elsewhere has no processes";
      out->push_back(std::move(check));
      continue;
    }
    std::vector<Finding> findings;
    for (const ProcessRun& run : *program.runs) findings.push_back(key.evaluate(run));
    for (std::size_t i = findings.size(); i < program.count; ++i) {
      findings.push_back(Undecided(program.name + (program.count > 1 ? " " + std::to_string(i + 1) : "") +
                                   " was not run: the run stopped before it"));
    }
    const std::optional<std::size_t> worst = Worst(findings);
    Apply(findings[worst.value_or(0)], &check);
    if (worst && *worst < program.runs->size()) {
      const ProcessRun& run = (*program.runs)[*worst];
      check.check.evidence.process = run.name;
      const std::string_view hint = HintFromOutput(program, run);
      if (check.check.status == CheckStatus::kFail && !hint.empty()) check.check.hint = hint;
    }
    check.needs_whole_capture = false;  // outputs and outcomes are not in the capture
    SetPartialCredit(findings, &check);
    if (findings.size() > 1 && !worst) {
      check.check.message = "all " + std::to_string(findings.size()) + "; the first: " + findings.front().message;
    }
    out->push_back(std::move(check));
  }
}

// "the server you started exited with code 0 after 3ms, before wirecheck
// stopped it; a process it left behind was listening on TCP port 6789".
Finding RunsUntilStopped(const VerifyContext& ctx, const ProcessRun& run) {
  if (StartFailure(run)) return NotStarted(run);
  if (run.result.stopped_while_running) {
    return Passed(run.name + " was still running when wirecheck stopped it", Describe(run.result.outcome));
  }
  const auto ms = std::max<Duration>(std::chrono::milliseconds(1),
                                     std::chrono::round<std::chrono::milliseconds>(run.result.elapsed));
  // A crash has its own check (no_crash) and hint; this one says only that
  // the server did not last, so a crash is not also blamed on daemonising.
  const bool crashed = std::holds_alternative<Signaled>(run.result.outcome);
  std::string text = "the server you started " + std::string(crashed ? "was " : "") + Describe(run.result.outcome) +
                     " after " + FormatDuration(ms) + ", before wirecheck stopped it";
  if (ctx.run->server_left_listener) {
    text += ctx.scenario.protocol == Scenario::Protocol::kTcp
                ? "; a process it left behind was listening on TCP port " + std::to_string(ctx.server_port)
                : "; a process it left behind had bound UDP port " + std::to_string(ctx.server_port);
  }
  // A daemonising parent exits 0; an exit status that reports an error is
  // an error, not a daemon, unless a process it left listened.
  const Exited* exited = std::get_if<Exited>(&run.result.outcome);
  std::string_view hint = hints::kLeftTheStartedProcess;
  if (!ctx.run->server_left_listener && crashed) hint = {};
  if (!ctx.run->server_left_listener && exited != nullptr && exited->code != 0) hint = hints::kServerExitedWithError;
  return Failed(text, hint, false, Describe(run.result.outcome) + " after " + FormatDuration(ms));
}

void CheckRunsUntilStopped(const VerifyContext& ctx, std::vector<PendingCheck>* out) {
  const ServerSpec& server = ctx.scenario.server;
  PendingCheck check = NewCheck(server.name + ".runs_until_stopped", server.name + " runs until wirecheck stops it",
                                "processes");
  check.check.evidence.expected = "still running when stopped (`stop: terminate`)" + CitedAt(server.where);
  check.group_entry = check.check.id;
  check.needs_whole_capture = false;
  if (ctx.run == nullptr) {
    check.check.status = CheckStatus::kNotApplicable;
    check.check.message = "a capture taken elsewhere has no processes";
  } else if (!ctx.run->server) {
    Apply(Undecided(server.name + " was not run: the run stopped before it"), &check);
  } else {
    Apply(RunsUntilStopped(ctx, *ctx.run->server), &check);
    check.check.evidence.process = ctx.run->server->name;
  }
  check.needs_whole_capture = false;  // an outcome is not in the capture
  out->push_back(std::move(check));
}

}  // namespace

void CheckProcesses(const VerifyContext& ctx, std::vector<PendingCheck>* out) {
  const Scenario& s = ctx.scenario;
  std::vector<ProcessRun> server_runs;
  if (ctx.run && ctx.run->server) server_runs.push_back(*ctx.run->server);
  if (s.server.command) {
    const std::vector<ProcessRun>* runs = ctx.run ? &server_runs : nullptr;
    CheckProgram({s.server.name, &s.server.expect, &s.server.command->limits, 1, runs, true}, out);
    if (s.server.stop == ServerSpec::Stop::kTerminate) CheckRunsUntilStopped(ctx, out);
  }
  static const std::vector<ProcessRun> kNone;
  for (std::size_t g = 0; g < s.clients.size(); ++g) {
    const ClientSpec& client = s.clients[g];
    if (!client.command) continue;
    const std::vector<ProcessRun>* runs = nullptr;
    if (ctx.run) runs = g < ctx.run->clients.size() ? &ctx.run->clients[g] : &kNone;
    CheckProgram({client.name, &client.expect, &client.command->limits, static_cast<std::size_t>(client.count), runs},
                 out);
  }
}

}  // namespace wirecheck
