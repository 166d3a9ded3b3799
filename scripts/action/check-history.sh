#!/usr/bin/env bash
# Refuses a checkout without its history. Ownership and bus factor are read from every commit;
# actions/checkout fetches one commit unless told `fetch-depth: 0`, and a report from a cut
# history would look right and be wrong.
#
# Environment: MLOWNERS_PATH, the repository (default: the current directory).
# Exit: 0 the whole history is there; 1 a shallow checkout; 2 not a git checkout at all.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
source "$here/common.sh"

path=${MLOWNERS_PATH:-.}
if ! shallow=$(git -C "$path" rev-parse --is-shallow-repository 2>&1); then
  error "'$path' is not a git checkout ($shallow): run actions/checkout with fetch-depth: 0 before mlowners"
  exit 2
fi
if [[ $shallow == true ]]; then
  error "this checkout is shallow, so the history mlowners reads is cut: give actions/checkout fetch-depth: 0"
  cat >&2 <<'YAML'
mlowners reads who changed what over the whole history; actions/checkout fetches one commit
unless it is told otherwise. Check out the full history:

    - uses: actions/checkout@v4
      with:
        fetch-depth: 0
YAML
  exit 1
fi
