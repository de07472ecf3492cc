#!/usr/bin/env python3
"""A stand-in HTTP API, described by openapi/petstore.yaml, for the OpenAPI tool tests.

Usage: openapi_stub.py RECORD_FILE [--lifetime SECONDS]

Listens on 127.0.0.1 on a port the system picks and prints that port alone on its first
line of standard output. Every request is appended to RECORD_FILE as one JSON line,
{"method", "path" (without the query), "query" (a dict of lists), "headers" (lower-case
names), "body" (parsed JSON, or the raw text, or null when there is none)}, so that a test
can check what was sent. Each request is handled on its own thread.

Routes (every body is JSON unless said otherwise; errors are {"message": ...}):
  GET  /pets            listPets: the stored pets Rex (1, dog), Tom (2, cat) and Fido (3, dog),
                        filtered by ?tag=, cut at ?limit= (an integer >= 1, else 400)
  POST /pets            createPet: body {"name" (required), "tag"} -> 201 the pet with id
                        100+n for the n-th pet created (101, 102, ...), and "request_id" set
                        from the X-Request-Id header when given; 400 for a bad body. Created
                        pets are not stored: /pets keeps listing the three above.
  GET  /pets/{petId}    showPet: 200 the stored pet, 404 {"message": "pet not found"};
                        400 when petId is not an integer
  GET  /secure/whoami   whoAmI: "Authorization: Bearer test-token" -> {"user": "tester",
                        "scheme": "bearer"}, "X-API-Key: test-key" -> {"user": "tester",
                        "scheme": "api_key"}, "?api_key=test-key" -> {"user": "tester",
                        "scheme": "api_key_query"}, anything else 401 {"message": "unauthorized"}
  GET  /limited         limited: a server-wide counter; odd calls (1st, 3rd, ...) get 429
                        with Retry-After: 1 and {"message": "slow down"}, even calls 200 {"ok": true}
  GET  /unavailable     unavailable: always 503 with Retry-After: 0
  GET  /slow            slow: sleeps ?seconds= (default 30) then 200 {"ok": true}
  GET  /garbage         garbage: 200, Content-Type application/json, body `{not json`
  GET  /huge            huge: 200, a JSON string of 20 MB of "x" (read what you need, then hang up)
  GET  /server-error    serverError: 500 {"message": "boom"}
Any other path answers 404, a known path with another method 405.

The server stops by itself after --lifetime seconds (300 by default), so that a test that
dies without stopping it leaves nothing behind for long. Standard library only.
"""

import json
import os
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# The command line both stubs share, beside this file.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stub_main import JSONHandler, serve  # noqa: E402

HUGE_BYTES = 20 * 1000 * 1000
SLOW_DEFAULT = 30.0

PETS = [
    {"id": 1, "name": "Rex", "tag": "dog"},
    {"id": 2, "name": "Tom", "tag": "cat"},
    {"id": 3, "name": "Fido", "tag": "dog"},
]

KNOWN = {
    "/pets": {"GET", "POST"},
    "/secure/whoami": {"GET"},
    "/limited": {"GET"},
    "/unavailable": {"GET"},
    "/slow": {"GET"},
    "/garbage": {"GET"},
    "/huge": {"GET"},
    "/server-error": {"GET"},
}


class Stub(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, record_path):
        super().__init__(("127.0.0.1", 0), Handler)
        self.record_path = record_path
        self.lock = threading.Lock()
        self.counters = {}

    def record(self, entry):
        with self.lock:
            with open(self.record_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

    def count(self, name):
        with self.lock:
            self.counters[name] = self.counters.get(name, 0) + 1
            return self.counters[name]


class Handler(JSONHandler):
    server_version = "openapi-stub/1"

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raw = b""
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                raw += self.rfile.read(size)
                self.rfile.readline()
        else:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")

    def handle_any(self):
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        body = self.read_body()
        self.server.record({
            "method": self.command,
            "path": path,
            "query": query,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body,
        })
        method = self.command
        if path.startswith("/pets/") and path.count("/") == 2:
            if method != "GET":
                self.send(405, {"message": "method not allowed"}, [("Allow", "GET")])
            else:
                self.show_pet(path[len("/pets/"):])
            return
        if path not in KNOWN:
            self.send(404, {"message": "not found"})
            return
        if method not in KNOWN[path]:
            self.send(405, {"message": "method not allowed"}, [("Allow", ", ".join(sorted(KNOWN[path])))])
            return
        if path == "/pets":
            if method == "GET":
                self.list_pets(query)
            else:
                self.create_pet(body)
        elif path == "/secure/whoami":
            self.who_am_i(query)
        elif path == "/limited":
            if self.server.count("limited") % 2 == 1:
                self.send(429, {"message": "slow down"}, [("Retry-After", "1")])
            else:
                self.send(200, {"ok": True})
        elif path == "/unavailable":
            self.send(503, {"message": "unavailable"}, [("Retry-After", "0")])
        elif path == "/slow":
            self.slow(query)
        elif path == "/garbage":
            self.send(200, b"{not json")
        elif path == "/huge":
            self.huge()
        elif path == "/server-error":
            self.send(500, {"message": "boom"})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def list_pets(self, query):
        pets = list(PETS)
        if "tag" in query:
            pets = [p for p in pets if p["tag"] == query["tag"][-1]]
        if "limit" in query:
            try:
                limit = int(query["limit"][-1])
            except ValueError:
                limit = 0
            if limit < 1:
                self.send(400, {"message": "limit must be an integer of at least 1"})
                return
            pets = pets[:limit]
        self.send(200, pets)

    def create_pet(self, body):
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            self.send(400, {"message": "the body must be a JSON object with a string name"})
            return
        if "tag" in body and not isinstance(body["tag"], str):
            self.send(400, {"message": "tag must be a string"})
            return
        pet = {"id": 100 + self.server.count("created"), "name": body["name"]}
        if "tag" in body:
            pet["tag"] = body["tag"]
        request_id = self.headers.get("X-Request-Id")
        if request_id is not None:
            pet["request_id"] = request_id
        self.send(201, pet)

    def show_pet(self, raw):
        try:
            pet_id = int(raw)
        except ValueError:
            self.send(400, {"message": "petId must be an integer"})
            return
        for pet in PETS:
            if pet["id"] == pet_id:
                self.send(200, pet)
                return
        self.send(404, {"message": "pet not found"})

    def who_am_i(self, query):
        if self.headers.get("Authorization") == "Bearer test-token":
            self.send(200, {"user": "tester", "scheme": "bearer"})
        elif self.headers.get("X-API-Key") == "test-key":
            self.send(200, {"user": "tester", "scheme": "api_key"})
        elif query.get("api_key") == ["test-key"]:
            self.send(200, {"user": "tester", "scheme": "api_key_query"})
        else:
            self.send(401, {"message": "unauthorized"}, [("WWW-Authenticate", "Bearer")])

    def slow(self, query):
        try:
            seconds = float(query["seconds"][-1]) if "seconds" in query else SLOW_DEFAULT
        except ValueError:
            self.send(400, {"message": "seconds must be a number"})
            return
        time.sleep(max(0.0, seconds))
        self.send(200, {"ok": True})

    def huge(self):
        chunk = b"x" * (1 << 20)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(HUGE_BYTES + 2))
            self.end_headers()
            self.wfile.write(b'"')
            left = HUGE_BYTES
            while left > 0:
                n = min(left, len(chunk))
                self.wfile.write(chunk[:n])
                left -= n
            self.wfile.write(b'"')
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def main():
    return serve(Stub, "openapi_stub.py")


if __name__ == "__main__":
    sys.exit(main())
