#!/usr/bin/env python3
"""wirecheck's own HTML pages in a real browser (headless Chromium).

Makes the pages as a user does, with the real binary and real runs: one
page per bundled example (`wirecheck run EXAMPLE --report html=DIR`), a
failing run, a capture verified, the sample class graded (its class page
and every submission's page), and the golden page of tests/fixtures. Then
opens each with scripts/browser-probe --check: no console error, no
request at all, every in-page link has its target and every relative link
its file, every diagram's arrows match its data-arrows, and a failed
check's marked packet is visible. Each page kind also has its arrows
counted against the capture.

    python3 tests/browser/report_pages_test.py WIRECHECK_BINARY

Exit 77 (ctest's SKIP_RETURN_CODE) when this machine cannot make the
sandbox runs need (`wirecheck doctor` fails): skipped, never passed.
"""

import json
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parents[1]
PROBE = SOURCE / "scripts" / "browser-probe"
EXAMPLES = SOURCE / "scenarios" / "examples"
FIXTURES = SOURCE / "tests" / "fixtures" / "scenarios" / "run"
CLASS = SOURCE / "scenarios" / "class"
NETWORK = SOURCE / "scenarios" / "network"
WIRECHECK = None  # set from argv
COMMAND_SECONDS = 300


def pcap_packets(path):
    """The number of packets of a classic pcap file (the runs write these)."""
    data = pathlib.Path(path).read_bytes()
    magic = data[:4]
    endian = {b"\xd4\xc3\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">", b"\x4d\x3c\xb2\xa1": "<",
              b"\xa1\xb2\x3c\x4d": ">"}[magic]
    count, at = 0, 24
    while at + 16 <= len(data):
        (caplen,) = struct.unpack(endian + "I", data[at + 8:at + 12])
        at += 16 + caplen
        count += 1
    return count


def run(args, expect):
    done = subprocess.run(args, capture_output=True, text=True, timeout=COMMAND_SECONDS)
    if done.returncode not in expect:
        raise AssertionError(f"{args} exited {done.returncode}, expected {expect}:\n{done.stdout}\n{done.stderr}")
    return done


def probe(pages, *options):
    """The probe's JSON for `pages`, after --check passed (its reasons on failure)."""
    done = subprocess.run([sys.executable, str(PROBE), "--check", *options, *map(str, pages)],
                          capture_output=True, text=True, timeout=COMMAND_SECONDS)
    if done.returncode != 0:
        raise AssertionError(f"browser-probe --check exited {done.returncode}:\n{done.stderr}")
    return {pathlib.Path(p["path"]).resolve(): p for p in json.loads(done.stdout)["pages"]}


class ReportPagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="wirecheck-pages-"))
        os.chmod(cls.folder, 0o755)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_every_example_page_opens_clean_with_every_packet_drawn(self):
        pages = {}
        for example in sorted(EXAMPLES.glob("*.yaml")):
            out = self.folder / "examples" / example.stem
            run([WIRECHECK, "run", str(example), "--report", f"html={out}"], expect={0})
            pages[example.stem] = out / "index.html"
        self.assertGreaterEqual(len(pages), 7)
        found = probe(pages.values(), "--count", "g.packet", "--count", "svg.ladder", "--count", "section.run")
        for name, page in pages.items():
            with self.subTest(example=name):
                facts = found[page.resolve()]
                self.assertEqual(facts["counts"]["section.run"], 1)
                packets = pcap_packets(page.parent / f"{name}.pcap")
                ladders = facts["counts"]["svg.ladder"]
                if name == "tcp_load_1000_clients":
                    self.assertEqual(ladders, 24)  # the bound on diagrams per run
                    self.assertEqual(facts["counts"]["g.packet"], sum(l["arrows"] for l in facts["ladders"]))
                else:
                    # Few conversations, short ones: every packet of the capture drawn.
                    self.assertGreaterEqual(ladders, 1)
                    self.assertEqual(facts["counts"]["g.packet"], packets)
                self.assertTrue(all(l["width"] > 0 and l["height"] > 0 for l in facts["ladders"]))

    def test_a_failed_checks_packet_is_marked_visible_and_linked(self):
        out = self.folder / "failing"
        run([WIRECHECK, "run", str(FIXTURES / "unread_close.yaml"), "--build", str(pathlib.Path(WIRECHECK).parent),
             "--report", f"html={out}"], expect={1})
        facts = probe([out / "index.html"], "--visible", "g.packet.evidence", "--visible", "section.check.fail",
                      "--count", "a.evidence-link", "--count", "g.packet.reset.evidence")[(out / "index.html").resolve()]
        self.assertEqual(facts["counts"]["g.packet.reset.evidence"], 1)
        self.assertGreaterEqual(facts["counts"]["a.evidence-link"], 1)
        evidence = facts["visible"]["g.packet.evidence"]
        self.assertEqual(len(evidence), 1)
        self.assertTrue(evidence[0]["visible"])
        self.assertEqual(len(facts["visible"]["section.check.fail"]), 1)
        self.assertEqual(facts["ladders"][0]["arrows"], pcap_packets(out / "unread_close.pcap"))

    def test_a_verified_capture_is_linked_where_it_is(self):
        out = self.folder / "verify"
        capture = SOURCE / "scenarios" / "captures" / "capitalize-tcp.pcap"
        run([WIRECHECK, "verify", str(capture), "--scenario", str(FIXTURES / "capitalize_capture.yaml"),
             "--report", f"html={out}"], expect={0})
        facts = probe([out / "index.html"], "--count", "g.packet", "--count", "a.pcap")[(out / "index.html").resolve()]
        self.assertEqual(facts["counts"]["a.pcap"], 1)
        self.assertEqual(facts["counts"]["g.packet"], pcap_packets(capture))
        files = [l for l in facts["links"] if "exists" in l]
        self.assertTrue(any(l["href"].endswith("capitalize-tcp.pcap") and l["exists"] for l in files), files)

    def test_a_run_over_a_wire_shows_what_each_side_saw(self):
        # Two hosts and a wire that drops the server's first data segment:
        # the Wire section's table (a row a direction, the client side's
        # count of server->client marked short), both sides' captures linked.
        out = self.folder / "wire"
        done = run([WIRECHECK, "run", str(NETWORK / "tcp_lost_reply_history.yaml"), "--build",
                    str(pathlib.Path(WIRECHECK).parent), "--report", f"html={out}"], expect={1, 3})
        if done.returncode == 3:
            self.skipTest("no wire on this machine: " + done.stdout)
        page = out / "index.html"
        facts = probe([page], "--count", "table.wire tr", "--count", "table.wire td.fail", "--count", "a.pcap",
                      "--visible", "table.wire")[page.resolve()]
        self.assertEqual(facts["counts"]["table.wire tr"], 3)
        self.assertEqual(facts["counts"]["table.wire td.fail"], 1)
        self.assertEqual(facts["counts"]["a.pcap"], 2)
        self.assertTrue(facts["visible"]["table.wire"][0]["visible"])
        linked = {l["href"] for l in facts["links"] if l.get("exists")}
        self.assertEqual(linked & {"tcp_lost_reply_history.pcap", "tcp_lost_reply_history-client.pcap"},
                         {"tcp_lost_reply_history.pcap", "tcp_lost_reply_history-client.pcap"})

    def test_the_graded_class_pages_open_clean(self):
        out = self.folder / "class"
        run([WIRECHECK, "grade", str(CLASS / "assignment.yaml"), str(CLASS / "submissions"), "-o", str(out),
             "--build", str(pathlib.Path(WIRECHECK).parent)], expect={0})
        submissions = sorted(p for p in (CLASS / "submissions").iterdir() if p.is_dir())
        pages = [out / "index.html"] + [out / s.name / "report.html" for s in submissions]
        found = probe(pages, "--count", "svg.chart rect.bar", "--count", "#submissions a",
                      "--count", "section.run", "--count", "#grade")
        index = found[(out / "index.html").resolve()]
        self.assertEqual(index["counts"]["svg.chart rect.bar"], 11)  # ten bins and full marks
        self.assertEqual(index["counts"]["#submissions a"], len(submissions))
        linked = {l["href"] for l in index["links"] if "exists" in l and l["exists"]}
        for s in submissions:
            self.assertIn(f"{s.name}/report.html", linked)
            facts = found[(out / s.name / "report.html").resolve()]
            self.assertEqual(facts["counts"]["#grade"], 1)
            # A failed build runs nothing; every other submission runs the three scenarios.
            self.assertEqual(facts["counts"]["section.run"], 0 if "compile-error" in s.name else 3, s.name)

    def test_the_golden_page_opens_clean(self):
        # The writer's golden file: every kind of check, a folded-away
        # conversation, a check drawing its own ladder.
        page = SOURCE / "tests" / "fixtures" / "reports" / "report.html"
        copy = self.folder / "golden" / "report.html"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, copy)
        for capture in ("tcp-capitalize.pcap",):  # the files it links, made so the links resolve
            (copy.parent / capture).write_bytes(b"")
        (self.folder / "student").mkdir(exist_ok=True)
        (self.folder / "student" / "udp.pcapng").write_bytes(b"")
        facts = probe([copy], "--visible", "g.packet.evidence")[copy.resolve()]
        self.assertEqual([e["visible"] for e in facts["visible"]["g.packet.evidence"]], [True])


def main():
    global WIRECHECK
    if len(sys.argv) < 2:
        print("usage: report_pages_test.py WIRECHECK_BINARY [unittest options]", file=sys.stderr)
        return 2
    WIRECHECK = os.path.abspath(sys.argv.pop(1))
    doctor = subprocess.run([WIRECHECK, "doctor"], capture_output=True, text=True, timeout=60)
    if doctor.returncode != 0:
        print("skipped: runs cannot be isolated here (wirecheck doctor):\n" + doctor.stdout, file=sys.stderr)
        return 77
    return 0 if unittest.main(exit=False).result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
