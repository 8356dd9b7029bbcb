// Misbehaving programs under test, as server and as client, through
// `wirecheck run` as a user runs it: each run must end on its own with a
// report and the documented exit code, the misbehaviour must be a result
// (a check that says what happened), and nothing of it may be left on the
// host afterwards (no process carrying the case's marker). The programs
// attack nothing but themselves and their own run. Label `run`.

#include <gtest/gtest.h>
#include <dirent.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness/sandbox/sandbox.h"
#include "tests/support/run_command.h"

namespace wirecheck {
namespace {

const std::string kBuild = std::filesystem::path(WIRECHECK_BINARY).parent_path().string();

struct HostileCase {
  const char* name;
  bool as_server;          // the program is the server (else a client of the iterative server)
  const char* program;     // python3 code; argv: the case's marker, the port, the program's {tmp}
  const char* limits;      // YAML flow mapping, or ""
  const char* check;       // the check that must say what happened
  const char* status;      // its status
  const char* words;       // words its message holds
};

// Every process whose command line holds `marker`: the case's leftovers.
int ProcessesWith(const std::string& marker) {
  int found = 0;
  DIR* proc = opendir("/proc");
  while (dirent* entry = proc ? readdir(proc) : nullptr) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    std::ifstream in(std::string("/proc/") + entry->d_name + "/cmdline", std::ios::binary);
    const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(marker) != std::string::npos) ++found;
  }
  if (proc) closedir(proc);
  return found;
}

std::string Scenario(const HostileCase& c, const std::string& marker, const std::string& code_file) {
  const std::string program = "python3 " + code_file + " " + marker + " {port} {tmp}";
  const std::string limits = *c.limits ? std::string("\n    limits: ") + c.limits : "";
  std::string text = "scenario: hostile " + std::string(c.name) + "\nprotocol: tcp\ntimeout: 15s\n";
  if (c.as_server) {
    text += "server:\n  name: hostile\n  run: \"" + program + "\"\n  port: 6789" +
            (*c.limits ? std::string("\n  limits: ") + c.limits : "") +
            "\n  ready_timeout: 3s\nclients:\n  - name: client\n    run: \"" + kBuild +
            "/scenarios/tcp_capitalize_client {host} {port}\"\n    stdin: \"hello\\n\"\n    timeout: 3s\n"
            "    expect: { exit: 0, stdout: \"FROM SERVER: HELLO\\n\" }\n";
  } else {
    text += "server:\n  run: \"" + kBuild + "/scenarios/tcp_capitalize_server_iterative {port} {host}\"\n"
            "  port: 6789\nclients:\n  - name: hostile\n    run: \"" + program + "\"\n    timeout: 3s" + limits +
            "\n    expect: { exit: 0 }\n";
  }
  return text;
}

class HostileProgramTest : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileProgramTest, EndsWithAReportAndLeavesNothing) {
  std::string warning, err;
  auto sandbox = Sandbox::Create(SandboxOptions{.allow_host_fallback = false}, &warning, &err);
  if (!sandbox) GTEST_SKIP() << "no sandbox for runs: " << err;
  sandbox->Close();
  const HostileCase& c = GetParam();
  const std::string marker = "wirecheck-hostile-" + std::to_string(getpid()) + "-" + c.name;
  const auto dir = std::filesystem::temp_directory_path() / marker;
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir, std::filesystem::perms::all);  // a run as nobody reads its program here
  const std::string code = (dir / "program.py").string();
  std::ofstream(code) << c.program;
  std::ofstream(dir / "scenario.yaml") << Scenario(c, marker, code);
  const auto r = testing::RunWirecheck({"run", (dir / "scenario.yaml").string(), "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto run = nlohmann::json::parse(r.out)["runs"][0];
  EXPECT_FALSE(run.contains("error")) << run;
  bool seen = false;
  for (const auto& check : run["checks"]) {
    if (check["id"] != c.check) continue;
    seen = true;
    EXPECT_EQ(check["status"].get<std::string>(), c.status) << check.dump();
    EXPECT_NE(check["message"].get<std::string>().find(c.words), std::string::npos) << check.dump();
  }
  EXPECT_TRUE(seen) << "no check " << c.check << " in " << run["checks"];
  EXPECT_EQ(ProcessesWith(marker), 0);
  std::filesystem::remove_all(dir);
}

// Each program takes its marker (argv[1]), the port (argv[2]) and its {tmp}
// folder (argv[3]). A program that meets an error it was built to meet exits
// with that errno as its code, so the exit check names it.
const HostileCase kCases[] = {
    {"client_fork_bomb", false,
     "import os, time\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        time.sleep(0.01)\n",
     "{processes: 32}", "hostile.no_crash", "fail", "timed out after 3s"},
    {"client_memory_hog", false, "x = bytearray(2 << 30)\n", "{address_space: 256MiB}", "hostile.exit", "fail",
     "exited with code 1"},
    {"client_sleeps_forever", false, "import time\ntime.sleep(3600)\n", "", "hostile.no_crash", "fail",
     "timed out after 3s"},
    {"client_floods_stdout", false,
     "import sys\nb = b'x' * 65536\nwhile True:\n    sys.stdout.buffer.write(b)\n", "", "hostile.no_flood", "fail",
     "bytes to stdout, more than its limit of 1MiB (limits.output)"},
    {"server_ignores_sigterm_and_never_answers", true,
     "import signal, socket, sys, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ns = socket.socket()\n"
     "s.bind(('127.0.0.1', int(sys.argv[2])))\ns.listen(5)\ntime.sleep(3600)\n",
     "", "client.stdout", "fail", ""},
    {"server_crashes_after_listen", true,
     "import os, signal, socket, sys, time\ns = socket.socket()\ns.bind(('127.0.0.1', int(sys.argv[2])))\n"
     "s.listen(5)\ntime.sleep(0.2)\nos.kill(os.getpid(), signal.SIGSEGV)\n",
     "", "hostile.no_crash", "fail", "SIGSEGV"},
    // The process started leaves: it forks a child that listens (and never
    // accepts) and exits 0. That is the failure, whatever the client saw.
    {"server_daemonises", true,
     "import os, socket, sys, time\nif os.fork() != 0:\n    sys.exit(0)\nos.setsid()\ns = socket.socket()\n"
     "s.bind(('127.0.0.1', int(sys.argv[2])))\ns.listen(5)\ntime.sleep(3600)\n",
     "", "hostile.runs_until_stopped", "fail", "exited with code 0 after"},
    // The process started stays (it runs until stopped); its children outlive it.
    {"server_daemon_children_outlive_it", true,
     "import os, socket, sys, time\ns = socket.socket()\ns.bind(('127.0.0.1', int(sys.argv[2])))\ns.listen(5)\n"
     "for _ in range(3):\n    if os.fork() == 0:\n        os.setsid()\n        time.sleep(3600)\n"
     "time.sleep(3600)\n",
     "", "client.stdout", "fail", ""},
    // The server already listens on 127.0.0.1:{port}: a bind there is refused.
    {"client_binds_the_server_port", false,
     "import socket, sys\ns = socket.socket()\ntry:\n    s.bind(('127.0.0.1', int(sys.argv[2])))\n"
     "    s.listen(5)\nexcept OSError as e:\n    sys.exit(e.errno)\n",
     "", "hostile.exit", "fail", "exited with code 98"},  // EADDRINUSE
    // Readiness is read from the socket tables: a bound socket is not a
    // listening one, so the clients never start.
    {"server_binds_but_never_listens", true,
     "import socket, sys, time\ns = socket.socket()\ns.bind(('127.0.0.1', int(sys.argv[2])))\ntime.sleep(3600)\n",
     "", "server.ready", "fail", "has no socket listening on TCP port 6789"},
    // Non-blocking connects, so no connect waits on the iterative server's
    // full accept queue: the open-files limit (256) ends it, never its timeout.
    {"client_opens_thousands_of_connections", false,
     "import socket, sys\nkept = []\nfor _ in range(5000):\n    try:\n        s = socket.socket()\n"
     "    except OSError as e:\n        sys.exit(e.errno)\n    s.setblocking(False)\n"
     "    s.connect_ex(('127.0.0.1', int(sys.argv[2])))\n    kept.append(s)\n",
     "", "hostile.exit", "fail", "exited with code 24"},  // EMFILE
    // Python ignores SIGXFSZ from its start (and would get EFBIG): the
    // program takes back the default a C program has, so the limit kills it.
    {"client_writes_gigabytes_to_a_file", false,
     "import signal, sys\nsignal.signal(signal.SIGXFSZ, signal.SIG_DFL)\nb = b'x' * (1 << 20)\n"
     "with open(sys.argv[3] + '/big', 'wb') as f:\n    while True:\n        f.write(b)\n",
     "", "hostile.no_crash", "fail", "killed by SIGXFSZ"},
    // 1 MiB files stay under file_size (64 MiB); the run's private /tmp
    // (128 MiB) fills instead.
    {"client_fills_its_tmp", false,
     "import sys\nb = b'x' * (1 << 20)\ni = 0\nwhile True:\n    try:\n"
     "        with open('/tmp/f%d' % i, 'wb') as f:\n            f.write(b)\n    except OSError as e:\n"
     "        sys.exit(e.errno)\n    i += 1\n",
     "", "hostile.exit", "fail", "exited with code 28"},  // ENOSPC
};

INSTANTIATE_TEST_SUITE_P(Cases, HostileProgramTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<HostileCase>& info) { return info.param.name; });

}  // namespace
}  // namespace wirecheck
