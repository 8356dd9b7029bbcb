#include "harness/wire/host_interface.h"

#include <net/if.h>

#include <optional>

#include "harness/wire/interface_config.h"
#include "harness/wire/wire_address.h"

namespace wirecheck::wire {
namespace {

bool Parse(const std::vector<std::string>& texts, std::vector<WireAddress>* out, std::string* err) {
  for (const std::string& text : texts) {
    std::optional<WireAddress> address = ParseWireAddress(text, err);
    if (!address) return false;
    out->push_back(*address);
  }
  return true;
}

}  // namespace

std::string CheckHostInterface(const HostInterfaceConfig& config) {
  if (config.name.empty() || config.name.size() >= IFNAMSIZ) {
    return "the wire's interface name \"" + config.name + "\" is not 1 to 15 characters";
  }
  std::vector<WireAddress> parsed;
  std::string err;
  if (!Parse(config.addresses, &parsed, &err) || !Parse(config.routes, &parsed, &err)) return err;
  return {};
}

bool ConfigureHostInterface(const HostInterfaceConfig& config, std::string* err) {
  std::vector<WireAddress> addresses, routes;
  if (!Parse(config.addresses, &addresses, err) || !Parse(config.routes, &routes, err)) return false;
  if (!config.ipv6 && !DisableInterfaceIpv6(config.name, err)) return false;
  if (!SetInterfaceUp(config.name, config.mtu, err)) return false;
  for (const WireAddress& address : addresses) {
    if (!AddInterfaceAddress(config.name, address, err)) return false;
  }
  // Ready means ready: no first packet lost to the kernel's own lag.
  for (const WireAddress& address : addresses) {
    if (!WaitUntilAddressIsLocal(address, 2000, err)) return false;
  }
  for (const WireAddress& route : routes) {
    if (!AddInterfaceRoute(config.name, route, err)) return false;
  }
  return true;
}

}  // namespace wirecheck::wire
