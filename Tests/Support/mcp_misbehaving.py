#!/usr/bin/env python3
"""A small MCP server over standard I/O that misbehaves on request, for the VM's tests.

Speaks just enough of MCP (JSON-RPC 2.0, one message per line): `initialize`,
`notifications/initialized`, `tools/list`, `tools/call`. Its tools:

  echo     {text}      structuredContent {"text": text}, with an output schema
  fail     {message}   a result with isError true and the message as text
  crash    {}          exits with status 7 before answering (a line on stderr first)
  hang     {}          never answers
  garbage  {}          writes a line that is not JSON
  reject   {}          a JSON-RPC error answer (-32602, invalid params)
  count    {}          structuredContent {"calls": N}: how many tools/call this process
                       has served, so a test can tell a reused server from a new one

With --endless-pages, tools/list answers an empty page with the same next cursor for ever.

Standard library only.
"""

import json
import sys
import time

TOOLS = [
    {"name": "echo", "description": "Echo the text back",
     "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
     "outputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}},
    {"name": "fail", "description": "Answer with isError",
     "inputSchema": {"type": "object", "properties": {"message": {"type": "string"}}}},
    {"name": "crash", "description": "Exit before answering", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "hang", "description": "Never answer", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "garbage", "description": "Write a line that is not JSON", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "reject", "description": "Answer with a JSON-RPC error", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "count", "description": "How many calls this process served",
     "inputSchema": {"type": "object", "properties": {}},
     "outputSchema": {"type": "object", "properties": {"calls": {"type": "integer"}}, "required": ["calls"]}},
]


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    calls = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        message = json.loads(line)
        method = message.get("method")
        ident = message.get("id")
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": ident, "result": {
                "protocolVersion": message["params"].get("protocolVersion", "2025-06-18"),
                "capabilities": {"tools": {"listChanged": False}},
                "serverInfo": {"name": "misbehaving", "version": "1.0.0"}}})
        elif method == "tools/list":
            if "--endless-pages" in sys.argv:
                send({"jsonrpc": "2.0", "id": ident, "result": {"tools": [], "nextCursor": "again"}})
            else:
                send({"jsonrpc": "2.0", "id": ident, "result": {"tools": TOOLS}})
        elif method == "tools/call":
            calls += 1
            name = message["params"]["name"]
            args = message["params"].get("arguments") or {}
            if name == "echo":
                text = args.get("text", "")
                send({"jsonrpc": "2.0", "id": ident, "result": {
                    "content": [{"type": "text", "text": json.dumps({"text": text})}],
                    "structuredContent": {"text": text}}})
            elif name == "fail":
                send({"jsonrpc": "2.0", "id": ident, "result": {
                    "content": [{"type": "text", "text": args.get("message", "it failed")}], "isError": True}})
            elif name == "crash":
                sys.stderr.write("misbehaving: crashing as asked\n")
                sys.stderr.flush()
                sys.exit(7)
            elif name == "hang":
                time.sleep(3600)
            elif name == "garbage":
                sys.stdout.write("this is not JSON\n")
                sys.stdout.flush()
            elif name == "reject":
                send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32602, "message": "the frobnicator is not configured"}})
            elif name == "count":
                send({"jsonrpc": "2.0", "id": ident, "result": {
                    "content": [{"type": "text", "text": str(calls)}], "structuredContent": {"calls": calls}}})
            else:
                send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32602, "message": "unknown tool " + name}})
        elif ident is not None:
            send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "method not found"}})


if __name__ == "__main__":
    main()
