// Differential test: FileSource against libpcap over the tcpdump test corpus
// (830 captures, many deliberately broken). Where libpcap reads a file to its
// end, both must hand over the same packets; where libpcap gives up, we only
// require no crash (run under ASan+UBSan) and that libpcap's packets before
// its error are a prefix of ours.

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture/file_source.h"

namespace wirecheck::capture {
namespace {

struct Record {
  std::uint64_t ts_ns = 0;  // modulo 2^64, as both sides can overflow on junk
  std::uint32_t link_type = 0;
  std::uint32_t wire_length = 0;
  std::vector<std::uint8_t> bytes;
};

struct Reading {
  bool opened = false;
  bool signed_time = false;  // libpcap read a 32-bit time field as negative
  bool failed = false;  // open failed or the read ended in an error
  std::string error;
  std::vector<Record> records;
};

/// The precision of a classic pcap file, from its magic; 0 for pcapng.
std::uint64_t ClassicPcapNsPerFraction(const std::string& path) {
  std::uint8_t magic[4] = {};
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return 0;
  const bool read = std::fread(magic, 1, 4, file) == 4;
  std::fclose(file);
  if (!read) return 0;
  const std::uint32_t little = magic[0] | magic[1] << 8 | magic[2] << 16 | std::uint32_t{magic[3]} << 24;
  const std::uint32_t big = __builtin_bswap32(little);
  if (little == 0xa1b23c4d || big == 0xa1b23c4d) return 1;
  if (little == 0xa1b2c3d4 || big == 0xa1b2c3d4 || little == 0xa1b2cd34 || big == 0xa1b2cd34) {
    return 1000;
  }
  return 0;
}

/// Expected exception: libpcap 1.10 declares the classic pcap record's
/// seconds and fraction as bpf_int32 and sign-extends them, so times from
/// 2038 on come out before 1970 (the corpus has time_2038_overflow.pcap,
/// time_2106.pcap... for exactly this). The format says both are unsigned
/// 32-bit; we read them so. Undo libpcap's sign extension before comparing.
std::uint64_t UnsignedPcapTime(const timeval& ts, std::uint64_t ns_per_fraction, bool* changed) {
  const auto seconds = static_cast<std::uint32_t>(ts.tv_sec);
  const auto fraction = static_cast<std::uint32_t>(ts.tv_usec / static_cast<long>(ns_per_fraction));
  *changed = ts.tv_sec < 0 || ts.tv_usec < 0;
  return std::uint64_t{seconds} * 1'000'000'000u + fraction * ns_per_fraction;
}

Reading ReadWithLibpcap(const std::string& path) {
  Reading reading;
  const std::uint64_t ns_per_fraction = ClassicPcapNsPerFraction(path);
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t* pcap =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (pcap == nullptr) {
    reading.failed = true;
    reading.error = errbuf;
    return reading;
  }
  reading.opened = true;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int status = 0;
  while ((status = pcap_next_ex(pcap, &header, &data)) == 1) {
    Record record;
    record.ts_ns = static_cast<std::uint64_t>(header->ts.tv_sec) * 1'000'000'000u +
                   static_cast<std::uint64_t>(header->ts.tv_usec);
    if (ns_per_fraction != 0) {
      bool changed = false;
      record.ts_ns = UnsignedPcapTime(header->ts, ns_per_fraction, &changed);
      reading.signed_time = reading.signed_time || changed;
    }
    record.link_type = static_cast<std::uint32_t>(pcap_datalink(pcap));
    record.wire_length = header->len;
    record.bytes.assign(data, data + header->caplen);
    reading.records.push_back(std::move(record));
  }
  if (status != PCAP_ERROR_BREAK) {
    reading.failed = true;
    reading.error = pcap_geterr(pcap);
  }
  pcap_close(pcap);
  return reading;
}

/// libpcap reports DLT_* values, files hold LINKTYPE_* values; they differ
/// for a few old types (libpcap's linktype_to_dlt()).
std::uint32_t LinkTypeToDlt(std::uint32_t link_type) {
  switch (link_type) {
    case 100: return DLT_ATM_RFC1483;
    case 101: return DLT_RAW;
    case 102: return DLT_SLIP_BSDOS;
    case 103: return DLT_PPP_BSDOS;
    case 106: return DLT_ATM_CLIP;
    case 246: return DLT_PFSYNC;
    case 258: return DLT_PKTAP;
    default: return link_type;
  }
}

Reading ReadWithFileSource(const std::string& path) {
  Reading reading;
  auto source = FileSource::Open(path, &reading.error);
  if (source == nullptr) {
    reading.failed = true;
    return reading;
  }
  reading.opened = true;
  RawPacket packet;
  ReadStatus status;
  while ((status = source->Next(&packet)) == ReadStatus::kPacket) {
    Record record;
    record.ts_ns = static_cast<std::uint64_t>(packet.ts.count());
    record.link_type = LinkTypeToDlt(packet.link_type);
    record.wire_length = packet.wire_length;
    record.bytes.assign(packet.data.begin(), packet.data.end());
    reading.records.push_back(std::move(record));
  }
  EXPECT_EQ(source->Next(&packet), status) << path << ": the end must be sticky";
  if (status == ReadStatus::kError) {
    reading.failed = true;
    reading.error = source->error();
    EXPECT_EQ(source->error().rfind(path + ": ", 0), 0u) << source->error();
  }
  return reading;
}

/// Empty when the first `count` records agree, else what differs first.
std::string FirstDifference(const std::vector<Record>& ours, const std::vector<Record>& theirs,
                            std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const Record& a = ours[i];
    const Record& b = theirs[i];
    const std::string at = "packet " + std::to_string(i + 1) + ": ";
    if (a.ts_ns != b.ts_ns) {
      return at + "ts " + std::to_string(a.ts_ns) + " vs " + std::to_string(b.ts_ns);
    }
    if (a.link_type != b.link_type) {
      return at + "link type " + std::to_string(a.link_type) + " vs " +
             std::to_string(b.link_type);
    }
    if (a.bytes.size() != b.bytes.size()) {
      return at + "caplen " + std::to_string(a.bytes.size()) + " vs " +
             std::to_string(b.bytes.size());
    }
    if (a.wire_length != b.wire_length) {
      return at + "wire length " + std::to_string(a.wire_length) + " vs " +
             std::to_string(b.wire_length);
    }
    if (a.bytes != b.bytes) return at + "bytes differ";
  }
  return "";
}

TEST(CorpusReadTest, AgreesWithLibpcapOnEveryCaptureLibpcapCanRead) {
  const std::filesystem::path dir = WIRECHECK_TEST_DATA_DIR "/tcpdump-tests/captures";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << "no corpus at " << dir;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  int agreeing = 0, libpcap_errors = 0, our_errors = 0, prefix_agreeing = 0, signed_time = 0;
  for (const auto& file : files) {
    const std::string path = file.string();
    const Reading theirs = ReadWithLibpcap(path);
    const Reading ours = ReadWithFileSource(path);
    if (ours.failed) ++our_errors;
    if (theirs.signed_time) ++signed_time;
    if (theirs.failed) {
      ++libpcap_errors;
      // Packets libpcap returned before giving up must be ours too.
      const std::size_t count = std::min(theirs.records.size(), ours.records.size());
      const std::string difference = FirstDifference(ours.records, theirs.records, count);
      EXPECT_EQ(difference, "") << path << " (libpcap: " << theirs.error << ")";
      if (difference.empty()) ++prefix_agreeing;
      continue;
    }
    EXPECT_FALSE(ours.failed) << path << ": " << ours.error;
    EXPECT_EQ(ours.records.size(), theirs.records.size()) << path << ": " << ours.error;
    const std::size_t count = std::min(theirs.records.size(), ours.records.size());
    const std::string difference = FirstDifference(ours.records, theirs.records, count);
    EXPECT_EQ(difference, "") << path;
    if (!ours.failed && ours.records.size() == theirs.records.size() && difference.empty()) {
      ++agreeing;
    }
  }
  std::printf("corpus: %zu files, %d agreeing, %d libpcap-errors (%d of them agreeing up to "
              "libpcap's error), %d ours-errors, %d with libpcap's signed times undone\n",
              files.size(), agreeing, libpcap_errors, prefix_agreeing, our_errors, signed_time);
  EXPECT_EQ(files.size(), 830u);
}

std::vector<std::uint8_t> ReadBytes(const std::string& path) {
  std::vector<std::uint8_t> bytes;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return bytes;
  std::uint8_t chunk[1 << 16];
  std::size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, file)) > 0) bytes.insert(bytes.end(), chunk, chunk + got);
  std::fclose(file);
  return bytes;
}

void WriteBytes(const std::string& path, const std::vector<std::uint8_t>& bytes, std::size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  if (size > 0) std::fwrite(bytes.data(), 1, size, file);
  std::fclose(file);
}

/// Every corpus file cut at several points and with header bytes corrupted.
/// Cut files: the packets before libpcap's error are ours too, in the same
/// number (both stop at the record or block that is cut). Corrupted files:
/// no crash and no sanitizer report; the readers may disagree on what is
/// damage (we accept several link types and byte orders, libpcap does not).
TEST(CorpusReadTest, SurvivesEveryCaptureCutShortOrCorrupted) {
  const std::filesystem::path dir = WIRECHECK_TEST_DATA_DIR "/tcpdump-tests/captures";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << "no corpus at " << dir;
  const std::string mutant = ::testing::TempDir() + "corpus_read_test_mutant";
  int cuts = 0, same_count = 0, corruptions = 0;
  std::uint32_t random = 12345;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::vector<std::uint8_t> original = ReadBytes(entry.path().string());
    if (original.size() < 8) continue;
    for (const std::size_t cut : {original.size() - 1, original.size() - 5, original.size() / 2,
                                  std::size_t{30}, std::size_t{4}}) {
      if (cut >= original.size()) continue;
      WriteBytes(mutant, original, cut);
      const Reading theirs = ReadWithLibpcap(mutant);
      const Reading ours = ReadWithFileSource(mutant);
      ++cuts;
      const std::size_t count = std::min(theirs.records.size(), ours.records.size());
      EXPECT_EQ(FirstDifference(ours.records, theirs.records, count), "")
          << entry.path() << " cut at " << cut;
      EXPECT_EQ(ours.records.size(), theirs.records.size()) << entry.path() << " cut at " << cut;
      EXPECT_EQ(ours.failed, theirs.failed) << entry.path() << " cut at " << cut;
      if (ours.records.size() == theirs.records.size()) ++same_count;
    }
    for (int round = 0; round < 4; ++round) {
      std::vector<std::uint8_t> corrupted = original;
      for (int flips = 0; flips < 3; ++flips) {
        random = random * 1103515245u + 12345u;
        const std::size_t at = (random >> 8) % std::min<std::size_t>(corrupted.size(), 200);
        corrupted[at] = static_cast<std::uint8_t>(random >> 24);
      }
      WriteBytes(mutant, corrupted, corrupted.size());
      ReadWithFileSource(mutant);
      ++corruptions;
    }
  }
  std::printf("mutants: %d cut files (%d with libpcap's packet count), %d corrupted files\n",
              cuts, same_count, corruptions);
}

}  // namespace
}  // namespace wirecheck::capture
