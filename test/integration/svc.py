#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A small HTTP service for the host exception path's tests.

usage: svc.py NAME ADDRESS PORT [BLOB]

Serves GET /name (NAME and a newline) and GET /blob (the file BLOB) on
ADDRESS:PORT, and logs each request as "EPOCH CLIENT PATH" on stdout, so
that a test can tell which host served a client, and when.
"""

import http.server
import socket
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'

    def do_GET(self):
        if self.path == '/name':
            body = (self.server.name + '\n').encode()
        elif self.path == '/blob' and self.server.blob:
            with open(self.server.blob, 'rb') as f:
                body = f.read()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print('%.6f %s %s' % (time.time(), self.client_address[0],
                              self.path), flush=True)


def main():
    name, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if ':' in addr:
        http.server.ThreadingHTTPServer.address_family = socket.AF_INET6
    srv = http.server.ThreadingHTTPServer((addr, port), Handler)
    srv.name = name
    srv.blob = sys.argv[4] if len(sys.argv) > 4 else None
    print('listening on %s:%d' % (addr, port), flush=True)
    srv.serve_forever()


if __name__ == '__main__':
    main()
