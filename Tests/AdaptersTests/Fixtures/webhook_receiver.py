#!/usr/bin/env python3
"""A webhook receiver for the Adapters tests.

Usage: webhook_receiver.py LOG_FILE

Binds 127.0.0.1 on a free port, prints the port on stdout, and appends every request
it receives to LOG_FILE as one JSON line: {"method", "path", "headers": [[name, value], ...],
"body_b64", "hmac_sha256"}. The request is logged before it is answered. "hmac_sha256" is
the hex HMAC-SHA256 of the body under the environment variable RECEIVER_SECRET (if set),
computed the way a real receiver would, independently of migrate's own code.

What it answers depends on the path (counted per full path):
  /fail/STATUS/N/...   STATUS for the first N requests, then 200
  /sleep/SECONDS/N/... sleeps SECONDS before answering the first N requests, then 200
  /status/STATUS/...   always STATUS
  /big/BYTES/...       200 with a body of BYTES bytes
  /redirect/...        302 to /ops
  /stream/BYTES/...    200 announcing BYTES bytes and streaming them in 64 KiB chunks until the client
                       hangs up; how many it got out is appended to LOG_FILE.stream as {"path", "sent"}
  /garbage/...         not HTTP at all: a line of text, then the connection is closed
  anything else        200
The 200 body is {"ok": true, "n": <how many requests this path has had>}.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log_path = sys.argv[1]
lock = threading.Lock()
counts = {}
secret = os.environ.get("RECEIVER_SECRET", "").encode() or None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with lock:
            n = counts.get(self.path, 0) + 1
            counts[self.path] = n
            with open(log_path, "a") as f:
                f.write(json.dumps({
                    "method": self.command,
                    "path": self.path,
                    "headers": [[k, v] for k, v in self.headers.items()],
                    "body_b64": base64.b64encode(body).decode("ascii"),
                    "hmac_sha256": hmac.new(secret, body, hashlib.sha256).hexdigest() if secret else None,
                }) + "\n")
        parts = self.path.split("?")[0].strip("/").split("/")
        if parts[0] == "garbage":
            self.wfile.write(b"SSH-2.0-OpenSSH_9.2 this is not HTTP\r\n")
            self.close_connection = True
            return
        if parts[0] == "stream":
            self.stream(int(parts[1]))
            return
        status, payload = 200, json.dumps({"ok": True, "n": n}).encode()
        try:
            if parts[0] == "fail" and n <= int(parts[2]):
                status, payload = int(parts[1]), b'{"error": "failing on purpose"}'
            elif parts[0] == "sleep" and n <= int(parts[2]):
                time.sleep(float(parts[1]))
            elif parts[0] == "status":
                status, payload = int(parts[1]), b'{"error": "as asked"}'
            elif parts[0] == "big":
                payload = b"x" * int(parts[1])
            elif parts[0] == "redirect":
                status, payload = 302, b""
        except (IndexError, ValueError):
            pass
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if status == 302:
                self.send_header("Location", "/ops")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def stream(self, total):
        sent = 0
        chunk = b"y" * 65536
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            while sent < total:
                n = min(len(chunk), total - sent)
                self.wfile.write(chunk[:n])
                sent += n
        except (BrokenPipeError, ConnectionResetError):
            pass
        with lock:
            with open(log_path + ".stream", "a") as f:
                f.write(json.dumps({"path": self.path, "sent": sent}) + "\n")
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
