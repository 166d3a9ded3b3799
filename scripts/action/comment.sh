#!/usr/bin/env bash
# Creates or updates the one mlowners comment on a pull request, through `gh api` (REST).
#
# Usage: comment.sh REPORT.md
# Environment: GITHUB_REPOSITORY (owner/name), MLOWNERS_PR_NUMBER, GH_TOKEN.
#
# The comment is the one whose body starts with the marker `<!-- mlowners -->` and that the
# token's own user wrote (when the token can say who it is); it is edited in place, never
# doubled. A report with no finding creates nothing, but replaces an older finding. A body over
# GitHub's 65,536 characters, or one that is not an mlowners report, is never sent.
#
# Prints one word on stdout, what happened: created, updated, unchanged, skipped (no finding and
# no comment yet); or why nothing was sent: too-long, not-a-report, not-permitted (HTTP 403: a
# fork's read-only token), failed. Exit 0 for the first four, 1 otherwise. Explanations go to
# stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
source "$here/common.sh"

result() {
  printf '%s\n' "$1"
  case $1 in
    created | updated | unchanged | skipped) exit 0 ;;
    *) exit 1 ;;
  esac
}
say() { printf 'mlowners: %s\n' "$*" >&2; }

report=${1:?usage: comment.sh REPORT.md}
repo=${GITHUB_REPOSITORY:-}
pr=${MLOWNERS_PR_NUMBER:-}
if [[ ! $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; then
  say "GITHUB_REPOSITORY '$repo' is not owner/name"
  result failed
fi
if [[ ! $pr =~ ^[1-9][0-9]{0,9}$ ]]; then
  say "the pull request number '$pr' is not a number"
  result failed
fi
if [[ ! -f $report ]]; then
  say "no report at $report"
  result failed
fi
if ! report_is_marked "$report"; then
  say "$report does not start with $MLOWNERS_MARKER, so it is no mlowners report: not sent"
  result not-a-report
fi
chars=$(char_count "$report")
if ((chars > GITHUB_COMMENT_LIMIT)); then
  say "the report has $chars characters, over GitHub's limit of $GITHUB_COMMENT_LIMIT for a comment: not sent (it is in the job summary)"
  result too-long
fi
if ! command -v gh >/dev/null; then
  say "the GitHub CLI (gh) is not on this runner"
  result failed
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# gh_call ARGS...: runs gh; its stdout in $scratch/out; on failure the HTTP status in $gh_status
# (empty when gh gave none) and gh's message in $gh_error.
gh_status='' gh_error=''
gh_call() {
  if gh "$@" >"$scratch/out" 2>"$scratch/err"; then
    return 0
  fi
  gh_error=$(tr '\n' ' ' <"$scratch/err")
  gh_error=${gh_error% }
  gh_status=$(grep -oE 'HTTP [0-9]{3}' "$scratch/err" | tail -n 1 | cut -d' ' -f2 || true)
  return 1
}
api_failed() {
  say "$1: ${gh_error:-gh failed}"
  if [[ $gh_status == 403 ]]; then result not-permitted; fi
  result failed
}

# Who the token is: GraphQL's viewer works for the workflow token too (`github-actions`, whose
# REST login is `github-actions[bot]`). Unknown when it fails; then any marked comment is ours.
login=''
if gh_call api graphql -f 'query=query { viewer { login } }'; then
  login=$(py -c '
import json, sys
try:
    print(json.load(sys.stdin)["data"]["viewer"]["login"] or "")
except Exception:
    print("")
' <"$scratch/out")
fi

if ! gh_call api --paginate "repos/$repo/issues/$pr/comments"; then
  api_failed "cannot list the comments of pull request #$pr"
fi
# --paginate prints one JSON array per page, back to back. The first marked comment by the
# token's user (or, user unknown, by github-actions[bot], else by anyone) is ours.
if ! py -c '
import json, sys
marker, login, existing, pages = sys.argv[1:5]
with open(pages, encoding="utf-8") as f:
    text = f.read()
dec, pos, comments = json.JSONDecoder(), 0, []
while True:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos == len(text):
        break
    page, pos = dec.raw_decode(text, pos)
    if not isinstance(page, list):
        sys.exit("a page of comments is not a JSON array")
    comments.extend(c for c in page if isinstance(c, dict))
marked = [c for c in comments if str(c.get("body") or "").startswith(marker)]
def by(names):
    return [c for c in marked if str((c.get("user") or {}).get("login") or "") in names]
if login:
    ours = by({login, login + "[bot]"})
else:
    ours = by({"github-actions[bot]"}) or marked
if ours:
    print(ours[0].get("id"))
    with open(existing, "w", encoding="utf-8") as f:
        f.write(str(ours[0].get("body") or ""))
' "$MLOWNERS_MARKER" "$login" "$scratch/existing.md" "$scratch/out" >"$scratch/id"; then
  say "the API's answer is not the list of comments it should be"
  result failed
fi
id=$(cat "$scratch/id")
if [[ -n $id && ! $id =~ ^[0-9]+$ ]]; then
  say "the comment id '$id' from the API is not a number"
  result failed
fi

if [[ -z $id ]] && ! report_has_finding "$report"; then
  say "no finding and no mlowners comment yet on #$pr: nothing posted"
  result skipped
fi
if [[ -n $id ]] && py -c '
import sys
def text(p):
    with open(p, encoding="utf-8", errors="replace") as f:
        return f.read().replace("\r\n", "\n").rstrip()
sys.exit(0 if text(sys.argv[1]) == text(sys.argv[2]) else 1)
' "$report" "$scratch/existing.md"; then
  say "comment $id on #$pr already says this"
  result unchanged
fi

py -c '
import json, sys
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    json.dump({"body": f.read()}, sys.stdout)
' "$report" >"$scratch/payload.json"
if [[ -n $id ]]; then
  if ! gh_call api --method PATCH "repos/$repo/issues/comments/$id" --input - <"$scratch/payload.json"; then
    api_failed "cannot update comment $id on pull request #$pr"
  fi
  say "updated comment $id on #$pr"
  result updated
fi
if ! gh_call api --method POST "repos/$repo/issues/$pr/comments" --input - <"$scratch/payload.json"; then
  api_failed "cannot comment on pull request #$pr"
fi
say "commented on #$pr"
result created
