# shellcheck shell=bash
# Helpers shared by the action's scripts (sourced, not run). Workflow commands go to stdout,
# where the runner reads them; everything for a person reads as a sentence that says what to do.

# The first line of every mlowners Markdown report: how the one comment is found again.
MLOWNERS_MARKER='<!-- mlowners -->'
# GitHub rejects a comment body over this many characters (mlowners stays under 60,000).
# shellcheck disable=SC2034 # used by comment.sh
GITHUB_COMMENT_LIMIT=65536
# GitHub drops a step's job summary over 1 MiB.
GITHUB_SUMMARY_LIMIT=1048576

# Escapes a workflow command's message (GitHub's rules: %, CR and LF).
_escape_data() {
  local s=$1
  s=${s//'%'/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}

notice() { printf '::notice title=mlowners::%s\n' "$(_escape_data "$*")"; }
warning() { printf '::warning title=mlowners::%s\n' "$(_escape_data "$*")"; }
error() { printf '::error title=mlowners::%s\n' "$(_escape_data "$*")"; }

# set_output NAME VALUE: a step output (a single-line value), or a log line outside Actions.
set_output() {
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  else
    printf 'output %s=%s\n' "$1" "$2"
  fi
}

# is_true NAME VALUE: true for "true", false for "false" or empty; any other value is bad input.
is_true() {
  case $2 in
    true | True | TRUE) return 0 ;;
    false | False | FALSE | '') return 1 ;;
    *)
      error "input $1 must be true or false, not '$2'"
      exit 2
      ;;
  esac
}

# summary_append FILE: FILE's Markdown at the end of the job summary (when there is one).
summary_append() {
  [[ -n ${GITHUB_STEP_SUMMARY:-} ]] || return 0
  local size
  size=$(wc -c <"$1")
  if ((size > GITHUB_SUMMARY_LIMIT - 1024)); then
    printf 'mlowners: the report (%s bytes) is over the job summary limit of 1 MiB; it is in %s.\n' \
      "$size" "$(basename "$1")" >>"$GITHUB_STEP_SUMMARY"
  else
    cat "$1" >>"$GITHUB_STEP_SUMMARY"
    printf '\n' >>"$GITHUB_STEP_SUMMARY"
  fi
}

# report_has_finding FILE: false when the report is the marker and at most one more line (the
# "no finding" verdict of `mlowners pr`).
report_has_finding() {
  local lines
  lines=$(grep -c '[^[:space:]]' "$1" || true)
  ((lines > 2))
}

# report_is_marked FILE: the first line is the mlowners marker.
report_is_marked() {
  local first
  IFS= read -r first <"$1" || [[ -n $first ]] || return 1
  [[ ${first%$'\r'} == "$MLOWNERS_MARKER" ]]
}

# py ARGS...: python3 for the JSON, without site-packages (only the standard library is used,
# and starting without site is several times faster where site-packages are large).
py() { python3 -S "$@"; }

# json_get FILE KEY...: the value at KEY... in a JSON file: a number or string as it is, a list as
# its length, null or missing as an empty line. JSON is read with python3 (on every GitHub runner,
# and already needed by this project's tests), never with the shell.
json_get() {
  py -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    v = json.load(f)
for key in sys.argv[2:]:
    v = v.get(key) if isinstance(v, dict) else None
if isinstance(v, list):
    v = len(v)
print("" if v is None or isinstance(v, (bool, dict)) else v)
' "$@"
}

# char_count FILE: the characters (code points) in a UTF-8 file, as GitHub counts a comment.
char_count() {
  py -c '
import sys
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    print(len(f.read()))
' "$1"
}
