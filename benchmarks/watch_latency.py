"""How fast does `kata watch` answer after a save? (target: <= 1 s on a 2-core laptop)

Measures the runner the way `kata watch` uses it: torch imported once, then one forked child per
run that imports the learner's file fresh and runs the kata's specs.

    python benchmarks/watch_latency.py [KATA ...] [--runs 5] [--impl katas|reference]
"""
from __future__ import annotations

import argparse
import statistics
import time

from harness import curriculum as C
from harness import runner


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("katas", nargs="*", default=["normal_pdf", "attention_head", "gpt_model"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--impl", default="reference")
    args = parser.parse_args()

    start = time.perf_counter()
    runner.preload()
    print(f"warm-up (import torch, pytest): {time.perf_counter() - start:.2f} s (once per `kata watch`)")
    for name in args.katas:
        kata = C.find_kata(name)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = runner.check_katas([kata], impl=args.impl)[0]
            times.append(time.perf_counter() - start)
        print(f"{kata.key:40s} {result['passed']}/{result['total']} specs  "
              f"median {statistics.median(times):.2f} s  max {max(times):.2f} s")


if __name__ == "__main__":
    main()
