#!/usr/bin/env python3
"""A stand-in "exec" tool for the tests: an executable that speaks JSON on stdin and stdout.

Usage: exec_tool.py --describe
       exec_tool.py OPERATION    (the arguments, one JSON object, on standard input)

`--describe` prints one JSON object, {"operations": {NAME: {"description", "input_schema",
"output_schema"}}}. Invoked with an operation, the tool reads one JSON object from standard
input (empty input counts as {}), checks it against the operation's input schema and writes
one JSON value to standard output, exiting 0. A bad call (unknown operation, input that is not
a JSON object, a missing, unknown or mistyped argument) writes a message to standard error and
exits 1.

Operations:
  word_count  {"text"} -> {"words": whitespace-separated words, "characters": code points}
  add         {"a", "b"} -> {"sum": a + b}
  fail        {"message"} -> writes the message to standard error and exits 3
  sleep       {"seconds"} -> sleeps that long, then {"slept": seconds}
  garbage     {} -> prints `not json`, exits 0
  echo_env    {"name"} -> {"value": the environment variable's value, or null}

Standard library only.
"""

import json
import os
import sys
import time


def obj(properties, required):
    return {"type": "object", "properties": properties, "required": required,
            "additionalProperties": False}


OPERATIONS = {
    "word_count": {
        "description": "Counts the words and characters of a text.",
        "input_schema": obj({"text": {"type": "string", "description": "The text to count."}}, ["text"]),
        "output_schema": obj({"words": {"type": "integer"}, "characters": {"type": "integer"}},
                             ["words", "characters"]),
    },
    "add": {
        "description": "Adds two numbers.",
        "input_schema": obj({"a": {"type": "number"}, "b": {"type": "number"}}, ["a", "b"]),
        "output_schema": obj({"sum": {"type": "number"}}, ["sum"]),
    },
    "fail": {
        "description": "Fails with the given message on standard error and exit status 3.",
        "input_schema": obj({"message": {"type": "string"}}, ["message"]),
        "output_schema": {},
    },
    "sleep": {
        "description": "Sleeps for a number of seconds.",
        "input_schema": obj({"seconds": {"type": "number", "minimum": 0}}, ["seconds"]),
        "output_schema": obj({"slept": {"type": "number"}}, ["slept"]),
    },
    "garbage": {
        "description": "Prints something that is not JSON.",
        "input_schema": obj({}, []),
        "output_schema": obj({"ok": {"type": "boolean"}}, ["ok"]),
    },
    "echo_env": {
        "description": "Returns the value of an environment variable, or null when it is not set.",
        "input_schema": obj({"name": {"type": "string"}}, ["name"]),
        "output_schema": obj({"value": {"type": ["string", "null"]}}, ["value"]),
    },
}


class BadCall(Exception):
    pass


def fits(value, kind):
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return True


def check(args, schema):
    if not isinstance(args, dict):
        raise BadCall("the arguments must be a JSON object")
    for name in schema["required"]:
        if name not in args:
            raise BadCall("missing argument: %s" % name)
    for name, value in args.items():
        prop = schema["properties"].get(name)
        if prop is None:
            raise BadCall("unknown argument: %s" % name)
        if not fits(value, prop["type"]):
            raise BadCall("argument %s must be of type %s" % (name, prop["type"]))
        if "minimum" in prop and value < prop["minimum"]:
            raise BadCall("argument %s must be at least %s" % (name, prop["minimum"]))


def run(operation, args):
    if operation == "word_count":
        return {"words": len(args["text"].split()), "characters": len(args["text"])}
    if operation == "add":
        return {"sum": args["a"] + args["b"]}
    if operation == "fail":
        sys.stderr.write(args["message"] + "\n")
        sys.stderr.flush()
        sys.exit(3)
    if operation == "sleep":
        time.sleep(args["seconds"])
        return {"slept": args["seconds"]}
    if operation == "echo_env":
        return {"value": os.environ.get(args["name"])}
    raise AssertionError(operation)


def main():
    argv = sys.argv[1:]
    if argv == ["--describe"]:
        print(json.dumps({"operations": OPERATIONS}))
        return 0
    if len(argv) != 1 or argv[0] not in OPERATIONS:
        if len(argv) == 1:
            sys.stderr.write("unknown operation: %s\n" % argv[0])
        else:
            sys.stderr.write("usage: exec_tool.py --describe | exec_tool.py OPERATION < ARGUMENTS\n")
        return 1
    operation = argv[0]
    text = sys.stdin.read()
    try:
        args = json.loads(text) if text.strip() else {}
        check(args, OPERATIONS[operation]["input_schema"])
    except ValueError as error:
        sys.stderr.write("the input is not JSON: %s\n" % error)
        return 1
    except BadCall as error:
        sys.stderr.write("%s: %s\n" % (operation, error))
        return 1
    if operation == "garbage":
        sys.stdout.write("not json\n")
        return 0
    sys.stdout.write(json.dumps(run(operation, args)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
