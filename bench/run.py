"""Time the real `python build.py build` on synthetic sites of N news per language, against the naive loop.

    python -m bench.run [--sizes 100,1000,5000] [--runs 5] [--results bench/results.md]

For each N it generates a site (bench/corpus.py) in a temporary folder, then runs, round after round so
that the machine's drift hits every scenario alike:
  naive        bench/naive.py: one process, Python-Markdown + one Jinja2 template (the floor of issue 6)
  cold         no cache, empty output (a fresh folder each round)
  cached cold  empty output (a fresh folder), cache kept
  no-op        nothing changed
  one edit     one sentence of one news item changed
  serve        edit -> reload: `build.py serve` running, a real Chromium page showing a news item, time from
               saving the file to the end of the reload that shows the new text (at least 7 saves)
The generator's bytecode is compiled first (compileall), as Python leaves it on an editor's machine after
the first build: a figure measures the build, not the compiling of the modules that changed since the last
run (20 to 150 ms, and none where PYTHONDONTWRITEBYTECODE is set, which would compile them in every build).
Each figure is the wall time of the whole process; peak memory is the child's ru_maxrss (the largest
process: the build or one it forked). It prints a Markdown table and writes it to --results.
"""
from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import REPO, edit_one_news, make_site

SCENARIOS = ("naive", "cold", "cached cold", "no-op", "one edit", "serve")
TARGETS_AT = 1000
SERVE_SAVES = 7
SETTLE_SECONDS = 5


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    pages: int = 0


def timed(command: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Run a process to its end: (wall seconds, CPU seconds of it and its children, peak RSS MB, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{stdout}{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout


def page_count(stdout: str) -> int:
    built = re.search(r"Built (\d+) fr, (\d+) ro pages", stdout)
    naive = re.search(r"naive: (\d+) pages", stdout)
    return int(built[1]) + int(built[2]) if built else int(naive[1]) if naive else 0


def record(runs: Runs, result: tuple[float, float, float, str]) -> None:
    wall, cpu, peak, stdout = result
    runs.seconds.append(wall)
    runs.cpu.append(cpu)
    runs.peak_mb.append(peak)
    runs.pages = page_count(stdout) or runs.pages


def build_into(output: Path) -> list[str]:
    return [sys.executable, "build.py", "build", "--output", str(output)]


def has_serve() -> bool:
    help_text = subprocess.run([sys.executable, str(REPO / "build.py"), "--help"], capture_output=True, text=True)
    return " serve " in help_text.stdout or "\n    serve" in help_text.stdout


def bench_size(n: int, rounds: int, workdir: Path, serve: bool) -> dict[str, Runs]:
    site = make_site(workdir / f"site-{n}", n)
    results = {name: Runs() for name in SCENARIOS}
    for round_number in range(rounds):
        settle()
        # Fresh output folders each round; nothing is deleted before the whole run ends (see settle()).
        fresh = workdir / f"round-{n}-{round_number}"
        naive = [sys.executable, str(REPO / "bench" / "naive.py"), str(site), str(fresh / "naive")]
        if (site / ".cache").exists():
            (site / ".cache").rename(workdir / f"cache-{n}-{round_number}")
        # The machine slows a little with every build (see README): first and second in turn, the naive
        # loop and the cold build meet the same drift.
        first_two = [("naive", naive), ("cold", build_into(fresh / "cold"))]
        for name, command in first_two if round_number % 2 == 0 else reversed(first_two):
            record(results[name], timed(command, site))
        output = build_into(fresh / "cached")
        record(results["cached cold"], timed(output, site))
        record(results["no-op"], timed(output, site))
        edit_one_news(site, round_number)
        record(results["one edit"], timed(output, site))
        print(f"  N={n} round {round_number + 1}/{rounds}: " + ", ".join(
            f"{name} {runs.seconds[-1]:.2f} s" for name, runs in results.items() if runs.seconds), flush=True)
    if serve:
        settle()
        from bench.serve import measure_reloads
        # Each save takes about a second: at least 7, so that the median is not one noisy save.
        results["serve"].seconds = measure_reloads(site, max(rounds, SERVE_SAVES))
        print(f"  N={n} serve edit->reload: " + ", ".join(f"{s * 1000:.0f} ms" for s in results["serve"].seconds))
    return results


def settle(seconds: float = SETTLE_SECONDS) -> None:
    """Flush the disk and wait, so that one scenario's writing does not slow the next. The run deletes
    nothing before its end: on a file system without a journal (this machine's ext4), each file created
    within a minute of a deletion skips, one by one, the inodes deleted in that minute, so that after
    deleting a build's thousands of files the next one takes seconds more (kernel: ext4's
    `recently_deleted`), whatever is being timed."""
    os.sync()
    time.sleep(seconds)


def spread(values: list[float], unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
    if not values:
        return "not measured"
    low, mid, high = (f"{v * scale:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))
    return f"{mid} {unit} ({low}–{high})"


def machine() -> str:
    model = "unknown CPU"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {model}, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def table(all_results: dict[int, dict[str, Runs]]) -> list[str]:
    lines = ["| N news/lang | scenario | pages | wall: median (min–max) | pages/s | CPU s | peak RSS MB | vs naive |",
             "|---:|---|---:|---|---:|---:|---:|---:|"]
    for n, results in all_results.items():
        naive = statistics.median(results["naive"].seconds)
        for name in SCENARIOS:
            runs = results[name]
            if not runs.seconds:
                lines.append(f"| {n} | {name} | | not measured | | | | |")
                continue
            mid = statistics.median(runs.seconds)
            if name == "serve":
                lines.append(f"| {n} | {name} (edit→reload) | | {spread(runs.seconds, 'ms', 1000, 0)} | | | | |")
                continue
            pages = runs.pages or results["cold"].pages
            ratio = "1.00x" if name == "naive" else (f"{naive / mid:.2f}x faster" if naive >= mid
                                                     else f"{mid / naive:.2f}x slower")
            lines.append(f"| {n} | {name} | {pages} | {spread(runs.seconds)} | {pages / mid:,.0f} | "
                         f"{statistics.median(runs.cpu):.2f} | {max(runs.peak_mb):.0f} | {ratio} |")
    return lines


def verdicts(all_results: dict[int, dict[str, Runs]]) -> list[str]:
    """Each target of issue 6, met or missed, from the medians."""
    def med(n, name):
        runs = all_results.get(n, {}).get(name)
        return statistics.median(runs.seconds) if runs and runs.seconds else None

    lines = []
    at = all_results.get(TARGETS_AT)
    if at:
        ratio = med(TARGETS_AT, "naive") / med(TARGETS_AT, "cold")
        # Each round runs the naive loop and the cold build one after the other: their ratio is steadier
        # than the ratio of medians when the machine drifts during the run.
        rounds = statistics.median(n / c for n, c in zip(at["naive"].seconds, at["cold"].seconds))
        lines.append(f"- cold build {ratio:.2f}x faster than the naive loop (median of the rounds' ratios:"
                     f" {rounds:.2f}x; target ≥ 1.5x): " + ("met" if ratio >= 1.5 else "MISSED"))
        for name, limit in (("one edit", 0.5), ("no-op", 0.35), ("serve", 0.3)):
            value = med(TARGETS_AT, name)
            lines.append(f"- {name}: " + (f"{value:.3f} s (target < {limit} s): " + ("met" if value < limit else
                                                                                      "MISSED")
                                          if value is not None else "not measured"))
    if TARGETS_AT in all_results and 5000 in all_results:
        per_page = {n: med(n, "cold") / all_results[n]["cold"].pages for n in (TARGETS_AT, 5000)}
        growth = per_page[5000] / per_page[TARGETS_AT]
        lines.append(f"- cold time per page at 5000 / at 1000: {growth:.2f} (target ≤ 1.2): "
                     + ("met" if growth <= 1.2 else "MISSED"))
    if 5000 in all_results:
        peak = max(max(r.peak_mb) for name, r in all_results[5000].items() if r.peak_mb and name != "naive")
        lines.append(f"- peak memory at 5000: {peak:.0f} MB (target < 150 MB): " + ("met" if peak < 150 else "MISSED"))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="news per language, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="rounds per size (default 5)")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results.md",
                        help="where to write the table (default bench/results.md)")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve edit→reload measure")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites (their folder is printed)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    serve = not args.no_serve and has_serve()
    workdir = Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    compileall.compile_dir(REPO / "sitegen", quiet=1)  # see the module's docstring
    print(f"Machine: {machine()}\nLoad average before: {os.getloadavg()[0]:.2f}\nWork folder: {workdir}", flush=True)
    all_results = {}
    try:
        for n in sizes:
            all_results[n] = bench_size(n, args.runs, workdir, serve)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}; "
              f"{args.runs} rounds per size; load average before/after: see the run's log.", "",
              *table(all_results), "", *verdicts(all_results)]
    if not serve:
        report.append("- serve edit→reload: not measured (build.py has no `serve` command here)")
    text = "\n".join(report) + "\n"
    print(f"Load average after: {os.getloadavg()[0]:.2f}\n\n{text}")
    args.results.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
