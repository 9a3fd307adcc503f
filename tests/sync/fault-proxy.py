#!/usr/bin/env python3
"""fault-proxy.py — the sync suite's fault-injecting proxy: HTTPS on loopback
between the terminal and mallpos-central, with the centre's own key (so the
terminal's pin holds), forwarding each request unless the mode file says to
fail it. Modes (the file's first word, read per request):
  pass                forward
  reset               read the request head, then reset the connection
  drop-after-commit   forward (the centre commits), then reset instead of answering
  slow SECONDS        forward, then wait before answering
  delay MAX           forward after a random wait of up to MAX seconds
  500 / 503           answer that status (503 with Retry-After: 120), forward nothing
  truncate            forward, then send half the answer and close
  malformed           forward, then answer 200 with broken JSON
  gone                a pull after a cursor (after= not 0): 410 cursor_compacted, as
                      a centre answers that compacted its change log; else forward
  page STREAM FILE    a pull of STREAM: 200 with FILE as the body (a hostile page
                      the test wrote); else forward
Usage: fault-proxy.py UPSTREAM_PORT CERT KEY MODE_FILE PORT_FILE"""
import http.client
import http.server
import json
import random
import socket
import ssl
import struct
import sys
import time

upstream, cert, key, mode_file, port_file = sys.argv[1:6]


def mode():
    try:
        with open(mode_file) as f:
            words = f.read().split()
        return words or ["pass"]
    except FileNotFoundError:
        return ["pass"]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reset(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def forward(self, body):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", int(upstream), context=ctx, timeout=60)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "content-length", "connection")}
        conn.request(self.command, self.path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        kept = [(k, v) for k, v in r.getheaders()
                if k.lower() in ("content-type", "content-encoding", "retry-after")]
        conn.close()
        return r.status, kept, data

    def answer(self, status, headers, data, length=None):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        self.close_connection = True

    def handle_any(self):
        m = mode()
        if m[0] == "reset":
            return self.reset()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if m[0] in ("500", "503"):
            err = {"protocol": 1, "error": {"code": "unavailable" if m[0] == "503" else "internal",
                                            "message": "injected by the fault proxy"}}
            hdrs = [("Content-Type", "application/json")]
            if m[0] == "503":
                hdrs.append(("Retry-After", "120"))
            return self.answer(int(m[0]), hdrs, json.dumps(err).encode())
        if m[0] == "gone" and "/v1/pull/" in self.path and "after=0&" not in self.path:
            err = {"protocol": 1, "error": {"code": "cursor_compacted",
                                            "message": "injected by the fault proxy"}}
            return self.answer(410, [("Content-Type", "application/json")], json.dumps(err).encode())
        if m[0] == "page" and self.path.startswith("/v1/pull/" + m[1] + "?"):
            with open(m[2], "rb") as f:
                return self.answer(200, [("Content-Type", "application/json")], f.read())
        if m[0] == "delay":
            time.sleep(random.uniform(0, float(m[1])))
        status, headers, data = self.forward(body)
        if m[0] == "drop-after-commit":
            return self.reset()
        if m[0] == "slow":
            time.sleep(float(m[1]))
        if m[0] == "truncate":
            self.answer(status, headers, data[: len(data) // 2], length=len(data))
            return self.reset()
        if m[0] == "malformed":
            return self.answer(200, [("Content-Type", "application/json")],
                               b'{"protocol":1,"results":[{"seq":1,"id":')
        self.answer(status, headers, data)

    do_GET = handle_any
    do_POST = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(f"{server.server_address[1]}\n")
import os
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
