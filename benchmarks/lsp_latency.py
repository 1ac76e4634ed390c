#!/usr/bin/env python3
"""Edit -> diagnostics latency of `textlint lsp`, on documents of 10 KB, 100 KB, 1 MB and 10 MB.

    python benchmarks/lsp_latency.py [--source PATH] [--sizes 10KB,100KB,1MB,10MB]
                                     [--edits N] [--big-edits N] [--compare PYTHON]

Starts the real server over stdio (debounce 0, so that the figures are the
server's own work), opens each document, then makes edits one at a time: a
word typed somewhere in the text, alternating with its deletion. For each
edit it measures

- server-side: from the server receiving the change to sending the
  diagnostics (the server's own timing, sent as a window/logMessage when the
  `timings` initialization option is on), and the lint itself;
- round trip: from the client writing the change to reading the diagnostics.

and prints p50 / p95, and each size's p50 server-side latency as a multiple
of the 10 KB one. Targets: <= 30 ms server-side on 10 KB; 1 MB at most 5x
10 KB (issue 14: the cost of an edit grows with the change, not the document).
`--compare PYTHON` runs the same edits against a second server started by that
interpreter (another checkout's environment), for before/after figures side by
side from one run.
The text comes from `--source` (a file or a folder of .txt files; default: the
labelled benchmark in ../shared/bench/natural when present, else
examples/damaged.txt), repeated and cut to size on a word boundary.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import json
import os
import random
import re
import statistics
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMING = re.compile(r"version=(\d+) lint_ms=([\d.]+) change_to_publish_ms=([\d.]+)")


def source_text(source: str | None) -> str:
    candidates = [source] if source else [os.path.join(REPO, "..", "shared", "bench", "natural"), os.path.join(REPO, "examples", "damaged.txt")]
    for path in candidates:
        if path and os.path.isdir(path):
            names = sorted(glob.glob(os.path.join(path, "*.txt")))
            if names:
                return "\n\n".join(open(n, encoding="utf-8").read() for n in names[:400])
        elif path and os.path.isfile(path):
            return open(path, encoding="utf-8").read()
    raise SystemExit("no source text found")


def sized(text: str, size: int) -> str:
    while len(text) < size:
        text = text + "\n\n" + text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 0 else size]


class Server:
    def __init__(self, process) -> None:
        self.process = process
        self.next_id = 0
        self.published: dict = {}      # (uri, version) -> time received
        self.timings: dict = {}        # (version) -> (lint_ms, change_to_publish_ms)
        self.arrived = asyncio.Event()
        self.responses: dict = {}
        self.reader = asyncio.ensure_future(self.read())

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def request(self, method: str, params) -> dict:
        self.next_id += 1
        ident = self.next_id
        future = asyncio.get_running_loop().create_future()
        self.responses[ident] = future
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        return await future

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    async def read(self) -> None:
        stdout = self.process.stdout
        while True:
            length = 0
            while True:
                line = await stdout.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line in (b"\r\n", b"\n"):
                    break
            message = json.loads(await stdout.readexactly(length))
            now = time.perf_counter()
            method = message.get("method")
            if method == "textDocument/publishDiagnostics":
                params = message["params"]
                self.published[(params["uri"], params.get("version"))] = (now, len(params["diagnostics"]))
                self.arrived.set()
            elif method == "window/logMessage":
                found = TIMING.search(message["params"]["message"])
                if found:
                    self.timings[int(found.group(1))] = (float(found.group(2)), float(found.group(3)))
                    self.arrived.set()
            elif method == "window/showMessage":
                print("server says:", message["params"]["message"], file=sys.stderr)
            elif "id" in message and method is None and message["id"] in self.responses:
                self.responses.pop(message["id"]).set_result(message)
            elif "id" in message and method is not None:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    async def wait_published(self, uri: str, version: int, timeout: float = 120.0):
        async def arrival():
            while (uri, version) not in self.published:
                self.arrived.clear()
                await self.arrived.wait()

        await asyncio.wait_for(arrival(), timeout)
        return self.published[(uri, version)]

    async def wait_timing(self, version: int, timeout: float = 5.0):
        async def arrival():
            while version not in self.timings:
                self.arrived.clear()
                await self.arrived.wait()

        try:
            await asyncio.wait_for(arrival(), timeout)
        except asyncio.TimeoutError:
            return (float("nan"), float("nan"))
        return self.timings[version]


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def measure(server: Server, name: str, text: str, edits: int, seed: int = 1) -> dict:
    uri = f"file:///benchmark/{name}.txt"
    opened = time.perf_counter()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
    # Opening lints the whole document: give a large one time (a minute per MB).
    _, count = await server.wait_published(uri, 1, timeout=max(120.0, len(text) / 1e6 * 60))
    first = (time.perf_counter() - opened) * 1000
    rng = random.Random(seed)
    lines = text.split("\n")
    round_trips, server_side, lint_times = [], [], []
    version = 1
    typed = None
    for step in range(edits):
        version += 1
        if typed is None:
            line = rng.randrange(len(lines))
            column = rng.randrange(len(lines[line]) + 1)
            change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "the "}
            typed = (line, column)
        else:
            line, column = typed
            change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 4}}, "text": ""}
            typed = None
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        received, _ = await server.wait_published(uri, version)
        round_trips.append((received - sent) * 1000)
        lint_ms, change_ms = await server.wait_timing(version)
        server_side.append(change_ms)
        lint_times.append(lint_ms)
    server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return {
        "name": name,
        "chars": len(text),
        "diagnostics": count,
        "first": first,
        "edits": edits,
        "server": server_side,
        "lint": lint_times,
        "round_trip": round_trips,
    }


def report(result: dict, target_ms: float) -> None:
    def fmt(values):
        return f"p50 {statistics.median(values):8.1f} ms   p95 {percentile(values, 0.95):8.1f} ms   max {max(values):8.1f} ms"

    print(f"{result['name']}: {result['chars']:,} characters, {result['diagnostics']:,} diagnostics, first lint {result['first']:.0f} ms, {result['edits']} edits")
    print(f"  server-side (change received -> diagnostics sent)  {fmt(result['server'])}")
    print(f"    of which lint + conversion                        {fmt(result['lint'])}")
    print(f"  round trip (change written -> diagnostics read)     {fmt(result['round_trip'])}")
    p95 = percentile(result["server"], 0.95)
    verdict = "meets" if p95 <= target_ms else "MISSES"
    print(f"  target <= {target_ms:.0f} ms server-side: p95 {verdict} it")


SIZES = {"10KB": 10_000, "100KB": 100_000, "1MB": 1_000_000, "10MB": 10_000_000}
TARGETS_MS = {"10KB": 30}


async def run_server(python: str, text: str, sizes, args) -> dict:
    process = await asyncio.create_subprocess_exec(
        python, "-m", "textlint", "lsp",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=1 << 28,
    )
    server = Server(process)
    results = {}
    try:
        await server.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}, "initializationOptions": {"debounce": 0, "timings": True}})
        server.notify("initialized", {})
        for name in sizes:
            edits = args.edits if SIZES[name] <= 10_000 else args.big_edits
            results[name] = await measure(server, name, sized(text, SIZES[name]), edits)
        await server.request("shutdown", None)
        server.notify("exit", None)
        await asyncio.wait_for(process.wait(), 60)
    finally:
        if process.returncode is None:
            process.kill()
    return results


def summary(label: str, results: dict) -> None:
    base = statistics.median(results[next(iter(results))]["server"])
    print(f"\n{label}")
    for name, result in results.items():
        report(result, TARGETS_MS.get(name, float("inf")))
        ratio = statistics.median(result["server"]) / base
        print(f"  p50 server-side {ratio:6.1f}x that on {next(iter(results))}")


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", help="a text file or a folder of .txt files")
    parser.add_argument("--sizes", default="10KB,100KB,1MB,10MB", help="comma-separated, of " + ", ".join(SIZES))
    parser.add_argument("--edits", type=int, default=60, help="edits on the 10 KB document (default 60)")
    parser.add_argument("--big-edits", type=int, default=10, help="edits on each larger document (default 10)")
    parser.add_argument("--compare", metavar="PYTHON", help="also measure the server that this interpreter runs")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]} (expected {', '.join(SIZES)})")
    text = source_text(args.source)
    print(f"textlint lsp latency (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    runs = [("this checkout", sys.executable)] + ([("compared: " + args.compare, args.compare)] if args.compare else [])
    measured = []
    for label, python in runs:
        measured.append((label, await run_server(python, text, sizes, args)))
    for label, results in measured:
        summary(label, results)
    if len(measured) == 2:
        print("\nside by side, p50 server-side ms (this checkout / compared)")
        for name in sizes:
            mine = statistics.median(measured[0][1][name]["server"])
            theirs = statistics.median(measured[1][1][name]["server"])
            print(f"  {name:>6}: {mine:9.1f} / {theirs:9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
