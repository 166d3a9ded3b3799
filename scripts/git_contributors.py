#!/usr/bin/env python3
"""Reference contributor statistics computed from `git log` alone (no mlowners code).

    git_contributors.py REPO [--config FILE] [--since DATE] [--rev REV] [--rename-limit N]

Runs

    git -C REPO -c core.quotepath=off log --no-merges --use-mailmap -M --raw --numstat -z \
        --format=%x01%H%x00%aN%x00%aE

and groups the (mailmapped) identities into contributors with the rules of DESIGN.md section 2:
bots excluded, config aliases, same normalised name merged (unless merge_same_name = false),
e-mails compared lower-cased, id = the e-mail with most commits (ties: smallest), name = the name
used on most commits (ties: smallest).  Lines are numstat sums; binary files count 0 lines and
gitlink (submodule, mode 160000) entries are skipped.

Notebooks: with the config's `[settings] notebook_lines = "cells"` (the default) a change that has
a `.ipynb` side (extension compared case-insensitively) counts the lines of git's patch of the
cells' sources instead of its numstat:

    git -c core.quotepath=off -c diff.ipynb.textconv="python3 tests/common/nb_cells.py" \
        log --no-merges --full-history -M --raw --no-abbrev -p --textconv -U1 --format=%x01%H \
        REV -- ':(icase)*.ipynb'

run in a temporary bare repository that borrows REPO's objects and whose info/attributes says
`*.[iI][pP][yY][nN][bB] diff=ipynb` (so no attribute of REPO can name another diff driver); the
'+' and '-' lines of each (commit, path)'s hunks are counted.  A notebook change without a hunk
(outputs or metadata only: a re-run) counts 0 lines.  As in mlowners, a notebook read by its
cells is never binary (numstat's `-` for a `-diff` or `binary` notebook is replaced too), and a
change with a version that nb_cells.py prints as it is (no notebook JSON; run in this process on
every notebook blob to know) keeps numstat's raw counts on both sides, 0 when binary: so does a
change whose blob is missing (its placeholder, below, is such a version).  A change that the
path-limited log pairs differently (a rename to or from a non-notebook path; different rename
pairing) is counted alone with
`git diff --textconv -U1 C^:OLD C:NEW` (or `git cat-file --textconv` for an add or delete).
-U1, not -U0: without context git trims the texts' common tail before diffing (xdiff-interface.c
trim_common_tail), which can make xdiff pair lines differently from numstat and mlowners.
`notebook_lines = "raw"` keeps numstat's JSON lines.  The output's `notebooks` object sums
notebook changes of the counted commits: raw (numstat) and cell lines, re-runs (different blobs,
no hunk; `reruns_renamed` of them are renames, which mlowners counts as changes), fallbacks.

Prints JSON: {"contributors": [{id, name, commits, lines_added, lines_removed, emails}], "commits": N,
"bot_commits_excluded": B, "missing_blobs": [...], "rename_limit_warnings": W, "notebooks": {...}}
contributors sorted by id.

Missing objects: snapshots may lack some large blobs, and then plain `git log --numstat` dies with
"unable to read <oid>".  In that case (unless --missing=fail) the log is re-run in a temporary bare
repository that borrows REPO's objects (objects/info/alternates) and maps every missing blob to a
binary placeholder with a replace ref; those changes count as binary (0 lines).  REPO itself is
never written to.  The missing blob ids are listed in the output and on stderr.

Python 3.11, standard library only.  Also importable: truck_factor.py uses iter_commits() and
group_contributors().
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

GITLINK = 0o160000
MODE_TYPE = 0o170000
MODE_REGULAR = 0o100000

NON_PERSON_NAMES = frozenset(
    [
        "root", "unknown", "admin", "administrator", "user", "ubuntu", "ec2-user",
        "system administrator", "your name", "none", "nobody", "anonymous", "github", "git",
        "jenkins", "builder", "build", "travis", "ci",
    ]
)

# git finds the trailer block (trailer.c); unfold puts a folded value on one line
FORMAT = "%x01%H%x00%aN%x00%aE%x00%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1f)"


def lossy(b: bytes) -> str:
    """Like Rust's String::from_utf8_lossy."""
    return b.decode("utf-8", errors="replace")


def normalise_name(name: str) -> str:
    """Lower-cased, white space collapsed, accents folded (NFKD without combining marks)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(folded.lower().split())


# --------------------------------------------------------------------------- config


@dataclass
class Config:
    bot_patterns: list[str] | None = None  # None = default rule
    aliases: dict[str, str] = field(default_factory=dict)
    merge_same_name: bool = True
    notebook_lines: str = "cells"  # "cells" or "raw"
    raw: dict = field(default_factory=dict)


def load_config(path: str | None) -> Config:
    if not path:
        return Config()
    with open(path, "rb") as f:
        data = tomllib.load(f)
    cfg = Config(raw=data)
    settings = data.get("settings", {})
    cfg.merge_same_name = bool(settings.get("merge_same_name", True))
    bots = data.get("bots", {})
    if "patterns" in bots:
        cfg.bot_patterns = [str(p) for p in bots["patterns"]]
    cfg.aliases = {str(k): str(v) for k, v in data.get("aliases", {}).items()}
    if settings.get("default_excludes", True) or settings.get("exclude") or settings.get(
        "include", ["**"]
    ) != ["**"]:
        print(
            "note: config does not set default_excludes = false with include everything; "
            "this script counts every path, so line totals may differ from mlowners",
            file=sys.stderr,
        )
    cfg.notebook_lines = settings.get("notebook_lines", "cells")
    if cfg.notebook_lines not in ("cells", "raw"):
        raise SystemExit(
            f'{path}: [settings] notebook_lines must be "cells" or "raw", '
            f"not {cfg.notebook_lines!r}"
        )
    return cfg


def wildcard_regex(pattern: str) -> re.Pattern:
    """Only * and ? are wildcards; everything else literal; case-insensitive; whole string."""
    out = []
    for ch in pattern:
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


class BotRule:
    def __init__(self, patterns: list[str] | None):
        self.regexes = None if patterns is None else [wildcard_regex(p) for p in patterns]
        self.cache: dict[tuple[str, str], bool] = {}

    def __call__(self, name: str, email: str) -> bool:
        key = (name, email)
        hit = self.cache.get(key)
        if hit is None:
            if self.regexes is None:
                le = email.lower()
                hit = (
                    "[bot]" in name.lower()
                    or "[bot]" in le
                    or le in ("noreply@github.com", "noreply@anthropic.com", "cursoragent@cursor.com")
                    or le.endswith("+copilot@users.noreply.github.com")
                    or le.endswith("@scala-steward.org")
                    or name.lower() == "scala steward"
                )
            else:
                hit = any(r.fullmatch(name) or r.fullmatch(email) for r in self.regexes)
            self.cache[key] = hit
        return hit


# --------------------------------------------------------------------------- git log parsing


@dataclass
class Entry:
    status: str  # A, M, D, R, T, ...
    old_mode: int
    new_mode: int
    old_path: str | None  # for R: source; else same as path (None for A)
    path: str  # destination / the path
    added: int | None = None  # None: binary or no numstat
    removed: int | None = None
    old_oid: str = ""
    new_oid: str = ""

    @property
    def gitlink(self) -> bool:
        return self.old_mode == GITLINK or self.new_mode == GITLINK


@dataclass
class Commit:
    oid: str
    name: str
    email: str
    entries: list[Entry]
    # raw `Co-authored-by` values, before the mailmap
    co_author_values: list[str] = field(default_factory=list)


class MissingObjects(Exception):
    def __init__(self, oid: str, stderr: str):
        super().__init__(stderr)
        self.oid = oid


def _parse(stream, numstat: bool):
    """Parse `--raw [--numstat] -z --format=FORMAT` output into Commit objects."""
    buf = b""
    tokens: list[bytes] = []
    pos = 0

    def token_source():
        nonlocal buf
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                if buf:
                    yield buf
                return
            buf += chunk
            parts = buf.split(b"\0")
            buf = parts.pop()
            yield from parts

    it = token_source()
    cur: Commit | None = None
    raw_entries: list[Entry] = []
    num_idx = 0

    def finish():
        if cur is not None:
            cur.entries = raw_entries
            return cur
        return None

    for tok in it:
        if tok.startswith(b"\n"):
            tok = tok[1:]
        if not tok:
            continue
        c = tok[:1]
        if c == b"\x01":
            done = finish()
            if done is not None:
                yield done
            oid = tok[1:].decode("ascii")
            name = lossy(next(it))
            email = lossy(next(it))
            trailers = lossy(next(it))
            values = [v for v in trailers.split("\x1f") if v]
            cur = Commit(oid, name, email, [], values)
            raw_entries = []
            num_idx = 0
        elif c == b":":
            # :old_mode new_mode old_oid new_oid STATUS
            fields = tok[1:].split(b" ")
            old_mode, new_mode = int(fields[0], 8), int(fields[1], 8)
            status = fields[4].decode("ascii")
            if status[0] in "RC":
                old_path = lossy(next(it))
                path = lossy(next(it))
            else:
                path = lossy(next(it))
                old_path = None if status[0] == "A" else path
            raw_entries.append(
                Entry(
                    status[0], old_mode, new_mode, old_path, path,
                    old_oid=fields[2].decode("ascii"), new_oid=fields[3].decode("ascii"),
                )
            )
        else:
            # numstat: "added\tremoved\tpath" or "added\tremoved\t" + old + new (rename)
            a, r, p = tok.split(b"\t", 2)
            if p == b"":
                next(it)
                path = lossy(next(it))
            else:
                path = lossy(p)
            # numstat and raw list the same diff queue in the same order
            if num_idx < len(raw_entries) and raw_entries[num_idx].path == path:
                e = raw_entries[num_idx]
            else:  # defensive: match by path
                e = next((x for x in raw_entries if x.path == path), None)
                if e is None:
                    raise RuntimeError(f"numstat path {path!r} not in raw output of {cur.oid}")
            num_idx += 1
            if a != b"-":
                e.added, e.removed = int(a), int(r)
    done = finish()
    if done is not None:
        yield done


def _git_dir(repo: str) -> str:
    out = subprocess.run(
        ["git", "-C", repo, "rev-parse", "--path-format=absolute", "--git-common-dir"],
        check=True,
        capture_output=True,
    ).stdout
    return out.decode().strip()


def find_missing_blobs(repo: str, rev: str) -> list[str]:
    p = subprocess.run(
        ["git", "-C", repo, "rev-list", "--objects", "--missing=print", rev],
        capture_output=True,
        check=True,
    )
    missing = [ln[1:].decode() for ln in p.stdout.splitlines() if ln.startswith(b"?")]
    return sorted(missing)


class PlaceholderRepo:
    """Temporary bare repo borrowing REPO's objects, with missing blobs replaced by a binary blob
    (and, if given, `attributes` as its info/attributes)."""

    def __init__(self, repo: str, rev: str, missing: list[str], attributes: bytes | None = None):
        self.tmp = tempfile.TemporaryDirectory(prefix="gitcontrib-")
        d = self.tmp.name
        subprocess.run(["git", "init", "-q", "--bare", d], check=True)
        with open(os.path.join(d, "objects", "info", "alternates"), "w") as f:
            f.write(os.path.join(_git_dir(repo), "objects") + "\n")
        # REPO's info/attributes as they are (and, if given, `attributes` after them: later
        # lines win)
        info = b""
        try:
            with open(os.path.join(_git_dir(repo), "info", "attributes"), "rb") as f:
                info = f.read()
        except OSError:
            pass
        if attributes is not None:
            info += (b"\n" if info and not info.endswith(b"\n") else b"") + attributes
        if info:
            os.makedirs(os.path.join(d, "info"), exist_ok=True)
            with open(os.path.join(d, "info", "attributes"), "wb") as f:
                f.write(info)
        ph = subprocess.run(
            ["git", "-C", d, "hash-object", "-w", "--stdin"],
            input=b"\0missing blob placeholder (binary)\n",
            capture_output=True,
            check=True,
        ).stdout.decode().strip()
        head = subprocess.run(
            ["git", "-C", repo, "rev-parse", "--verify", rev + "^{commit}"],
            capture_output=True,
            check=True,
        ).stdout.decode().strip()
        refs = [("HEAD", head)] + [(f"refs/replace/{m}", ph) for m in missing]
        stdin = "".join(f"update {r} {v}\n" for r, v in refs)
        subprocess.run(["git", "-C", d, "update-ref", "--stdin"], input=stdin.encode(), check=True)
        self.path = d
        self.head = head
        mm = os.path.join(repo, ".mailmap")
        # a bare repo reads HEAD:.mailmap; also read the work tree's file, as git in REPO would
        self.extra_config = ["-c", f"mailmap.file={mm}"] if os.path.isfile(mm) else []
        # and no .gitattributes at all: read those of REPO's checkout (its HEAD), or `-diff`
        # and `binary` files would be counted as text
        worktree = subprocess.run(
            ["git", "-C", repo, "rev-parse", "--is-bare-repository"], capture_output=True
        ).stdout.strip() == b"false"
        checkout = subprocess.run(
            ["git", "-C", repo, "rev-parse", "--verify", "-q", "HEAD^{tree}"], capture_output=True
        ).stdout.decode().strip()
        if worktree and checkout:
            self.extra_config += ["-c", f"attr.tree={checkout}"]

    def close(self):
        self.tmp.cleanup()


@dataclass
class LogResult:
    commits: list[Commit]
    missing_blobs: list[str]
    rename_warnings: int
    seconds: float


def run_log(
    repo: str,
    *,
    rev: str = "HEAD",
    since: str | None = None,
    numstat: bool = True,
    rename_limit: int | None = None,
    missing: str = "placeholder",
) -> LogResult:
    t0 = time.monotonic()

    def attempt(git_dir_args: list[str], rev_arg: str) -> tuple[list[Commit], str]:
        cmd = ["git", *git_dir_args, "-c", "core.quotepath=off"]
        if rename_limit is not None:
            cmd += ["-c", f"diff.renameLimit={rename_limit}"]
        cmd += ["log", "--no-merges", "--use-mailmap", "-M", "--raw", "--no-abbrev"]
        if numstat:
            cmd.append("--numstat")
        cmd += ["-z", f"--format={FORMAT}"]
        if since:
            cmd.append(f"--since={since}")
        cmd += [rev_arg, "--"]
        with tempfile.TemporaryFile() as err:
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err)
            commits = list(_parse(p.stdout, numstat))
            rc = p.wait()
            err.seek(0)
            stderr = lossy(err.read())
        if rc != 0:
            m = re.search(r"unable to read ([0-9a-f]{40,64})", stderr)
            if m:
                raise MissingObjects(m.group(1), stderr)
            raise RuntimeError(f"git log failed ({rc}): {stderr.strip()}")
        return commits, stderr

    missing_blobs: list[str] = []
    try:
        commits, stderr = attempt(["-C", repo], rev)
    except MissingObjects as e:
        if missing == "fail":
            raise SystemExit(f"git log failed: missing object {e.oid}\n{e}")
        missing_blobs = find_missing_blobs(repo, rev)
        print(
            f"warning: {len(missing_blobs)} object(s) missing from {repo} "
            f"({', '.join(missing_blobs)}); counting them as binary placeholders",
            file=sys.stderr,
        )
        ph = PlaceholderRepo(repo, rev, missing_blobs)
        try:
            commits, stderr = attempt(["-C", ph.path, *ph.extra_config], ph.head)
        finally:
            ph.close()
    warnings = len(re.findall(r"rename detection was skipped", stderr))
    if warnings:
        print(
            f"warning: git skipped inexact rename detection in {warnings} commit(s) "
            "(diff.renameLimit)",
            file=sys.stderr,
        )
    return LogResult(commits, missing_blobs, warnings, time.monotonic() - t0)


# --------------------------------------------------------------------------- notebooks (cells)

NB_CELLS = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "common", "nb_cells.py")
)
NB_ATTRIBUTES = b"*.[iI][pP][yY][nN][bB] diff=ipynb\n"
NB_PATHSPEC = ":(icase)*.ipynb"
C_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}


def is_notebook(path: str | None) -> bool:
    """As mlowners: the name ends in `.ipynb`, ASCII case-insensitively."""
    tail = path[-6:] if path else ""
    return len(tail) == 6 and tail.isascii() and tail.lower() == ".ipynb"


def unquote_c(b: bytes) -> bytes:
    """A path as git prints it without -z: C-quoted (`"a\\tb\\303\\251"`) when it has to be."""
    if not b.startswith(b'"'):
        return b
    out = bytearray()
    i = 1
    while i < len(b) and b[i] != 0x22:
        if b[i] == 0x5C:
            e = b[i + 1 : i + 2]
            if e.isdigit():
                out.append(int(b[i + 1 : i + 4], 8))
                i += 4
            else:
                out.append(C_ESCAPES[e])
                i += 2
        else:
            out.append(b[i])
            i += 1
    return bytes(out)


def _label_path(label: bytes) -> str | None:
    """The path of a `--- a/PATH` / `+++ b/PATH` label; None for /dev/null.  git appends a tab
    to the label of a name with a space (diff.c), and C-quotes prefix and name together."""
    if label.endswith(b"\t"):
        label = label[:-1]
    if label == b"/dev/null":
        return None
    label = unquote_c(label)
    if label[:2] not in (b"a/", b"b/"):
        raise RuntimeError(f"unexpected patch label {label!r}")
    return lossy(label[2:])


def _hunk_counts(lines) -> tuple[int, int]:
    """'+' and '-' lines inside the hunks of one file's patch."""
    a = r = 0
    in_hunk = False
    for line in lines:
        if line.startswith(b"@@"):
            in_hunk = True
        elif in_hunk and line.startswith(b"+"):
            a += 1
        elif in_hunk and line.startswith(b"-"):
            r += 1
    return a, r


@dataclass
class PatchCommit:
    pairs: set  # (old path or None, new path or None) of each --raw entry
    lines: dict  # path (new, or old for a delete) -> [added, removed]


def _parse_patch_log(stream) -> dict[str, PatchCommit]:
    """`log --raw -p -U1 --format=%x01%H` output: per commit, its pairs and hunk line counts."""
    out: dict[str, PatchCommit] = {}
    cur: PatchCommit | None = None
    in_hunk = False
    old = path = None
    for line in stream:
        if line.endswith(b"\n"):
            line = line[:-1]
        if in_hunk:
            c = line[:1]
            if c == b"+" or c == b"-":
                cur.lines.setdefault(path, [0, 0])[c == b"-"] += 1
                continue
            if c in (b" ", b"\\") or line.startswith(b"@@"):
                continue
            in_hunk = False
        if line.startswith(b"\x01"):
            cur = out.setdefault(line[1:].decode("ascii"), PatchCommit(set(), {}))
            old = path = None
        elif line.startswith(b"diff --git "):
            old = path = None
        elif line.startswith(b"@@"):
            if path is None:
                raise RuntimeError(f"hunk without a path in the notebook log ({line!r})")
            in_hunk = True
        elif line.startswith(b"--- "):
            old = _label_path(line[4:])
        elif line.startswith(b"+++ "):
            new = _label_path(line[4:])
            path = new if new is not None else old
        elif line.startswith(b":"):
            # :old_mode new_mode old_oid new_oid STATUS\tpath[\tpath]
            meta, *paths = line.split(b"\t")
            status = meta.split(b" ")[4][:1]
            paths = [lossy(unquote_c(p)) for p in paths]
            if status in (b"R", b"C"):
                cur.pairs.add((paths[0], paths[1]))
            elif status == b"A":
                cur.pairs.add((None, paths[0]))
            elif status == b"D":
                cur.pairs.add((paths[0], None))
            else:
                cur.pairs.add((paths[0], paths[0]))
    return out


def entry_pair(e: Entry) -> tuple[str | None, str | None]:
    return (e.old_path, None if e.status == "D" else e.path)


class NbCells:
    """tests/common/nb_cells.py run in this process (the textconv git runs, without a process per
    blob): which notebook versions it cannot read as a notebook, i.e. prints as they are."""

    def __init__(self):
        with open(NB_CELLS, "rb") as f:
            self.code = compile(f.read(), NB_CELLS, "exec")
        self.tmp = tempfile.NamedTemporaryFile(prefix="gitcontrib-nb-")

    def convert(self, data: bytes) -> bytes:
        self.tmp.seek(0)
        self.tmp.truncate()
        self.tmp.write(data)
        self.tmp.flush()
        buf = io.BytesIO()
        # as the textconv process would write to git's pipe: its encoding and error handler
        out = io.TextIOWrapper(
            buf, encoding=sys.stdout.encoding or "utf-8", errors=sys.stdout.errors or "strict"
        )
        saved = sys.argv, sys.stdout
        sys.argv, sys.stdout = [NB_CELLS, self.tmp.name], out
        try:
            exec(self.code, {"__name__": "__main__"})
            out.flush()
        finally:
            sys.argv, sys.stdout = saved
        return buf.getvalue()

    def unparsed(self, data: bytes) -> bool:
        """Printed as it is (a notebook's cell text cannot be its own JSON); an empty or blank
        file is a notebook with no cells yet."""
        return bool(data.strip()) and self.convert(data) == data

    def close(self):
        self.tmp.close()


def read_blobs(git_dir: str, oids) -> dict[str, bytes | None]:
    """Blob contents through `git cat-file --batch` (None: missing)."""
    oids = sorted(set(oids))
    out: dict[str, bytes | None] = {}
    if not oids:
        return out
    p = subprocess.Popen(
        ["git", "-C", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )

    def feed():
        p.stdin.write("".join(o + "\n" for o in oids).encode())
        p.stdin.close()

    t = threading.Thread(target=feed)
    t.start()
    for oid in oids:
        hdr = p.stdout.readline().split()
        if len(hdr) < 3 or hdr[1] != b"blob":
            out[oid] = None
            continue
        out[oid] = p.stdout.read(int(hdr[2]))
        p.stdout.read(1)
    t.join()
    p.wait()
    return out


@dataclass
class NotebookCounts:
    """Cell lines per (commit, path) of every notebook change, and what it took to get them."""

    lines: dict  # (commit, path) -> (added, removed)
    reruns: set  # (commit, path): different blobs, equal cell text
    fallbacks: list  # (commit, old, new) counted alone
    unparsed: set  # notebook blob ids that nb_cells.py prints as they are
    raw_counted: set  # (commit, path): a side does not parse, counted by numstat
    seconds: float


def notebook_cell_lines(
    repo: str,
    commits: list[Commit],
    *,
    rev: str = "HEAD",
    since: str | None = None,
    rename_limit: int | None = None,
    missing_blobs: list[str] | None = None,
) -> NotebookCounts:
    """git's view of the cell lines of every notebook change in `commits` (run_log's, with
    numstat)."""
    t0 = time.monotonic()
    if not os.path.isfile(NB_CELLS):
        raise SystemExit(f"notebook converter not found: {NB_CELLS}")
    textconv = f"diff.ipynb.textconv={shlex.quote(sys.executable)} {shlex.quote(NB_CELLS)}"
    common = ["-c", "core.quotepath=off", "-c", textconv]
    if rename_limit is not None:
        common += ["-c", f"diff.renameLimit={rename_limit}"]
    # prefixes, colour and external drivers fixed against the user's configuration; one line of
    # context, not -U0: with no context git's xdi_diff trims the common tail of both texts before
    # diffing, which can change what xdiff finds (numstat, with context, does not trim)
    patch_opts = [
        "--no-ext-diff", "--no-color", "--src-prefix=a/", "--dst-prefix=b/", "--textconv", "-U1",
    ]
    missing = list(missing_blobs or [])

    def attempt(ph: PlaceholderRepo) -> dict[str, PatchCommit]:
        cmd = ["git", "-C", ph.path, *common, "log", "--no-merges", "--full-history", "-M",
               "--raw", "--no-abbrev", "-p", *patch_opts, "--format=%x01%H"]
        if since:
            cmd.append(f"--since={since}")
        cmd += [ph.head, "--", NB_PATHSPEC]
        with tempfile.TemporaryFile() as err:
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err)
            parsed = _parse_patch_log(p.stdout)
            rc = p.wait()
            err.seek(0)
            stderr = lossy(err.read())
        if rc != 0:
            m = re.search(r"unable to read ([0-9a-f]{40,64})", stderr)
            if m:
                raise MissingObjects(m.group(1), stderr)
            raise RuntimeError(f"git log (notebooks) failed ({rc}): {stderr.strip()}")
        return parsed

    ph = PlaceholderRepo(repo, rev, missing, NB_ATTRIBUTES)
    try:
        try:
            patches = attempt(ph)
        except MissingObjects as e:
            # not expected (the numstat log reads every blob this one does): placeholders anyway
            ph.close()
            missing = find_missing_blobs(repo, rev)
            print(
                f"warning: the notebook log could not read {e.oid}; counting the "
                f"{len(missing)} missing object(s) as binary placeholders",
                file=sys.stderr,
            )
            ph = PlaceholderRepo(repo, rev, missing, NB_ATTRIBUTES)
            patches = attempt(ph)

        def git_out(*args: str) -> bytes:
            return subprocess.run(
                ["git", "-C", ph.path, *common, *args], capture_output=True, check=True
            ).stdout

        def nb_changes():
            for c in commits:
                for e in c.entries:
                    if not e.gitlink and (is_notebook(e.path) or is_notebook(e.old_path)):
                        yield c, e

        def notebook_sides(e: Entry):
            old, new = entry_pair(e)
            return [o for p, o in ((old, e.old_oid), (new, e.new_oid)) if p and is_notebook(p)]

        # which notebook versions nb_cells.py does not read as notebooks (placeholders of
        # missing blobs among them)
        wanted = {o for _, e in nb_changes() if e.old_oid != e.new_oid for o in notebook_sides(e)}
        conv = NbCells()
        unparsed = set()
        try:
            for oid, data in read_blobs(ph.path, wanted).items():
                try:
                    if data is None or conv.unparsed(data):
                        unparsed.add(oid)
                except Exception as ex:  # git's textconv would fail on it too
                    raise SystemExit(f"{NB_CELLS} fails on blob {oid}: {ex!r}")
        finally:
            conv.close()

        lines: dict = {}
        reruns: set = set()
        fallbacks: list = []
        raw_counted: set = set()
        for c, e in nb_changes():
            pc = patches.get(c.oid)
            old, new = entry_pair(e)
            if e.old_oid == e.new_oid:
                a, r = 0, 0  # git diffs no content of a blob kept (a rename, a mode change)
            elif any(o in unparsed for o in notebook_sides(e)):
                # as mlowners: a version that is no notebook is diffed raw, and so is the
                # other side (numstat; binary, e.g. a missing blob's placeholder: 0)
                a, r = (e.added or 0, e.removed or 0)
                raw_counted.add((c.oid, e.path))
            elif e.added is None and not all(is_notebook(p) for p in (old, new) if p):
                # a rename to or from a path that is no notebook, which numstat calls binary
                a, r = 0, 0
            elif pc is not None and (old, new) in pc.pairs:
                a, r = pc.lines.get(e.path, (0, 0))
                if (a, r) == (0, 0) and e.old_oid != e.new_oid and old and new:
                    reruns.add((c.oid, e.path))
            elif old and new:
                fallbacks.append((c.oid, old, new))
                a, r = _hunk_counts(
                    git_out("diff", *patch_opts, f"{c.oid}^:{old}", f"{c.oid}:{new}").split(b"\n")
                )
            else:
                fallbacks.append((c.oid, old, new))
                text = git_out(
                    "cat-file", "--textconv", f"{c.oid}:{new}" if new else f"{c.oid}^:{old}"
                )
                n = text.count(b"\n") + (1 if text and not text.endswith(b"\n") else 0)
                a, r = (n, 0) if new else (0, n)
            lines[(c.oid, e.path)] = (a, r)
    finally:
        ph.close()
    for oid, old, new in fallbacks:
        print(
            f"note: notebook change {oid[:12]} {old} -> {new} is paired differently in the "
            "notebook log; counted alone",
            file=sys.stderr,
        )
    return NotebookCounts(lines, reruns, fallbacks, unparsed, raw_counted, time.monotonic() - t0)


# --------------------------------------------------------------------------- grouping


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        p = self.parent.setdefault(x, x)
        if p != x:
            root = x
            while self.parent[root] != root:
                root = self.parent[root]
            while self.parent[x] != root:
                self.parent[x], x = root, self.parent[x]
            return root
        return x

    def union(self, a: str, b: str):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


@dataclass
class Grouping:
    """email (lower-cased) -> contributor id; contributor id -> display name and e-mails."""

    id_of_email: dict[str, str]
    name_of: dict[str, str]
    emails_of: dict[str, list[str]]

    def id_of(self, email: str) -> str:
        return self.id_of_email[email.lower()]


def noreply_login(email: str):
    """The GitHub login of `12345+login@users.noreply.github.com` or `login@users.noreply.github.com`."""
    suffix = "@users.noreply.github.com"
    if not email.endswith(suffix):
        return None
    local = email[: -len(suffix)]
    login = local.split("+", 1)[1] if "+" in local else local
    return login or None


def handle(email: str) -> str:
    return noreply_login(email) or email.split("@")[0]


def group_contributors(idents: Counter, cfg: Config) -> Grouping:
    """idents: Counter of (name, email) -> non-bot commit count (already mailmapped)."""
    uf = UnionFind()
    emails_by_norm_name: dict[str, set[str]] = defaultdict(set)
    commits_by_email: Counter = Counter()
    for (name, email), n in idents.items():
        le = email.lower()
        uf.find(le)
        commits_by_email[le] += n
        emails_by_norm_name[normalise_name(name)].add(le)

    def emails_for(key: str) -> set[str]:
        if "@" in key:
            return {key.lower()}
        return set(emails_by_norm_name.get(normalise_name(key), ()))

    for k, v in cfg.aliases.items():
        group = sorted(emails_for(k) | emails_for(v))
        for e in group[1:]:
            uf.union(group[0], e)

    if cfg.merge_same_name:
        first_names = {n.split(" ", 1)[0] for n in emails_by_norm_name if " " in n}
        for norm, emails in emails_by_norm_name.items():
            if not norm or norm in NON_PERSON_NAMES:
                continue
            if " " in norm:
                es = sorted(emails)
                for e in es[1:]:
                    uf.union(es[0], e)
                continue
            # a one-word name joins only e-mails with the same handle (login or local part),
            # and not on a handle that is only the name when the name is someone's first name
            by_handle: dict[str, list[str]] = defaultdict(list)
            for e in emails:
                if norm in first_names and handle(e).lower() == norm:
                    continue
                by_handle[handle(e)].append(e)
            for es in by_handle.values():
                es.sort()
                for e in es[1:]:
                    uf.union(es[0], e)
        # a noreply login joins the e-mails whose local part is the login, when names share a word
        words_of: dict[str, set[str]] = defaultdict(set)
        for (name, email), _ in idents.items():
            words_of[email.lower()] |= {
                w for w in normalise_name(name).split(" ") if w and w not in NON_PERSON_NAMES
            }
        first_with_login: dict[str, str] = {}
        for le in sorted(commits_by_email):
            login = noreply_login(le)
            if login is not None:
                uf.union(first_with_login.setdefault(login, le), le)
        names_of: dict[str, set[str]] = defaultdict(set)
        for (name, email), _ in idents.items():
            names_of[email.lower()].add(normalise_name(name))
        for le in commits_by_email:
            login = noreply_login(le)
            if login is None:
                continue
            for other in commits_by_email:
                if noreply_login(other) is None and other.split("@")[0] == login:
                    if (
                        words_of[le] & words_of[other]
                        or login in names_of[le]
                        or login in names_of[other]
                    ):
                        uf.union(le, other)
            # others who sign with this login as their name, unless it is a first name, no one's,
            # or a name several people use (their e-mails have different handles)
            signers = [e for e in emails_by_norm_name.get(login, ()) if noreply_login(e) is None]
            if (
                len({handle(e) for e in signers}) <= 1
                and login not in first_names
                and login not in NON_PERSON_NAMES
            ):
                for other in signers:
                    uf.union(le, other)

    members: dict[str, list[str]] = defaultdict(list)
    for le in commits_by_email:
        members[uf.find(le)].append(le)
    id_of_email: dict[str, str] = {}
    emails_of: dict[str, list[str]] = {}
    root_to_id: dict[str, str] = {}
    targets = {v.lower() for v in cfg.aliases.values() if "@" in v}
    for root, es in members.items():
        named = sorted(e for e in es if e in targets)
        cid = named[0] if named else min(es, key=lambda e: (e == "", -commits_by_email[e], e))
        root_to_id[root] = cid
        emails_of[cid] = sorted(es)
        for e in es:
            id_of_email[e] = cid
    name_counts: dict[str, Counter] = defaultdict(Counter)
    for (name, email), n in idents.items():
        name_counts[id_of_email[email.lower()]][name] += n
    name_of = {
        cid: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for cid, c in name_counts.items()
    }
    return Grouping(id_of_email, name_of, emails_of)


def split_ident(value: str):
    """`Name <e-mail>` of a trailer value as mlowners reads it; None without an e-mail."""
    lt = value.find("<")
    gt = value.find(">", lt + 1) if lt >= 0 else -1
    if gt < 0:
        return None
    email = value[lt + 1 : gt].strip(" \t\r\n")
    return (value[:lt].strip(" \t\r\n"), email) if email else None


def check_mailmap(repo: str, idents: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Each (name, e-mail) through the repository's mailmap, as `git check-mailmap` maps it."""
    order = sorted(idents)
    if not order:
        return {}
    text = "".join(f"{n} <{e}>\n" for n, e in order)
    out = subprocess.run(
        ["git", "-C", repo, "check-mailmap", "--stdin"],
        input=text.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", errors="replace")
    mapped = {}
    for (n, e), line in zip(order, out.splitlines()):
        lt = line.rfind(" <") if not line.startswith("<") else -1
        mapped[(n, e)] = (line[:lt] if lt >= 0 else "", line[line.index("<") + 1 : line.rindex(">")])
    return mapped


def co_authors(commits: list[Commit], repo: str | None, is_bot) -> list[list[tuple[str, str]]]:
    """Per commit: its co-authors after the mailmap, bots dropped, each once."""
    raw = [[i for i in map(split_ident, c.co_author_values) if i] for c in commits]
    mapped = check_mailmap(repo, {i for r in raw for i in r}) if repo else {}
    out = []
    for r in raw:
        seen: list[tuple[str, str]] = []
        for i in r:
            m = mapped.get(i, i)
            if not is_bot(*m) and m not in seen:
                seen.append(m)
        out.append(seen)
    return out


def analyse(commits: list[Commit], cfg: Config, repo: str | None = None):
    is_bot = BotRule(cfg.bot_patterns)
    kept = [c for c in commits if not is_bot(c.name, c.email)]
    co = co_authors(kept, repo, is_bot)
    idents = Counter((c.name, c.email) for c in kept)
    for people in co:
        for who in people:
            idents[who] += 0  # a person to join, but no commit of theirs
    grouping = group_contributors(idents, cfg)
    return kept, len(commits) - len(kept), grouping, co


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo")
    ap.add_argument("--config")
    ap.add_argument("--since")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--rename-limit", type=int, help="diff.renameLimit (default: git's)")
    ap.add_argument("--missing", choices=["placeholder", "fail"], default="placeholder")
    args = ap.parse_args(argv)

    cfg = load_config(args.config)
    log = run_log(
        args.repo,
        rev=args.rev,
        since=args.since,
        rename_limit=args.rename_limit,
        missing=args.missing,
    )
    kept, bots, g, co = analyse(log.commits, cfg, args.repo)
    cells = None
    if cfg.notebook_lines == "cells":
        cells = notebook_cell_lines(
            args.repo,
            kept,
            rev=args.rev,
            since=args.since,
            rename_limit=args.rename_limit,
            missing_blobs=log.missing_blobs,
        )
    missing = set(log.missing_blobs)
    nb = Counter()
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for c, people in zip(kept, co):
        author = g.id_of(c.email)
        for cid in {g.id_of(e) for _, e in people} - {author}:
            stats[cid][3] += 1
        s = stats[author]
        s[0] += 1
        for e in c.entries:
            if e.gitlink:
                continue
            notebook = is_notebook(e.path) or is_notebook(e.old_path)
            if notebook:
                nb["changes"] += 1
                if e.added is None:
                    nb["binary"] += 1
                    if missing & {e.old_oid, e.new_oid}:
                        nb["missing"] += 1
                else:
                    nb["raw_added"] += e.added
                    nb["raw_removed"] += e.removed
            if notebook and cells is not None:
                # a notebook read by its cells is never binary, whatever numstat says
                added, removed = cells.lines[(c.oid, e.path)]
                nb["cells_added"] += added
                nb["cells_removed"] += removed
                nb["raw_counted"] += (c.oid, e.path) in cells.raw_counted
                if (c.oid, e.path) in cells.reruns:
                    nb["reruns"] += 1
                    nb["reruns_renamed"] += e.status == "R"  # mlowners counts a move as a change
            elif e.added is None:
                continue
            else:
                added, removed = e.added, e.removed
            s[1] += added
            s[2] += removed
    if cells is not None:
        nb["fallbacks"] = len(cells.fallbacks)
        nb["unparsed_versions"] = len(cells.unparsed - missing)
    if nb["missing"]:
        print(
            f"warning: {nb['missing']} notebook change(s) have a missing blob; they count 0 lines"
            + (" (cells and raw alike)" if cells is not None else ""),
            file=sys.stderr,
        )
    out = {
        "contributors": [
            {
                "id": cid,
                "name": g.name_of[cid],
                "commits": s[0],
                "lines_added": s[1],
                "lines_removed": s[2],
                "co_authored": s[3],
                "emails": g.emails_of[cid],
            }
            for cid, s in sorted(stats.items())
        ],
        "commits": len(kept),
        "bot_commits_excluded": bots,
        "missing_blobs": log.missing_blobs,
        "rename_limit_warnings": log.rename_warnings,
        "notebooks": {
            "notebook_lines": cfg.notebook_lines,
            **{
                k: nb[k]
                for k in ("changes", "binary", "missing", "raw_added", "raw_removed")
                + (
                    ("cells_added", "cells_removed", "reruns", "reruns_renamed", "raw_counted",
                     "unparsed_versions", "fallbacks")
                    if cells
                    else ()
                )
            },
        },
    }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    print(f"git_contributors: {len(kept)} commits, {len(stats)} contributors, "
          f"{log.seconds:.1f}s in git log"
          + (f", {cells.seconds:.1f}s in the notebook log" if cells else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
