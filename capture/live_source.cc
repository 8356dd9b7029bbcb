#include "capture/live_source.h"

#include <pcap/pcap.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "capture/pcap_writer.h"

namespace wirecheck::capture {

class LiveSource::Impl {
 public:
  ~Impl() {
    if (pcap_ != nullptr) pcap_close(pcap_);
  }
  bool Activate(const LiveOptions& options, std::string* error, bool* permission);
  bool Configure(const LiveOptions& options, std::string* error);
  ReadStatus Next(RawPacket* packet);
  ReadStatus Finish(ReadStatus status, std::string error = "");

  std::string interface_;
  pcap_t* pcap_ = nullptr;
  int fd_ = -1;
  std::chrono::milliseconds poll_wait_{100};
  std::uint64_t ns_per_fraction_ = 1000;
  std::uint32_t link_type_ = 0;
  std::unique_ptr<PcapWriter> writer_;
  std::atomic<bool> stop_{false};  // Stop() may come from another thread
  ReadStatus final_ = ReadStatus::kPacket;  // kEnd or kError once finished
  std::string pending_error_;               // a copy failed after its packet went out
  std::string error_;
  std::uint64_t packets_read_ = 0;
};

namespace {

bool SaysPermission(const std::string& text) {
  return text.find("Operation not permitted") != std::string::npos ||
         text.find("ermission denied") != std::string::npos;
}

/// Files hold LINKTYPE_* values; on Linux only DLT_RAW differs among the
/// types a live capture reports (libpcap's dlt_to_linktype()).
std::uint32_t FileLinkType(int dlt) {
  if (dlt == DLT_RAW) return link_type::kRaw;
  return static_cast<std::uint32_t>(dlt);
}

}  // namespace

bool LiveSource::Impl::Activate(const LiveOptions& options, std::string* error,
                                bool* permission) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_ = pcap_create(options.interface.c_str(), errbuf);
  if (pcap_ == nullptr) {
    *error = interface_ + ": " + errbuf;
    *permission = SaysPermission(errbuf);
    return false;
  }
  pcap_set_snaplen(pcap_, options.snaplen);
  pcap_set_immediate_mode(pcap_, options.immediate ? 1 : 0);
  if (!options.immediate) pcap_set_timeout(pcap_, static_cast<int>(options.block_timeout.count()));
  pcap_set_buffer_size(pcap_, options.buffer_bytes);
  pcap_set_tstamp_precision(pcap_, PCAP_TSTAMP_PRECISION_NANO);  // micro if refused
  const int status = pcap_activate(pcap_);
  if (status < 0) {
    const std::string detail = pcap_geterr(pcap_);
    // PCAP_ERROR's text is all there is; the others have a status text and
    // sometimes a detail that repeats it.
    const std::string what = pcap_statustostr(status);
    *error = interface_ + ": " + (status == PCAP_ERROR ? detail : what);
    if (status != PCAP_ERROR && !detail.empty() && detail != what) *error += " (" + detail + ")";
    *permission = status == PCAP_ERROR_PERM_DENIED || SaysPermission(detail);
    return false;
  }
  return true;
}

bool LiveSource::Impl::Configure(const LiveOptions& options, std::string* error) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  if (pcap_setnonblock(pcap_, 1, errbuf) != 0) return *error = interface_ + ": " + errbuf, false;
  if (!options.filter.empty()) {
    bpf_program program{};
    if (pcap_compile(pcap_, &program, options.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      *error = interface_ + ": bad filter \"" + options.filter + "\": " + pcap_geterr(pcap_);
      return false;
    }
    const bool set = pcap_setfilter(pcap_, &program) == 0;
    pcap_freecode(&program);
    if (!set) return *error = interface_ + ": " + pcap_geterr(pcap_), false;
  }
  fd_ = pcap_get_selectable_fd(pcap_);
  if (fd_ < 0) return *error = interface_ + ": no descriptor to poll", false;
  if (options.ignore_outgoing) {
    const int one = 1;
    if (setsockopt(fd_, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) != 0) {
      return *error = interface_ + ": PACKET_IGNORE_OUTGOING: " + std::strerror(errno), false;
    }
  }
  poll_wait_ = options.poll_wait;
  link_type_ = static_cast<std::uint32_t>(pcap_datalink(pcap_));
  ns_per_fraction_ = pcap_get_tstamp_precision(pcap_) == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000;
  if (!options.write_to.empty()) {
    writer_ = PcapWriter::Create(options.write_to, FileLinkType(pcap_datalink(pcap_)),
                                 static_cast<std::uint32_t>(options.snaplen),
                                 PcapWriter::Precision::kNano, error);
    if (writer_ == nullptr) return false;
  }
  return true;
}

ReadStatus LiveSource::Impl::Next(RawPacket* packet) {
  if (final_ != ReadStatus::kPacket) return final_;
  if (!pending_error_.empty()) return Finish(ReadStatus::kError, pending_error_);
  const auto deadline = std::chrono::steady_clock::now() + poll_wait_;
  for (;;) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int status = pcap_next_ex(pcap_, &header, &data);
    if (status == 1) {
      packet->ts = Timestamp(static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000'000 +
                             static_cast<std::int64_t>(header->ts.tv_usec) *
                                 static_cast<std::int64_t>(ns_per_fraction_));
      packet->link_type = link_type_;
      packet->wire_length = header->len;
      packet->data = {data, header->caplen};
      ++packets_read_;
      if (writer_ != nullptr && !writer_->Write(*packet)) pending_error_ = writer_->error();
      return ReadStatus::kPacket;
    }
    if (status == PCAP_ERROR_BREAK) return Finish(ReadStatus::kEnd);
    if (status != 0) return Finish(ReadStatus::kError, interface_ + ": " + pcap_geterr(pcap_));
    // Nothing buffered: after Stop() that is the end, else wait for more.
    if (stop_.load()) return Finish(ReadStatus::kEnd);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return ReadStatus::kWouldBlock;
    pollfd readable{fd_, POLLIN, 0};
    const int ready = poll(&readable, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) {
      return Finish(ReadStatus::kError, interface_ + ": poll: " + std::strerror(errno));
    }
    if (ready <= 0) return stop_.load() ? Finish(ReadStatus::kEnd) : ReadStatus::kWouldBlock;
  }
}

/// Closes the copy at the end, so that the file is complete once Next() says
/// kEnd; a failure to close it turns the end into an error.
ReadStatus LiveSource::Impl::Finish(ReadStatus status, std::string error) {
  if (writer_ != nullptr && !writer_->Close() && status == ReadStatus::kEnd) {
    status = ReadStatus::kError;
    error = writer_->error();
  }
  final_ = status;
  error_ = std::move(error);
  return status;
}

std::unique_ptr<LiveSource> LiveSource::Open(const LiveOptions& options, std::string* error,
                                             bool* permission) {
  bool denied = false;
  auto impl = std::make_unique<Impl>();
  impl->interface_ = options.interface;
  const bool ok = impl->Activate(options, error, &denied) && impl->Configure(options, error);
  if (permission != nullptr) *permission = denied;
  if (!ok) return nullptr;
  return std::unique_ptr<LiveSource>(new LiveSource(std::move(impl)));
}

LiveSource::LiveSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LiveSource::~LiveSource() = default;

ReadStatus LiveSource::Next(RawPacket* packet) { return impl_->Next(packet); }
const std::string& LiveSource::error() const { return impl_->error_; }
void LiveSource::Stop() { impl_->stop_.store(true); }
std::uint32_t LiveSource::link_type() const { return impl_->link_type_; }
int LiveSource::selectable_fd() const { return impl_->fd_; }

CaptureStats LiveSource::stats() const {
  CaptureStats stats;
  stats.packets_read = impl_->packets_read_;
  pcap_stat counts{};
  if (pcap_stats(impl_->pcap_, &counts) == 0) {
    stats.kernel_received = counts.ps_recv;
    stats.kernel_dropped = counts.ps_drop;
    stats.interface_dropped = counts.ps_ifdrop;
    stats.drops_known = true;
  }
  return stats;
}

}  // namespace wirecheck::capture
