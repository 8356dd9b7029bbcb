#include "capture/file_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <span>
#include <utility>
#include <vector>

#include "capture/pcap_format.h"
#include "capture/pcapng_format.h"

namespace wirecheck::capture {

/// The file's bytes (a read-only mapping, or a buffer for standard input and
/// anything that cannot be mapped) and the reader for its format. A switch on
/// the format, not a virtual call, picks the reader in Next().
class FileSource::Impl {
 public:
  ~Impl() {
    if (mapping_ != nullptr) munmap(mapping_, mapping_size_);
  }
  bool Load(const std::string& path, std::string* error);
  bool StartReader(std::string* error);

  std::string path_;
  void* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
  std::vector<std::uint8_t> buffer_;
  std::span<const std::uint8_t> bytes_;
  bool is_pcapng_ = false;
  PcapReader pcap_;
  PcapngReader pcapng_;
  std::uint32_t first_link_type_ = link_type::kEthernet;
  ReadStatus final_ = ReadStatus::kPacket;  // kEnd or kError once finished
  std::string error_;
  std::uint64_t packets_read_ = 0;
  std::size_t released_ = 0;  // mapping bytes handed back to the kernel

  void ReleaseBehind(const std::uint8_t* position);
};

/// Drops the pages before `position` from this process' resident memory, in
/// steps of kReleaseStep, so reading a large file costs a bounded amount of
/// memory. The mapping stays: a page touched again (an earlier packet's span)
/// is faulted back from the page cache with the same bytes, so spans stay
/// valid for the source's lifetime as the header promises.
void FileSource::Impl::ReleaseBehind(const std::uint8_t* position) {
  constexpr std::size_t kReleaseStep = 2u << 20;
  const auto* base = static_cast<const std::uint8_t*>(mapping_);
  if (mapping_ == nullptr || position < base) return;
  const auto offset = static_cast<std::size_t>(position - base);
  if (offset < released_ + 2 * kReleaseStep) return;
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t end = (offset - kReleaseStep) / page * page;
  madvise(static_cast<std::uint8_t*>(mapping_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

namespace {

std::string ErrnoMessage(const std::string& path) { return path + ": " + std::strerror(errno); }

/// Reads all of fd into *buffer; false with errno set on a read error.
bool ReadAll(int fd, std::vector<std::uint8_t>* buffer) {
  std::size_t used = 0;
  buffer->resize(1 << 16);
  for (;;) {
    if (used == buffer->size()) buffer->resize(buffer->size() * 2);
    const ssize_t got = read(fd, buffer->data() + used, buffer->size() - used);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  buffer->resize(used);
  return true;
}

std::string FirstBytesInHex(std::span<const std::uint8_t> bytes) {
  std::string hex;
  for (std::size_t i = 0; i < bytes.size() && i < 4; ++i) {
    char two[4];
    std::snprintf(two, sizeof two, "%02x", bytes[i]);
    if (i > 0) hex += ' ';
    hex += two;
  }
  return hex;
}

}  // namespace

bool FileSource::Impl::Load(const std::string& path, std::string* error) {
  path_ = path;
  if (path == "-") {
    if (!ReadAll(STDIN_FILENO, &buffer_)) return *error = ErrnoMessage(path), false;
    bytes_ = buffer_;
    return true;
  }
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return *error = ErrnoMessage(path), false;
  struct stat info {};
  bool ok = fstat(fd, &info) == 0;
  if (ok && S_ISDIR(info.st_mode)) {
    errno = EISDIR;
    ok = false;
  } else if (ok && S_ISREG(info.st_mode) && info.st_size > 0) {
    mapping_size_ = static_cast<std::size_t>(info.st_size);
    void* mapped = mmap(nullptr, mapping_size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) {
      ok = false;
    } else {
      mapping_ = mapped;
      madvise(mapping_, mapping_size_, MADV_SEQUENTIAL);
      bytes_ = {static_cast<const std::uint8_t*>(mapping_), mapping_size_};
    }
  } else if (ok) {  // a pipe, a character device, or a file that says it is empty
    ok = ReadAll(fd, &buffer_);
    bytes_ = buffer_;
  }
  if (!ok) *error = ErrnoMessage(path);
  close(fd);
  return ok;
}

bool FileSource::Impl::StartReader(std::string* error) {
  if (bytes_.empty()) return *error = path_ + ": empty file", false;
  if (PcapngReader::HasMagic(bytes_)) {
    is_pcapng_ = true;
    pcapng_.Open(bytes_);
    first_link_type_ = pcapng_.FirstLinkType();
    return true;
  }
  if (PcapReader::HasMagic(bytes_)) {
    std::string what;
    if (!pcap_.Open(bytes_, &what)) return *error = path_ + ": " + what, false;
    first_link_type_ = pcap_.link_type();
    return true;
  }
  *error = path_ + ": not a pcap or pcapng file (starts with " + FirstBytesInHex(bytes_) + ")";
  return false;
}

std::unique_ptr<FileSource> FileSource::Open(const std::string& path, std::string* error) {
  auto impl = std::make_unique<Impl>();
  if (!impl->Load(path, error) || !impl->StartReader(error)) return nullptr;
  return std::unique_ptr<FileSource>(new FileSource(std::move(impl)));
}

std::unique_ptr<FileSource> FileSource::FromBytes(std::string name, std::vector<std::uint8_t> bytes,
                                                  std::string* error) {
  auto impl = std::make_unique<Impl>();
  impl->path_ = std::move(name);
  impl->buffer_ = std::move(bytes);
  impl->bytes_ = impl->buffer_;
  if (!impl->StartReader(error)) return nullptr;
  return std::unique_ptr<FileSource>(new FileSource(std::move(impl)));
}

FileSource::FileSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileSource::~FileSource() = default;

ReadStatus FileSource::Next(RawPacket* packet) {
  Impl& impl = *impl_;
  if (impl.final_ != ReadStatus::kPacket) return impl.final_;
  const ReadStatus status = impl.is_pcapng_ ? impl.pcapng_.Next(packet) : impl.pcap_.Next(packet);
  if (status == ReadStatus::kPacket) {
    ++impl.packets_read_;
    impl.ReleaseBehind(packet->data.data());
    return status;
  }
  impl.final_ = status;
  if (status == ReadStatus::kError) {
    const FormatProblem& problem = impl.is_pcapng_ ? impl.pcapng_.problem() : impl.pcap_.problem();
    impl.error_ = impl.path_ + ": " + problem.what + ", at packet " +
                  std::to_string(impl.packets_read_ + 1) + " (byte offset " +
                  std::to_string(problem.offset) + ")";
  }
  return status;
}

const std::string& FileSource::error() const { return impl_->error_; }

CaptureStats FileSource::stats() const {
  CaptureStats stats;
  stats.packets_read = impl_->packets_read_;
  return stats;
}

std::uint32_t FileSource::link_type() const { return impl_->first_link_type_; }

}  // namespace wirecheck::capture
