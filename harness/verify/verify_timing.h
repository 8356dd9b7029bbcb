#pragma once
// The timing expectations, for TCP and UDP alike: how long after its
// request each reply comes (reply_delay), and how far apart the replies are
// (replies_apart; an iterative server that works 300 ms per client answers
// five clients 300 ms apart). Requests and replies as reply_timing.h pairs
// them; times are the capture's; bounds judged with the tolerance of
// time_bound.h. Messages cite both packets and the time between them:
// "reply 412.2 ms after the request (packet 5 -> 9); bound at most 300 ms +
// 30 ms tolerance".

#include <vector>

#include "harness/verify/verify_check.h"

namespace wirecheck {

void CheckTiming(const VerifyContext& ctx, std::vector<PendingCheck>* out);

}  // namespace wirecheck
