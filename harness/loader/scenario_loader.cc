#include "harness/loader/scenario_loader.h"

#include <algorithm>

#include "harness/loader/scenario_bounds.h"
#include "harness/loader/scenario_parts.h"
#include "harness/model/did_you_mean.h"
#include "harness/model/placeholder_text.h"

namespace wirecheck {

namespace {

constexpr Duration kClientTimeout = std::chrono::seconds(10);

// The keys that configure a program; they make no sense beside a script.
constexpr std::string_view kProgramKeys[] = {"cwd", "env", "stdin", "limits", "timeout", "expect"};

}  // namespace

Limits ReadLimits(const YamlValue& v, YamlContext& ctx, Limits defaults) {
  Limits limits = std::move(defaults);
  limits.where = v.Where(ctx);
  if (!ExpectMapping(v, "a mapping of cpu, address_space, processes, file_size, open_files, output", ctx)) {
    return limits;
  }
  const MappingReader m(v.node, kLimitsKeys, ctx);
  ReadInto(m, "cpu", &limits.cpu, ctx, ReadDuration);
  ReadInto(m, "address_space", &limits.address_space, ctx, ReadSize);
  ReadInto(m, "processes", &limits.processes, ctx, ReadInteger);
  ReadInto(m, "file_size", &limits.file_size, ctx, ReadSize);
  ReadInto(m, "open_files", &limits.open_files, ctx, ReadInteger);
  ReadInto(m, "output", &limits.output, ctx, ReadSize);
  return limits;
}

RunLimits ReadRunLimits(const YamlValue& v, YamlContext& ctx) {
  RunLimits limits;
  limits.where = v.Where(ctx);
  if (!ExpectMapping(v, "a mapping of memory, processes", ctx)) return limits;
  const MappingReader m(v.node, kRunLimitsKeys, ctx);
  ReadInto(m, "memory", &limits.memory, ctx, ReadSize);
  ReadInto(m, "processes", &limits.processes, ctx, ReadInteger);
  return limits;
}

namespace {

// `run` or `script` (exactly one), and the program's keys only with `run`.
template <typename Peer>
void ReadPeer(const MappingReader& m, const YamlValue& v, Scenario::Protocol protocol, PeerRole role,
              std::string_view what, Peer* peer, YamlContext& ctx) {
  const auto run = m.Get("run");
  const auto script = m.Get("script");
  if (run && script) {
    ctx.Error(script->key_where, "give 'run' or 'script', not both");
  } else if (!run && !script) {
    ctx.Error(v.Where(ctx), std::string(what) + " needs 'run' (a program) or 'script' (a scripted peer)");
  }
  if (script) {
    peer->script = ReadScript(*script, protocol, role, ctx);
    for (std::string_view key : kProgramKeys) {
      if (const auto k = m.Get(key)) ctx.Error(k->key_where, k->label + " applies to a program ('run'), not to a script");
    }
    return;
  }
  if (!run) return;
  Command command;
  command.where = run->Where(ctx);
  ReadInto(m, "run", &command.argv, ctx, ReadCommand);
  ReadInto(m, "cwd", &command.cwd, ctx, ReadTemplate);
  ReadInto(m, "env", &command.env, ctx, ReadEnvironment);
  ReadInto(m, "stdin", &command.stdin_bytes, ctx, ReadText);
  if (const auto limits = m.Get("limits")) command.limits = ReadLimits(*limits, ctx);
  ReadInto(m, "timeout", &command.timeout, ctx, ReadDuration);
  if (const auto expect = m.Get("expect")) peer->expect = ReadProcessExpect(*expect, ctx);
  peer->command = std::move(command);
}

ServerSpec ReadServer(const YamlValue& v, Scenario::Protocol protocol, YamlContext& ctx) {
  ServerSpec server;
  server.where = v.Where(ctx);
  server.expect.where = server.expect.no_crash.where = server.expect.no_flood.where = server.where;
  if (!ExpectMapping(v, "a mapping with 'run' or 'script'", ctx)) return server;
  const MappingReader m(v.node, kServerKeys, ctx);
  CheckProtocol(m, protocol, ctx);
  ReadInto(m, "name", &server.name, ctx, ReadString);
  if (const auto port = m.Get("port")) {
    if (const auto n = ReadInteger(*port, ctx)) server.port = static_cast<int>(*n);
  }
  ReadInto(m, "ready_timeout", &server.ready_timeout, ctx, ReadDuration);
  ReadLocated(m, "host", &server.host, ctx, ReadString);
  if (const auto stop = m.Get("stop")) {
    if (const auto index = ReadChoice(*stop, ctx)) server.stop = static_cast<ServerSpec::Stop>(*index);
  }
  ReadPeer(m, v, protocol, PeerRole::kServer, "the server", &server, ctx);
  if (server.expect.exit && server.stop == ServerSpec::Stop::kTerminate) {
    ctx.Error(server.expect.exit->where,
              "'exit': the server is stopped with SIGTERM; to check its exit status, set stop: wait");
  }
  return server;
}

std::optional<std::pair<ClientSpec::Start, Duration>> ReadStart(const YamlValue& v, YamlContext& ctx) {
  const auto text = ReadString(v, ctx);
  if (!text) return std::nullopt;
  if (*text == "together") return std::pair{ClientSpec::Start::kTogether, Duration{}};
  if (*text == "one-by-one") return std::pair{ClientSpec::Start::kOneByOne, Duration{}};
  if (text->rfind("every", 0) == 0) {
    const std::string interval = text->substr(std::min<std::size_t>(text->size(), 6));
    if (text->size() <= 6 || (*text)[5] != ' ') {
      ctx.Error(v.Where(ctx), v.label + ": 'every' needs a duration: every 100ms");
      return std::nullopt;
    }
    const auto d = ReadDuration(YamlValue{YAML::Node(interval), v.spec, v.Where(ctx), v.label}, ctx);
    if (!d) return std::nullopt;
    return std::pair{ClientSpec::Start::kEvery, *d};
  }
  constexpr std::string_view kStarts[] = {"together", "one-by-one", "every"};
  const std::string first_word = text->substr(0, text->find(' '));
  ctx.Error(v.Where(ctx), v.label + ": expected together, one-by-one or every <duration>, got '" + *text + "'" +
                              DidYouMeanSuffix(first_word, kStarts));
  return std::nullopt;
}

ClientSpec ReadClient(const YamlValue& v, std::size_t number, Scenario::Protocol protocol, YamlContext& ctx) {
  ClientSpec client;
  client.name = "client-" + std::to_string(number);
  client.where = v.Where(ctx);
  client.expect.where = client.expect.no_crash.where = client.expect.no_flood.where = client.where;
  if (!ExpectMapping(v, "a mapping with 'run' or 'script'", ctx)) return client;
  const MappingReader m(v.node, kClientKeys, ctx);
  CheckProtocol(m, protocol, ctx);
  ReadInto(m, "name", &client.name, ctx, ReadString);
  if (const auto count = m.Get("count")) {
    if (const auto n = ReadInteger(*count, ctx)) client.count = static_cast<int>(*n);
  }
  if (const auto start = m.Get("start")) {
    if (const auto s = ReadStart(*start, ctx)) std::tie(client.start, client.interval) = *s;
  }
  if (const auto after = m.Get("after")) {
    if (const auto index = ReadChoice(*after, ctx)) client.after = static_cast<ClientSpec::After>(*index);
  }
  ReadInto(m, "delay", &client.delay, ctx, ReadDuration);
  ReadLocated(m, "host", &client.host, ctx, ReadString);
  ReadPeer(m, v, protocol, PeerRole::kClient, "a client", &client, ctx);
  if (client.command && !client.command->timeout) client.command->timeout = kClientTimeout;
  ReadInto(m, "wire", &client.wire, ctx, ReadConnectionExpect);
  return client;
}

void ReadClients(const YamlValue& v, Scenario* s, YamlContext& ctx) {
  if (!ExpectSequence(v, "a list of client groups", ctx)) return;
  std::size_t number = 0;
  std::int64_t clients = 0;
  for (const YamlValue& item : Elements(v)) {
    if (number == kMaxClientGroups) {
      ctx.Error(item.Where(ctx), "more than " + std::to_string(kMaxClientGroups) +
                                     " client groups: the most a scenario may have");
      return;
    }
    ClientSpec client = ReadClient(item, ++number, s->protocol, ctx);
    if (clients <= kMaxClients && (clients += client.count) > kMaxClients) {
      ctx.Error(client.where, "more than " + std::to_string(kMaxClients) +
                                  " clients over all groups: the most a scenario may run");
    }
    if (client.name == s->server.name) {
      ctx.Error(client.where, "client name '" + client.name + "' is the server's name");
    }
    for (const ClientSpec& earlier : s->clients) {
      if (earlier.name == client.name) {
        ctx.Error(client.where, "client name '" + client.name + "' used twice (first at line " +
                                    std::to_string(earlier.where.line) + ")");
      }
    }
    s->clients.push_back(std::move(client));
  }
}

Scenario ReadScenario(const YAML::Node& root, YamlContext& ctx) {
  Scenario s;
  s.where = ctx.Where(root);
  s.where.line = s.where.column = 1;
  const MappingReader m(root, kScenarioKeys, ctx);
  ReadInto(m, "scenario", &s.title, ctx, ReadString);
  ReadInto(m, "description", &s.description, ctx, ReadString);
  if (const auto protocol = m.Get("protocol")) {
    if (const auto index = ReadChoice(*protocol, ctx)) s.protocol = static_cast<Scenario::Protocol>(*index);
  }
  if (const auto family = m.Get("family")) {
    if (const auto index = ReadChoice(*family, ctx)) s.family = static_cast<Scenario::Family>(*index);
  }
  ReadInto(m, "timeout", &s.timeout, ctx, ReadDuration);
  if (const auto limits = m.Get("run_limits")) s.run_limits = ReadRunLimits(*limits, ctx);
  if (const auto network = m.Get("network")) s.network = ReadNetwork(*network, s, ctx);
  if (const auto server = m.Get("server")) s.server = ReadServer(*server, s.protocol, ctx);
  if (const auto clients = m.Get("clients")) ReadClients(*clients, &s, ctx);
  CheckHosts(s, ctx);
  if (const auto expect = m.Get("expect")) s.expect = ReadWireExpect(*expect, s.protocol, ctx);
  if (const auto grading = m.Get("grading")) s.grading = ReadGrading(*grading, s, ctx);
  return s;
}

constexpr std::size_t kLongestPlaceholder = 16;

// A plain value that starts with a placeholder (`run: {build}/server`) is
// a YAML flow mapping, and often a syntax error: say so when the line of
// the error (or the one before) has one.
std::string UnquotedPlaceholderHint(std::string_view text, int line) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (int l = line; l >= 0 && l >= line - 1; --l) {
    if (l >= static_cast<int>(lines.size())) continue;
    const std::string_view s = lines[static_cast<std::size_t>(l)];
    for (std::size_t open = s.find('{'); open != std::string_view::npos; open = s.find('{', open + 1)) {
      // A placeholder is a short name: look no further for its brace, so a
      // long line of braces costs one pass, not one per brace.
      const std::size_t close = s.substr(0, open + kLongestPlaceholder + 2).find('}', open);
      std::string err;
      const std::size_t before = s.find_last_not_of(' ', open == 0 ? 0 : open - 1);
      const bool starts_value = open == 0 || (before != std::string_view::npos && (s[before] == ':' || s[before] == '-' || s[before] == '['));
      if (close != std::string_view::npos && starts_value && CheckPlaceholders(s.substr(open, close - open + 1), &err)) {
        return " (a value that starts with " + std::string(s.substr(open, close - open + 1)) +
               " must be quoted: YAML reads { as the start of a mapping)";
      }
    }
  }
  return "";
}

ScenarioLoad Failed(YamlContext& ctx) { return ScenarioLoad{std::nullopt, ctx.TakeErrors()}; }

}  // namespace

ScenarioLoad LoadScenarioText(std::string_view text, const std::string& file_name) {
  YamlContext ctx(file_name);
  YAML::Node root;
  try {
    if (!CheckScenarioBounds(text, ctx)) return Failed(ctx);
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    ctx.Error(ctx.Where(e.mark), "YAML syntax error: " + e.msg + UnquotedPlaceholderHint(text, e.mark.line));
    return Failed(ctx);
  }
  if (!root.IsMap()) {
    const std::string got = root.IsNull() ? "an empty file" : Describe(root);
    ctx.Error(SourceLocation{file_name, 1, 1},
              "expected a scenario (a mapping with at least 'scenario' and 'server'), got " + got);
    return Failed(ctx);
  }
  try {
    Scenario scenario = ReadScenario(root, ctx);
    scenario.where.file = file_name;
    if (ctx.HasErrors()) return Failed(ctx);
    return ScenarioLoad{std::move(scenario), {}};
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws for no input we know of once parsed; stay an error, not a crash.
    ctx.Error(ctx.Where(e.mark), "unexpected YAML error: " + e.msg);
    return Failed(ctx);
  }
}

ScenarioLoad LoadScenarioFile(const std::string& path) {
  std::string text;
  ScenarioError error;
  if (!ReadBoundedFile(path, "a scenario file", &text, &error)) return ScenarioLoad{std::nullopt, {error}};
  return LoadScenarioText(text, path);
}

}  // namespace wirecheck
