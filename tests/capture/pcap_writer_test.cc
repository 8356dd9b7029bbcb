// PcapWriter specifications: what it writes must read back the same through
// our FileSource and through libpcap, the reference reader.

#include "capture/pcap_writer.h"

#include <pcap/pcap.h>

#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture/file_source.h"
#include "capture/memory_source.h"

namespace wirecheck::capture {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "pcap_writer_test_" + name;
}

std::vector<OwnedPacket> SamplePackets() {
  std::vector<OwnedPacket> packets(3);
  packets[0] = {Timestamp(1700000000'123456789), link_type::kEthernet, 1514, Bytes(60, 0xab)};
  packets[1] = {Timestamp(1700000001'000000001), link_type::kEthernet, 0, Bytes{1, 2, 3}};
  packets[2] = {Timestamp(1700000002'999999999), link_type::kEthernet, 0, Bytes{}};
  return packets;
}

/// Writes every packet of SamplePackets() through a MemorySource.
std::string WriteSample(const std::string& name, PcapWriter::Precision precision) {
  const std::string path = TempPath(name);
  std::string error;
  auto writer = PcapWriter::Create(path, link_type::kEthernet, 65535, precision, &error);
  EXPECT_NE(writer, nullptr) << error;
  if (writer == nullptr) return path;
  MemorySource source(SamplePackets());
  RawPacket packet;
  while (source.Next(&packet) == ReadStatus::kPacket) EXPECT_TRUE(writer->Write(packet));
  EXPECT_EQ(source.stats().packets_read, 3u);
  EXPECT_TRUE(writer->Close()) << writer->error();
  return path;
}

Bytes FileStart(const std::string& path, std::size_t count) {
  Bytes bytes(count);
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return {};
  bytes.resize(std::fread(bytes.data(), 1, count, file));
  std::fclose(file);
  return bytes;
}

TEST(PcapWriterTest, WritesALittleEndianNanosecondHeader) {
  const std::string path = WriteSample("nano_header.pcap", PcapWriter::Precision::kNano);
  // magic a1b23c4d, version 2.4, thiszone 0, sigfigs 0, snaplen 65535, link 1.
  EXPECT_EQ(FileStart(path, 24), Bytes({0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0xff, 0xff, 0, 0, 1, 0, 0, 0}));
}

TEST(PcapWriterTest, NanosecondFileReadsBackExactlyWithFileSource) {
  const std::string path = WriteSample("nano.pcap", PcapWriter::Precision::kNano);
  std::string error;
  auto source = FileSource::Open(path, &error);
  ASSERT_NE(source, nullptr) << error;
  const std::vector<OwnedPacket> expected = SamplePackets();
  RawPacket packet;
  for (const OwnedPacket& want : expected) {
    ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
    EXPECT_EQ(packet.ts, want.ts);
    EXPECT_EQ(packet.link_type, link_type::kEthernet);
    EXPECT_EQ(packet.wire_length, want.wire_length != 0 ? want.wire_length : want.bytes.size());
    EXPECT_EQ(Bytes(packet.data.begin(), packet.data.end()), want.bytes);
  }
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd) << source->error();
}

TEST(PcapWriterTest, NanosecondFileReadsBackExactlyWithLibpcap) {
  const std::string path = WriteSample("nano_libpcap.pcap", PcapWriter::Precision::kNano);
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t* pcap =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  ASSERT_NE(pcap, nullptr) << errbuf;
  EXPECT_EQ(pcap_datalink(pcap), DLT_EN10MB);
  EXPECT_EQ(pcap_snapshot(pcap), 65535);
  EXPECT_EQ(pcap_get_tstamp_precision(pcap), PCAP_TSTAMP_PRECISION_NANO);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  ASSERT_EQ(pcap_next_ex(pcap, &header, &data), 1);
  EXPECT_EQ(header->ts.tv_sec, 1700000000);
  EXPECT_EQ(header->ts.tv_usec, 123456789);
  EXPECT_EQ(header->caplen, 60u);
  EXPECT_EQ(header->len, 1514u);
  EXPECT_EQ(Bytes(data, data + header->caplen), Bytes(60, 0xab));
  ASSERT_EQ(pcap_next_ex(pcap, &header, &data), 1);
  EXPECT_EQ(header->ts.tv_usec, 1);
  EXPECT_EQ(header->len, 3u);  // a wire length of 0 means the captured size
  EXPECT_EQ(Bytes(data, data + header->caplen), Bytes({1, 2, 3}));
  ASSERT_EQ(pcap_next_ex(pcap, &header, &data), 1);
  EXPECT_EQ(header->caplen, 0u);
  EXPECT_EQ(pcap_next_ex(pcap, &header, &data), PCAP_ERROR_BREAK);  // clean end of file
  pcap_close(pcap);
}

TEST(PcapWriterTest, MicrosecondFileDropsTheNanosecondsAndLibpcapAgrees) {
  const std::string path = WriteSample("micro.pcap", PcapWriter::Precision::kMicro);
  EXPECT_EQ(FileStart(path, 4), Bytes({0xd4, 0xc3, 0xb2, 0xa1}));
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t* pcap = pcap_open_offline(path.c_str(), errbuf);
  ASSERT_NE(pcap, nullptr) << errbuf;
  EXPECT_EQ(pcap_get_tstamp_precision(pcap), PCAP_TSTAMP_PRECISION_MICRO);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  ASSERT_EQ(pcap_next_ex(pcap, &header, &data), 1);
  EXPECT_EQ(header->ts.tv_sec, 1700000000);
  EXPECT_EQ(header->ts.tv_usec, 123456);
  pcap_close(pcap);

  std::string error;
  auto source = FileSource::Open(path, &error);
  ASSERT_NE(source, nullptr) << error;
  RawPacket packet;
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 1700000000'123456000);
  ASSERT_EQ(source->Next(&packet), ReadStatus::kPacket);
  EXPECT_EQ(packet.ts.count(), 1700000001'000000000);
}

TEST(PcapWriterTest, CreateReportsTheCause) {
  std::string error;
  EXPECT_EQ(PcapWriter::Create("/nonexistent/dir/x.pcap", 1, 65535,
                               PcapWriter::Precision::kNano, &error),
            nullptr);
  EXPECT_EQ(error, "/nonexistent/dir/x.pcap: No such file or directory");
  EXPECT_EQ(PcapWriter::Create("/nonexistent/dir/x.pcap", 1), nullptr);  // no error wanted
}

TEST(PcapWriterTest, ReportsADiskFullAtTheLatestOnClose) {
  std::string error;
  auto writer = PcapWriter::Create("/dev/full", 1, 65535, PcapWriter::Precision::kNano, &error);
  if (writer == nullptr) GTEST_SKIP() << "no /dev/full: " << error;
  const Bytes big(1 << 20, 0);  // more than the buffer: the write itself fails
  RawPacket packet;
  packet.data = big;
  EXPECT_FALSE(writer->Write(packet) && writer->Close());
  EXPECT_EQ(writer->error(), "/dev/full: No space left on device");
}

TEST(PcapWriterTest, RefusesWritesAfterClose) {
  auto writer = PcapWriter::Create(TempPath("closed.pcap"), 1);
  ASSERT_NE(writer, nullptr);
  EXPECT_TRUE(writer->Close());
  RawPacket packet;
  EXPECT_FALSE(writer->Write(packet));
  EXPECT_NE(writer->error(), "");
}

}  // namespace
}  // namespace wirecheck::capture
