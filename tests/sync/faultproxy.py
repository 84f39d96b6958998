"""A fault-injecting HTTP proxy on loopback: drops, truncations, 5xx and delays.

It forwards one request/response exchange at a time (Content-Length framing, which is what
httpx and uvicorn use here) and, per exchange, may drop the connection before forwarding, drop
it *after* the server has processed the request (the reply is lost), cut the reply in half,
answer 502 itself, or delay.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter

FAULTS = ("ok", "drop_before", "drop_after", "truncate", "bad_gateway", "delay")


def _read_message(sock: socket.socket) -> bytes | None:
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head, _, body = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


class FaultProxy:
    """Listens on 127.0.0.1:<port>; ``rate`` is the share of exchanges that get a fault."""

    def __init__(self, upstream: tuple[str, int], rate: float = 0.3, seed: int = 7) -> None:
        self.upstream = upstream
        self.rate = rate
        self.rnd = random.Random(seed)
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _choose(self) -> str:
        with self.lock:
            fault = "ok" if self.rnd.random() >= self.rate else self.rnd.choice(FAULTS[1:])
            self.counts[fault] += 1
            return fault

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            while True:
                try:
                    req = _read_message(client)
                except OSError:
                    return
                if req is None:
                    return
                fault = self._choose()
                if fault == "drop_before":
                    return
                if fault == "bad_gateway":
                    client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                                   b"Connection: close\r\n\r\n")
                    return
                if fault == "delay":
                    time.sleep(self.rnd.uniform(0.05, 0.3))
                with socket.create_connection(self.upstream, timeout=60) as up:
                    up.sendall(req)
                    resp = _read_message(up) or b""
                if fault == "drop_after":
                    return
                if fault == "truncate":
                    client.sendall(resp[: max(1, len(resp) // 2)])
                    return
                try:
                    client.sendall(resp)
                except OSError:
                    return

    def close(self) -> None:
        self._stop = True
        self.sock.close()
