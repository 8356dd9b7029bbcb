// The `network:` section: hosts, the wire's conditions per direction, the
// seed; and the `host:` of the server and client groups checked against it
// (names, and places a run can make: host_layout.h).

#include <arpa/inet.h>

#include "harness/loader/scenario_parts.h"
#include "harness/model/did_you_mean.h"
#include "harness/model/host_layout.h"
#include "harness/model/network_text.h"
#include "harness/wire/wire_address.h"

namespace wirecheck {

namespace {

bool ValidHostName(std::string_view name) {
  if (name.empty() || name.size() > 32 || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// A plain address of the scenario's family, inside the ranges a wire allows.
std::optional<std::string> ReadHostAddress(const YamlValue& v, Scenario::Family family, YamlContext& ctx) {
  const auto text = ReadString(v, ctx);
  if (!text) return std::nullopt;
  if (text->find('/') != std::string::npos) {
    ctx.Error(v.Where(ctx), v.label + ": give an address without a prefix length, e.g. 192.0.2.1");
    return std::nullopt;
  }
  const bool v6 = text->find(':') != std::string::npos;
  std::string err;
  if (!wire::ParseWireAddress(*text + (v6 ? "/128" : "/32"), &err)) {
    ctx.Error(v.Where(ctx), v.label + ": " + err);
    return std::nullopt;
  }
  if (v6 != (family == Scenario::Family::kIpv6)) {
    ctx.Error(v.Where(ctx), v.label + ": " + *text + " is an " + (v6 ? "IPv6" : "IPv4") +
                                " address, but the scenario's family is " +
                                (family == Scenario::Family::kIpv6 ? "ipv6" : "ipv4"));
    return std::nullopt;
  }
  return text;
}

std::vector<NetworkHost> ReadHosts(const YamlValue& v, Scenario::Family family, YamlContext& ctx) {
  std::vector<NetworkHost> hosts;
  if (!ExpectMapping(v, ExpectedValue(*v.spec), ctx)) return hosts;
  if (v.node.size() == 0) ctx.Error(v.Where(ctx), v.label + ": name at least one host");
  for (auto it = v.node.begin(); it != v.node.end(); ++it) {
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    const SourceLocation where = ctx.Where(it->first);
    if (!ValidHostName(name)) {
      ctx.Error(where, v.label + ": not a host name (a letter, then letters, digits, _ or -): " + Describe(it->first));
      continue;
    }
    if (hosts.size() == kMaxHosts) {
      ctx.Error(where, v.label + ": more than " + std::to_string(kMaxHosts) +
                           " hosts: a run has one wire between two hosts for now");
      continue;
    }
    // A host with a wrong address is still named (its error said why), so
    // the `host:` that refers to it is not reported as well.
    const auto address = ReadHostAddress(YamlValue{it->second, v.spec, where, "'" + name + "'"}, family, ctx);
    for (const NetworkHost& earlier : hosts) {
      if (earlier.name == name) {
        ctx.Error(where, v.label + ": host '" + name + "' named twice");
      } else if (address && earlier.address == *address) {
        ctx.Error(ctx.Where(it->second), v.label + ": '" + name + "' has the address of '" + earlier.name + "' (" +
                                             *address + ")");
      }
    }
    hosts.push_back(NetworkHost{name, address.value_or(""), where});
  }
  return hosts;
}

std::optional<double> ReadPercent(const YamlValue& v, YamlContext& ctx) {
  const auto text = ReadString(v, ctx);
  if (!text) return std::nullopt;
  double p = 0;
  std::string err;
  if (!ParsePercent(*text, &p, &err)) {
    ctx.Error(v.Where(ctx), v.label + ": " + err);
    return std::nullopt;
  }
  return p;
}

std::optional<std::uint64_t> ReadRate(const YamlValue& v, YamlContext& ctx) {
  const auto text = ReadString(v, ctx);
  if (!text) return std::nullopt;
  std::uint64_t rate = 0;
  std::string err;
  if (!ParseRate(*text, &rate, &err)) {
    ctx.Error(v.Where(ctx), v.label + ": " + err);
    return std::nullopt;
  }
  return rate;
}

std::optional<NetworkDrop> ReadDrop(const YamlValue& v, YamlContext& ctx) {
  NetworkDrop drop;
  drop.where = v.Where(ctx);
  if (v.node.IsScalar()) {
    const std::string text = v.node.Scalar();
    if (text == "first_fin") return NetworkDrop{NetworkDrop::Match::kTcpFin, 1, drop.where};
    if (text == "first_syn") return NetworkDrop{NetworkDrop::Match::kTcpSyn, 1, drop.where};
    ctx.Error(drop.where, v.label + ": expected first_fin, first_syn or a mapping such as {nth_segment: 3}, got '" +
                              text + "'" + DidYouMeanSuffix(text, kBareDrops));
    return std::nullopt;
  }
  if (!ExpectMapping(v, ExpectedValue(*v.spec), ctx)) return std::nullopt;
  const MappingReader m(v.node, kDropRuleKeys, ctx);
  if (m.Present().size() != 1) {
    if (v.node.size() != 1) ctx.Error(drop.where, v.label + ": give one of nth_packet, nth_segment, nth_fin, nth_syn");
    return std::nullopt;
  }
  const YamlValue& only = m.Present().front();
  const auto n = ReadInteger(only, ctx);
  if (!n) return std::nullopt;
  const std::string_view key = only.spec->name;
  drop.match = key == "nth_packet"    ? NetworkDrop::Match::kPacket
               : key == "nth_segment" ? NetworkDrop::Match::kTcpSegmentWithPayload
               : key == "nth_fin"     ? NetworkDrop::Match::kTcpFin
                                      : NetworkDrop::Match::kTcpSyn;
  drop.occurrence = *n;
  return drop;
}

std::optional<std::vector<NetworkDrop>> ReadDrops(const YamlValue& v, Scenario::Protocol protocol,
                                                  YamlContext& ctx) {
  std::vector<YamlValue> items = v.node.IsSequence() ? Elements(v) : std::vector<YamlValue>{v};
  std::vector<NetworkDrop> drops;
  bool ok = true;
  for (const YamlValue& item : items) {
    auto drop = ReadDrop(item, ctx);
    ok = ok && drop.has_value();
    if (!drop) continue;
    if (protocol == Scenario::Protocol::kUdp && drop->match != NetworkDrop::Match::kPacket) {
      ctx.Error(drop->where, item.label + ": the scenario is UDP: only nth_packet drops apply");
      ok = false;
      continue;
    }
    drops.push_back(*drop);
  }
  if (!ok) return std::nullopt;
  return drops;
}

NetworkDirection ReadDirection(const YamlValue& v, Scenario::Protocol protocol, YamlContext& ctx) {
  NetworkDirection d;
  d.where = v.Where(ctx);
  if (!ExpectMapping(v, "a mapping of loss, drop, delay, jitter, reorder, duplicate, rate, mtu", ctx)) return d;
  const MappingReader m(v.node, kDirectionKeys, ctx);
  ReadInto(m, "loss", &d.loss, ctx, ReadPercent);
  if (const auto drop = m.Get("drop")) {
    if (auto drops = ReadDrops(*drop, protocol, ctx)) d.drops = std::move(*drops);
  }
  ReadInto(m, "delay", &d.delay, ctx, ReadDuration);
  ReadInto(m, "jitter", &d.jitter, ctx, ReadDuration);
  ReadInto(m, "reorder", &d.reorder, ctx, ReadPercent);
  ReadInto(m, "reorder_delay", &d.reorder_delay, ctx, ReadDuration);
  ReadInto(m, "duplicate", &d.duplicate, ctx, ReadPercent);
  ReadInto(m, "rate", &d.rate_bytes_per_second, ctx, ReadRate);
  if (const auto mtu = m.Get("mtu")) {
    if (const auto n = ReadInteger(*mtu, ctx)) d.mtu = static_cast<std::uint32_t>(*n);
  }
  return d;
}

// Where a `host:` names no host of the network, or there is no network.
void CheckHostName(const std::optional<Located<std::string>>& host, const std::optional<Network>& network,
                   YamlContext& ctx) {
  if (!host) return;
  if (!network) {
    ctx.Error(host->where, "'host': the scenario has no network.hosts to run on");
    return;
  }
  if (network->Find(host->value)) return;
  std::vector<std::string_view> names;
  std::string listed;
  for (const NetworkHost& h : network->hosts) {
    names.push_back(h.name);
    listed += (listed.empty() ? "" : ", ") + h.name;
  }
  ctx.Error(host->where, "'host': no host named '" + host->value + "' in network.hosts (" + listed + ")" +
                             DidYouMeanSuffix(host->value, names));
}

}  // namespace

std::optional<Network> ReadNetwork(const YamlValue& v, const Scenario& scenario, YamlContext& ctx) {
  Network network;
  network.where = v.Where(ctx);
  if (!ExpectMapping(v, "a mapping of hosts, client_to_server, server_to_client, seed", ctx)) return std::nullopt;
  const MappingReader m(v.node, kNetworkKeys, ctx);
  if (const auto hosts = m.Get("hosts")) network.hosts = ReadHosts(*hosts, scenario.family, ctx);
  if (const auto d = m.Get("client_to_server")) network.client_to_server = ReadDirection(*d, scenario.protocol, ctx);
  if (const auto d = m.Get("server_to_client")) network.server_to_client = ReadDirection(*d, scenario.protocol, ctx);
  if (const auto seed = m.Get("seed")) {
    if (const auto n = ReadInteger(*seed, ctx)) network.seed = static_cast<std::uint64_t>(*n);
  }
  return network;
}

void CheckHosts(const Scenario& scenario, YamlContext& ctx) {
  CheckHostName(scenario.server.host, scenario.network, ctx);
  for (const ClientSpec& client : scenario.clients) CheckHostName(client.host, scenario.network, ctx);
  for (const HostLayoutProblem& problem : HostLayoutProblems(scenario)) ctx.Error(problem.where, problem.message);
}

}  // namespace wirecheck
