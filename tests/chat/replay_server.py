"""A real HTTP server on 127.0.0.1 that replays recorded chat-completions responses, for the generative
composer's failure tests. Streaming requests get the recorded message as server-sent events, as OpenAI-compatible
servers send them."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).with_name("replay")


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0


def recorded(name: str, content: str | None = None) -> Reply:
    """A recorded response file; `content` replaces the assistant message (the rest stays as recorded)."""
    data = json.loads((RECORDED / name).read_text(encoding="utf-8"))
    if content is not None:
        data["choices"][0]["message"]["content"] = content
    return Reply(200, json.dumps(data, ensure_ascii=False).encode())


@dataclass
class ReplayServer:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    httpd: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> ReplayServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(request)
                reply = server.replies.pop(0) if server.replies else Reply(500, b'{"error": "no reply queued"}')
                time.sleep(reply.delay)
                try:
                    if request.get("stream") and reply.status == 200:
                        self._stream(reply)
                    else:
                        self._send(reply.status, reply.body, "application/json")
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, reply: Reply) -> None:
                data = json.loads(reply.body)
                content = data["choices"][0]["message"]["content"]
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [content[i:i + 6] for i in range(0, len(content), 6)]
                for i, piece in enumerate(pieces + [None]):
                    chunk = {"id": data["id"], "object": "chat.completion.chunk", "created": data["created"],
                             "model": data["model"], "choices": [{
                                 "index": 0, "delta": {"content": piece} if piece is not None else {},
                                 "finish_reason": None if piece is not None else "stop"}]}
                    if i == 0:
                        chunk["choices"][0]["delta"]["role"] = "assistant"
                    self.wfile.write(b"data: " + json.dumps(chunk, ensure_ascii=False).encode() + b"\n\n")
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
