#!/usr/bin/env bash
# Builds mlowners from the action's own source, with the versions Cargo.lock pins.
#
# Environment: GITHUB_ACTION_PATH (the action's source), MLOWNERS_ROOT (the install root from
# prepare.sh), RUNNER_TEMP.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
source "$here/common.sh"

src=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this as a step of the action}
root=${MLOWNERS_ROOT:?MLOWNERS_ROOT is not set}
if ! command -v cargo >/dev/null; then
  error "cargo is not on this runner: add a Rust toolchain step (for example dtolnay/rust-toolchain@stable) before mlowners"
  exit 2
fi
# the build stays out of the action's directory
cargo install --locked --path "$src" --root "$root" --target-dir "${RUNNER_TEMP:-/tmp}/mlowners-build"
