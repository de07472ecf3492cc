extension Catalog {
    static let syntaxEntries: [CatalogEntry] = [
        CatalogEntry(
            101, .error, "invalid-utf8", "file is not valid UTF-8",
            explanation: """
                Workflow files must be UTF-8. The diagnostic points at the first byte that is not \
                part of a valid UTF-8 sequence; nothing else in the file is checked, because \
                positions after it cannot be trusted. Re-save the file as UTF-8.
                """,
            trigger: "A file containing the byte 0xFF, for example `printf -- '---\\xff\\n' > bad.md`."
        ),
        CatalogEntry(
            102, .error, "nul-byte", "file contains a NUL byte",
            explanation: """
                A NUL byte is never meaningful in a Markdown workflow and usually means a binary \
                file was named by mistake, or a file was damaged. The diagnostic points at the \
                first NUL; nothing else in the file is checked.
                """,
            trigger: "A file containing a zero byte, for example `printf -- '---\\0\\n' > bad.md`."
        ),
        CatalogEntry(
            103, .error, "missing-frontmatter", "file does not start with frontmatter",
            explanation: """
                A workflow starts with a YAML frontmatter block between two `---` lines; the first \
                line of the file (after an optional byte-order mark) must be `---`. An empty file \
                gets this diagnostic too.
                """,
            example: "# Hello\n\n## Steps\n\n### greet: Say hello\nSay hello.\n",
            fix: "---\nname: hello\nversion: 1.0.0\n---\n# Hello\n\n## Steps\n\n### greet: Say hello\nSay hello.\n"
        ),
        CatalogEntry(
            104, .error, "unterminated-frontmatter", "frontmatter has no closing `---`",
            explanation: """
                The frontmatter opened by the first line must be closed by a line holding only \
                `---` (or `...`). Without it the whole file would be read as YAML.
                """,
            example: "---\nname: hello\nversion: 1.0.0\n\n## Steps\n\n### greet: Say hello\nSay hello.\n",
            fix: "---\nname: hello\nversion: 1.0.0\n---\n\n## Steps\n\n### greet: Say hello\nSay hello.\n"
        ),
        CatalogEntry(
            105, .error, "yaml-syntax", "YAML syntax error",
            explanation: """
                The frontmatter or an `action` block is not well-formed YAML. The position is \
                where libyaml found the problem; the message is libyaml's, and a note points at \
                the construct it was reading when that was elsewhere.
                """,
            example: workflow(front: "retry: { max_attempts: 3\n"),
            fix: workflow(front: "retry: { max_attempts: 3 }\n")
        ),
        CatalogEntry(
            106, .error, "yaml-too-complex", "YAML nested too deeply or expanding too many aliases",
            explanation: """
                To keep checking fast and safe on any input, each YAML block (the frontmatter, each \
                `action` block) may nest at most 64 levels, hold at most 200,000 nodes, and have \
                its aliases expand to at most 10,000 nodes (a "billion laughs" alias bomb stops \
                here). Real workflows stay far below all three limits.
                """,
            example: workflow(front: "env:\n  X: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n"),
            fix: workflow(front: "env:\n  X: \"[]\"\n")
        ),
        CatalogEntry(
            107, .error, "duplicate-key", "a mapping key appears twice",
            explanation: """
                YAML parsers disagree on which of two equal keys wins, so a repeated key is an \
                error; a note points at the first occurrence.
                """,
            example: workflow(front: "timeout: 5m\ntimeout: 10m\n"),
            fix: workflow(front: "timeout: 10m\n")
        ),
        CatalogEntry(
            108, .error, "unsupported-yaml", "YAML feature not accepted in workflows",
            explanation: """
                Workflows use plain YAML data: explicit tags (`!!binary`, `!custom`), keys that \
                are lists or mappings, and several documents in one block are not accepted, \
                because they have no meaning in the language and would be read differently by \
                other tools.
                """,
            example: workflow(front: "description: !!binary aGVsbG8=\n"),
            fix: workflow(front: "description: hello\n")
        ),
        CatalogEntry(
            109, .error, "too-many-problems", "too many problems in one file",
            explanation: """
                After 500 diagnostics in one file the checker stops reporting, so that a \
                damaged or generated file cannot flood a terminal or a CI log; this diagnostic \
                stands where the 501st would have been. Fix the problems shown and check again.
                """,
            trigger: "A file with more than 500 problems, such as a `secrets` list repeating one name 600 times."
        ),
        CatalogEntry(
            110, .error, "unclosed-action-block", "`action` block is never closed",
            explanation: """
                An `action` block runs from its opening fence to a closing fence of the same \
                character, at least as long. Without one, Markdown makes the rest of the file \
                part of the block, so every step below it would silently disappear into its \
                YAML. The block is not read until it is closed.
                """,
            example: workflow(steps: "### greet: Say hello\nSay hello.\n```action\ntimeout: 1m\n\n### wave: Wave\nWave.\n"),
            fix: workflow(steps: "### greet: Say hello\nSay hello.\n```action\ntimeout: 1m\n```\n\n### wave: Wave\nWave.\n")
        ),
    ]
}
