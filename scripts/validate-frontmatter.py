#!/usr/bin/env python3
"""Validates the frontmatter of every workflow under the given folders against
Grammar/frontmatter.schema.json, as an editor's yaml-language-server would.

Usage: validate-frontmatter.py SCHEMA PATH...   (folders are searched for *.md)
"""
import json
import pathlib
import sys

import re

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1, where `on`, `yes` and `no` are booleans; editors and our checker
    read YAML 1.2, where only true/false are. Swap the boolean resolver for 1.2's."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.validators.validator_for(schema)(schema)
files = []
for arg in sys.argv[2:]:
    p = pathlib.Path(arg)
    if not p.exists():
        sys.exit(f"{arg}: no such file or folder")
    files += sorted(p.rglob("*.md")) if p.is_dir() else [p]
failed = 0
checked = 0
for f in files:
    text = f.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        continue
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        continue
    data = yaml.load("\n".join(lines[1:end]), Loader=Yaml12Loader)
    checked += 1
    for e in validator.iter_errors(data):
        failed += 1
        print(f"{f}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}")
if failed:
    sys.exit(1)
print(f"{checked} frontmatter blocks valid")
