"""Unit tests of the benchmark's own arithmetic (python3 -m unittest bench/test_bench.py); run by tests/Ferry.Bench.Tests."""
import os
import socket
import subprocess
import sys
import tempfile
import time
import types
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ab  # noqa: E402
import busyness  # noqa: E402
import compare  # noqa: E402
import metrics  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
import spread  # noqa: E402

STAT = """cpu  100 0 50 800 10 0 0 40 0 0
cpu0 50 0 25 400 5 0 0 20 0 0
intr 1
"""


class BusynessTests(unittest.TestCase):
    def test_reads_the_aggregate_cpu_line_not_a_per_cpu_one(self):
        times = busyness.read_cpu_times(STAT)
        self.assertEqual(times["user"], 100)
        self.assertEqual(times["steal"], 40)

    def test_a_stat_without_a_cpu_line_is_refused(self):
        with self.assertRaises(ValueError):
            busyness.read_cpu_times("intr 1\n")

    def test_steal_and_busy_are_shares_of_the_interval_not_of_all_time(self):
        before = {"load": 0.5, "times": busyness.read_cpu_times(STAT)}
        after_times = dict(before["times"])
        # 100 jiffies pass: 30 user, 10 system, 40 idle, 20 stolen.
        after_times.update(user=130, system=60, idle=840, steal=60)
        summary = busyness.between(before, {"load": 1.5, "times": after_times})
        self.assertEqual(summary["steal_pct"], 20.0)
        self.assertEqual(summary["busy_pct"], 60.0)
        self.assertEqual(summary["load_after"], 1.5)

    def test_the_load_is_the_one_minute_average(self):
        self.assertEqual(busyness.read_load("0.42 0.30 0.10 1/200 12345\n"), 0.42)

    def test_a_real_snapshot_reads_this_machine(self):
        summary = busyness.between(busyness.snapshot(), busyness.snapshot())
        self.assertGreaterEqual(summary["busy_pct"], 0.0)
        self.assertIn("steal", busyness.describe(summary))


class SpreadTests(unittest.TestCase):
    def test_repetitions_inside_the_tie_band_are_trusted(self):
        self.assertFalse(spread.too_wide([100, 110, 95, 105]))

    def test_one_repetition_far_below_the_median_asks_for_another_round(self):
        self.assertTrue(spread.too_wide([3000, 2900, 260, 3100]))

    def test_one_repetition_far_above_the_median_asks_for_another_round(self):
        self.assertTrue(spread.too_wide([100, 100, 130]))

    def test_one_value_has_no_spread(self):
        self.assertFalse(spread.too_wide([5]))

    def test_only_the_noisy_servers_are_named(self):
        self.assertEqual(spread.wide_servers({"ferry": [10, 30, 31], "vsftpd": [10, 10, 11]}), ["ferry"])


class ContentionTests(unittest.TestCase):
    def test_the_load_runs_while_inside_and_is_gone_after(self):
        with spread.Contention("0", seconds=30) as load:
            time.sleep(0.2)
            self.assertTrue(all(p.poll() is None for p in load.processes))
            processes = list(load.processes)
        self.assertTrue(all(p.poll() is not None for p in processes))


class ContendedCoresTests(unittest.TestCase):
    CTX = types.SimpleNamespace(client_cpus="0", server_cpus="1")

    def test_a_bare_contended_loads_the_clients_core_as_before(self):
        self.assertEqual(compare.contended_cores("client", self.CTX), [("client", report.CONTENDED, "0")])

    def test_server_loads_the_servers_core_under_rows_of_their_own(self):
        self.assertEqual(compare.contended_cores("server", self.CTX), [("server", report.SERVER_BUSY, "1")])

    def test_without_the_option_no_variant_runs(self):
        self.assertEqual(compare.contended_cores(None, self.CTX), [])

    def test_a_contended_run_gets_more_time_than_a_plain_one(self):
        self.assertEqual(compare.time_budget(None), 18 * 60)
        self.assertEqual(compare.time_budget("server"), 32 * 60)

    def test_the_option_without_a_value_means_the_client(self):
        args = compare.parser().parse_args(["--peers-dir", "/x", "--contended"])
        self.assertEqual(args.contended, "client")


class LargerIdleTests(unittest.TestCase):
    def recorder(self):
        handle, path = tempfile.mkstemp()
        os.close(handle)
        self.addCleanup(os.remove, path)
        return compare.Recorder(path)

    def test_a_server_that_held_all_500_is_asked_for_5000(self):
        recorder = self.recorder()
        recorder.add("idle_500", "ferry", 13.0, {"failures": 0})
        self.assertFalse(compare.skip_larger_idle(recorder, types.SimpleNamespace(name="ferry"), 5000))
        self.assertNotIn("idle_5000", recorder.failures)

    def test_a_server_that_left_sessions_without_a_greeting_is_skipped_with_the_count(self):
        recorder = self.recorder()
        recorder.add("idle_500", "proftpd", 1813.7, {"failures": 28, "note": "28 of 500 sessions failed"})
        self.assertTrue(compare.skip_larger_idle(recorder, types.SimpleNamespace(name="proftpd"), 5000))
        self.assertEqual(recorder.failures["idle_5000"]["proftpd"],
                         ["not measured: 28 of 500 failed at 500 idle sessions"])

    def test_a_server_whose_500_row_failed_outright_is_skipped_with_that_reason(self):
        recorder = self.recorder()
        recorder.fail("idle_500", "vsftpd", "driver exit 1: refused")
        self.assertTrue(compare.skip_larger_idle(recorder, types.SimpleNamespace(name="vsftpd"), 5000))
        self.assertEqual(recorder.failures["idle_5000"]["vsftpd"], ["not measured: driver exit 1: refused at 500 idle sessions"])


class ServerCpuTests(unittest.TestCase):
    @staticmethod
    def session_parent(reaps):
        """A parent that forks a child, which spins for about 0.3 s of CPU and exits, as a fork-per-session
        server's session ends after its client; the parent reaps it (waitpid), or ignores SIGCHLD so that
        the kernel reaps it and drops its times. It prints 'ended' once the child is gone."""
        script = ("import os, signal, time\n"
                  + ("" if reaps else "signal.signal(signal.SIGCHLD, signal.SIG_IGN)\n")
                  + "time.sleep(0.3)\n"
                  "pid = os.fork()\n"
                  "if pid == 0:\n"
                  "    end = time.process_time() + 0.3\n"
                  "    while time.process_time() < end: pass\n"
                  "    os._exit(0)\n"
                  + ("os.waitpid(pid, 0)\n" if reaps else "time.sleep(1.2)\n")
                  + "print('ended', flush=True)\n"
                  "time.sleep(5)\n")
        return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)

    @staticmethod
    def stop(parent):
        parent.kill()
        parent.wait()
        parent.stdout.close()

    def test_a_session_process_that_ends_between_two_readings_is_still_counted(self):
        parent = self.session_parent(reaps=True)
        try:
            before = servers.tree_cpu_seconds(parent.pid)
            self.assertEqual(parent.stdout.readline().strip(), "ended")
            self.assertEqual(len(servers.process_tree(parent.pid)), 1, "the child is gone")
            self.assertGreaterEqual(servers.tree_cpu_seconds(parent.pid) - before, 0.25)
        finally:
            self.stop(parent)

    def test_a_session_its_parent_never_reaps_still_counts_in_the_servers_cgroup(self):
        # vsftpd's case: a session process whose time never reaches the listener's cutime; the tree cannot see it.
        account = servers.CpuAccount("test-unreaped")
        parent = self.session_parent(reaps=False)
        try:
            if not account.add(parent.pid):
                self.skipTest("no writable cgroup here (not root, or another layout)")
            before, tree_before = account.seconds(), servers.tree_cpu_seconds(parent.pid)
            self.assertEqual(parent.stdout.readline().strip(), "ended")
            self.assertGreaterEqual(account.seconds() - before, 0.25)
            self.assertLess(servers.tree_cpu_seconds(parent.pid) - tree_before, 0.25, "the tree alone misses it")
        finally:
            self.stop(parent)
            account.remove()

    def test_cgroup_v2_usage_comes_from_cpu_stat(self):
        with tempfile.TemporaryDirectory() as root:
            open(os.path.join(root, "cgroup.controllers"), "w").close()
            account = servers.CpuAccount("x", v2_root=root, v1_root=os.path.join(root, "none"))
            with open(os.path.join(account.path, "cpu.stat"), "w") as f:
                f.write("usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n")
            self.assertTrue(account.add(12345))
            self.assertEqual(account.seconds(), 2.5)

    def test_cgroup_v1_usage_comes_from_cpuacct(self):
        with tempfile.TemporaryDirectory() as root:
            open(os.path.join(root, "cpuacct.usage"), "w").close()
            account = servers.CpuAccount("x", v2_root=os.path.join(root, "none"), v1_root=root)
            with open(os.path.join(account.path, "cpuacct.usage"), "w") as f:
                f.write("1500000000\n")
            self.assertEqual(account.seconds(), 1.5)

    def test_without_a_cgroup_the_caller_reads_the_process_tree(self):
        with tempfile.TemporaryDirectory() as root:
            account = servers.CpuAccount("x", v2_root=root, v1_root=root)
            self.assertIsNone(account.seconds())
            self.assertFalse(account.add(os.getpid()))

    def test_each_repetition_records_what_the_server_spent_and_none_across_a_restart(self):
        class FakeServer:
            name = "ferry"

            def __init__(self):
                self.process, self.spent = object(), 10.0

            def cpu_seconds(self):
                return self.spent

        def steady(server):
            server.spent += 0.5
            return 1.0, {}

        def restarting(server):
            server.process, server.spent = object(), 0.2
            return 1.0, {}

        with tempfile.TemporaryDirectory() as folder:
            recorder = compare.Recorder(os.path.join(folder, "raw.jsonl"))
            compare.rounds(recorder, "stor", [FakeServer()], 1, steady)
            compare.rounds(recorder, "idle_500", [FakeServer()], 1, restarting)
        self.assertEqual(recorder.details["stor"]["ferry"][0]["server_cpu_s"], 0.5)
        self.assertIsNone(recorder.details["idle_500"]["ferry"][0]["server_cpu_s"])

    def test_each_row_shows_every_servers_median_and_a_dash_where_none_was_taken(self):
        recorder = types.SimpleNamespace(details={"stor": {"ferry": [{"server_cpu_s": 0.2}, {"server_cpu_s": 0.3}, {"server_cpu_s": 0.25}],
                                                           "vsftpd": [{}]}})
        lines = report.cpu_lines(recorder, [("stor", "STOR 1 GiB, plain"), ("retr", "RETR 1 GiB, plain")], ["ferry", "vsftpd"])
        self.assertIn("| STOR 1 GiB, plain | 0.25 | – |", lines)
        self.assertFalse(any("RETR" in line for line in lines), "a row with no figure is left out")

    def test_the_webdav_table_has_busy_core_variants_of_its_single_streams_only(self):
        keys = [key for key, *_ in report.webdav_table_rows()]
        self.assertIn("dav_get_tls" + report.SERVER_BUSY, keys)
        self.assertIn("dav_small" + report.CONTENDED, keys)
        self.assertNotIn("dav_crowd_200" + report.SERVER_BUSY, keys)
        self.assertEqual(keys[:len(report.WEBDAV_ROWS)], [key for key, *_ in report.WEBDAV_ROWS])

    def test_the_webdav_stubs_floor_is_a_ceiling_not_a_column(self):
        with tempfile.TemporaryDirectory() as folder:
            recorder = compare.Recorder(os.path.join(folder, "results.jsonl"))
            for name, p99 in (("ferry", 120.0), ("nginx", 100.0), ("stub", 90.0)):
                recorder.add("dav_crowd_200", name, p99, {"p50_ms": p99, "total_s": 0.1, "failed": 0})
            extras = {"stub_dav_crowd_200": {"value": 90.0, "runs": [90.0], "how": "the driver's http-stub (native AOT)"},
                      "stub_dav_idle_1000": {"value": 2.0, "runs": [2.0], "how": "the driver's http-stub (native AOT)"}}
            ctx = types.SimpleNamespace(pbkdf2_iterations=600000, tls_version="1.3", tls13_suite="TLS_AES_128_GCM_SHA256",
                                        client_cpus="0", server_cpus="1")
            info = {"date": "today", "machine": "here", "minutes": 1, "command": "bench/run.sh --webdav", "versions": {},
                    "single_reps": 3, "crowd_reps": 2, "idle_connections": 1000, "crowd": (200, 5), "note": None, "ctx": ctx}
            servers_ = [types.SimpleNamespace(name=n) for n in ("ferry", "nginx")]
            table = report.render_webdav(recorder, extras, info, servers_)
        self.assertIn("| metric | ferry | nginx | ratio (best peer) | |", table)
        self.assertIn("- the driver against its do-nothing HTTP server, in the crowd row's rounds: 200 clients, p99: 90", table)
        self.assertIn("- the same server: memory per idle keep-alive connection, 1,000 connections: 2", table)
        self.assertIn("the driver's http-stub (native AOT)", table)
        self.assertIn("0.83× (nginx)", table)

    def test_no_figures_no_section(self):
        self.assertEqual(report.cpu_lines(types.SimpleNamespace(details={}), [("stor", "STOR")], ["ferry"]), [])

    def test_a_busy_core_variant_belongs_to_its_row(self):
        self.assertEqual(report.base_key("stor" + report.SERVER_BUSY), "stor")
        self.assertEqual(report.base_key("small_tls" + report.CONTENDED), "small_tls")
        self.assertEqual(report.base_key("sessions_200"), "sessions_200")


class UntimedRoundTests(unittest.TestCase):
    def test_every_server_is_measured_once(self):
        measured = []
        servers = [types.SimpleNamespace(name=n) for n in ("ferry", "vsftpd")]
        compare.untimed_round(servers, lambda s: (measured.append(s.name), (1.0, {}))[1])
        self.assertEqual(measured, ["ferry", "vsftpd"])

    def test_a_failing_server_does_not_stop_the_others(self):
        measured = []

        def measure(server):
            measured.append(server.name)
            if server.name == "ferry":
                raise metrics.Failure("refused")
            return 1.0, {}

        compare.untimed_round([types.SimpleNamespace(name=n) for n in ("ferry", "nginx")], measure)
        self.assertEqual(measured, ["ferry", "nginx"])


class FirstUploadRowTests(unittest.TestCase):
    PLAN = [("retr", None), ("stor", None), ("stor_tls", None), ("small", None)]

    def test_the_first_upload_row_that_runs_is_chosen(self):
        self.assertEqual(compare.first_upload_row(self.PLAN, ["retr", "stor", "stor_tls"]), "stor")
        self.assertEqual(compare.first_upload_row(self.PLAN, ["stor_tls", "small"]), "stor_tls")

    def test_a_run_without_uploads_has_none(self):
        self.assertIsNone(compare.first_upload_row(self.PLAN, ["retr", "small"]))


class PerFileRateTests(unittest.TestCase):
    def test_the_first_transfer_is_left_out_and_the_rest_give_files_per_second(self):
        out = "4096 0.500\n4096 0.010\n4096.000000 0.030\n"
        self.assertAlmostEqual(metrics.per_file_rate(out, 3, 4096), 2 / 0.040)

    def test_a_short_file_fails_the_measurement(self):
        with self.assertRaisesRegex(metrics.Failure, "file 1 moved 100 bytes"):
            metrics.per_file_rate("4096 0.5\n100 0.01\n4096 0.02\n", 3, 4096)

    def test_a_missing_transfer_fails_the_measurement(self):
        with self.assertRaisesRegex(metrics.Failure, "2 transfers of 3"):
            metrics.per_file_rate("4096 0.5\n4096 0.01\n", 3, 4096)


class SlotPortsTests(unittest.TestCase):
    """Two A/Bs in different slots must not take each other's ports."""

    @staticmethod
    def taken(slot):
        ports = ab.slot_ports(slot)
        taken = {ports.ftp, ports.ftp + 1, ports.ftp + 2, ports.ftp + 3, ports.http, ports.http + 1, ports.https, ports.https + 1}
        for low in ports.ftp_passive:
            taken |= set(range(low, low + 2000))
        for text in ports.dav_passive:
            low, high = map(int, text.split("-"))
            taken |= set(range(low, high + 1))
        return taken

    def test_slots_share_no_port(self):
        for a in range(4):
            for b in range(a + 1, 4):
                self.assertEqual(set(), self.taken(a) & self.taken(b), f"slots {a} and {b}")

    def test_passive_ports_stay_below_the_ephemeral_range(self):
        for slot in range(4):
            self.assertLess(max(self.taken(slot)), 32768, f"slot {slot}")


class CrowdTests(unittest.TestCase):
    """ab.py's crowd metric must meet the 2,000-client row as bench/run.sh does: on a server started
    afresh, after the two 200-client bursts, the figure from the 2,000-client bursts only."""

    def test_a_fresh_server_then_the_benchmarks_order_and_the_median_of_the_2000_client_bursts(self):
        calls = []

        class FakeServer:
            pid = os.getpid()

            def stop(self):
                calls.append("stop")

            def start(self, ctx, cpus=None):
                calls.append(("start", cpus))

        p99s = iter([900.0, 400.0, 3000.0, 2000.0])
        real_sessions, real_wait = ab.metrics.sessions, ab.wait_for_sessions_to_end
        ab.metrics.sessions = lambda ctx, server, clients: (calls.append(clients), (next(p99s), {}))[1]
        ab.wait_for_sessions_to_end = lambda server: None
        try:
            server = FakeServer()
            value = ab.crowd(None, server)
        finally:
            ab.metrics.sessions, ab.wait_for_sessions_to_end = real_sessions, real_wait
        self.assertEqual(["stop", ("start", None), 200, 200, 2000, 2000], calls)
        self.assertEqual(2500.0, value)
        self.assertGreaterEqual(server.crowd_cpu, 0.0)


class StubTargetTests(unittest.TestCase):
    """Issue 11's crowd target is judged from the stub's turns in the same rounds as Ferry's."""

    @staticmethod
    def judged(ferry, stub):
        recorder = types.SimpleNamespace(values={"sessions_2000": {"ferry": ferry, "stub": stub}},
                                         details={"sessions_2000": {"ferry": [{}, {}]}}, failures={})
        lines = report.targets(recorder, {}, [], [types.SimpleNamespace(name="ferry", kind="async")])
        return next(line for line in lines if "driver against its stub" in line)

    def test_within_one_and_a_half_times_the_stub_is_met(self):
        self.assertIn("met (1.48×: 3,100 ms vs 2,100 ms)", self.judged([3000.0, 3200.0], [2000.0, 2200.0]))

    def test_beyond_one_and_a_half_times_the_stub_is_missed(self):
        self.assertIn("**missed** (1.63×", self.judged([3000.0, 3200.0], [1800.0, 2000.0]))

    def test_without_the_stub_it_is_not_measured(self):
        self.assertIn("not measured", self.judged([3000.0], []))


class Listener(servers.Server):
    """The smallest server: Python listening on a loopback port for a while."""

    def command(self, ctx, run):
        code = (f"import socket, time; s = socket.socket(); s.bind(('{servers.BIND}', {self.port})); "
                "s.listen(); time.sleep(30)")
        return ["/usr/bin/python3", "-c", code], {}


def free_port():
    with socket.socket() as probe:
        probe.bind((servers.BIND, 0))
        return probe.getsockname()[1]


class ServerTests(unittest.TestCase):
    def test_a_server_runs_in_a_session_of_its_own(self):
        # The scheduler's autogroups follow sessions: a server in the benchmark's session would share
        # one CPU share with the client (see Server.start).
        with tempfile.TemporaryDirectory() as run_dir:
            server = Listener("listener", free_port(), 0, "async")
            try:
                server.start(types.SimpleNamespace(run_dir=run_dir))
                self.assertEqual(os.getsid(server.pid), server.pid)
                self.assertNotEqual(os.getsid(server.pid), os.getsid(0))
            finally:
                server.stop()
                if server.log:
                    server.log.close()

    def test_a_port_another_process_listens_on_is_refused_before_the_server_starts(self):
        with tempfile.TemporaryDirectory() as run_dir, socket.socket() as squatter:
            squatter.bind((servers.BIND, 0))
            squatter.listen()
            server = Listener("listener", squatter.getsockname()[1], 0, "async")
            with self.assertRaisesRegex(RuntimeError, "in use by another process"):
                server.start(types.SimpleNamespace(run_dir=run_dir))
            self.assertIsNone(server.process)


if __name__ == "__main__":
    unittest.main()
