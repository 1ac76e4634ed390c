"""Corpus throughput and memory: `textlint check` on JSON-lines corpora, and the Dask integration.

    python benchmarks/corpus.py                 # 10k and 100k records
    python benchmarks/corpus.py --sizes 2000    # a quick look

The corpus repeats the documents of ../shared/corpus/clean (undamaged) and
../shared/bench/replay-natural (damaged) round-robin, one JSON line each
({"id", "source", "text"}), so every size has the same mix of documents.
For each size it runs the real CLI (one process, then `--jobs` with every
core) with the report going to a file, and prints docs/s, MB/s of text and
the peak resident memory of the main process and of all its processes
together (sampled from /proc every 20 ms). Then it lints the smallest
corpus as a Dask DataFrame (read by the workers with `dd.read_json`) on a
`distributed.LocalCluster` with one
single-threaded worker per core, and prints what 10^9 documents would take
at the measured one-process (per-core) rate.

A benchmark, not a test: it takes minutes, and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import namedtuple
from pathlib import Path

Run = namedtuple("Run", "wall cpu main_cpu main_peak total_peak returncode stderr")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SOURCES = [SHARED / "corpus" / "clean", SHARED / "bench" / "replay-natural"]
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
# What a cloud vCPU-hour costs on demand, roughly (compute-optimised instances, 2026);
# only to turn core-hours into money, change it to your own price.
PRICE_PER_CORE_HOUR = 0.045


def documents():
    texts = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            texts.append((f"{folder.name}/{path.name}", path.read_text(encoding="utf-8")))
    if not texts:
        sys.exit(f"no documents under {', '.join(map(str, SOURCES))}")
    # interleave clean and damaged documents
    clean = [t for t in texts if t[0].startswith("clean/")]
    damaged = [t for t in texts if not t[0].startswith("clean/")]
    mixed = [t for pair in zip(clean, damaged) for t in pair] + clean[len(damaged):] + damaged[len(clean):]
    return mixed


def build_corpus(folder: Path, size: int, docs) -> tuple:
    path = folder / f"corpus-{size}.jsonl"
    text_bytes = 0
    with open(path, "w", encoding="utf-8") as out:
        for i in range(size):
            source, text = docs[i % len(docs)]
            text_bytes += len(text.encode("utf-8"))
            out.write(json.dumps({"id": i + 1, "source": source, "text": text}, ensure_ascii=False) + "\n")
    return path, text_bytes


def _children(pid: int):
    try:
        found = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
        return found
    except OSError:
        return []


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def run_measured(command):
    """Run `command`; its wall seconds, CPU seconds (all its processes), the main process's
    CPU seconds, peak RSS of the main process and of the sum over all its processes."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    main_peak = total_peak = 0
    main_cpu = 0.0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        pids = [process.pid]
        i = 0
        while i < len(pids):
            pids.extend(_children(pids[i]))
            i += 1
        sizes = [_rss(p) for p in pids]
        main_peak = max(main_peak, sizes[0])
        total_peak = max(total_peak, sum(sizes))
        main_cpu = max(main_cpu, _cpu_seconds(process.pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace")
    # wait4 counts the child and the workers it reaped: the whole run's CPU
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, main_cpu, main_peak, total_peak, process.returncode, stderr)


def cli(path: Path, jobs: int, report: Path):
    command = [sys.executable, "-m", "textlint", "check", "--isolated", "--format", "json-lines",
               "--jobs", str(jobs), "--output-file", str(report), str(path)]
    return run_measured(command)


def dask_rate(path: Path, cores: int):
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import textlint
    from textlint.integrations.dask import lint_dataframe

    with LocalCluster(n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as cluster, \
            Client(cluster) as client:
        client.run(lambda: __import__("textlint.library"))  # imports, not linting, out of the timing
        before = sum(client.run(_worker_cpu).values())
        start = time.perf_counter()
        # the workers read the JSON lines themselves, in blocks, as a cluster job would
        frame = dd.read_json(str(path), lines=True, blocksize=2 ** 21)
        linted = lint_dataframe(frame, textlint.Linter(), fix=False)
        found = int(linted["textlint_count"].sum().compute())
        wall = time.perf_counter() - start
        return wall, sum(client.run(_worker_cpu).values()) - before, found


def _worker_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes in records (comma-separated)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the --jobs runs (default: all cores)")
    parser.add_argument("--no-single", action="store_true", help="skip the one-process runs")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI runs (only the Dask one)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    docs = documents()
    mib = 1024 * 1024
    print(f"machine: {os.cpu_count()} cores; documents: {len(docs)} distinct, repeated")
    print(f"{'records':>8} {'text MB':>8} {'run':>10} {'wall s':>7} {'docs/s':>7} {'MB/s':>5} "
          f"{'CPU s':>7} {'docs/CPU s':>10} {'main CPU':>8} {'main MiB':>8} {'all MiB':>7}")
    per_core = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in sizes:
            path, text_bytes = build_corpus(folder, size, docs)
            runs = ([] if args.no_single else [("1 process", 1)]) + [(f"--jobs {args.jobs}", args.jobs)]
            runs = [] if args.no_cli else runs
            for label, jobs in runs:
                run = cli(path, jobs, folder / "report.jsonl")
                if run.returncode not in (0, 1):
                    sys.exit(f"textlint failed ({run.returncode}): {run.stderr}")
                if jobs == 1:
                    per_core.append((size, size / run.cpu))
                print(f"{size:>8} {text_bytes / 1e6:>8.1f} {label:>10} {run.wall:>7.1f} {size / run.wall:>7.0f} "
                      f"{text_bytes / 1e6 / run.wall:>5.2f} {run.cpu:>7.1f} {size / run.cpu:>10.0f} {run.main_cpu:>8.1f} "
                      f"{run.main_peak / mib:>8.0f} {run.total_peak / mib:>7.0f}", flush=True)
                print(f"{'':>8} {run.stderr.strip().splitlines()[-1][:120]}", flush=True)
        if not args.no_dask:
            try:
                path, text_bytes = build_corpus(folder, sizes[0], docs)
                wall, cpu, found = dask_rate(path, args.jobs)
                print(f"{sizes[0]:>8} {text_bytes / 1e6:>8.1f} {'dask x' + str(args.jobs):>10} {wall:>7.1f} {sizes[0] / wall:>7.0f} "
                      f"{text_bytes / 1e6 / wall:>5.2f} {cpu:>7.1f} {sizes[0] / cpu:>10.0f}   "
                      f"(workers' CPU; {found} findings; cluster start excluded)", flush=True)
            except ImportError as exc:
                print(f"dask run skipped: {exc} (pip install 'textlint-coref[dask]')")
    if per_core:
        rate = max(per_core)[1]  # docs per CPU-second of one process on the largest corpus: the per-core rate
        core_hours = 1e9 / rate / 3600
        print(f"\n10^9 documents at {rate:.0f} docs per CPU-second: {core_hours:,.0f} core-hours, "
              f"about ${core_hours * PRICE_PER_CORE_HOUR:,.0f} at ${PRICE_PER_CORE_HOUR}/core-hour; "
              f"{core_hours / 1000:,.1f} hours on 1,000 cores")

if __name__ == "__main__":
    main()
