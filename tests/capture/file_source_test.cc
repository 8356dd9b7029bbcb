// FileSource specifications. Every capture is built byte by byte here from
// the format documents (pcap-savefile(5), draft-ietf-opsawg-pcapng), so the
// expected values come from the formats, not from the reader.

#include "capture/file_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wirecheck::capture {
namespace {

using Bytes = std::vector<std::uint8_t>;

/// Appends integers in a chosen byte order.
class Writer {
 public:
  explicit Writer(bool big_endian = false) : big_(big_endian) {}
  Writer& U8(std::uint8_t v) { bytes_.push_back(v); return *this; }
  Writer& U16(std::uint16_t v) { return Int(v, 2); }
  Writer& U32(std::uint32_t v) { return Int(v, 4); }
  Writer& U64(std::uint64_t v) { return Int(v, 8); }
  Writer& Append(const Bytes& more) {
    bytes_.insert(bytes_.end(), more.begin(), more.end());
    return *this;
  }
  Writer& Pad4() {
    while (bytes_.size() % 4 != 0) bytes_.push_back(0);
    return *this;
  }
  const Bytes& bytes() const { return bytes_; }
  bool big() const { return big_; }

 private:
  Writer& Int(std::uint64_t v, int size) {
    for (int i = 0; i < size; ++i) {
      const int shift = big_ ? 8 * (size - 1 - i) : 8 * i;
      bytes_.push_back(static_cast<std::uint8_t>(v >> shift));
    }
    return *this;
  }
  bool big_;
  Bytes bytes_;
};

// ---- classic pcap ----

Bytes PcapHeader(bool big, std::uint32_t magic, std::uint32_t link_type,
                 std::uint32_t snaplen = 65535) {
  return Writer(big).U32(magic).U16(2).U16(4).U32(0).U32(0).U32(snaplen).U32(link_type).bytes();
}

Bytes PcapRecord(bool big, std::uint32_t sec, std::uint32_t frac, const Bytes& data,
                 std::uint32_t wire_length) {
  return Writer(big)
      .U32(sec).U32(frac).U32(static_cast<std::uint32_t>(data.size())).U32(wire_length)
      .Append(data).bytes();
}

// ---- pcapng ----

Bytes Block(bool big, std::uint32_t type, const Bytes& body) {
  Writer padded(big);
  padded.Append(body).Pad4();
  const auto length = static_cast<std::uint32_t>(padded.bytes().size() + 12);
  return Writer(big).U32(type).U32(length).Append(padded.bytes()).U32(length).bytes();
}

Bytes SectionHeader(bool big) {
  return Block(big, 0x0a0d0d0a,
               Writer(big).U32(0x1a2b3c4d).U16(1).U16(0).U64(~std::uint64_t{0}).bytes());
}

/// An IDB; tsresol < 0 leaves the option out (microseconds), likewise offset.
Bytes InterfaceBlock(bool big, std::uint16_t link_type, std::uint32_t snaplen, int tsresol = -1,
                     std::int64_t tsoffset = 0) {
  Writer body(big);
  body.U16(link_type).U16(0).U32(snaplen);
  body.U16(2).U16(2).U8('l').U8('o').Pad4();  // if_name "lo": an option to walk past
  if (tsresol >= 0) body.U16(9).U16(1).U8(static_cast<std::uint8_t>(tsresol)).Pad4();
  if (tsoffset != 0) body.U16(14).U16(8).U64(static_cast<std::uint64_t>(tsoffset));
  body.U16(0).U16(0);
  return Block(big, 1, body.bytes());
}

Bytes EnhancedPacketBlock(bool big, std::uint32_t interface_id, std::uint64_t ticks,
                          const Bytes& data, std::uint32_t wire_length) {
  return Block(big, 6,
               Writer(big)
                   .U32(interface_id).U32(static_cast<std::uint32_t>(ticks >> 32))
                   .U32(static_cast<std::uint32_t>(ticks))
                   .U32(static_cast<std::uint32_t>(data.size())).U32(wire_length)
                   .Append(data).bytes());
}

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes all;
  for (const Bytes& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

std::string WriteFile(const std::string& name, const Bytes& bytes) {
  const std::string path = ::testing::TempDir() + "file_source_test_" + name;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  EXPECT_NE(file, nullptr);
  if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), file);
  std::fclose(file);
  return path;
}

std::unique_ptr<FileSource> OpenBytes(const std::string& name, const Bytes& bytes,
                                      std::string* path = nullptr) {
  const std::string written = WriteFile(name, bytes);
  if (path != nullptr) *path = written;
  std::string error;
  auto source = FileSource::Open(written, &error);
  EXPECT_NE(source, nullptr) << error;
  return source;
}

const Bytes kFrame = {0xde, 0xad, 0xbe, 0xef, 0x01};
const Bytes kOther = {0x45, 0x00, 0x00, 0x14, 0xaa, 0xbb, 0xcc, 0xdd};

TEST(FileSourceTest, ReadsLittleEndianMicrosecondPcap) {
  auto source = OpenBytes("le_micro.pcap",
                          Concat({PcapHeader(false, 0xa1b2c3d4, 1),
                                  PcapRecord(false, 1700000000, 123456, kFrame, 60),
                                  PcapRecord(false, 1700000001, 999999, kOther, 8)}));
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->link_type(), link_type::kEthernet);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 1700000000'123456000);
  EXPECT_EQ(packet.link_type, 1u);
  EXPECT_EQ(packet.wire_length, 60u);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kFrame);
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 1700000001'999999000);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kOther);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
  EXPECT_EQ(source->stats().packets_read, 2u);
  EXPECT_FALSE(source->stats().drops_known);
}

TEST(FileSourceTest, ReadsBigEndianNanosecondPcap) {
  auto source = OpenBytes("be_nano.pcap",
                          Concat({PcapHeader(true, 0xa1b23c4d, 101),
                                  PcapRecord(true, 1, 999999999, kOther, 1500)}));
  ASSERT_NE(source, nullptr);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 1'999999999);
  EXPECT_EQ(packet.link_type, link_type::kRaw);
  EXPECT_EQ(packet.wire_length, 1500u);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kOther);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
}

TEST(FileSourceTest, ReadsSecondsPast2038AsUnsigned) {
  // The format's seconds field is unsigned 32-bit: 0x80000000 is 2038-01-19.
  auto source = OpenBytes("y2038.pcap", Concat({PcapHeader(false, 0xa1b2c3d4, 1),
                                                PcapRecord(false, 0x80000000u, 0, kFrame, 5)}));
  ASSERT_NE(source, nullptr);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 2147483648'000000000);
}

TEST(FileSourceTest, MasksFcsBitsOutOfThePcapLinkType) {
  // Upper bits: FCS length 4 (0x4 << 28) with the "FCS length present" bit.
  auto source = OpenBytes("fcs.pcap", Concat({PcapHeader(false, 0xa1b2c3d4, 0x44000001),
                                              PcapRecord(false, 0, 0, kFrame, 5)}));
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->link_type(), link_type::kEthernet);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.link_type, link_type::kEthernet);
}

TEST(FileSourceTest, CutsAPcapRecordLongerThanTheSnaplenToTheSnaplen) {
  // As libpcap does: a record above the header's snaplen is damage.
  auto source = OpenBytes("snaplen.pcap", Concat({PcapHeader(false, 0xa1b2c3d4, 1, 4),
                                                  PcapRecord(false, 0, 0, kOther, 8),
                                                  PcapRecord(false, 0, 1, {1, 2}, 2)}));
  ASSERT_NE(source, nullptr);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), Bytes(kOther.begin(), kOther.begin() + 4));
  EXPECT_EQ(packet.wire_length, 8u);
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);  // the rest was skipped
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), Bytes({1, 2}));
}

TEST(FileSourceTest, ReadsPcapngWithNanosecondAndPowerOfTwoResolutions) {
  const std::uint64_t ticks_2_10 = 5 * 1024 + 512;  // 5.5 s in units of 2^-10 s
  auto source = OpenBytes(
      "resol.pcapng",
      Concat({SectionHeader(false), InterfaceBlock(false, 1, 0, 9),
              InterfaceBlock(false, 101, 0, 0x80 | 10, 100),
              EnhancedPacketBlock(false, 0, 1700000000'123456789, kFrame, 64),
              EnhancedPacketBlock(false, 1, ticks_2_10, kOther, 8)}));
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->link_type(), link_type::kEthernet);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 1700000000'123456789);
  EXPECT_EQ(packet.link_type, link_type::kEthernet);
  EXPECT_EQ(packet.wire_length, 64u);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kFrame);
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 105'500000000);  // if_tsoffset 100 s + 5.5 s
  EXPECT_EQ(packet.link_type, link_type::kRaw);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kOther);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
}

TEST(FileSourceTest, UsesMicrosecondsWhenAnInterfaceHasNoTsresol) {
  auto source = OpenBytes("micro.pcapng",
                          Concat({SectionHeader(true), InterfaceBlock(true, 1, 0),
                                  EnhancedPacketBlock(true, 0, 3'000001, kFrame, 5)}));
  ASSERT_NE(source, nullptr);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 3'000001000);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kFrame);
}

TEST(FileSourceTest, SkipsUnknownBlocksAndReadsSimpleAndObsoletePacketBlocks) {
  const Bytes spb_long = Block(false, 3, Writer().U32(10).Append(kOther).U32(0).bytes());
  const Bytes spb_short = Block(false, 3, Writer().U32(3).U8(7).U8(8).U8(9).bytes());
  const Bytes obsolete = Block(false, 2,
                               Writer().U16(0).U16(0).U32(0).U32(2'000000).U32(5).U32(70)
                                   .Append(kFrame).bytes());
  auto source = OpenBytes(
      "blocks.pcapng",
      Concat({SectionHeader(false), Block(false, 0x0bad0bad, Bytes(20, 0xee)),
              InterfaceBlock(false, 113, 6), Block(false, 5, Bytes(16, 0)),  // a stats block
              spb_long, spb_short, obsolete}));
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->link_type(), link_type::kLinuxSll);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);  // captured = min(10, snaplen 6, room)
  EXPECT_EQ(packet.wire_length, 10u);
  EXPECT_EQ(packet.link_type, link_type::kLinuxSll);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), Bytes(kOther.begin(), kOther.begin() + 6));
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);  // captured = len 3, not the padding
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), Bytes({7, 8, 9}));
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 2'000000000);
  EXPECT_EQ(packet.wire_length, 70u);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kFrame);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
}

TEST(FileSourceTest, EachSectionHasItsOwnByteOrderAndInterfaces) {
  auto source = OpenBytes(
      "sections.pcapng",
      Concat({SectionHeader(false), InterfaceBlock(false, 1, 0, 9),
              EnhancedPacketBlock(false, 0, 7, kFrame, 5), SectionHeader(true),
              InterfaceBlock(true, 228, 0, 6), EnhancedPacketBlock(true, 0, 8, kOther, 8)}));
  ASSERT_NE(source, nullptr);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.link_type, link_type::kEthernet);
  EXPECT_EQ(packet.ts.count(), 7);
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.link_type, link_type::kIpv4);  // interface 0 of the second section
  EXPECT_EQ(packet.ts.count(), 8000);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kOther);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
}

// ---- errors ----

TEST(FileSourceTest, RejectsAFileThatIsNoCapture) {
  const std::string path = WriteFile("script.sh", {'#', '!', '/', 'b', 'i', 'n'});
  std::string error;
  EXPECT_EQ(FileSource::Open(path, &error), nullptr);
  EXPECT_EQ(error, path + ": not a pcap or pcapng file (starts with 23 21 2f 62)");
}

TEST(FileSourceTest, RejectsAnEmptyFile) {
  const std::string path = WriteFile("empty.pcap", {});
  std::string error;
  EXPECT_EQ(FileSource::Open(path, &error), nullptr);
  EXPECT_EQ(error, path + ": empty file");
}

TEST(FileSourceTest, RejectsAMissingFileWithStrerror) {
  std::string error;
  EXPECT_EQ(FileSource::Open("/nonexistent/x.pcap", &error), nullptr);
  EXPECT_EQ(error, "/nonexistent/x.pcap: No such file or directory");
}

TEST(FileSourceTest, RejectsAPcapFileHeaderCutShort) {
  Bytes header = PcapHeader(false, 0xa1b2c3d4, 1);
  header.resize(10);
  const std::string path = WriteFile("short_header.pcap", header);
  std::string error;
  EXPECT_EQ(FileSource::Open(path, &error), nullptr);
  EXPECT_EQ(error, path + ": file cut short inside the pcap file header (needs 24 bytes, 10 left)");
}

TEST(FileSourceTest, ReportsARecordHeaderCutShortAfterTheGoodPackets) {
  Bytes bytes = Concat({PcapHeader(false, 0xa1b2c3d4, 1), PcapRecord(false, 1, 0, kFrame, 5),
                        PcapRecord(false, 2, 0, kFrame, 5)});
  bytes.resize(24 + 21 + 10);
  std::string path;
  auto source = OpenBytes("cut_record_header.pcap", bytes, &path);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kError);
  EXPECT_EQ(source->error(), path + ": file cut short inside a packet record header (needs 16 "
                                    "bytes, 10 left), at packet 2 (byte offset 45)");
  EXPECT_EQ(source->Next(&packet), ReadStatus::kError);
  EXPECT_EQ(source->stats().packets_read, 1u);
}

TEST(FileSourceTest, ReportsPacketDataCutShortAfterTheGoodPackets) {
  const Bytes big(100, 0x55);
  Bytes bytes = Concat({PcapHeader(true, 0xa1b2c3d4, 1), PcapRecord(true, 1, 0, kFrame, 5),
                        PcapRecord(true, 2, 0, kFrame, 5), PcapRecord(true, 3, 0, big, 100)});
  bytes.resize(bytes.size() - 70);
  std::string path;
  auto source = OpenBytes("cut_data.pcap", bytes, &path);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kError);
  EXPECT_EQ(source->error(), path + ": file cut short inside a packet (needs 100 bytes, 30 "
                                    "left), at packet 3 (byte offset 66)");
}

TEST(FileSourceTest, ReportsAnAbsurdPcapCaptureLength) {
  Bytes bytes = Concat({PcapHeader(false, 0xa1b2c3d4, 1),
                        Writer().U32(0).U32(0).U32(0x40000000).U32(60).bytes()});
  std::string path;
  auto source = OpenBytes("absurd.pcap", bytes, &path);
  RawPacket packet;
  EXPECT_EQ(source->Next(&packet), ReadStatus::kError);
  EXPECT_EQ(source->error(), path + ": captured length 1073741824 is absurd (limit 268435456), "
                                    "at packet 1 (byte offset 24)");
}

TEST(FileSourceTest, ReportsAPcapngBlockCutShort) {
  const Bytes head = Concat({SectionHeader(false), InterfaceBlock(false, 1, 0)});
  const Bytes first = EnhancedPacketBlock(false, 0, 1, kFrame, 5);  // 40 bytes
  Bytes bytes = Concat({head, first, EnhancedPacketBlock(false, 0, 2, Bytes(60, 1), 60)});
  bytes.resize(head.size() + first.size() + 40);
  std::string path;
  auto source = OpenBytes("cut_block.pcapng", bytes, &path);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kError);
  EXPECT_EQ(source->error(),
            path + ": file cut short inside an enhanced packet block (needs 92 bytes, 40 left), "
                   "at packet 2 (byte offset " + std::to_string(head.size() + first.size()) + ")");
}

/// Opens head + tail and returns the error of the first Next().
std::string FirstError(const std::string& name, const Bytes& head, const Bytes& tail) {
  std::string path;
  auto source = OpenBytes(name, Concat({head, tail}), &path);
  if (source == nullptr) return "(did not open)";
  RawPacket packet;
  if (source->Next(&packet) != ReadStatus::kError) return "(no error)";
  const std::string prefix = path + ": ";
  return source->error().substr(prefix.size());
}

TEST(FileSourceTest, ChecksEveryPcapngLengthBeforeUsingIt) {
  const Bytes head = Concat({SectionHeader(false), InterfaceBlock(false, 1, 64)});
  const std::string at = ", at packet 1 (byte offset " + std::to_string(head.size()) + ")";
  EXPECT_EQ(FirstError("len8.pcapng", head, Writer().U32(6).U32(8).U32(8).bytes()),
            "an enhanced packet block has a length of 8, less than 12" + at);
  EXPECT_EQ(FirstError("len13.pcapng", head, Writer().U32(6).U32(13).U32(0).U8(0).U32(13).bytes()),
            "an enhanced packet block has a length of 13, not a multiple of 4" + at);
  EXPECT_EQ(FirstError("trailer.pcapng", head, Writer().U32(0x99).U32(16).U32(0).U32(20).bytes()),
            "a block of type 0x00000099 has a length of 16 but its trailer says 20" + at);
  EXPECT_EQ(FirstError("iface.pcapng", head, EnhancedPacketBlock(false, 3, 0, kFrame, 5)),
            "packet on interface 3, but the section has 1 interface description blocks" + at);
  EXPECT_EQ(FirstError("tiny_epb.pcapng", head, Block(false, 6, Bytes(16, 0))),
            "enhanced packet block too short" + at);
  Bytes overlong = EnhancedPacketBlock(false, 0, 0, kFrame, 5);
  overlong[8 + 12] = 9;  // caplen 9 in a block with 8 bytes of room (5 + padding)
  EXPECT_EQ(FirstError("room.pcapng", head, overlong),
            "captured length 9 runs past the end of its block (8 bytes of room)" + at);
  Bytes absurd = EnhancedPacketBlock(false, 0, 0, kFrame, 5);
  absurd[8 + 15] = 0x20;  // caplen 0x20000005
  EXPECT_EQ(FirstError("absurd.pcapng", head, absurd),
            "captured length 536870917 is absurd (limit 268435456)" + at);
  EXPECT_EQ(FirstError("header.pcapng", head, Bytes{6, 0, 0, 0, 0x20}),
            "file cut short inside a block header (needs 8 bytes, 5 left)" + at);
  EXPECT_EQ(FirstError("no_idb.pcapng", SectionHeader(false), Block(false, 3, Bytes(8, 0))),
            "packet on interface 0, but the section has 0 interface description blocks, at "
            "packet 1 (byte offset 28)");
}

TEST(FileSourceTest, RejectsAPcapngTimestampMoreThan146YearsFrom1970) {
  // 2^62 ns is the limit; an if_tsoffset of 2^62 / 10^9 + 1 seconds is past it
  // (found by capture_fuzz: timestamps that wrapped made durations overflow).
  const std::int64_t past = (std::int64_t{1} << 62) / 1'000'000'000 + 1;
  for (const std::int64_t offset : {past, -past}) {
    const Bytes head = Concat({SectionHeader(false), InterfaceBlock(false, 1, 0, -1, offset)});
    EXPECT_EQ(FirstError("far.pcapng", head, EnhancedPacketBlock(false, 0, 0, kFrame, 5)),
              "timestamp more than 146 years from 1970 (if_tsresol/if_tsoffset of interface 0), at "
              "packet 1 (byte offset " + std::to_string(head.size()) + ")");
  }
}

TEST(FileSourceTest, ReadsAPcapngTimestampBefore1970) {
  auto source = OpenBytes("before_1970.pcapng",
                          Concat({SectionHeader(false), InterfaceBlock(false, 1, 0, 9, -100),
                                  EnhancedPacketBlock(false, 0, 5'500000000, kFrame, 5)}));
  ASSERT_NE(source, nullptr);
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), -94'500000000);
}

TEST(FileSourceTest, ReadsStandardInputWhenThePathIsADash) {
  const std::string path = WriteFile("stdin.pcap", Concat({PcapHeader(false, 0xa1b2c3d4, 1),
                                                           PcapRecord(false, 4, 5, kFrame, 5)}));
  const int saved = dup(STDIN_FILENO);
  const int fd = open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  dup2(fd, STDIN_FILENO);
  close(fd);
  std::string error;
  auto source = FileSource::Open("-", &error);
  dup2(saved, STDIN_FILENO);
  close(saved);
  ASSERT_NE(source, nullptr) << error;
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 4'000005000);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
}

TEST(FileSourceTest, ReadsBytesFromMemoryLikeAFile) {
  std::string error;
  auto source = FileSource::FromBytes("memory.pcap", Concat({PcapHeader(false, 0xa1b2c3d4, 1),
                                                             PcapRecord(false, 4, 5, kFrame, 5)}),
                                      &error);
  ASSERT_NE(source, nullptr) << error;
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), kFrame);
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
}

TEST(FileSourceTest, NamesTheBytesInErrorsFromMemory) {
  std::string error;
  EXPECT_EQ(FileSource::FromBytes("junk", {'#', '!', '/', 'b'}, &error), nullptr);
  EXPECT_EQ(error, "junk: not a pcap or pcapng file (starts with 23 21 2f 62)");
  EXPECT_EQ(FileSource::FromBytes("nothing", {}, &error), nullptr);
  EXPECT_EQ(error, "nothing: empty file");
}

}  // namespace
}  // namespace wirecheck::capture
