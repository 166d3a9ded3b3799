"""A git textconv for notebooks, written apart from mlowners: prints the sources of a notebook's
cells in order (nbformat v4 `cells`, v3 `worksheets[].cells` with `input`), each ending in a
newline; bytes that are no notebook are printed as they are. With it, `git log -p --textconv`
says what mlowners' `notebook_lines = "cells"` must count."""
import json
import sys

data = open(sys.argv[1], "rb").read()
try:
    nb = json.loads(data) if data.strip() else {"cells": []}
    cells = nb.get("cells")
    if cells is None:
        cells = [c for w in nb["worksheets"] for c in w.get("cells", [])]
    out = []
    for cell in cells:
        src = cell.get("source")
        if src is None:
            src = cell.get("input")
        if src is None:
            continue
        if isinstance(src, list):
            src = "".join(src)
        if not isinstance(src, str):
            raise ValueError("a source is a string or a list of strings")
        out.append(src if src == "" or src.endswith("\n") else src + "\n")
    sys.stdout.write("".join(out))
except (ValueError, KeyError, TypeError, AttributeError):
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
