#pragma once
// The capture's conversations as the HTML report lists and draws them
// (reports::Run::conversations). Bounded, so a flood of a run stays a page:
// at most kConversationsListed rows, and ladders for at most
// kConversationsDrawn of them: first every conversation a failed or
// inconclusive check points at, then the earliest others. Pure.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "capture/analyzer.h"
#include "reports/report.h"

namespace wirecheck {

inline constexpr std::size_t kConversationsListed = 2000;
inline constexpr std::size_t kConversationsDrawn = 24;

/// Every conversation of `trace` up to the bound, in order of first packet,
/// times relative to its first packet; the packets `checks` point at marked
/// as evidence in the ladders. `*unlisted` counts those past the bound.
std::vector<reports::ConversationSummary> ListConversations(const capture::Trace& trace,
                                                            const std::vector<reports::Check>& checks,
                                                            std::uint64_t* unlisted);

}  // namespace wirecheck
