"""Load benchmark (figures, not a test): requests per second under waitress, measured with wrk, on loopback.

In one run on one machine: a bare WSGI function returning the same bytes (the limit of waitress
itself), then `atrophy-pwa serve` for a cached page with and without brotli, a 304 revalidation, a
static file, `POST /api/v1/triage`, and the same page with the response table turned off (Flask
answering, as before issue 14); each with its ratio to the bare app. The triage POST is compared with a
bare app answering the same POST (same body in, our answer's bytes and headers out), since waitress
itself does more for a request with a body; the pages with the bare app's GET of the page. Also the export served by
WhiteNoise when it is installed, the bytes a phone receives for the home page and cards (the table's
brotli 11 against Flask's brotli 4), the table's size for every locale, how long filling it takes,
the server's start-up time and its resident memory.

    python benchmarks/load.py                 # 5 s per run, wrk 2 threads x 32 connections
    python benchmarks/load.py --duration 2    # a quick look
    python benchmarks/load.py --targets-only  # only the two targets below, then pass or fail

Targets (issue 25): the cached page (brotli) at least 0.9x the bare app and POST /api/v1/triage at least
0.8x, each the median of --rounds runs, each run right after its own bare run. The last lines say pass or
fail and the exit status is 1 on a fail: the benchmark fails, not a test. The machine's load average is
printed before and after, since the ratios mean little on a busy machine.

The servers run on the first CPU and wrk on the others (Linux, two CPUs or more; --no-pin to let them
share): wrk and a server sharing two cores swung the bare app between 2,500 and 6,700 req/s from one
run to the next; pinned, the runs agree within a few per cent, and each server has one core of its own,
which is what its ratio means. Needs wrk (Debian package wrk).
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHONE = "gzip, deflate, br"  # what Chrome on Android sends over HTTPS
PAGE, POST = "GET /en/cards/, br (table)", "POST /api/v1/triage"
TARGETS = {PAGE: 0.9, POST: 0.8}  # at least this many times the bare app's requests per second
TRIAGE = json.dumps({"answers": {"balance_falls": True, "recent_inactivity": True}})
BARE = """
import sys, waitress
body = open(sys.argv[1], "rb").read()
headers = [tuple(line.split(": ", 1)) for line in open(sys.argv[2]).read().splitlines()]
def app(environ, start_response):
    start_response("200 OK", list(headers))
    return [body]
waitress.serve(app, host="127.0.0.1", port=int(sys.argv[3]), threads=int(sys.argv[4]), _quiet=True)
"""
WHITENOISE = """
import sys, waitress
from whitenoise import WhiteNoise
def nothing(environ, start_response):
    start_response("404 Not Found", [("Content-Length", "0")])
    return [b""]
app = WhiteNoise(nothing, root=sys.argv[1], index_file=True, max_age=0)
waitress.serve(app, host="127.0.0.1", port=int(sys.argv[2]), threads=int(sys.argv[3]), _quiet=True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


SERVER_CPUS = WRK_CPUS = None  # set by main(): the CPUs the servers run on, and those wrk runs on


def pinned(cpus):
    """A preexec_fn running the child (and every thread it starts) on these CPUs only; None for no pinning."""
    return (lambda: os.sched_setaffinity(0, cpus)) if cpus else None


def start(command, port, env=None, probe="/"):
    """Start a server; return (process, seconds until it answered)."""
    started = time.perf_counter()
    server = subprocess.Popen(command, env={**os.environ, **(env or {})}, preexec_fn=pinned(SERVER_CPUS),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", probe)
            connection.getresponse().read()
            return server, time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit(f"{command[0]} did not start")


def stop(server):
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=10)


def fetch(port, path, headers=None, method="GET", body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def wrk(port, path, args, headers=(), script=None) -> float:
    """Requests per second that wrk measured (non-2xx/3xx answers make it fail loudly)."""
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                            check=True, preexec_fn=pinned(WRK_CPUS)).stdout
    if "Non-2xx or 3xx responses" in output:
        raise SystemExit(f"{path}: errors under load\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def table_figures():
    """Fill a whole table in this process: its bytes and the time that takes (what eager start-up would cost)."""
    from atrophy_pwa import create_app
    app = create_app()
    table = app.extensions["response_table"]
    started = time.perf_counter()
    for address in table.list_addresses():
        entry = table.entry(address)
        for encoding in ("identity", "br", "gzip"):
            entry.variant(encoding)
    return len(table.entries), table.size(), time.perf_counter() - started


def region_addresses() -> list:
    """The addresses whose page shows the region's emergency number, as the table lists them."""
    from atrophy_pwa import create_app
    return [address for address, varies in create_app().extensions["response_table"].list_addresses().items() if varies]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--wrk-threads", type=int, help="default: one per CPU wrk runs on (2 with --no-pin)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each target; the median ratio counts")
    parser.add_argument("--targets-only", action="store_true", help="measure only the two targets")
    parser.add_argument("--no-pin", action="store_true", help="let the servers and wrk share every CPU")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk (apt-get install wrk)")
    global SERVER_CPUS, WRK_CPUS
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if not args.no_pin and len(cpus) >= 2:
        SERVER_CPUS, WRK_CPUS = {cpus[0]}, set(cpus[1:])
    args.wrk_threads = args.wrk_threads or (len(WRK_CPUS) if WRK_CPUS else 2)
    work = Path(tempfile.mkdtemp(prefix="atrophy-load-"))
    serve = [sys.executable, "-m", "atrophy_pwa.cli", "serve", "--threads", str(args.threads), "--port"]
    servers = []
    try:
        port = free_port()
        app_server, startup = start(serve + [str(port)], port, probe="/healthz")
        servers.append(app_server)
        rss_started = rss_mib(app_server.pid)
        css = re.search(r'href="(/static/app\.[0-9a-f]+\.css)"', fetch(port, "/en/")[1].decode()).group(1)
        cold = time.perf_counter()
        page, page_body = fetch(port, "/en/cards/", {"Accept-Encoding": PHONE})
        first_request = time.perf_counter() - cold
        etag = page.getheader("ETag")

        port_flask = port_whitenoise = None
        if not args.targets_only:
            port_flask = free_port()
            flask_server, _ = start(serve + [str(port_flask)], port_flask, env={"ATROPHY_PWA_RESPONSE_TABLE": "0", "ATROPHY_PWA_TRIAGE_LAYER": "0"},
                                    probe="/healthz")
            servers.append(flask_server)

        def bare_app(name, response, body):
            """A bare waitress app answering every request with this response's bytes and headers."""
            (work / f"{name}.body").write_bytes(body)
            (work / f"{name}.headers").write_text("\n".join(f"{k}: {v}" for k, v in response.getheaders()
                                                           if k not in ("Date", "Server")))
            bare_port = free_port()
            bare, _ = start([sys.executable, "-c", BARE, str(work / f"{name}.body"), str(work / f"{name}.headers"),
                             str(bare_port), str(args.threads)], bare_port)
            servers.append(bare)
            return bare_port

        port_bare = bare_app("page", page, page_body)
        answer, answer_body = fetch(port, "/api/v1/triage", {"Accept-Encoding": PHONE, "Content-Type": "application/json"},
                                    "POST", TRIAGE)
        port_bare_post = bare_app("answer", answer, answer_body)

        try:
            import whitenoise  # noqa: F401  (optional: pip install whitenoise)
        except ImportError:
            whitenoise = None
        if whitenoise and not args.targets_only:
            from atrophy_pwa.serving import export
            export.export(work / "site", export.export_app(), precompressed=True)
            port_whitenoise = free_port()
            whitenoise_server, _ = start([sys.executable, "-c", WHITENOISE, str(work / "site"), str(port_whitenoise),
                                          str(args.threads)], port_whitenoise)
            servers.append(whitenoise_server)

        (work / "triage.lua").write_text(f'wrk.method = "POST"\nwrk.body = {json.dumps(TRIAGE)}\n'
                                         'wrk.headers["Content-Type"] = "application/json"\n')
        targets = [
            (PAGE, port, "/en/cards/", [f"Accept-Encoding: {PHONE}"], None),
            ("GET /en/cards/, identity (table)", port, "/en/cards/", [], None),
            ("GET /en/cards/, 304 (table)", port, "/en/cards/", [f"Accept-Encoding: {PHONE}", f"If-None-Match: {etag}"], None),
            ("GET /en/, br, en-US (table, per region)", port, "/en/", [f"Accept-Encoding: {PHONE}", "Accept-Language: en-US"], None),
            ("GET /static/app.<hash>.css, br (table)", port, css, [f"Accept-Encoding: {PHONE}"], None),
            (POST, port, "/api/v1/triage", [f"Accept-Encoding: {PHONE}"], str(work / "triage.lua")),
            ("GET /en/cards/, br (Flask, no table)", port_flask, "/en/cards/", [f"Accept-Encoding: {PHONE}"], None),
        ]
        if port_whitenoise:
            targets += [("GET /en/cards/, br (WhiteNoise, the export)", port_whitenoise, "/en/cards/",
                         [f"Accept-Encoding: {PHONE}"], None),
                        ("GET /static/app.<hash>.css, br (WhiteNoise)", port_whitenoise, css,
                         [f"Accept-Encoding: {PHONE}"], None)]
        if args.targets_only:
            targets = [target for target in targets if target[0] in TARGETS]
        print(f"machine load average (1 min) before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        where = (f"servers on CPU {', '.join(map(str, sorted(SERVER_CPUS)))}, wrk on CPU {', '.join(map(str, sorted(WRK_CPUS)))}"
                 if SERVER_CPUS else "servers and wrk sharing every CPU")
        print(f"wrk {args.wrk_threads} threads x {args.connections} connections, {args.duration} s each; "
              f"waitress {args.threads} threads; {where}; each target right after the bare app answering the "
              f"same request (the triage POST: a bare app answering that POST with our answer's bytes); "
              f"targets: the median of {args.rounds} runs")
        print(f"{'target':<52} {'req/s':>8} {'bare':>8} {'x bare':>7}")
        ratios = {}
        for name, target_port, path, headers, script in targets:
            for _ in range(args.rounds if name in TARGETS else 1):
                limit = wrk(port_bare_post, path, args, headers, script) if script else wrk(port_bare, "/en/cards/", args)
                rps = wrk(target_port, path, args, headers, script)
                ratios.setdefault(name, []).append(rps / limit)
                print(f"{name:<52} {rps:>8.0f} {limit:>8.0f} {rps / limit:>7.2f}", flush=True)
        print(f"machine load average (1 min) after: {os.getloadavg()[0]:.2f}")
        failed = []
        for name, target in TARGETS.items():
            ratio = statistics.median(ratios[name])
            verdict = "pass" if ratio >= target else "FAIL"
            if ratio < target:
                failed.append(name)
            print(f"target: {name:<30} {ratio:.2f}x bare (median of {len(ratios[name])}), at least {target}x: {verdict}")
        print(f"load targets: {'FAIL (' + ', '.join(failed) + ')' if failed else 'pass'}", flush=True)
        if args.targets_only:
            return 1 if failed else 0

        print("\nbytes a phone receives (Accept-Encoding: gzip, deflate, br): table (brotli 11) / Flask (brotli 4)")
        for path in ("/en/", "/en/cards/", "/en/cards/causes", "/ar/cards/causes", "/hi/"):
            ours = len(fetch(port, path, {"Accept-Encoding": PHONE})[1])
            theirs = len(fetch(port_flask, path, {"Accept-Encoding": PHONE})[1])
            print(f"  {path:<20} {ours:>6} / {theirs:>6}")

        locales = [locale["code"] for locale in json.loads(fetch(port, "/api/v1/locales")[1])["locales"]]
        def fetch_all(requests):  # from as many clients at once as waitress has threads, as under load
            with concurrent.futures.ThreadPoolExecutor(args.threads) as clients:
                list(clients.map(lambda request: fetch(port, *request), requests))

        fetch_all([(entry["url"], {"Accept-Encoding": encoding})  # every page a locale keeps offline, every encoding
                   for code in locales
                   for entry in json.loads(fetch(port, f"/api/v1/{code}/offline-manifest")[1])["entries"]
                   for encoding in ("identity", "gzip", PHONE)])
        rss_pages = rss_mib(app_server.pid)
        region_pages, regions = region_addresses(), json.loads(fetch(port, "/api/v1/emergency-numbers")[1])["countries"]
        filled = time.perf_counter()
        fetch_all([(address, {"Accept-Encoding": encoding, "Accept-Language": f"en-{country['code']}"})
                   for address in region_pages for country in regions  # the worst case: every region page from every region
                   for encoding in ("identity", "gzip", PHONE)])
        filled = time.perf_counter() - filled
        entries, size, fill = table_figures()
        print(f"\nresponse table, every address of every locale in all three encodings: {entries} entries, "
              f"{size / 2**20:.1f} MiB of bodies; filling it takes {fill:.1f} s (so it fills lazily, once per address)")
        print(f"first request of /en/cards/ (render + brotli 11): {first_request * 1000:.0f} ms")
        print(f"server start-up until /healthz answers: {startup:.2f} s")
        print(f"server memory (RSS): {rss_started:.1f} MiB after start, {rss_pages:.1f} MiB with every offline page "
              f"of every locale in all three encodings and after the load, {rss_mib(app_server.pid):.1f} MiB after "
              f"{len(region_pages)} region pages were asked for from each of {len(regions)} regions in all three "
              f"encodings ({filled:.0f} s; the table keeps them up to ATROPHY_PWA_RESPONSE_TABLE_REGION_MIB, "
              f"Flask answers the rest)")
        return 1 if failed else 0
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
