#!/usr/bin/env python3
"""The seed's halting approach, measured on this machine: `sys.settrace` (the "KThread" recipe
that `luminal.managers.threads.TracedThread` uses), for the README's side-by-side table.

Prints three lines that `cargo bench --bench report` reads:

    overhead RATIO           traced / untraced time of a busy loop (median of interleaved pairs)
    halt_us P50 P99 MAX      from halt() to join() returning, busy loop, over HALTS halts
    spawn_us US              TracedThread start() + join() of an empty job

Usage: python3 benches/seed_settrace.py [--halts N]
"""

import statistics
import sys
import threading
import time


class TracedThread(threading.Thread):
    """The seed's TracedThread: a trace function raises SystemExit on the next line once halted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.halted = False

    def start(self):
        self._run_untraced = self.run
        self.run = self._run_traced
        super().start()

    def _run_traced(self):
        sys.settrace(self._globaltrace)
        try:
            self._run_untraced()
        except SystemExit:
            pass

    def _globaltrace(self, frame, event, arg):
        return self._localtrace if event == "call" else None

    def _localtrace(self, frame, event, arg):
        if self.halted and event == "line":
            raise SystemExit()
        return self._localtrace

    def halt(self):
        self.halted = True


def busy(n):
    acc = 0
    for i in range(n):
        acc = (acc * 6364136223846793005 + i) & 0xFFFFFFFFFFFFFFFF
    return acc


def timed_in_thread(cls, n):
    """Runs busy(n) in a thread of class cls; returns the time busy() took inside it."""
    out = {}

    def job():
        start = time.perf_counter()
        busy(n)
        out["t"] = time.perf_counter() - start

    thread = cls(target=job)
    thread.start()
    thread.join()
    return out["t"]


def overhead(rounds=15, n=100_000):
    ratios = []
    for _ in range(rounds):
        plain = timed_in_thread(threading.Thread, n)
        traced = timed_in_thread(TracedThread, n)
        ratios.append(traced / plain)
    return statistics.median(ratios)


def spin_forever(started):
    started.set()
    acc = 0
    while True:
        acc = (acc * 31 + 7) & 0xFFFF


def halt_latencies(halts):
    samples = []
    for i in range(halts):
        started = threading.Event()
        thread = TracedThread(target=spin_forever, args=(started,))
        thread.start()
        started.wait()
        deadline = time.perf_counter() + (20 + (i * 37) % 100) / 1e6
        while time.perf_counter() < deadline:
            pass
        start = time.perf_counter()
        thread.halt()
        thread.join()
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, round(q * (len(samples) - 1)))]
    return pick(0.5), pick(0.99), samples[-1]


def spawn_cost(jobs=500):
    start = time.perf_counter()
    for _ in range(jobs):
        thread = TracedThread(target=lambda: None)
        thread.start()
        thread.join()
    return (time.perf_counter() - start) / jobs * 1e6


def main():
    halts = 1000
    if "--halts" in sys.argv:
        halts = int(sys.argv[sys.argv.index("--halts") + 1])
    print(f"overhead {overhead():.3f}")
    p50, p99, worst = halt_latencies(halts)
    print(f"halt_us {p50:.1f} {p99:.1f} {worst:.1f}")
    print(f"spawn_us {spawn_cost():.1f}")


if __name__ == "__main__":
    main()
