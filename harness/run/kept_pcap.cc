#include "harness/run/kept_pcap.h"

#include <filesystem>
#include <map>
#include <mutex>

namespace wirecheck {

std::string KeptPcapPath(const std::string& dir, const std::string& stem) {
  static std::mutex mutex;
  static std::map<std::string, int> claimed;  // DIR/<stem>, normalised -> times asked
  const std::filesystem::path base = std::filesystem::absolute(std::filesystem::path(dir) / stem).lexically_normal();
  int n = 0;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    n = ++claimed[base.string()];
  }
  const std::string name = n == 1 ? stem + ".pcap" : stem + "-" + std::to_string(n) + ".pcap";
  return (std::filesystem::path(dir) / name).string();
}

std::string ClientSidePcapPath(const std::string& kept) {
  std::filesystem::path path(kept);
  const std::string extension = path.extension().string();
  path.replace_filename(path.stem().string() + "-client" + extension);
  return path.string();
}

}  // namespace wirecheck
