"""A bare JSON-RPC client for `textlint lsp` over stdio: bytes exactly as written.

pytest-lsp's client frames every message correctly; the tests of malformed
input, and the property tests that drive one server through many examples
from synchronous code, talk to the real server through this instead.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import tempfile
import threading
from typing import Any, Dict, Optional

TIMEOUT = 30.0


class RawServer:
    def __init__(self, cwd: Optional[str] = None) -> None:
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "textlint", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, cwd=cwd
        )
        self.messages: "queue.Queue[Optional[Dict[str, Any]]]" = queue.Queue()
        self.notifications: list = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._next_id = 1000
        self.final_log = ""  # the server's stderr, once closed

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line in (b"\r\n", b"\n"):
                    break
            self.messages.put(json.loads(out.read(length)))

    # -- sending --------------------------------------------------------------------------

    def send_bytes(self, data: bytes) -> None:
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, payload: Any, header: Optional[bytes] = None) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        self.send_bytes((b"Content-Length: %d\r\n\r\n" % len(body) if header is None else header) + body)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any = None, timeout: float = TIMEOUT) -> Dict[str, Any]:
        self._next_id += 1
        self.send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        return self.response(self._next_id, timeout)

    # -- receiving ------------------------------------------------------------------------

    def response(self, wanted_id: Any, timeout: float = TIMEOUT) -> Dict[str, Any]:
        """The response to request `wanted_id`; notifications on the way are kept."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no response to request {wanted_id} within {timeout} s")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise AssertionError(f"the server closed its output before answering request {wanted_id}")
            if "method" in message:
                self.notifications.append(message)
                if "id" in message:  # a request from the server (registerCapability): say yes
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if message.get("id") == wanted_id:
                return message

    def initialize(self, root_uri: str, options: Any = None) -> Dict[str, Any]:
        answer = self.request("initialize", {"capabilities": {}, "rootUri": root_uri, "initializationOptions": options or {}})
        self.notify("initialized", {})
        return answer

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def close(self) -> int:
        """Shut down and exit politely if the server still listens; returns its exit code."""
        try:
            if self.process.poll() is None:
                try:
                    self.request("shutdown", None, timeout=10)
                    self.notify("exit")
                except (AssertionError, OSError):
                    pass
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
        finally:
            self.final_log = self.stderr()
            self.log.close()
