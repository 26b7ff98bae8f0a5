"""Slow clients (figures, not a test): how many one `atrophy-pwa serve` holds before a new client waits.

A slow client opens a connection, sends the start of a request (a POST that announces a 60,000-byte
body) and then one byte a second. Each byte counts as activity, so waitress's --channel-timeout never
closes it, and the request never completes, so it never reaches the app. The benchmark adds slow
clients in batches and, after each batch, times a new client's `GET /healthz`; once a new client waits,
it goes back to the last batch that was answered and adds one slow client at a time. It reports the most
slow clients at which a new client was still answered within --patience seconds, the first count at
which it waited, and whether it still waits after the channel timeout. Run once per --connection-limit.

Loopback only (127.0.0.1); bounded: at most --most slow clients, --budget seconds per server; it stops
the server and closes every socket itself.

    python benchmarks/slow_clients.py                          # limits 100 and 1000 (the default)
    python benchmarks/slow_clients.py --limits 100 --step 10   # a finer look at one limit
"""
import argparse
import contextlib
import http.client
import os
import resource
import socket
import subprocess
import sys
import time

HEAD = (b"POST /en/care HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 60000\r\n\r\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(limit: int, timeout: int):
    """`atrophy-pwa serve` on a free loopback port with this connection limit; (process, port) once it answers."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "atrophy_pwa.cli", "serve", "--port", str(port),
                               "--connection-limit", str(limit), "--channel-timeout", str(timeout)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        with contextlib.suppress(OSError):
            if probe(port, 1.0) is not None:
                return server, port
        time.sleep(0.05)
    server.kill()
    raise SystemExit("the server did not start")


def probe(port: int, patience: float) -> float | None:
    """Seconds a new client waits for `GET /healthz` to be answered, or None past `patience`."""
    began = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=patience)
    try:
        connection.request("GET", "/healthz")
        if connection.getresponse().status != 200:
            return None
    except OSError:  # a timeout included
        return None
    finally:
        connection.close()
    return time.monotonic() - began


class SlowClients:
    """Connections that each send a request head, then one byte a second, and never finish."""

    def __init__(self, port: int):
        self.port, self.sockets, self.last_trickle = port, [], time.monotonic()

    def add(self, count: int) -> None:
        for _ in range(count):
            sock = socket.socket()
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                sock.connect(("127.0.0.1", self.port))
            self.sockets.append([sock, False])

    def trickle(self) -> None:
        """Once a second: each connected client sends its head (the first time) or one more byte."""
        if time.monotonic() - self.last_trickle < 1.0:
            return
        self.last_trickle = time.monotonic()
        for entry in self.sockets:
            sock, started = entry
            with contextlib.suppress(BlockingIOError, InterruptedError):
                try:
                    sock.send(b"x" if started else HEAD)
                    entry[1] = True
                except OSError:  # not accepted yet (the server is full), or closed by the server
                    pass

    def wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.trickle()
            time.sleep(0.05)

    def drop(self, count: int) -> None:
        """Close the last `count` clients."""
        for sock, _ in self.sockets[-count:]:
            sock.close()
        del self.sockets[-count:]

    def close(self) -> None:
        self.drop(len(self.sockets))


def measure(limit: int, step: int, most: int, patience: float, timeout: int, budget: float) -> dict:
    """The largest number of slow clients with a new client still answered, and the first with it waiting."""
    server, port = start(limit, timeout)
    clients = SlowClients(port)
    held, waited, began = 0, None, time.monotonic()
    try:
        while len(clients.sockets) < most and time.monotonic() - began < budget:
            clients.add(min(step, most - len(clients.sockets)))
            clients.wait(max(1.5, timeout / 4))  # accepted, heads sent, a byte or two since
            if probe(port, patience) is None:  # then one at a time from the last count that was answered
                clients.drop(len(clients.sockets) - held)
                clients.wait(1.5)
                while probe(port, patience) is not None and len(clients.sockets) < most:
                    held = len(clients.sockets)
                    clients.add(1)
                    clients.wait(1.2)
                waited = len(clients.sockets)
                clients.wait(timeout + 1.0)  # the slow clients are active: the channel timeout frees nothing
                still = probe(port, patience)
                return {"limit": limit, "held": held, "waited_at": waited,
                        "after_channel_timeout": "still waits" if still is None else f"answered in {still:.2f} s"}
            held = len(clients.sockets)
        return {"limit": limit, "held": held, "waited_at": None, "after_channel_timeout": None}
    finally:
        clients.close()
        server.terminate()
        server.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limits", type=int, nargs="+", default=[100, 1000], help="--connection-limit values")
    parser.add_argument("--step", type=int, default=25, help="slow clients added per batch")
    parser.add_argument("--most", type=int, default=1200, help="at most this many slow clients")
    parser.add_argument("--patience", type=float, default=2.0, help="seconds a new client may wait")
    parser.add_argument("--channel-timeout", type=int, default=10, help="the server's --channel-timeout")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds per server at most")
    options = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = options.most + 64
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    print(f"slow clients: one byte a second each; a new client may wait {options.patience} s; "
          f"--channel-timeout {options.channel_timeout}; {os.cpu_count()} cores")
    for limit in options.limits:
        found = measure(limit, options.step, options.most, options.patience, options.channel_timeout, options.budget)
        if found["waited_at"] is None:
            print(f"--connection-limit {limit}: {found['held']} slow clients held, and a new client was still answered")
        else:
            print(f"--connection-limit {limit}: a new client answered with {found['held']} slow clients open, "
                  f"waited (>{options.patience} s) with {found['waited_at']}; after the channel timeout it "
                  f"{found['after_channel_timeout']}")


if __name__ == "__main__":
    main()
