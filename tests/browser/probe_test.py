#!/usr/bin/env python3
"""Tests of scripts/browser-probe, in real headless Chromium.

Each test runs the probe as a subprocess on a fixture page in pages/ (one
fault per page) and checks its exit status, its JSON and its reasons. Every
run also checks the clean-up contract, whatever the exit (timeouts and
signals too): the probe's temporary folder is gone from its TMPDIR, nothing
was written in its HOME, and no process still names that TMPDIR.

    python3 tests/browser/probe_test.py [-v]

Standard library only. Needs Debian's chromium (scripts/setup installs it).
"""

import json
import os
import pathlib
import signal
import statistics
import struct
import subprocess
import tempfile
import time
import unittest

HERE = pathlib.Path(__file__).resolve().parent
PROBE = HERE.parents[1] / "scripts" / "browser-probe"
PAGES = HERE / "pages"
RUN_SECONDS = 120  # the bound on one probe run, whatever goes wrong
# A page that asks for the network must fail fast, never wait for a TCP
# timeout. Its load is bounded by --timeout 10 (exit 2 had it hung); this
# bounds the whole run, Chromium's start included, with room for a loaded
# machine (ctest -j).
NETWORK_PAGE_SECONDS = 30
# slow_load.html keeps its page busy for 60 s: a probe that gives up at its
# timeout, or on SIGTERM, ends well before.
GIVE_UP_SECONDS = 40
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Run:
    """One finished probe run: exit status, output, JSON, wall time."""

    def __init__(self, completed, seconds):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.seconds = seconds
        self.document = json.loads(self.stdout) if self.stdout.strip() else None

    @property
    def page(self):
        if self.document is None:
            raise AssertionError(f"the probe printed no JSON; {self}")
        return self.document["pages"][0]

    def __str__(self):
        return f"exit {self.returncode} after {self.seconds:.1f} s; stderr:\n{self.stderr}"


def processes_naming(text):
    """PIDs of live processes whose command line contains text (not this one)."""
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if text.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass  # gone meanwhile, or not ours to read
    return found


def surviving_processes(text):
    """processes_naming(text) once they had a moment to end: SIGKILL is
    delivered at once, but a process takes a moment to go."""
    deadline = time.monotonic() + 5
    while processes_naming(text) and time.monotonic() < deadline:
        time.sleep(0.05)
    return processes_naming(text)


def run_probe(*args, env=None, interrupt_after=None):
    """Runs the probe in pages/ with a TMPDIR and a HOME of its own, and notes
    what it left in them and which processes still name that TMPDIR."""
    with tempfile.TemporaryDirectory(prefix="probe-test-") as tmp, \
            tempfile.TemporaryDirectory(prefix="probe-test-home-") as home:
        environment = {**os.environ, "TMPDIR": tmp, "HOME": home, **(env or {})}
        command = [str(PROBE), *args]
        started = time.monotonic()
        if interrupt_after is None:
            completed = subprocess.run(command, cwd=PAGES, env=environment,
                                       capture_output=True, text=True, timeout=RUN_SECONDS)
        else:
            completed = run_terminated(command, environment, interrupt_after)
        run = Run(completed, time.monotonic() - started)
        run.left_files = os.listdir(tmp) + os.listdir(home)
        run.surviving_pids = surviving_processes(tmp)
    return run


def run_terminated(command, environment, seconds):
    """The probe, sent SIGTERM after `seconds`."""
    process = subprocess.Popen(command, cwd=PAGES, env=environment, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(seconds)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=RUN_SECONDS)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


class ProbeTestCase(unittest.TestCase):
    def probe(self, *args, **kwargs):
        """run_probe, and the clean-up contract checked on every run."""
        run = run_probe(*args, **kwargs)
        self.assertCleanedUp(run)
        return run

    def assertCleanedUp(self, run):
        self.assertEqual(run.left_files, [], f"the probe left files in its TMPDIR or HOME; {run}")
        self.assertEqual(run.surviving_pids, [], f"chromium outlived the probe; {run}")

    def assertCheckFails(self, run, *reasons):
        """Exit 1, and each reason on one stderr line of its own."""
        self.assertEqual(run.returncode, 1, run)
        self.assertIsNotNone(run.document, "--check prints the JSON before judging")
        lines = run.stderr.splitlines()
        for reason in reasons:
            self.assertTrue(any(reason in line for line in lines), f"no line says {reason!r}; {run}")


class GoodPageTest(ProbeTestCase):
    """A clean, self-contained page passes --check and is measured right."""

    @classmethod
    def setUpClass(cls):
        cls.run_ = run_probe(
            "--check", "--count", "g.packet", "--count", "svg.ladder", "--count", "g.packet.evidence",
            "--visible", "g.packet.evidence", "--visible", "#bottom", "good.html")

    def test_passes_check(self):
        self.assertCleanedUp(self.run_)
        self.assertEqual(self.run_.returncode, 0, self.run_)
        self.assertEqual(self.run_.stderr.count("browser-probe:"), 0, self.run_)

    def test_document_shape(self):
        document = self.run_.document
        self.assertEqual(set(document), {"chromium", "pages"})
        self.assertRegex(document["chromium"], r"Chrom\w*/\d+\.")
        self.assertEqual(set(self.run_.page), {
            "path", "url", "title", "load_ms", "dom_bytes", "file_bytes", "console", "exceptions",
            "log_errors", "log_warnings", "failed_requests", "requests", "counts", "ladders",
            "visible", "links"})

    def test_page_facts(self):
        page = self.run_.page
        self.assertEqual(page["path"], "good.html")
        self.assertEqual(page["url"], (PAGES / "good.html").as_uri())
        self.assertEqual(page["title"], "Good report")
        self.assertGreater(page["load_ms"], 0)
        self.assertEqual(page["file_bytes"], (PAGES / "good.html").stat().st_size)
        self.assertGreater(page["dom_bytes"], 500)

    def test_nothing_went_wrong(self):
        page = self.run_.page
        for field in ("console", "exceptions", "log_errors", "failed_requests", "requests"):
            self.assertEqual(page[field], [], field)

    def test_counts(self):
        self.assertEqual(self.run_.page["counts"],
                         {"g.packet": 3, "svg.ladder": 1, "g.packet.evidence": 1})

    def test_ladder(self):
        [ladder] = self.run_.page["ladders"]
        self.assertEqual((ladder["id"], ladder["data_arrows"], ladder["arrows"]), ("ladder1", 3, 3))
        self.assertGreater(ladder["width"], 0)
        self.assertGreater(ladder["height"], 0)

    def test_evidence_visible(self):
        [evidence] = self.run_.page["visible"]["g.packet.evidence"]
        self.assertEqual(evidence["id"], "p3")
        self.assertTrue(evidence["visible"], evidence)
        self.assertTrue(evidence["scrolled_into_view_visible"], evidence)

    def test_below_the_fold_visible_once_scrolled(self):
        [bottom] = self.run_.page["visible"]["#bottom"]
        self.assertTrue(bottom["visible"], bottom)
        self.assertTrue(bottom["scrolled_into_view_visible"], bottom)

    def test_links(self):
        self.assertEqual(self.run_.page["links"], [
            {"href": "#p2", "target_exists": True},
            {"href": "linked.html#top", "exists": True}])


class FaultyPageTest(ProbeTestCase):
    """Each fixture has one fault; --check must name it and exit 1."""

    def test_console_error(self):
        run = self.probe("--check", "console_error.html")
        self.assertCheckFails(run, "console_error.html: console error: boom")
        self.assertIn({"type": "error", "text": "boom"}, run.page["console"])

    def test_outside_image_refused_by_csp(self):
        run = self.probe("--check", "--timeout", "10", "external_image_csp.html")
        self.assertLess(run.seconds, NETWORK_PAGE_SECONDS, run)
        self.assertCheckFails(run, "external_image_csp.html: logged error (security)")
        [error] = run.page["log_errors"]
        self.assertIn("Content Security Policy", error["text"])
        self.assertIn("http://192.0.2.1/x.png", error["text"])

    def test_outside_image_without_csp_fails_fast(self):
        run = self.probe("--check", "--timeout", "10", "external_image.html")
        self.assertLess(run.seconds, NETWORK_PAGE_SECONDS, run)
        self.assertCheckFails(run, "external_image.html: failed request: http://192.0.2.1/x.png",
                              "external_image.html: request (a self-contained page makes none)")
        self.assertEqual(run.page["requests"], ["http://192.0.2.1/x.png"])
        [failed] = run.page["failed_requests"]
        self.assertEqual(failed["url"], "http://192.0.2.1/x.png")
        self.assertIn("BLOCKED_BY_CLIENT", failed["error"])

    def test_evidence_in_closed_details(self):
        run = self.probe("--check", "--visible", "g.packet.evidence", "closed_details.html")
        self.assertCheckFails(
            run, "closed_details.html: --visible g.packet.evidence: #hidden-evidence is not visible: "
                 "inside a closed <details>")
        [evidence] = run.page["visible"]["g.packet.evidence"]
        self.assertFalse(evidence["visible"])

    def test_closed_details_passes_without_visible(self):
        # The page is otherwise clean: --visible is what fails it above.
        run = self.probe("--check", "closed_details.html")
        self.assertEqual(run.returncode, 0, run)

    def test_visible_selector_matching_nothing(self):
        run = self.probe("--check", "--visible", "#no-such-element", "good.html")
        self.assertCheckFails(run, "good.html: --visible #no-such-element: no element matches")

    def test_ladder_miscount(self):
        run = self.probe("--check", "ladder_miscount.html")
        self.assertCheckFails(run, "ladder_miscount.html: ladder #short-ladder: data-arrows says 4, "
                                   "it draws 3 g.packet")
        [ladder] = run.page["ladders"]
        self.assertEqual((ladder["data_arrows"], ladder["arrows"]), (4, 3))

    def test_broken_in_page_link(self):
        run = self.probe("--check", "broken_anchor.html")
        self.assertCheckFails(run, "broken_anchor.html: in-page link #p9: no element has id 'p9'")
        self.assertEqual(run.page["links"], [{"href": "#p9", "target_exists": False}])

    def test_relative_link_to_missing_file(self):
        run = self.probe("--check", "missing_file_link.html")
        self.assertCheckFails(run, "missing_file_link.html: link runs/missing.html#p1: no such file")
        self.assertEqual(run.page["links"], [{"href": "runs/missing.html#p1", "exists": False}])

    def test_without_check_a_faulty_page_exits_0(self):
        run = self.probe("console_error.html")
        self.assertEqual(run.returncode, 0, run)
        self.assertEqual(run.page["console"], [{"type": "error", "text": "boom"}])


class OptionsTest(ProbeTestCase):
    def test_screenshot_is_a_whole_page_png(self):
        with tempfile.TemporaryDirectory() as out:
            shot = pathlib.Path(out) / "good.png"
            run = self.probe("--screenshot", str(shot), "good.html")
            self.assertEqual(run.returncode, 0, run)
            data = shot.read_bytes()
        self.assertEqual(data[:8], PNG_SIGNATURE)
        self.assertGreater(len(data), 1024)
        width, height = struct.unpack(">II", data[16:24])  # IHDR
        self.assertEqual(width, 1200)
        self.assertGreater(height, 900, "the whole page, not only the viewport")

    def test_several_pages_in_one_browser(self):
        run = self.probe("--check", "good.html", "linked.html", "broken_anchor.html")
        self.assertEqual([page["path"] for page in run.document["pages"]],
                         ["good.html", "linked.html", "broken_anchor.html"])
        self.assertCheckFails(run, "broken_anchor.html: in-page link #p9")
        self.assertNotIn("good.html:", run.stderr)

    def test_load_repeat(self):
        run = self.probe("--load-repeat", "3", "good.html")
        self.assertEqual(run.returncode, 0, run)
        times = run.page["load_ms_all"]
        self.assertEqual(len(times), 3)
        self.assertTrue(all(t > 0 for t in times), times)
        self.assertEqual(run.page["load_ms"], statistics.median(times))

    def test_long_tmpdir(self):
        # Chromium's socket path under a long $TMPDIR would not fit sun_path.
        with tempfile.TemporaryDirectory() as tmp:
            long_tmpdir = pathlib.Path(tmp, "a-rather-long-folder-name" * 3)
            long_tmpdir.mkdir()
            run = self.probe("--check", "good.html", env={"TMPDIR": str(long_tmpdir)})
            self.assertEqual(run.returncode, 0, run)
            self.assertEqual(os.listdir(long_tmpdir), [])


class ErrorExitTest(ProbeTestCase):
    """Exit 2: the probe could not do its job; no JSON, a reason on stderr."""

    def assertError(self, run, text):
        self.assertEqual(run.returncode, 2, run)
        self.assertEqual(run.stdout, "")
        self.assertIn(text, run.stderr)

    def test_missing_page(self):
        self.assertError(self.probe("--check", "no_such_page.html"), "no_such_page.html: no such file")

    def test_page_is_a_folder(self):
        self.assertError(self.probe("--check", "."), ".: not a file")

    def test_screenshot_unwritable(self):
        self.assertError(self.probe("--screenshot", "/nonexistent/good.png", "good.html"),
                         "--screenshot /nonexistent/good.png: No such file or directory")

    def test_usage_error(self):
        self.assertError(self.probe("--screenshot", "x.png", "good.html", "linked.html"),
                         "--screenshot takes exactly one page")

    def test_load_timeout(self):
        run = self.probe("--timeout", "1", "slow_load.html")
        self.assertError(run, "timeout: waited 1 s for the load event of slow_load.html")
        self.assertLess(run.seconds, GIVE_UP_SECONDS, run)

    def test_chromium_missing(self):
        run = self.probe("good.html", env={"CHROMIUM": "/nonexistent/chromium"})
        self.assertError(run, "/nonexistent/chromium")
        self.assertIn("scripts/setup", run.stderr)

    def test_chromium_failing_to_start(self):
        with tempfile.TemporaryDirectory() as bin_dir:
            fake = pathlib.Path(bin_dir) / "chromium"
            fake.write_text("#!/bin/sh\necho 'fake chromium: cannot start' >&2\nexit 1\n")
            fake.chmod(0o755)
            run = self.probe("good.html", env={"CHROMIUM": str(fake)})
        self.assertError(run, "chromium closed its DevTools pipe (exit status 1)")
        self.assertIn("fake chromium: cannot start", run.stderr, "chromium's stderr tail")

    def test_interrupted(self):
        run = self.probe("--timeout", "60", "slow_load.html", interrupt_after=2)
        self.assertEqual(run.returncode, 130, run)
        self.assertIn("interrupted", run.stderr)
        self.assertLess(run.seconds, GIVE_UP_SECONDS, run)


if __name__ == "__main__":
    unittest.main(verbosity=2)
