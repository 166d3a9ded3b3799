#!/usr/bin/env python3
"""Independent degree-of-authorship and bus factor from `git log` alone (no mlowners code).

    truck_factor.py REPO [--config FILE] [--rev REV] [--include-glob GLOB ...] [--rename-limit N]

Follows DESIGN.md section 2:
  * changes: non-merge commits, bots excluded, renames as git's -M reports them
    (`git log --no-merges -M --raw`, the same diff queue `--name-status` prints); gitlink entries
    (mode 160000) are skipped;
  * files: regular files at REV (`git ls-tree -r REV`, mode 100644/100755; no symlinks, no gitlinks),
    optionally restricted by --include-glob (fnmatch on the whole path; `*` also matches `/`);
  * rename following: commits newest first in git log order, map current path -> file at REV;
    a change to a tracked path belongs to that file; an addition ends tracking of the path; a rename
    old->new of a tracked path ends tracking of new and tracks old as the same file (unless old is
    already tracked); deletions are not changes of a file at REV.  Commits by bots are not changes
    but their renames are still followed (see --bots-break-renames);
  * creation = oldest change of the file's history, its author the creator; every later change is a
    delivery; a `Co-authored-by` trailer credits its person with a delivery of the change (the
    creation too); DOA = 3.293 + 1.098*FA + 0.164*DL - 0.321*ln(1 + AC); author when DOA/max > 0.75 and
    (DOA >= 3.293 or creator);
  * bus factor: while at least half of the files have an author left, remove the contributor who
    authors the most files (ties: smallest id); bus factor = number removed; null when no files.

Contributors are grouped with git_contributors.py's rules (imported from the same directory).
Prints JSON {"bus_factor", "key_people", "files": [{"path", "creator", "authors"}]} (files by path).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from fnmatch import fnmatchcase

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import git_contributors as gc  # noqa: E402


def head_files(repo: str, rev: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", repo, "ls-tree", "-r", "-z", "--full-tree", rev],
        capture_output=True,
        check=True,
    ).stdout
    files = []
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode = int(meta.split(b" ", 1)[0], 8)
        if mode & gc.MODE_TYPE == gc.MODE_REGULAR:
            files.append(gc.lossy(path))
    return files


def doa(fa: int, dl: int, ac: int) -> float:
    return 3.293 + 1.098 * fa + 0.164 * dl - 0.321 * math.log(1 + ac)


def authors_of(history: list[list[str]]) -> tuple[str | None, list[str]]:
    """history: per change of the file, oldest first, its author then its co-authors."""
    if not history:
        return None, []
    creator = history[0][0]
    credited = history[0][1:] + [d for change in history[1:] for d in change]
    dl = Counter(credited)
    deliveries = len(credited)
    scores = {}
    for d in {creator} | set(credited):
        fa = 1 if d == creator else 0
        scores[d] = doa(fa, dl[d], deliveries - dl[d])
    best = max(scores.values())
    if best <= 0:
        return creator, []
    authors = sorted(
        d for d, s in scores.items() if s / best > 0.75 and (s >= 3.293 or d == creator)
    )
    return creator, authors


def bus_factor(files_authors: list[list[str]]) -> tuple[int | None, list[str]]:
    total = len(files_authors)
    if total == 0:
        return None, []
    sets = [set(a) for a in files_authors]
    count: Counter = Counter()
    for s in sets:
        count.update(s)
    removed: list[str] = []
    gone: set[str] = set()
    while True:
        covered = sum(1 for s in sets if s - gone)
        if covered * 2 < total:
            break
        cand = [(n, d) for d, n in count.items() if d not in gone and n > 0]
        if not cand:
            break
        top = max(n for n, _ in cand)
        who = min(d for n, d in cand if n == top)
        removed.append(who)
        gone.add(who)
    return len(removed), removed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo")
    ap.add_argument("--config")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--include-glob", action="append", default=[])
    ap.add_argument("--rename-limit", type=int)
    ap.add_argument(
        "--bots-break-renames",
        action="store_true",
        help="drop bot commits before rename following (their renames are then not followed)",
    )
    args = ap.parse_args(argv)

    t0 = time.monotonic()
    cfg = gc.load_config(args.config)
    log = gc.run_log(args.repo, rev=args.rev, numstat=False, rename_limit=args.rename_limit)
    kept, bots, grouping, co = gc.analyse(log.commits, cfg, args.repo)
    co_of = {c.oid: people for c, people in zip(kept, co)}
    is_bot = gc.BotRule(cfg.bot_patterns)

    files = head_files(args.repo, args.rev)
    if args.include_glob:
        files = [f for f in files if any(fnmatchcase(f, g) for g in args.include_glob)]
    tracked: dict[str, str] = {f: f for f in files}
    history: dict[str, list[list[str]]] = defaultdict(list)  # newest first while walking

    for c in log.commits:  # git log order: newest first
        bot = is_bot(c.name, c.email)
        if bot and args.bots_break_renames:
            continue
        who = None if bot else grouping.id_of(c.email)
        credited = []
        if who is not None:
            credited = [who]
            for _, e in co_of[c.oid]:
                if grouping.id_of(e) not in credited:
                    credited.append(grouping.id_of(e))
        ends: list[str] = []
        starts: list[tuple[str, str]] = []
        for e in c.entries:
            if e.gitlink or e.status == "D":
                continue
            f = tracked.get(e.path)
            if f is None:
                continue
            if who is not None:
                history[f].append(credited)
            if e.status == "A":
                ends.append(e.path)
            elif e.status == "R":
                ends.append(e.path)
                starts.append((e.old_path, f))
        for p in ends:
            tracked.pop(p, None)
        for old, f in starts:
            tracked.setdefault(old, f)

    out_files = []
    authors_lists = []
    for path in sorted(files):
        creator, authors = authors_of(list(reversed(history.get(path, []))))
        out_files.append({"path": path, "creator": creator, "authors": authors})
        authors_lists.append(authors)
    bf, key = bus_factor(authors_lists)
    json.dump(
        {"bus_factor": bf, "key_people": key, "files": out_files},
        sys.stdout,
        indent=1,
        ensure_ascii=False,
    )
    sys.stdout.write("\n")
    print(
        f"truck_factor: {len(files)} files, {sum(1 for a in authors_lists if a)} with an author, "
        f"bus factor {bf}, {time.monotonic() - t0:.1f}s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
