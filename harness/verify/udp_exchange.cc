#include "harness/verify/udp_exchange.h"

#include <algorithm>

namespace wirecheck {
namespace {

using capture::Conversation;
using capture::Direction;
using capture::Endpoint;

bool Has(const std::vector<Endpoint>& v, const Endpoint& e) { return std::find(v.begin(), v.end(), e) != v.end(); }

void AddDatagrams(const Conversation& c, Direction from, Direction client, std::vector<DatagramRef>* to) {
  const Endpoint& src = from == Direction::kOrig ? c.orig : c.resp;
  const Endpoint& dst = from == Direction::kOrig ? c.resp : c.orig;
  for (const capture::Datagram& d : c.from(from).datagrams) to->push_back({&c, from, &d, &src, &dst, client});
}

void AddRefusals(const Conversation& c, Direction client, UdpExchange* x) {
  std::size_t kept = 0;
  for (const capture::PortUnreachableMark& m : c.port_unreachable) {
    if (m.refused != client) continue;
    std::uint64_t datagram = 0;
    for (const capture::Datagram& d : c.from(client).datagrams) {
      if (d.number < m.number) datagram = d.number;
    }
    x->refusals.push_back({&c, client, &m, datagram});
    ++kept;
  }
  // Those past the marks kept: answers to the client too, as all kept ones were.
  if (kept == c.port_unreachable.size()) x->refusal_count += c.port_unreachable_count - c.port_unreachable.size();
  x->refusal_count += kept;
}

}  // namespace

UdpExchange FindExchange(const capture::Trace& trace, int port) {
  UdpExchange x;
  std::vector<const Conversation*> others;
  for (const Conversation& c : trace.conversations) {
    if (c.transport != capture::Transport::kUdp) continue;
    const bool resp_is_server = c.resp.port == port, orig_is_server = c.orig.port == port && !resp_is_server;
    if (!resp_is_server && !orig_is_server) {
      others.push_back(&c);
      continue;
    }
    const Direction client = resp_is_server ? Direction::kOrig : Direction::kResp;
    if (!c.from(client).datagrams.empty() && !Has(x.clients, client == Direction::kOrig ? c.orig : c.resp)) {
      x.clients.push_back(client == Direction::kOrig ? c.orig : c.resp);
    }
    AddDatagrams(c, client, client, &x.client_datagrams);
    AddDatagrams(c, Reverse(client), client, &x.server_datagrams);
    AddRefusals(c, client, &x);
  }
  for (const Conversation* c : others) {  // replies to a client from another port
    for (Direction d : {Direction::kOrig, Direction::kResp}) {
      const Endpoint& src = d == Direction::kOrig ? c->orig : c->resp;
      const Endpoint& dst = d == Direction::kOrig ? c->resp : c->orig;
      if (Has(x.clients, dst) && !Has(x.clients, src)) AddDatagrams(*c, d, Reverse(d), &x.server_datagrams);
    }
  }
  const auto by_number = [](const DatagramRef& a, const DatagramRef& b) { return a.number() < b.number(); };
  std::sort(x.client_datagrams.begin(), x.client_datagrams.end(), by_number);
  std::sort(x.server_datagrams.begin(), x.server_datagrams.end(), by_number);
  std::sort(x.refusals.begin(), x.refusals.end(),
            [](const RefusalRef& a, const RefusalRef& b) { return a.mark->number < b.mark->number; });
  return x;
}

}  // namespace wirecheck
