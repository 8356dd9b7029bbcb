// LiveSource specifications: a real capture on the loopback interface of one
// TCP connection the test makes itself. Needs CAP_NET_RAW; skipped, saying
// so, when libpcap reports that permission is missing.

#include "capture/live_source.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture/file_source.h"

namespace wirecheck::capture {
namespace {

/// A TCP listener on 127.0.0.1 with a kernel-chosen port.
int Listen(std::uint16_t* port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(fd, 4) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    return -1;
  }
  *port = ntohs(address.sin_port);
  return fd;
}

/// Client connects, sends `message`, both ends close.
bool Converse(std::uint16_t port, int listener, const std::string& message) {
  const int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return false;
  const int server = accept(listener, nullptr, nullptr);
  bool ok = server >= 0 && send(client, message.data(), message.size(), 0) ==
                               static_cast<ssize_t>(message.size());
  char buffer[256];
  ok = ok && recv(server, buffer, sizeof buffer, 0) == static_cast<ssize_t>(message.size());
  close(client);
  if (server >= 0) close(server);
  return ok;
}

/// TCP flags of an IPv4 packet on an Ethernet-framed loopback; 0 otherwise.
std::uint8_t TcpFlags(const RawPacket& packet) {
  const auto& d = packet.data;
  if (packet.link_type != 1 || d.size() < 14 + 20 + 20 || d[12] != 0x08 || d[13] != 0x00) return 0;
  const std::size_t ip_header = (d[14] & 0x0f) * 4u;
  if (d[14 + 9] != 6 || d.size() < 14 + ip_header + 14) return 0;
  return d[14 + ip_header + 13];
}

constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;

TEST(LiveSourceTest, CapturesALoopbackConversationUntilBothFins) {
  std::uint16_t port = 0;
  const int listener = Listen(&port);
  ASSERT_GE(listener, 0);
  LiveOptions options;
  options.interface = "lo";
  options.filter = "tcp port " + std::to_string(port);
  options.poll_wait = std::chrono::milliseconds(50);
  options.write_to = ::testing::TempDir() + "live_source_test.pcap";
  std::string error;
  bool permission = false;
  auto source = LiveSource::Open(options, &error, &permission);
  if (source == nullptr && permission) {
    close(listener);
    GTEST_SKIP() << "no capture permission (needs CAP_NET_RAW): " << error;
  }
  ASSERT_NE(source, nullptr) << error;
  EXPECT_EQ(source->link_type(), 1u);  // Linux loopback: DLT_EN10MB

  ASSERT_TRUE(Converse(port, listener, "hello wirecheck\n"));
  close(listener);

  int packets = 0, syns = 0, fins = 0, would_block = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  RawPacket packet;
  while (fins < 2 && std::chrono::steady_clock::now() < give_up) {
    const ReadStatus status = source->Next(&packet);
    if (status == ReadStatus::kWouldBlock) {
      ++would_block;
      continue;
    }
    ASSERT_EQ(status, ReadStatus::kPacket) << source->error();
    ++packets;
    EXPECT_EQ(packet.link_type, 1u);
    EXPECT_GE(packet.wire_length, packet.data.size());
    if (TcpFlags(packet) & kSyn) ++syns;
    if (TcpFlags(packet) & kFin) ++fins;
  }
  EXPECT_EQ(fins, 2);
  EXPECT_EQ(syns, 2);       // SYN and SYN-ACK
  EXPECT_GE(packets, 7);    // handshake 3, data 1, FINs 2, at least 1 more ACK

  // Nothing else matches the filter: after Stop() the capture drains and ends.
  source->Stop();
  ReadStatus status;
  while ((status = source->Next(&packet)) == ReadStatus::kPacket) ++packets;
  EXPECT_EQ(status, ReadStatus::kEnd) << source->error();
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
  const CaptureStats stats = source->stats();
  EXPECT_TRUE(stats.drops_known);
  EXPECT_EQ(stats.packets_read, static_cast<std::uint64_t>(packets));

  // The copy is complete once Next() said kEnd.
  auto file = FileSource::Open(options.write_to, &error);
  ASSERT_NE(file, nullptr) << error;
  EXPECT_EQ(file->link_type(), 1u);
  int in_file = 0;
  while (file->Next(&packet) == ReadStatus::kPacket) ++in_file;
  EXPECT_EQ(file->error(), "");
  EXPECT_EQ(in_file, packets);
}

TEST(LiveSourceTest, ReportsABadFilterNamingTheInterface) {
  LiveOptions options;
  options.filter = "tcp port banana";
  std::string error;
  bool permission = false;
  auto source = LiveSource::Open(options, &error, &permission);
  if (source == nullptr && permission) GTEST_SKIP() << "no capture permission: " << error;
  EXPECT_EQ(source, nullptr);
  EXPECT_EQ(error.rfind("lo: bad filter \"tcp port banana\": ", 0), 0u) << error;
}

TEST(LiveSourceTest, ReportsAMissingInterface) {
  LiveOptions options;
  options.interface = "nosuchif0";
  std::string error;
  bool permission = true;
  EXPECT_EQ(LiveSource::Open(options, &error, &permission), nullptr);
  EXPECT_EQ(error.rfind("nosuchif0: ", 0), 0u) << error;
  if (getuid() == 0) {
    EXPECT_FALSE(permission);
  }
}

TEST(LiveSourceTest, SaysWouldBlockWhenNothingArrivesWithinThePollWait) {
  LiveOptions options;
  options.filter = "udp port 9 and host 127.0.0.99";  // nothing sends this
  options.poll_wait = std::chrono::milliseconds(20);
  std::string error;
  bool permission = false;
  auto source = LiveSource::Open(options, &error, &permission);
  if (source == nullptr && permission) GTEST_SKIP() << "no capture permission: " << error;
  ASSERT_NE(source, nullptr) << error;
  RawPacket packet;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(source->Next(&packet), ReadStatus::kWouldBlock);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  source->Stop();
  EXPECT_EQ(source->Next(&packet), ReadStatus::kEnd);
}

}  // namespace
}  // namespace wirecheck::capture
