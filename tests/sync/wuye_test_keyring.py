"""A keyring backend for tests: secrets live in memory in the test process, never in a file.

The store is a tiny line-based TCP service on 127.0.0.1 run by the test process; the backend
class connects to it (address in ``WUYE_TEST_KEYRING``), so a child process started with
``PYTHON_KEYRING_BACKEND=wuye_test_keyring.SocketKeyring`` reaches the same secrets — which an
in-process dict could not offer, and a file-backed store would be the plaintext file the app
must never depend on.
"""

from __future__ import annotations

import json
import os
import socket
import socketserver
import threading

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "WUYE_TEST_KEYRING"


class SocketKeyring(KeyringBackend):
    """Client side: every call is one JSON request line and one JSON reply line."""

    priority = 1  # type: ignore[assignment]

    def _ask(self, **req: str | None) -> str | None:
        host, port = os.environ[ENV].rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(json.dumps(req).encode() + b"\n")
            reply = s.makefile("rb").readline()
        return json.loads(reply)["value"]

    def get_password(self, service: str, username: str) -> str | None:
        return self._ask(op="get", service=service, username=username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._ask(op="set", service=service, username=username, value=password)

    def delete_password(self, service: str, username: str) -> None:
        if self._ask(op="delete", service=service, username=username) is None:
            raise PasswordDeleteError(username)


class KeyringServer:
    """Server side: holds the secrets in a dict for the duration of the tests."""

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}
        store = self.store

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                req = json.loads(self.rfile.readline())
                key = (req["service"], req["username"])
                if req["op"] == "set":
                    store[key] = req["value"]
                    value: str | None = "ok"
                elif req["op"] == "delete":
                    value = store.pop(key, None)
                else:
                    value = store.get(key)
                self.wfile.write(json.dumps({"value": value}).encode() + b"\n")

        self._srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._srv.daemon_threads = True
        self.address = "{}:{}".format(*self._srv.server_address)
        threading.Thread(target=self._srv.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._srv.shutdown()
        self._srv.server_close()
