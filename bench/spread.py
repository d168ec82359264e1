"""When a row's repetitions disagree too much to be trusted, and the fixed load of --contended."""
import os
import signal
import subprocess

# The same band report.py calls a tie: a repetition further than this from its row's median says the
# machine changed under the row, and one more round of repetitions is worth its minutes.
TIE_LOW, TIE_HIGH = 0.8, 1.25

# A row is repeated at most this many times: the run has an 18-minute budget, and a machine that
# stays noisy will not become quiet by measuring longer.
MAX_EXTRA_ROUNDS = 1


def too_wide(values):
    """True when some repetition lies outside the tie band around the median of its server's values."""
    if len(values) < 2:
        return False
    ordered = sorted(values)
    middle = ordered[len(ordered) // 2] if len(ordered) % 2 else (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
    if middle <= 0:
        return False
    return ordered[-1] / middle > TIE_HIGH or ordered[0] / middle < TIE_LOW


def wide_servers(values_by_server):
    """The servers whose repetitions of one row are too wide to trust."""
    return sorted(name for name, values in values_by_server.items() if too_wide(values))


class Contention:
    """A fixed background load: one busy loop pinned to each of `cpus`, for at most `seconds`.

    Started around the single-stream rows of `--contended`, so that the busy-machine case is measured
    on purpose. Each loop is bounded by `timeout` and killed on exit, so none can outlive the run.
    """

    def __init__(self, cpus, seconds=900):
        self.cpus = [c for c in str(cpus).split(",") if c]
        self.seconds = seconds
        self.processes = []

    def __enter__(self):
        for cpu in self.cpus:
            self.processes.append(subprocess.Popen(
                ["taskset", "-c", cpu, "timeout", str(self.seconds), "sh", "-c", "while :; do :; done"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=10)
        self.processes = []
        return False
