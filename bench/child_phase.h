#pragma once
// Runs one measured phase in a forked child, so that each phase's peak memory
// (wait4()'s ru_maxrss) is its own and a crash ends only that phase. The
// child sends its result back through a pipe as plain bytes.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace wirecheck::bench {

/// What a phase reports about itself. Trivially copyable: written to a pipe.
struct PhaseResult {
  double seconds = 0;                  // wall time, steady_clock, measured inside the child
  std::uint64_t packets = 0;
  std::uint64_t checksum = 0;          // keeps the compiler from dropping the work
  std::uint64_t conversations = 0;
  std::uint64_t tcp_conversations = 0;
  std::uint64_t with_retransmissions = 0;
  std::uint64_t max_open = 0;          // most conversations open at a sample point
  /// ru_maxrss counts resident pages of mapped files too, so a reader that
  /// maps the capture shows the file's size there; these two tell them apart.
  std::uint64_t peak_anon_kib = 0;     // largest RssAnon seen at a sample point
  std::uint64_t rss_file_kib = 0;      // RssFile at the end of the input
  char detail[256] = {};               // free text, e.g. conn_state counts
  char error[256] = {};                // non-empty: the phase failed
};

struct ChildOutcome {
  PhaseResult result;
  double max_rss_mib = 0;   // the child's peak resident set (includes mapped file pages)
  double parent_seconds = 0;  // fork to wait4, measured by the parent
  std::string error;        // fork failed, the child died, or result.error
  bool ok() const { return error.empty(); }
};

/// Runs body in a forked child (which _exits without running the parent's
/// atexit handlers or flushing its stdio). Flush stdout before calling.
ChildOutcome RunInChild(const std::function<PhaseResult()>& body);

/// Runs argv[0] (PATH lookup) in a forked child, its standard output to
/// `output` (created or truncated; default /dev/null), its standard error
/// to /dev/null; a non-zero exit is an error. The time is the parent's,
/// fork to exit: what a user running the command waits.
ChildOutcome RunCommandInChild(const std::vector<std::string>& argv, const std::string& output = "/dev/null");

/// The calling process's current RssAnon and RssFile (/proc/self/status).
void ReadCurrentRss(std::uint64_t* anon_kib, std::uint64_t* file_kib);

/// Copies text into a fixed char array, truncating and terminating.
template <std::size_t N>
void CopyText(char (&to)[N], const std::string& text) {
  const std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
  text.copy(to, n);
  to[n] = '\0';
}

}  // namespace wirecheck::bench
