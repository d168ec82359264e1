"""How busy the machine was while a row was measured: load average and CPU time from /proc.

A figure measured on a quiet machine is not the one users get, and a table that does not say how
busy its machine was cannot be compared with another run's. Steal time is the hypervisor giving
our vCPUs' time to other guests: on shared virtual machines it is the noise we cannot see otherwise.
"""

PROC_STAT = "/proc/stat"
PROC_LOADAVG = "/proc/loadavg"


def read_cpu_times(stat_text):
    """The aggregate 'cpu' line of /proc/stat as a dict of jiffies (user nice system idle iowait irq softirq steal)."""
    for line in stat_text.splitlines():
        fields = line.split()
        if fields and fields[0] == "cpu":
            names = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")
            values = [int(v) for v in fields[1:1 + len(names)]]
            values += [0] * (len(names) - len(values))  # old kernels have fewer columns
            return dict(zip(names, values))
    raise ValueError("no aggregate cpu line in /proc/stat")


def read_load(loadavg_text):
    """The 1-minute load average from /proc/loadavg."""
    return float(loadavg_text.split()[0])


def snapshot(stat_path=PROC_STAT, loadavg_path=PROC_LOADAVG):
    with open(stat_path) as f:
        times = read_cpu_times(f.read())
    with open(loadavg_path) as f:
        load = read_load(f.read())
    return {"load": load, "times": times}


def between(before, after):
    """What happened between two snapshots: load before and after, and the share of all CPU time
    that was stolen by the hypervisor and that was busy (anything but idle and iowait), in percent."""
    delta = {k: after["times"][k] - before["times"][k] for k in before["times"]}
    total = sum(delta.values())
    if total <= 0:
        return {"load_before": before["load"], "load_after": after["load"], "steal_pct": 0.0, "busy_pct": 0.0}
    idle = delta["idle"] + delta["iowait"]
    return {
        "load_before": before["load"],
        "load_after": after["load"],
        "steal_pct": round(100.0 * delta["steal"] / total, 2),
        "busy_pct": round(100.0 * (total - idle) / total, 1),
    }


def describe(summary):
    """One line for the table: 'load 0.42 -> 1.37, busy 48.0 %, steal 0.3 %'."""
    return (f"load {summary['load_before']:.2f} → {summary['load_after']:.2f}, "
            f"CPU busy {summary['busy_pct']:.1f} %, steal {summary['steal_pct']:.2f} %")
