#!/usr/bin/env bash
# The action's main step. What it does follows from the event:
#   pull_request         `mlowners pr` against the base: Markdown and JSON, the job summary, the
#                        one PR comment (comment.sh); when the token cannot comment (a fork's
#                        pull request) the report is kept for an artifact instead;
#   workflow_run with    post the report a pull_request run left as an artifact (the fork
#   from-artifact        pattern of the README); nothing is built or analysed;
#   anything else        `mlowners scan` (schedule, workflow_dispatch, push): JSON and Markdown
#                        in a reports directory for an upload step, and the job summary.
# The job fails only where fail-under-bus-factor says so, after the report and the comment, or
# on bad input (exit 2). Inputs come through the environment, never through ${{ }} in shell code:
#   MLOWNERS_PATH, MLOWNERS_CONFIG, MLOWNERS_BASE, MLOWNERS_COMMENT, MLOWNERS_MENTION,
#   MLOWNERS_FAIL_UNDER_BUS_FACTOR, MLOWNERS_FROM_ARTIFACT      the action's inputs
#   MLOWNERS_PR_NUMBER, MLOWNERS_EVENT_BASE_SHA, MLOWNERS_EVENT_BASE_REF,
#   MLOWNERS_EXPECT_HEAD_SHA                                     from the event
#   GITHUB_EVENT_NAME, GITHUB_REPOSITORY, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GH_TOKEN
# Outputs: bus-factor, crossings, report (the Markdown), reports-dir, comment (what comment.sh
# said, or disabled), upload-artifact (true when the Markdown must go up as an artifact).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/action/common.sh
source "$here/common.sh"

path=${MLOWNERS_PATH:-.}
config=${MLOWNERS_CONFIG:-}
gate=${MLOWNERS_FAIL_UNDER_BUS_FACTOR:-}
temp=${RUNNER_TEMP:-}
if [[ -z $temp ]]; then
  temp=$(mktemp -d)
fi
if [[ -n $gate && ! $gate =~ ^[0-9]+$ ]]; then
  error "input fail-under-bus-factor must be a whole number, not '$gate'"
  exit 2
fi
want_comment=false
if is_true comment "${MLOWNERS_COMMENT:-true}"; then want_comment=true; fi
mention=false
if is_true mention "${MLOWNERS_MENTION:-false}"; then mention=true; fi

# The options every mlowners run shares.
common_args=("$path")
if [[ -n $config ]]; then common_args+=(--config "$config"); fi

# run_mlowners gated|plain ARGS...: mlowners ARGS, the gated run with fail-under-bus-factor;
# gate_tripped is set when that run exits 1 for it. Any other failure is bad input (mlowners said
# why on stderr), and fails the step.
gate_tripped=false
run_mlowners() {
  local kind=$1 rc=0
  shift
  if [[ $kind == gated && -n $gate ]]; then set -- "$@" --fail-under-bus-factor "$gate"; fi
  mlowners "$@" || rc=$?
  if ((rc == 1)) && [[ $kind == gated && -n $gate ]]; then
    gate_tripped=true
  elif ((rc != 0)); then
    error "mlowners $1 failed (exit $rc): its message is above"
    exit 2
  fi
}

# set_json_output NAME FILE KEY...: output NAME from the JSON report (a list counts as its
# length; null or missing is empty).
set_json_output() {
  local name=$1 file=$2 value
  shift 2
  if ! value=$(json_get "$file" "$@"); then
    warning "cannot read $* from $(basename "$file"): output $name is empty"
    value=''
  fi
  set_output "$name" "$value"
}

finish() {
  if [[ $gate_tripped == true ]]; then
    error "a bus factor is below fail-under-bus-factor ($gate): see the report"
    exit 1
  fi
  exit 0
}

# resolve_base: sets base to the commit the pull request is judged against, as a full id. The
# input names a revision (a branch name is also tried as origin/NAME, since a PR checkout has no
# local branches); by default the event's base commit, then origin/<base branch>.
base=''
resolve_base() {
  local candidates=() c
  if [[ -n ${MLOWNERS_BASE:-} ]]; then
    candidates=("$MLOWNERS_BASE" "origin/$MLOWNERS_BASE")
  else
    if [[ -n ${MLOWNERS_EVENT_BASE_SHA:-} ]]; then candidates+=("$MLOWNERS_EVENT_BASE_SHA"); fi
    if [[ -n ${MLOWNERS_EVENT_BASE_REF:-} ]]; then candidates+=("origin/$MLOWNERS_EVENT_BASE_REF"); fi
  fi
  if ((${#candidates[@]} == 0)); then
    error "no base to judge the pull request against: set the input base"
    exit 2
  fi
  for c in "${candidates[@]}"; do
    if base=$(git -C "$path" rev-parse --verify --quiet --end-of-options "$c^{commit}"); then
      return 0
    fi
  done
  error "the base '${candidates[0]}' is not in this checkout: check out with fetch-depth: 0 (every branch and its history), or set the input base to a revision that exists"
  exit 2
}

# comment_or_keep REPORT: the PR comment; when it cannot be sent, the artifact instead.
comment_or_keep() {
  local status
  if [[ $want_comment != true ]]; then
    set_output comment disabled
    return 0
  fi
  status=$(bash "$here/comment.sh" "$1") || true
  set_output comment "${status:-failed}"
  case $status in
    created | updated | unchanged | skipped) ;;
    not-permitted)
      notice "the token may not comment on this pull request (HTTP 403), as on a pull request from a fork, whose token is read-only: the report is in the job summary and in the artifact mlowners-pr. The README's workflow_run pattern posts it as a comment."
      set_output upload-artifact true
      ;;
    too-long)
      warning "the report is over GitHub's 65,536 characters for a comment, so it was not posted: it is in the job summary and in the artifact mlowners-pr"
      set_output upload-artifact true
      ;;
    *)
      warning "the pull request comment could not be posted (${status:-failed}; the reason is above): the report is in the job summary and in the artifact mlowners-pr"
      set_output upload-artifact true
      ;;
  esac
}

mode_pr() {
  local pr=${MLOWNERS_PR_NUMBER:-} out md json
  if [[ ! $pr =~ ^[1-9][0-9]{0,9}$ ]]; then
    error "no pull request number in the event ('$pr')"
    exit 2
  fi
  bash "$here/check-history.sh"
  resolve_base
  out="$temp/mlowners"
  mkdir -p "$out"
  md="$out/mlowners-pr.md"
  json="$out/mlowners-pr.json"
  rm -f "$md" "$json" "$out/pr-number"
  local args=(pr --base "$base" "${common_args[@]}")
  if [[ $mention == true ]]; then args+=(--mention); fi
  echo "mlowners: judging pull request #$pr against base $base"
  run_mlowners gated "${args[@]}" --format json --output "$json"
  run_mlowners plain "${args[@]}" --format markdown --output "$md"
  printf '%s\n' "$pr" >"$out/pr-number"

  summary_append "$md"
  set_output report "$md"
  set_output reports-dir "$out"
  set_json_output bus-factor "$json" bus_factor_after
  set_json_output crossings "$json" crossings
  comment_or_keep "$md"
  finish
}

mode_scan() {
  local out="$temp/mlowners-reports" md json
  bash "$here/check-history.sh"
  mkdir -p "$out"
  md="$out/mlowners-scan.md"
  json="$out/mlowners-scan.json"
  rm -f "$md" "$json"
  run_mlowners gated scan "${common_args[@]}" --format json --output "$json"
  run_mlowners plain scan "${common_args[@]}" --format markdown --output "$md"
  summary_append "$md"
  set_output report "$md"
  set_output reports-dir "$out"
  set_json_output bus-factor "$json" summary bus_factor
  set_json_output crossings "$json" boundary crossings
  finish
}

# The workflow_run half of the fork pattern. The artifact came from a run of the pull request's
# own code, so none of it is trusted: the number must be a number, the pull request's head must
# be the commit that run was for, and comment.sh checks the marker and the size.
mode_post() {
  local dir=$MLOWNERS_FROM_ARTIFACT md pr='' head
  md="$dir/mlowners-pr.md"
  if [[ ! -f $md ]]; then
    notice "no report in '$dir' to post: the pull_request run commented itself, or made no report"
    set_output comment skipped
    exit 0
  fi
  if [[ -f $dir/pr-number ]]; then
    pr=$(head -c 32 "$dir/pr-number" | tr -d '[:space:]')
  fi
  if [[ ! $pr =~ ^[1-9][0-9]{0,9}$ ]]; then
    error "the artifact's pr-number is not a pull request number: nothing posted"
    exit 2
  fi
  if [[ -n ${MLOWNERS_EXPECT_HEAD_SHA:-} ]]; then
    if ! head=$(gh api "repos/${GITHUB_REPOSITORY:?}/pulls/$pr" | json_head_sha); then
      warning "cannot read pull request #$pr, so its report was not posted"
      set_output comment failed
      exit 0
    fi
    if [[ $head != "$MLOWNERS_EXPECT_HEAD_SHA" ]]; then
      notice "pull request #$pr is at $head, not at $MLOWNERS_EXPECT_HEAD_SHA which the report is for: not posted (a newer run will comment)"
      set_output comment skipped
      exit 0
    fi
  fi
  summary_append "$md"
  set_output report "$md"
  want_comment=true
  export MLOWNERS_PR_NUMBER=$pr
  local status
  status=$(bash "$here/comment.sh" "$md") || true
  set_output comment "${status:-failed}"
  case $status in
    created | updated | unchanged | skipped) ;;
    not-permitted) warning "the token may not comment on #$pr (HTTP 403): this workflow needs permissions pull-requests: write" ;;
    *) warning "the report for #$pr was not posted (${status:-failed}; the reason is above)" ;;
  esac
  exit 0
}

json_head_sha() {
  py -c '
import json, sys
print(json.load(sys.stdin)["head"]["sha"])
'
}

if [[ -n ${MLOWNERS_FROM_ARTIFACT:-} ]]; then
  mode_post
fi
case ${GITHUB_EVENT_NAME:-} in
  pull_request) mode_pr ;;
  pull_request_target)
    error "pull_request_target is not supported: analysing a pull request needs its commits checked out with a write token, the known unsafe pattern. Run mlowners on pull_request and post from workflow_run (see the README)."
    exit 2
    ;;
  *) mode_scan ;;
esac
