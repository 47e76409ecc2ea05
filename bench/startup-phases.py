#!/usr/bin/env python3
"""Medians of the start-up phases from `perf script -F comm,pid,tid,time,event` output of the
uprobes that bench/startup-phases.sh sets (see there).

usage: startup-phases.py EVENTS.txt
"""
import collections
import re
import statistics
import sys

# (phase, from event, to event) for each kind of run; "exec" and "end" are the process's exec and
# its main thread's exit.
PHASES = {
    "paybench": [
        ("before main (loading libraries)", "exec", "main_in"),
        ("QApplication", "app_in", "app_out"),
        ("MainWindow", "window_in", "window_out"),
        ("rest of the window, show", "window_out", "exec_in"),
        ("waiting for the workspace", "exec_in", "adopt_in"),
        ("adopting it (tree, first editor)", "adopt_in", "adopt_out"),
        ("first paint", "adopt_out", "exit_in"),
        ("closing the window", "exit_in", "appdtor_in"),
        ("~QApplication", "appdtor_in", "appdtor_out"),
        ("after main", "main_out", "end"),
        ("total", "exec", "end"),
        ("(load thread: read and parse)", "read_in", "read_out"),
    ],
    "bare": [
        ("before main (loading libraries)", "exec", "bare_in"),
        ("QApplication", "app_in", "app_out"),
        ("window, show", "app_out", "exec_in"),
        ("first paint", "exec_in", "exit_in"),
        ("closing the window", "exit_in", "appdtor_in"),
        ("~QApplication", "appdtor_in", "appdtor_out"),
        ("after main", "bare_out", "end"),
        ("total", "exec", "end"),
    ],
}


def runs_by_process(path):
    runs = collections.defaultdict(dict)
    comm_of = {}
    pattern = re.compile(r"\s*(.+?)\s+(\d+)/(\d+)\s+([\d.]+):\s+(\S+):")
    with open(path) as lines:
        for line in lines:
            match = pattern.match(line)
            if not match:
                continue
            comm, pid, tid, time, event = match.groups()
            name = event.split(":")[-1]
            if name == "sched_process_exec":
                runs[pid]["exec"] = float(time)
                comm_of[pid] = comm
            elif name == "sched_process_exit":
                if pid == tid:
                    runs[pid]["end"] = float(time)
            else:
                runs[pid].setdefault(name, float(time))
    return runs, comm_of


def main():
    runs, comm_of = runs_by_process(sys.argv[1])
    kinds = collections.defaultdict(list)
    for pid, events in runs.items():
        if "exec" not in events or "end" not in events:
            continue
        if "bare_in" in events:
            kinds["bare"].append(events)
        elif "main_in" in events and "read_in" in events:
            # the sample's read takes about a millisecond, 10,000 providers' tens
            big = events["read_out"] - events["read_in"] > 0.005
            kinds["10,000 providers" if big else "sample"].append(events)
    for kind in ("10,000 providers", "sample", "bare"):
        samples = kinds.get(kind, [])
        if not samples:
            continue
        print(f"{kind} ({len(samples)} runs), median ms:")
        for phase, start, stop in PHASES["bare" if kind == "bare" else "paybench"]:
            spans = [(e[stop] - e[start]) * 1000 for e in samples if start in e and stop in e]
            if spans:
                print(f"  {phase:34s} {statistics.median(spans):7.2f}")


if __name__ == "__main__":
    main()
