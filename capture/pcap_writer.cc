#include "capture/pcap_writer.h"

#include <cerrno>
#include <cstring>
#include <utility>

namespace wirecheck::capture {
namespace {

constexpr std::uint32_t kMicroMagic = 0xa1b2c3d4;
constexpr std::uint32_t kNanoMagic = 0xa1b23c4d;
constexpr std::size_t kBufferBytes = 256 * 1024;  // fewer write() calls per burst
constexpr std::int64_t kNsPerSecond = 1'000'000'000;

/// Little-endian whatever the host, as the header comment promises.
void PutU32(std::uint8_t* at, std::uint32_t value) {
  at[0] = static_cast<std::uint8_t>(value);
  at[1] = static_cast<std::uint8_t>(value >> 8);
  at[2] = static_cast<std::uint8_t>(value >> 16);
  at[3] = static_cast<std::uint8_t>(value >> 24);
}

void PutU16(std::uint8_t* at, std::uint16_t value) {
  at[0] = static_cast<std::uint8_t>(value);
  at[1] = static_cast<std::uint8_t>(value >> 8);
}

}  // namespace

std::unique_ptr<PcapWriter> PcapWriter::Create(const std::string& path, std::uint32_t link_type,
                                               std::uint32_t snaplen, Precision precision,
                                               std::string* error) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    if (error != nullptr) *error = path + ": " + std::strerror(errno);
    return nullptr;
  }
  std::setvbuf(file, nullptr, _IOFBF, kBufferBytes);
  std::uint8_t header[24] = {};
  PutU32(header, precision == Precision::kNano ? kNanoMagic : kMicroMagic);
  PutU16(header + 4, 2);  // version 2.4
  PutU16(header + 6, 4);
  PutU32(header + 16, snaplen);  // thiszone and sigfigs stay 0
  PutU32(header + 20, link_type);
  if (std::fwrite(header, sizeof header, 1, file) != 1) {
    if (error != nullptr) *error = path + ": " + std::strerror(errno);
    std::fclose(file);
    return nullptr;
  }
  return std::unique_ptr<PcapWriter>(new PcapWriter(file, path, precision));
}

PcapWriter::PcapWriter(std::FILE* file, std::string path, Precision precision)
    : file_(file), path_(std::move(path)), precision_(precision) {}

PcapWriter::~PcapWriter() { Close(); }

bool PcapWriter::Write(const RawPacket& packet) {
  if (file_ == nullptr) {
    error_ = path_ + ": written after Close()";
    return false;
  }
  // Floor division, so that times before 1970 keep a fraction in [0, 1 s).
  const std::int64_t ns = packet.ts.count();
  std::int64_t seconds = ns / kNsPerSecond;
  std::int64_t fraction = ns % kNsPerSecond;
  if (fraction < 0) {
    fraction += kNsPerSecond;
    seconds -= 1;
  }
  if (precision_ == Precision::kMicro) fraction /= 1000;
  const auto caplen = static_cast<std::uint32_t>(packet.data.size());
  std::uint8_t header[16];
  PutU32(header, static_cast<std::uint32_t>(seconds));
  PutU32(header + 4, static_cast<std::uint32_t>(fraction));
  PutU32(header + 8, caplen);
  PutU32(header + 12, packet.wire_length < caplen ? caplen : packet.wire_length);
  if (std::fwrite(header, sizeof header, 1, file_) != 1 ||
      (caplen > 0 && std::fwrite(packet.data.data(), caplen, 1, file_) != 1)) {
    error_ = path_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool PcapWriter::Close() {
  if (file_ == nullptr) return error_.empty();
  const bool flushed = std::fflush(file_) == 0 && !std::ferror(file_);
  if (!flushed && error_.empty()) error_ = path_ + ": " + std::strerror(errno);
  const bool closed = std::fclose(file_) == 0;
  if (!closed && error_.empty()) error_ = path_ + ": " + std::strerror(errno);
  file_ = nullptr;
  return flushed && closed && error_.empty();
}

}  // namespace wirecheck::capture
