#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seed corpora for the parser fuzzers: the real registries cut into
small pieces of a few records each, so that every seed parses quickly
and the fuzzer mutates real shapes.  Nothing of the registry is kept in
the project: the pieces go to the build directory.

usage: mkseeds.py OUTDIR SAMPLE REGISTRY-FILE...
"""
import os
import re
import sys

PER_CHUNK = 4		# records in one seed
MAX_SEEDS = 150		# per source file, spread over the whole file


def spread(items):
    """At most MAX_SEEDS items, taken evenly from the whole list."""
    if len(items) <= MAX_SEEDS:
        return items
    step = len(items) / MAX_SEEDS
    return [items[int(i * step)] for i in range(MAX_SEEDS)]


def chunks(rows):
    return [rows[i:i + PER_CHUNK] for i in range(0, len(rows), PER_CHUNK)]


def write(outdir, kind, tag, pieces):
    d = os.path.join(outdir, kind)
    os.makedirs(d, exist_ok=True)
    for n, data in enumerate(pieces):
        with open(os.path.join(d, "%s-%04d" % (tag, n)), "wb") as f:
            f.write(data)


def xml_seeds(data):
    first = data.find(b"<record")
    last = data.rfind(b"</record>")
    if first < 0 or last < 0:
        return []
    head = data[:first]
    recs = re.findall(rb"<record.*?</record>", data[first:last + 9], re.S)
    return [head + b"\n  ".join(c) + b"\n</registry>\n"
            for c in spread(chunks(recs))]


def csv_rows(data):
    """Rows of a CSV file, quoted newlines kept inside their row."""
    rows, cur, quoted = [], b"", False
    for line in data.split(b"\n"):
        cur += line + b"\n"
        quoted ^= line.count(b'"') % 2 == 1
        if not quoted:
            rows.append(cur)
            cur = b""
    return rows


def csv_seeds(data):
    rows = csv_rows(data)
    return [rows[0] + b"".join(c) for c in spread(chunks(rows[1:]))]


def text_seeds(data):
    lines = data.split(b"\n")
    for i, l in enumerate(lines):
        if l.startswith(b"Service Name ") and b"Port" in l:
            break
    else:
        return [data]
    head = b"\n".join(lines[:i + 2]) + b"\n"
    body = lines[i + 2:]
    return [data] + [head + b"\n".join(c) + b"\n" for c in chunks(body)]


def services_seeds(data):
    lines = [l for l in data.split(b"\n")]
    return [b"\n".join(c) + b"\n" for c in spread(chunks(lines))]


def main():
    outdir, sample = sys.argv[1], sys.argv[2]
    with open(sample, "rb") as f:
        write(outdir, "text", "sample", text_seeds(f.read()))
    for path in sys.argv[3:]:
        with open(path, "rb") as f:
            data = f.read()
        tag = os.path.basename(path).rsplit(".", 1)[0]
        if path.endswith(".xml"):
            write(outdir, "xml", tag, xml_seeds(data))
        elif path.endswith(".csv"):
            write(outdir, "csv", tag, csv_seeds(data))
        else:
            write(outdir, "services", tag, services_seeds(data))


main()
