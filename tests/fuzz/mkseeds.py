#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seed corpora for the parser fuzzers: the registries cut into small
pieces of a few records each, so that every seed parses quickly and the
fuzzer mutates real shapes.  The pieces go to the build directory.

Whatever files are given are used: the shipped snapshot and fixtures on
any clone, the shared collection's snapshots where present.  The CSV
parser gets pieces of the XML registries rendered as IANA's CSV export
as well, so that it has seeds when no CSV file is given.  A file whose
bytes an earlier one had is skipped; a small file is a seed whole too.

usage: mkseeds.py OUTDIR SAMPLE FILE...
"""
import csv
import hashlib
import io
import os
import re
import sys
import xml.etree.ElementTree as ET

PER_CHUNK = 4		# records in one seed
MAX_SEEDS = 150		# per source file, spread over the whole file
MAX_WHOLE = 16384	# a file this small is a seed whole (run.sh's -max_len)


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


CSV_HEAD = ["Service Name", "Port Number", "Transport Protocol",
            "Description", "Assignee", "Contact", "Registration Date",
            "Modification Date", "Reference", "Service Code",
            "Unauthorized Use Reported", "Assignment Notes"]


def xml_as_csv(data):
    """The records of an XML registry as IANA's CSV export lays them out
    (CRLF rows, quoted where a field needs it)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_HEAD)
    for rec in ET.fromstring(data).iter():
        if not rec.tag.endswith("}record"):
            continue
        f = {c.tag.rsplit("}", 1)[-1]: c for c in rec}
        text = lambda k: (f[k].text or "").strip() if k in f else ""
        refs = ["[%s]" % x.get("data", "") for x in rec
                if x.tag.endswith("}xref")]
        w.writerow([text("name"), text("number"), text("protocol"),
                    text("description"), text("assignee"), text("contact"),
                    rec.get("date", ""), rec.get("updated", ""),
                    "".join(refs), "", "", text("note")])
    return out.getvalue().encode()


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


def seeds_of(path, data):
    """(kind, pieces) for the file PATH holding DATA."""
    if path.endswith(".xml"):
        yield "xml", xml_seeds(data)
        try:
            yield "csv", csv_seeds(xml_as_csv(data))
        except ET.ParseError:
            pass	# a broken fixture: the XML fuzzer has it
    elif path.endswith(".csv"):
        yield "csv", csv_seeds(data)
    else:
        yield "services", services_seeds(data)


def main():
    outdir, sample = sys.argv[1], sys.argv[2]
    with open(sample, "rb") as f:
        write(outdir, "text", "sample", text_seeds(f.read()))
    seen = set()
    for path in sys.argv[3:]:
        with open(path, "rb") as f:
            data = f.read()
        digest = hashlib.sha256(data).digest()
        if digest in seen:
            continue
        seen.add(digest)
        tag = os.path.basename(path).rsplit(".", 1)[0]
        for kind, pieces in seeds_of(path, data):
            if len(data) <= MAX_WHOLE:
                pieces = [data] + pieces
            write(outdir, kind, tag, pieces)


main()
