#!/usr/bin/env python3
"""Compare mlowners' per-contributor numbers with git_contributors.py's.

    compare_contributors.py MLOWNERS_JSON GIT_JSON [--max-lines N]

MLOWNERS_JSON: `mlowners scan --format json` report (top-level `contributors`: id, name, commits,
lines_added, lines_removed; optional `repository.commits_analyzed`, `repository.bot_commits_excluded`).
GIT_JSON: output of git_contributors.py.

Prints every mismatch as `id  field  mlowners=...  git=...` (a contributor present on one side only is
reported as field `present`), the totals of both sides, and finally

    agreement: X/Y contributors exact; lines added A vs B, removed C vs D

(A and C are mlowners', B and D git's).  Exit status 0 when everything is equal, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys

FIELDS = ("name", "commits", "co_authored", "lines_added", "lines_removed")


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def by_id(report: dict, side: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for c in report.get("contributors", []):
        cid = c["id"]
        if cid in out:
            print(f"warning: {side} lists contributor {cid!r} twice", file=sys.stderr)
        out[cid] = c
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mlowners_json")
    ap.add_argument("git_json")
    ap.add_argument("--max-lines", type=int, default=0, help="print at most N mismatches (0: all)")
    args = ap.parse_args(argv)

    ml_report, git_report = load(args.mlowners_json), load(args.git_json)
    ml, gt = by_id(ml_report, "mlowners"), by_id(git_report, "git")

    mismatches: list[tuple[str, str, object, object]] = []
    exact = 0
    ids = sorted(set(ml) | set(gt))
    for cid in ids:
        a, b = ml.get(cid), gt.get(cid)
        if a is None or b is None:
            mismatches.append((cid, "present", a is not None, b is not None))
            continue
        ok = True
        for f in FIELDS:
            if a.get(f) != b.get(f):
                mismatches.append((cid, f, a.get(f), b.get(f)))
                ok = False
        exact += ok

    shown = mismatches if args.max_lines <= 0 else mismatches[: args.max_lines]
    for cid, f, a, b in shown:
        print(f"{cid}\t{f}\tmlowners={a!r}\tgit={b!r}")
    if len(shown) < len(mismatches):
        print(f"... {len(mismatches) - len(shown)} more mismatches")

    def total(d: dict[str, dict], f: str) -> int:
        return sum(int(c.get(f) or 0) for c in d.values())

    ml_commits = total(ml, "commits")
    gt_commits = total(gt, "commits")
    print(f"contributors: mlowners {len(ml)}, git {len(gt)}")
    print(f"commits (sum over contributors): mlowners {ml_commits}, git {gt_commits}")
    repo = ml_report.get("repository") or {}
    total_ok = True
    if "commits_analyzed" in repo:
        print(f"commits analysed: mlowners {repo['commits_analyzed']}, git {git_report.get('commits')}")
        total_ok &= repo["commits_analyzed"] == git_report.get("commits")
    if "bot_commits_excluded" in repo and "bot_commits_excluded" in git_report:
        print(
            f"bot commits excluded: mlowners {repo['bot_commits_excluded']}, "
            f"git {git_report['bot_commits_excluded']}"
        )
        total_ok &= repo["bot_commits_excluded"] == git_report["bot_commits_excluded"]
    if git_report.get("missing_blobs"):
        print(f"note: git side counted {len(git_report['missing_blobs'])} missing blob(s) as binary")
    la, lb = total(ml, "lines_added"), total(gt, "lines_added")
    ra, rb = total(ml, "lines_removed"), total(gt, "lines_removed")
    print(
        f"agreement: {exact}/{len(ids)} contributors exact; "
        f"lines added {la} vs {lb}, removed {ra} vs {rb}"
    )
    return 0 if not mismatches and total_ok else 1


if __name__ == "__main__":
    sys.exit(main())
