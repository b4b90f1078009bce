#!/usr/bin/env python3
"""A strict reader of the Prometheus text exposition format (version 0.0.4), for the
tests of `nightly --metrics`: exits 1 naming the line of the first thing a scraper would
refuse or misread. Checks: every line is a comment, blank, or a sample; HELP and TYPE
name valid metric names, TYPE at most once per family and before its samples; sample
names and label names valid, label values properly quoted and escaped, no label twice,
no series twice; values are Go-parseable floats; a family's samples are contiguous.
Prints NAME{LABELS} VALUE per sample on success, sorted, for the test to read.
Usage: promparse.py FILE
"""
import re
import sys

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*\Z")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*\Z")
VALUE = re.compile(r"([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?Inf|NaN)\Z")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def fail(n, why):
    sys.stderr.write(f"{sys.argv[1]}:{n}: {why}\n")
    sys.exit(1)


def labels(n, text):
    """Parses 'a="x",b="y"' exactly; returns a tuple of (name, value)."""
    out, i = [], 0
    while i < len(text):
        m = re.match(r"([a-zA-Z_][a-zA-Z0-9_]*)=\"", text[i:])
        if not m:
            fail(n, f"bad label at {text[i:]!r}")
        name, i = m.group(1), i + m.end()
        value = []
        while True:
            if i >= len(text):
                fail(n, "unterminated label value")
            c = text[i]
            if c == "\\":
                if i + 1 >= len(text) or text[i + 1] not in '\\"n':
                    fail(n, "bad escape in label value")
                value.append({"\\": "\\", '"': '"', "n": "\n"}[text[i + 1]])
                i += 2
            elif c == '"':
                i += 1
                break
            elif c == "\n":
                fail(n, "newline in label value")
            else:
                value.append(c)
                i += 1
        if name in dict(out):
            fail(n, f"label {name} twice")
        out.append((name, "".join(value)))
        if i < len(text):
            if text[i] != ",":
                fail(n, f"expected , after label {name}")
            i += 1
    return tuple(out)


def main():
    typed, seen, done_families, samples = {}, set(), set(), []
    current = None
    data = open(sys.argv[1], "rb").read()
    if not data.endswith(b"\n"):
        fail(0, "the file does not end with a newline")
    for n, raw in enumerate(data.decode("utf-8").split("\n")[:-1], 1):
        if raw == "":
            continue
        if raw.startswith("#"):
            parts = raw.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                if not NAME.match(parts[2]):
                    fail(n, f"bad metric name {parts[2]!r}")
                if parts[1] == "TYPE":
                    if len(parts) != 4 or parts[3] not in TYPES:
                        fail(n, "bad TYPE line")
                    if parts[2] in typed:
                        fail(n, f"TYPE of {parts[2]} twice")
                    if parts[2] in done_families or parts[2] == current:
                        fail(n, f"TYPE of {parts[2]} after its samples")
                    typed[parts[2]] = parts[3]
            continue
        m = re.match(r"([^{ ]+)(\{(.*)\})? ([^ ]+)( -?\d+)?\Z", raw)
        if not m:
            fail(n, f"not a sample line: {raw!r}")
        name, lab, value = m.group(1), m.group(3), m.group(4)
        if not NAME.match(name):
            fail(n, f"bad metric name {name!r}")
        if not VALUE.match(value):
            fail(n, f"bad value {value!r}")
        if name != current:
            if name in done_families:
                fail(n, f"samples of {name} are not together")
            if current:
                done_families.add(current)
            current = name
        series = (name, labels(n, lab) if lab else ())
        if series in seen:
            fail(n, f"series {series} twice")
        seen.add(series)
        rendered = ",".join(f'{k}="{v}"' for k, v in series[1])
        samples.append(f"{name}{{{rendered}}} {value}" if rendered else f"{name} {value}")
    for s in sorted(samples):
        print(s)


main()
