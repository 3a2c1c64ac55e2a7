#!/usr/bin/env python3
"""CPU seconds per process of the local system between two snapshots.

    cpu-split.py snapshot FILE      # writes the current counters to FILE
    cpu-split.py report FILE        # prints the CPU used since FILE was written, per process

Processes: each pid file of deploy/local/crm (.data/pids/*.pid), PostgreSQL (every process named postgres, its
connection backends included), and the rest of the machine (all CPU time less those). Counters are utime + stime
from /proc/PID/stat; a process that ended between the two snapshots is counted as far as its last sample.
"""
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIDS = ROOT / ".data" / "pids"
TICK = os.sysconf("SC_CLK_TCK")


def process_seconds(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14 and 15 of stat)


def comm(pid):
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except (FileNotFoundError, ProcessLookupError):
        return None


def machine_seconds():
    # first line of /proc/stat: user nice system idle iowait irq softirq steal ...
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    busy = sum(values) - values[3] - values[4]
    return busy / TICK


def snapshot():
    groups = {}
    for pid_file in sorted(PIDS.glob("*.pid")):
        pid = pid_file.read_text().strip()
        seconds = process_seconds(pid) if pid.isdigit() else None
        if seconds is not None:
            groups[pid_file.stem] = {pid: seconds}
    postgres = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and comm(entry) == "postgres":
            seconds = process_seconds(entry)
            if seconds is not None:
                postgres[entry] = seconds
    groups["postgresql"] = postgres
    return {"time": time.time(), "machine": machine_seconds(), "groups": groups}


def report(before, after):
    wall = after["time"] - before["time"]
    machine = after["machine"] - before["machine"]
    print(f"  CPU over {wall:.1f} s (machine: {machine:.1f} core-seconds of {wall * os.cpu_count():.1f}):")
    named = 0.0
    for name, pids in after["groups"].items():
        earlier = before["groups"].get(name, {})
        used = sum(seconds - earlier.get(pid, 0.0) for pid, seconds in pids.items())
        named += used
        print(f"    {name:<26} {used:7.1f} s  {100 * used / machine if machine else 0:5.1f} %")
    rest = machine - named
    print(f"    {'rest of the machine':<26} {rest:7.1f} s  {100 * rest / machine if machine else 0:5.1f} %")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("snapshot", "report"):
        sys.exit(__doc__)
    path = Path(sys.argv[2])
    if sys.argv[1] == "snapshot":
        path.write_text(json.dumps(snapshot()))
    else:
        report(json.loads(path.read_text()), snapshot())


if __name__ == "__main__":
    main()
