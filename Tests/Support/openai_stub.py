#!/usr/bin/env python3
"""A stand-in OpenAI-compatible chat-completions server for the VM's tests.

Usage: openai_stub.py RECORD_FILE [--lifetime SECONDS]

Listens on 127.0.0.1 on a port the system picks and prints that port alone on its first
line of standard output. Every request is appended to RECORD_FILE as one JSON line,
{"method", "path", "headers" (lower-case names), "body" (parsed JSON, or the raw text)},
so that a test can check what the VM sent.

`POST .../chat/completions` behaves by the request's model:
  ok            200, "Hello from the stub.", usage 11 prompt and 5 completion tokens
  json          200, a JSON object made to fit response_format's schema (or {"answer": "stub"})
  parts         200, the content as an array of text parts
  length        200, finish_reason "length"
  refusal       200, content null and a refusal
  no-choices    200, an empty choices array
  error-in-200  200, an error object instead of choices
  bad-json      200, a body that is not JSON
  huge          200, a 20 MB body (read what you need, then hang up)
  hang          answers only after 60 s
  auth          401 unless the header is "Authorization: Bearer test-key", else as ok
  rate-limit    429 with Retry-After: 1
  error-500     500 with an OpenAI-style error body
  flaky-N       503 for the first N requests with that model name, then as ok
  anything else 404 model_not_found
`GET /health` answers 200, `GET /sick` 503, `GET /slow` 200 after 60 s.

The server stops by itself after --lifetime seconds (300 by default), so that a test that
dies without stopping it leaves nothing behind for long. Standard library only.
"""

import json
import os
import sys
import threading
import time
from http.server import ThreadingHTTPServer

# The command line both stubs share, beside this file.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stub_main import JSONHandler, serve  # noqa: E402

HANG_SECONDS = 60
HUGE_BYTES = 20 * 1000 * 1000


def instance(schema):
    """A value that fits a JSON Schema of the kinds the VM writes (type, enum, properties, items)."""
    if not isinstance(schema, dict):
        return "stub"
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or (kind is None and "properties" in schema):
        return {name: instance(sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [instance(schema["items"])] if "items" in schema else []
    return {"string": "stub", "integer": 1, "number": 1.5, "boolean": True, "null": None}.get(kind, "stub")


def completion(number, content, finish="stop", refusal=None):
    return {
        "id": "chatcmpl-stub-%d" % number,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "stub",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": content, "refusal": refusal},
            "logprobs": None,
            "finish_reason": finish,
        }],
        "usage": {"prompt_tokens": 11, "completion_tokens": 5, "total_tokens": 16},
    }


def api_error(message, kind, code=None):
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


class Stub(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, record_path):
        super().__init__(("127.0.0.1", 0), Handler)
        self.record_path = record_path
        self.lock = threading.Lock()
        self.requests = 0
        self.seen = {}

    def record(self, entry):
        with self.lock:
            self.requests += 1
            with open(self.record_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")
            return self.requests

    def count(self, model):
        with self.lock:
            self.seen[model] = self.seen.get(model, 0) + 1
            return self.seen[model]


class Handler(JSONHandler):
    server_version = "openai-stub/1"

    def entry(self, body):
        return {
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body,
        }

    def do_GET(self):
        self.server.record(self.entry(None))
        if self.path == "/health":
            self.send(200, {"status": "ok"})
        elif self.path == "/sick":
            self.send(503, {"status": "down"})
        elif self.path == "/slow":
            time.sleep(HANG_SECONDS)
            self.send(200, {"status": "ok"})
        else:
            self.send(404, api_error("no such path", "not_found"))

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        number = self.server.record(self.entry(body))
        if not self.path.endswith("/chat/completions"):
            self.send(404, api_error("no such path", "not_found"))
            return
        if not isinstance(body, dict):
            self.send(400, api_error("the body is not a JSON object", "invalid_request_error"))
            return
        self.answer(body, str(body.get("model", "")), number)

    def answer(self, body, model, number):
        if model == "ok":
            self.send(200, completion(number, "Hello from the stub."))
        elif model == "json":
            schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("schema")
            value = instance(schema) if schema is not None else {"answer": "stub"}
            self.send(200, completion(number, json.dumps(value)))
        elif model == "parts":
            parts = [{"type": "text", "text": "Hello "}, {"type": "text", "text": "in parts."}]
            self.send(200, completion(number, parts))
        elif model == "length":
            self.send(200, completion(number, "Hello from the", finish="length"))
        elif model == "refusal":
            self.send(200, completion(number, None, refusal="I'm sorry, I can't help with that."))
        elif model == "no-choices":
            self.send(200, {"id": "chatcmpl-stub-%d" % number, "object": "chat.completion", "choices": []})
        elif model == "error-in-200":
            self.send(200, api_error("The upstream provider failed.", "upstream_error"))
        elif model == "bad-json":
            self.send(200, b"this is not JSON {")
        elif model == "huge":
            self.huge(number)
        elif model == "hang":
            time.sleep(HANG_SECONDS)
            self.send(200, completion(number, "Too late."))
        elif model == "auth":
            if self.headers.get("Authorization") == "Bearer test-key":
                self.send(200, completion(number, "Hello from the stub."))
            else:
                self.send(401, api_error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"))
        elif model == "rate-limit":
            self.send(429, api_error("Rate limit reached for requests.", "requests", "rate_limit_exceeded"),
                      headers=[("Retry-After", "1")])
        elif model == "error-500":
            self.send(500, api_error("The server had an error while processing your request.", "server_error"))
        elif model.startswith("flaky-") and model[6:].isdigit():
            if self.server.count(model) <= int(model[6:]):
                self.send(503, api_error("The engine is currently overloaded.", "server_error"))
            else:
                self.send(200, completion(number, "Hello from the stub."))
        else:
            self.send(404, api_error("The model `%s` does not exist." % model, "invalid_request_error", "model_not_found"))

    def huge(self, number):
        head = json.dumps(completion(number, "@")).encode()
        before, after = head.split(b"@", 1)
        chunk = b"a" * (1 << 20)
        total = len(before) + HUGE_BYTES + len(after)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            self.wfile.write(before)
            left = HUGE_BYTES
            while left > 0:
                self.wfile.write(chunk[:min(left, len(chunk))])
                left -= min(left, len(chunk))
            self.wfile.write(after)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    return serve(Stub, "openai_stub.py")


if __name__ == "__main__":
    sys.exit(main())
