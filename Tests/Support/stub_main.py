"""What both loopback stubs share (openai_stub.py, openapi_stub.py): their command line
and a request handler that answers JSON.

`serve(make_server, name)` reads `RECORD_FILE [--lifetime SECONDS]`, starts the server on a
port the system picks, prints that port alone on the first line of standard output, and
serves until the lifetime ends (300 s by default), so that a test that dies without
stopping a stub leaves nothing behind for long. Standard library only.
"""

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler


class JSONHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive, no request log, and `send` for JSON answers."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def serve(make_server, name):
    # A harness that starts children from several threads may leak the ends of other
    # children's pipes into this one; holding them would keep those children waiting for an
    # end of file until this server stops.
    os.closerange(3, 1 << 16)
    args = sys.argv[1:]
    lifetime = 300.0
    if "--lifetime" in args:
        i = args.index("--lifetime")
        lifetime = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        sys.stderr.write(f"usage: {name} RECORD_FILE [--lifetime SECONDS]\n")
        return 2
    server = make_server(args[0])
    timer = threading.Timer(lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    print(server.server_address[1], flush=True)
    server.serve_forever()
    return 0
