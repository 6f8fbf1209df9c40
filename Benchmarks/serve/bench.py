#!/usr/bin/env python3
"""How `literate serve` answers long request lines and headers, and whether hostile clients starve others.

Starts `literate serve --port 0` on a one-page scratch site (or uses a running server with --port),
then, for each size, sends that many bytes of request line (or of headers) on a fresh connection and
times the answer (median of --runs). It prints one table per series and the least-squares slope of
time against size, so linear time shows as a small, steady cost per KB and quadratic time as one
that grows with the size.

    swift build --product literate && swift build --product LiteratePage
    python3 Benchmarks/serve/bench.py                          # request line, query, headers: 1K..64K
    python3 Benchmarks/serve/bench.py --series line --sizes 1,2,4,8,16 --timeout 60
    python3 Benchmarks/serve/bench.py --starve 2               # a normal request while 2 x 64 KB lines trickle in

Options: --literate PATH (default .build/debug/literate), --port N (use a server already running),
--runs N (default 5), --timeout S (per request, default 30), --templates DIR (default Templates).
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start_server(literate, templates):
    folder = tempfile.mkdtemp(prefix="literate-serve-bench-")
    content = os.path.join(folder, "Content")
    os.makedirs(content)
    with open(os.path.join(content, "index.md"), "w") as f:
        f.write("---\ntitle: Bench\n---\n\n# Bench\n\nA page with no code.\n")
    shutil.copytree(templates, os.path.join(folder, "Templates"))
    process = subprocess.Popen(
        [literate, "serve", "--port", "0", "--cache", os.path.join(folder, "cache")],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    lines = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            # Keep draining its output so it never blocks on a full pipe.
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, int(match.group(1)), folder
    process.kill()
    sys.exit("the server did not start:\n" + "".join(lines))


def exchange(port, request, timeout):
    """Sends `request`, reads until the server closes; returns (seconds, status) or (None, error)."""
    start = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            try:
                s.sendall(request)
            except (BrokenPipeError, ConnectionResetError):
                pass  # an early answer and close: read what came
            received = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                received += chunk
        elapsed = time.perf_counter() - start
        status = received.split(b" ", 2)[1].decode() if received.startswith(b"HTTP/") else "none"
        return elapsed, status
    except socket.timeout:
        return None, "timeout"


def request_line(size):
    target = b"/" + b"a" * max(size - len(b"GET / HTTP/1.1"), 0)
    return b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def query(size):
    """A request line whose length is all query: the site handler resolves only `/`."""
    target = b"/?" + b"q" * max(size - len(b"GET /? HTTP/1.1"), 0)
    return b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def headers(size):
    line = b"X-Filler: " + b"b" * 90 + b"\r\n"  # 102 bytes per header line
    count = max(size // len(line), 1)
    return b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + line * count + b"\r\n"


def series(name, make, sizes, port, runs, timeout):
    print(f"\n{name}: size, status, median time of {runs} (ms)")
    points = []
    for kib in sizes:
        request = make(kib * 1024)
        times, statuses = [], set()
        for _ in range(runs):
            elapsed, status = exchange(port, request, timeout)
            statuses.add(status)
            if elapsed is not None:
                times.append(elapsed)
        if not times:
            print(f"  {kib:>4} KB  {','.join(sorted(statuses)):>8}  no answer within {timeout} s")
            continue
        median = statistics.median(times)
        points.append((kib, median, ','.join(sorted(statuses))))
        print(f"  {kib:>4} KB  {','.join(sorted(statuses)):>8}  {median * 1000:9.2f}")
    # One slope per answer: below the limits the request is served, beyond them refused.
    for status in sorted({p[2] for p in points}):
        group = [p for p in points if p[2] == status]
        if len(group) < 2:
            continue
        xs, ys = [p[0] for p in group], [p[1] for p in group]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print(f"  {status}: slope {slope * 1e6:.1f} µs per KB (least squares) over {xs[0]}..{xs[-1]} KB; "
              f"{group[-1][1] / group[0][1]:.1f}x the time for {xs[-1] // xs[0]}x the size")


def starve(port, hostile, timeout):
    """Normal requests while `hostile` connections trickle 64 KB request lines, 1 KB every 50 ms."""
    stop = threading.Event()

    def trickle():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
                s.sendall(b"GET /")
                for _ in range(64):
                    if stop.is_set():
                        return
                    s.sendall(b"a" * 1024)
                    time.sleep(0.05)
        except OSError:
            pass  # the server answered and closed

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(hostile)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    times = []
    for _ in range(10):
        elapsed, status = exchange(port, request_line(100), timeout)
        times.append(elapsed if elapsed is not None else float("inf"))
    stop.set()
    print(f"\na normal request while {hostile} clients trickle 64 KB request lines: "
          f"median {statistics.median(times) * 1000:.2f} ms, worst {max(times) * 1000:.2f} ms (status {status})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--literate", default=os.path.join(ROOT, ".build/debug/literate"))
    parser.add_argument("--templates", default=os.path.join(ROOT, "Templates"))
    parser.add_argument("--port", type=int)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--sizes", default="1,2,4,8,16,32,64", help="in KB")
    parser.add_argument("--series", default="line,query,headers", help="any of line, query, headers")
    parser.add_argument("--starve", type=int, default=0, help="hostile clients for the starvation check")
    arguments = parser.parse_args()
    sizes = [int(s) for s in arguments.sizes.split(",")]

    process, folder = None, None
    port = arguments.port
    if port is None:
        process, port, folder = start_server(arguments.literate, arguments.templates)
    try:
        if "line" in arguments.series:
            series("request line", request_line, sizes, port, arguments.runs, arguments.timeout)
        if "query" in arguments.series:
            series("request line, all query", query, sizes, port, arguments.runs, arguments.timeout)
        if "headers" in arguments.series:
            series("headers", headers, sizes, port, arguments.runs, arguments.timeout)
        if arguments.starve:
            starve(port, arguments.starve, arguments.timeout)
    finally:
        if process:
            start = time.perf_counter()
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
                print(f"\nSIGINT: the server exited in {(time.perf_counter() - start) * 1000:.0f} ms "
                      f"(status {process.returncode})")
            except subprocess.TimeoutExpired:
                process.kill()
                print("\nSIGINT: the server did not exit within 10 s; killed")
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
