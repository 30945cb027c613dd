#!/usr/bin/env python3
"""Dump what BuildKit's own Go parser reads from each Dockerfile, as JSON lines.

Uses the `dockerfile` package (PyPI, a binding of BuildKit's parser). One line per input file:
{"file": name, "instructions": [{"keyword", "line", "end_line", "flags", "heredocs": [{"name", "body"}]}]}
or {"file": name, "error": message} when BuildKit rejects the file, or {"file": name,
"unreadable": message} when the binding cannot hand back what BuildKit read (it splits some
lines inside a UTF-8 sequence, which Python then fails to decode).

Usage: buildkit_reference.py OUTPUT.jsonl FILE...   (or a directory, read recursively)
"""
import json
import os
import sys

import dockerfile


def describe(path):
    name = os.path.basename(path)
    try:
        commands = dockerfile.parse_file(path)
    except dockerfile.GoParseError as e:
        return {"file": name, "error": str(e)}
    except dockerfile.GoIOError as e:
        return {"file": name, "error": "io: " + str(e)}
    except UnicodeDecodeError as e:
        return {"file": name, "unreadable": str(e)}
    return {
        "file": name,
        "instructions": [
            {
                # A last line that only continues the line has no keyword: the binding gives None.
                "keyword": (c.cmd or "").upper(),
                "line": c.start_line,
                "end_line": c.end_line,
                "flags": list(c.flags),
                "heredocs": [{"name": h.name, "body": h.content} for h in c.heredocs],
            }
            for c in commands
        ],
    }


def main():
    out_path, inputs = sys.argv[1], sys.argv[2:]
    files = []
    for item in inputs:
        if os.path.isdir(item):
            for root, _, names in os.walk(item):
                files.extend(os.path.join(root, n) for n in names)
        else:
            files.append(item)
    files.sort()
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        for path in files:
            out.write(json.dumps(describe(path), ensure_ascii=False) + "\n")
    os.replace(tmp, out_path)
    print(f"buildkit_reference: {len(files)} files -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
