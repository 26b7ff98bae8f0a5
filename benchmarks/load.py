"""Load benchmark: requests per second and p50/p99 latency under waitress, on loopback only.

Starts `atrophy-pwa serve` on a free loopback port, then for a cached page and for POST /api/v1/triage
at each concurrency runs a bounded number of requests over keep-alive connections, and prints the
figures with the error count and the server's resident memory before and after.

    python benchmarks/load.py                       # 16 and 64 connections, 100 000 requests in all
    python benchmarks/load.py --requests 2000       # a quick look
"""
import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

TRIAGE = json.dumps({"answers": {"balance_falls": True, "recent_inactivity": True}}).encode()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def start_server(port: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "atrophy_pwa.cli", "serve", "--port", str(port),
                               "--threads", str(threads)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def worker(port, method, path, count, latencies, errors):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json", "Accept-Encoding": "br"} if method == "POST" else {"Accept-Encoding": "br"}
    for _ in range(count):
        started = time.perf_counter()
        try:
            connection.request(method, path, body=TRIAGE if method == "POST" else None, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException) as error:
            errors.append(type(error).__name__)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        latencies.append(time.perf_counter() - started)


def run(port, method, path, total, concurrency) -> dict:
    latencies, errors = [], []
    each = max(1, total // concurrency)
    threads = [threading.Thread(target=worker, args=(port, method, path, each, latencies, errors))
               for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": len(errors),
            "p50_ms": statistics.median(latencies) * 1000, "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100_000, help="requests in all, shared by the runs")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    args = parser.parse_args()
    port = free_port()
    server = start_server(port, args.threads)
    try:
        run(port, "GET", "/en/cards/", 200, 4)  # warm the cache
        before = rss_mib(server.pid)
        per_run = args.requests // (2 * len(args.concurrency))
        print(f"{'target':<28} {'conns':>5} {'requests':>8} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
        for concurrency in args.concurrency:
            for method, path in (("GET", "/en/cards/"), ("POST", "/api/v1/triage")):
                r = run(port, method, path, per_run, concurrency)
                print(f"{method + ' ' + path:<28} {concurrency:>5} {r['requests']:>8} {r['rps']:>8.0f} "
                      f"{r['p50_ms']:>7.1f} {r['p99_ms']:>7.1f} {r['errors']:>6}")
        after = rss_mib(server.pid)
        print(f"server memory (RSS): {before:.1f} MiB before, {after:.1f} MiB after {args.requests} requests")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
