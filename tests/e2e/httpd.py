#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A small HTTP server for the update tests: 127.0.0.1 only, a free port.

Serves the files of ROOT with ETag, Last-Modified and 304 Not Modified,
and, by the first path component, the failures update must survive:

  /r/FILE          the file as it is
  /truncated/FILE  the first half, with a Content-Length that says so
  /short/FILE      the first half, with the whole length announced
  /500/FILE        500 Internal Server Error
  /shrunk/FILE     every tenth <record> left out
  /html/FILE       an HTML page, status 200
  /redirect/FILE   301 to /r/FILE

Writes the port to --port-file once listening; logs one line a request
("GET PATH inm=... ims=... -> STATUS LENGTH") on stderr; exits by itself
after --lifetime seconds so that a test that died cannot leave it behind.
"""
import argparse
import email.utils
import hashlib
import http.server
import os
import re
import sys
import threading


def body_for(mode, data):
    if mode == "truncated" or mode == "short":
        return data[: len(data) // 2]
    if mode == "shrunk":
        n = [0]

        def drop(m):
            n[0] += 1
            return b"" if n[0] % 10 == 0 else m.group(0)

        return re.sub(rb"<record>.*?</record>\s*", drop, data, flags=re.S)
    return data


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    root = "."

    def log_message(self, fmt, *args):
        pass

    def log(self, status, length):
        sys.stderr.write("%s %s inm=%s ims=%s -> %d %d\n" % (
            self.command, self.path,
            self.headers.get("If-None-Match", "-"),
            self.headers.get("If-Modified-Since", "-"), status, length))
        sys.stderr.flush()

    def send_simple(self, status, text, ctype="text/plain"):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.log(status, len(body))

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        parts = self.path.lstrip("/").split("/", 1)
        if len(parts) != 2 or "/" in parts[1] or parts[1].startswith("."):
            return self.send_simple(404, "not found\n")
        mode, name = parts
        path = os.path.join(self.root, name)
        if not os.path.isfile(path):
            return self.send_simple(404, "not found\n")
        if mode == "500":
            return self.send_simple(500, "internal error\n")
        if mode == "html":
            return self.send_simple(
                200, "<!DOCTYPE html><html><body>maintenance</body></html>\n",
                "text/html")
        if mode == "redirect":
            self.send_response(301)
            self.send_header("Location", "/r/" + name)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return self.log(301, 0)
        if mode not in ("r", "truncated", "short", "shrunk"):
            return self.send_simple(404, "no such mode\n")
        with open(path, "rb") as f:
            data = f.read()
        body = body_for(mode, data)
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:24]
        mtime = email.utils.formatdate(os.stat(path).st_mtime, usegmt=True)
        # RFC 9110 13.2.2: If-None-Match, when present, decides alone.
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None:
            fresh = etag in [t.strip() for t in inm.split(",")] or inm == "*"
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                fresh = int(os.stat(path).st_mtime) <= since
            except (TypeError, ValueError):
                fresh = False
        if fresh:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", mtime)
            self.end_headers()
            return self.log(304, 0)
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", mtime)
        length = len(data) if mode == "short" else len(body)
        self.send_header("Content-Length", str(length))
        if mode == "short":
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.log(200, len(body))
        if mode == "short":
            # Hang up mid-body, as a dropped connection would.
            self.close_connection = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--lifetime", type=float, default=600)
    args = ap.parse_args()
    Handler.root = args.root
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, args.port_file)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
