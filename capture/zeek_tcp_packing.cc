// ZeekTcp's fields packed for a frozen connection (frozen_tcp.h), in
// declaration order. Every field is packed, transient ones included, so
// that nothing here depends on which fields a closed connection still
// reads. A field added to ZeekTcp or its Endpoint must be added here: the
// size checks below fail until then.

#include "capture/zeek_tcp.h"
#include "capture/zeek_tcp_rules.h"

namespace wirecheck::capture {
using namespace zeek_tcp_rules;

void ZeekTcp::Endpoint::PackTo(StatePacker& out) const {
  WIRECHECK_CHECK_PACKED_SIZE(Endpoint, 144);
  out.Enumerator(state);
  out.Enumerator(prev_state);
  out.Flags({is_orig, did_close, did_eof, skip_deliveries});
  out.Signed(start_seq);
  out.Seq(last_seq, StartSeq(*this));
  out.Seq(ack_seq, StartSeq(*this));
  out.Unsigned(seq_wraps);
  out.Unsigned(ack_wraps);
  out.Unsigned(fin_seq);
  out.Unsigned(fin_count);
  out.Unsigned(hist_last_syn);
  out.Unsigned(hist_last_fin);
  out.Unsigned(hist_last_rst);
  for (const ScaledRepeat* r : {&retransmits, &zero_windows, &gaps, &checksum_errors}) r->PackTo(out);
  out.Unsigned(last_reassem);
  out.Unsigned(trim);
  out.Unsigned(held.size());
  for (const auto& [begin, end] : held) {
    out.Unsigned(begin);
    out.Unsigned(end - begin);
  }
}

void ZeekTcp::Endpoint::UnpackFrom(StateUnpacker& in) {
  state = in.Enumerator<State>();
  prev_state = in.Enumerator<State>();
  StateUnpacker::FlagBits flags = in.Flags();
  is_orig = flags.Next();
  did_close = flags.Next();
  did_eof = flags.Next();
  skip_deliveries = flags.Next();
  start_seq = in.Signed();
  last_seq = in.Seq(StartSeq(*this));
  ack_seq = in.Seq(StartSeq(*this));
  seq_wraps = in.Narrow<std::uint32_t>();
  ack_wraps = in.Narrow<std::uint32_t>();
  fin_seq = in.Unsigned();
  fin_count = in.Narrow<std::uint32_t>();
  hist_last_syn = in.Unsigned();
  hist_last_fin = in.Unsigned();
  hist_last_rst = in.Unsigned();
  for (ScaledRepeat* r : {&retransmits, &zero_windows, &gaps, &checksum_errors}) r->UnpackFrom(in);
  last_reassem = in.Unsigned();
  trim = in.Unsigned();
  held.resize(in.Unsigned());
  for (auto& [begin, end] : held) {
    begin = in.Unsigned();
    end = begin + in.Unsigned();
  }
}

void ZeekTcp::PackTo(StatePacker& out) const {
  WIRECHECK_CHECK_PACKED_SIZE(ZeekTcp, 400);
  WIRECHECK_CHECK_PACKED_SIZE(ZeekHistory, 40);
  WIRECHECK_CHECK_PACKED_SIZE(ScaledRepeat, 8);
  history_.PackTo(out);
  for (const Endpoint& e : ends_) e.PackTo(out);
  out.Unsigned(orig_index_);
  out.Unsigned(first_packet_seen_);
  out.Flags({is_partial_, is_active_, close_deferred_, deferred_gen_event_, flipped_now_});
  out.Unsigned(missed_bytes_);
  out.Time(last_time_);
  out.Signed(inactivity_timeout_.count());  // a duration
  out.Time(attempt_at_);
  for (Timestamp t : expire_at_) out.Time(t);
  out.Time(delete_at_);
  out.Time(expires_at_);
}

ZeekTcp::ZeekTcp(StateUnpacker& in) {
  history_.UnpackFrom(in);
  for (Endpoint& e : ends_) e.UnpackFrom(in);
  orig_index_ = in.Narrow<std::uint8_t>();
  first_packet_seen_ = in.Narrow<std::uint8_t>();
  StateUnpacker::FlagBits flags = in.Flags();
  is_partial_ = flags.Next();
  is_active_ = flags.Next();
  close_deferred_ = flags.Next();
  deferred_gen_event_ = flags.Next();
  flipped_now_ = flags.Next();
  missed_bytes_ = in.Unsigned();
  last_time_ = in.Time();
  inactivity_timeout_ = Timestamp{in.Signed()};
  attempt_at_ = in.Time();
  for (Timestamp& t : expire_at_) t = in.Time();
  delete_at_ = in.Time();
  expires_at_ = in.Time();
}

}  // namespace wirecheck::capture
