#!/usr/bin/env bash
# Where the action's own build of mlowners lives, and the cache key it is kept under: the
# runner, the action's ref, Cargo.lock and the sources (so a moving ref such as @main never
# restores a binary built from other code). Puts the build on PATH for the following steps.
#
# Environment: GITHUB_ACTION_PATH (the action's source), MLOWNERS_ACTION_REF (github.action_ref,
# passed through env: the runner leaves it empty inside a composite step's shell), RUNNER_OS,
# RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH.
# Outputs: root (the install root, bin/mlowners inside), cache-key.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
source "$here/common.sh"

src=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this as a step of the action}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi | cut -c1-16
}

lock=$(sha256 <"$src/Cargo.lock")
# every file cargo builds from, in a fixed order, names and contents
inputs=()
for f in Cargo.toml build.rs src; do
  if [[ -e $src/$f ]]; then inputs+=("$f"); fi
done
sources=$(cd "$src" && find "${inputs[@]}" -type f | LC_ALL=C sort |
  while IFS= read -r f; do printf '%s\n' "$f"; cat "$f"; done | sha256)
ref=${MLOWNERS_ACTION_REF:-local}
ref=${ref//[^A-Za-z0-9._-]/_}

root="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/mlowners-bin"
set_output root "$root"
set_output cache-key "mlowners-${RUNNER_OS:-os}-${RUNNER_ARCH:-arch}-$ref-lock-$lock-src-$sources"
if [[ -n ${GITHUB_PATH:-} ]]; then
  printf '%s\n' "$root/bin" >>"$GITHUB_PATH"
fi
