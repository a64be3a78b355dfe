#!/usr/bin/env python3
"""Runs a command and reports its wall time and the peak memory of its whole process tree.

Usage: scripts/rss-tree.py OUT_FILE -- COMMAND [ARGS...]

The resident memory (RSS) of the command and of every process below it (danvan's worker
processes) is summed every 0.1 s; the peak of those sums is what a machine must have free.
`/usr/bin/time` reports the largest single process only. Writes "wall_s peak_kib exit_code"
to OUT_FILE; the command's own output goes where this script's goes. Linux only (/proc).
"""
import os
import subprocess
import sys
import threading
import time


def children(pid):
    """Every process below `pid`."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                kids = [int(k) for k in f.read().split()]
        except OSError:
            kids = []
        found.extend(kids)
        todo.extend(kids)
    return found


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    out, cmd = sys.argv[1], sys.argv[3:]
    start = time.monotonic()
    proc = subprocess.Popen(cmd)
    peak = [0]
    done = threading.Event()

    def sample():
        # Every 0.1 s until the command ends (the wall time is taken apart, not in steps).
        while not done.is_set():
            total = rss_kib(proc.pid) + sum(rss_kib(c) for c in children(proc.pid))
            peak[0] = max(peak[0], total)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    wall = time.monotonic() - start
    done.set()
    sampler.join()
    peak = peak[0]
    with open(out, "w") as f:
        f.write(f"{wall:.3f} {peak} {proc.returncode}\n")


if __name__ == "__main__":
    main()
