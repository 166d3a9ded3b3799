#!/usr/bin/env python3
"""Compare mlowners' authorship with scripts/truck_factor.py (an independent implementation).

usage: compare_ownership.py MLOWNERS_JSON TRUCK_FACTOR_JSON

Prints how many files agree on creator and on the set of authors, the two bus factors and whether
the key people are the same; exits 1 if the bus factor or key people differ.
"""
import json
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    m = json.load(open(sys.argv[1], encoding="utf-8"))
    t = json.load(open(sys.argv[2], encoding="utf-8"))
    mf = {f["path"]: f for f in m["files"]}
    tf = {f["path"]: f for f in t["files"]}
    common = sorted(set(mf) & set(tf))
    creators = sum(1 for p in common if mf[p]["creator"] == tf[p]["creator"])
    authors = [p for p in common if set(mf[p]["authors"]) != set(tf[p]["authors"])]
    print(f"files: mlowners {len(mf)}, script {len(tf)}, both {len(common)}")
    print(f"creator equal: {creators}/{len(common)}; authors equal: {len(common) - len(authors)}/{len(common)}")
    for p in authors[:10]:
        print(f"  {p}: mlowners {sorted(mf[p]['authors'])} script {sorted(tf[p]['authors'])}")
    same_bf = m["summary"]["bus_factor"] == t["bus_factor"]
    same_people = m["summary"]["key_people"] == t["key_people"]
    print(f"bus factor: mlowners {m['summary']['bus_factor']}, script {t['bus_factor']}; "
          f"key people {'equal' if same_people else 'differ'}")
    return 0 if same_bf and same_people else 1


if __name__ == "__main__":
    sys.exit(main())
