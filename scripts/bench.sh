#!/usr/bin/env bash
# Speed benchmark for mlowners against `git log --numstat` and peer tools.
#
# Usage: scripts/bench.sh REPO [RUNS=3]
#   REPO  a git repository (its working tree or .git parent), e.g. /work/repos/xgboost
#   RUNS  timed runs per command (default 3); the table shows the median wall time
# Environment:
#   JOBS=N         also pass `--jobs N` to every mlowners command (default: not passed = all cores)
#   NO_HYPERFINE=1 time with the bash loop even when hyperfine is installed
#   PEER_TIMEOUT   seconds before a peer tool run is abandoned (default 600)
#   PEERS=0        skip the peer tools
#   KEEP=1         keep the scratch directory /tmp/mlowners-bench.* (clone, prepare script, outputs)
#   BASELINE=BIN   also time an older mlowners binary's cold scan (row 2c), in the same run, and
#                  say whether its JSON equals this build's
#
# Each row: one untimed run under `/usr/bin/time` (warm-up; gives the peak RSS of the largest
# process in the command's tree), then RUNS timed runs (hyperfine if installed, else a bash loop
# with `date +%s.%N` and `/usr/bin/time`): the median wall time and the median CPU seconds, user +
# sys, of the whole process tree (on 2 cores a scan can beat git in wall time while spending
# more CPU; hyperfine gives the mean CPU instead). Row 2b is the cold scan on one thread. Row 3 primes the cache in REPO/.git/mlowners (left there). Row 4 works on a
# throwaway clone under /tmp: it primes the clone's cache, then before every run resets the clone to
# the original HEAD, restores the primed cache and adds the same 10 commits (fixed author and dates).
# Row 3b times `mlowners timeline` (24 monthly points) on the same warm cache and states its ratio
# to the warm scan.
# Peers (git fame, truckfactor) run only when installed: pip install git-fame truckfactor
set -uo pipefail

die() { echo "bench.sh: $*" >&2; exit 2; }
log() { echo "== $*" >&2; }

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: scripts/bench.sh REPO [RUNS=3]"
REPO_ARG=$1
RUNS=${2:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
PEER_TIMEOUT=${PEER_TIMEOUT:-600}
git -C "$REPO_ARG" rev-parse --git-dir > /dev/null 2>&1 || die "$REPO_ARG is not a git repository"
REPO=$(cd "$REPO_ARG" && git rev-parse --show-toplevel) || die "$REPO_ARG: no working tree (bare repositories are not supported)"

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJ=$(cd "$SCRIPT_DIR/.." && pwd)

# ---- build ------------------------------------------------------------------------------------
log "cargo build --release (in $PROJ)"
(cd "$PROJ" && cargo build --release) >&2 || die "cargo build --release failed"
TARGET_DIR=${CARGO_TARGET_DIR:-target}
case $TARGET_DIR in /*) ;; *) TARGET_DIR=$PROJ/$TARGET_DIR ;; esac
BUILT=$TARGET_DIR/release/mlowners
[ -x "$BUILT" ] || die "no binary at $BUILT after the build"

W=$(mktemp -d /tmp/mlowners-bench.XXXXXX) || die "mktemp failed"
if [ -n "${KEEP:-}" ]; then echo "bench.sh: keeping $W" >&2; else trap 'rm -rf "$W"' EXIT; fi
# Benchmark a private copy, so that a rebuild in the project during the run cannot change it.
BIN=$W/mlowners
cp "$BUILT" "$BIN" || die "cannot copy $BUILT"
cd "$W" # run everything outside any git repository (truckfactor refuses to run inside one)

HAVE_HYPERFINE=0
if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine > /dev/null 2>&1; then HAVE_HYPERFINE=1; fi
HAVE_TIME=0
[ -x /usr/bin/time ] && HAVE_TIME=1

# ---- what is measured -------------------------------------------------------------------------
HEAD_SHA=$(git -C "$REPO" rev-parse HEAD)
HEAD_COUNT=$(git -C "$REPO" rev-list --count HEAD)
CPU=$(lscpu 2> /dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)
[ -n "$CPU" ] || CPU=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n1)
PROJ_REV=$(git -C "$PROJ" rev-parse --short HEAD 2> /dev/null || echo "?")
[ -n "$(git -C "$PROJ" status --porcelain -- src Cargo.toml Cargo.lock 2> /dev/null)" ] && PROJ_REV="$PROJ_REV+dirty"
if [ $HAVE_HYPERFINE = 1 ]; then TIMER="hyperfine $(hyperfine --version | awk '{print $2}')"; else TIMER="bash loop (date +%s.%N)"; fi

echo "machine:   $(nproc) CPUs, ${CPU:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo), load avg $(cut -d' ' -f1-3 /proc/loadavg)"
echo "git:       $(git --version | sed 's/^git version //') ($(command -v git))"
echo "mlowners:  $BUILT (project commit $PROJ_REV)"
echo "repo:      $REPO"
echo "HEAD:      $HEAD_SHA ($(git -C "$REPO" log -1 --format='%cs %s' HEAD | cut -c1-60))"
echo "commits:   $HEAD_COUNT (git rev-list --count HEAD)"
echo "timing:    $RUNS runs each, median wall and CPU time, $TIMER; peak RSS from one warm-up run"
echo

MLO=$(printf '%q' "$BIN")
R=$(printf '%q' "$REPO")
JOBS_ARG=""
JOBS_LABEL=""
if [ -n "${JOBS:-}" ]; then
    [[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "JOBS must be a positive integer, got '$JOBS'"
    JOBS_ARG=" --jobs $JOBS"
    JOBS_LABEL=" --jobs $JOBS"
fi
HAS_NO_CACHE=0
SCAN_HELP=$("$BIN" scan --help 2> /dev/null) # not piped into grep -q: with pipefail, SIGPIPE would fail it
grep -q -- --no-cache <<< "$SCAN_HELP" && HAS_NO_CACHE=1

# ---- timing helpers ---------------------------------------------------------------------------
LABELS=() MEDIANS=() RSSES=() CPUS=() NOTES=()

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) exit 1; if (NR%2) printf "%.3f", a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2}'; }

# row LABEL PREPARE CMD [TIMEOUT_SECS] [RSS_OUT]
#   PREPARE: shell command run before every run (untimed), or "".
#   CMD: shell command; its exit status must be 0 (or 124 = timed out, when TIMEOUT_SECS is given).
#   RSS_OUT: where the warm-up run's stdout goes (instead of /dev/null), to compare outputs.
row() {
    local label=$1 prep=$2 cmd=$3 tmo=${4:-} out=${5:-/dev/null}
    local full=$cmd rc rss="n/a" cpu="n/a" med note=""
    [ -n "$tmo" ] && full="timeout $tmo $cmd"
    log "$label"
    # warm-up run, with peak RSS
    if [ -n "$prep" ]; then bash -c "$prep" > "$W/prep.log" 2>&1 || { cat "$W/prep.log" >&2; die "prepare failed for: $label"; }; fi
    if [ $HAVE_TIME = 1 ]; then
        # peak RSS, and CPU seconds (user + sys) of the whole process tree
        /usr/bin/time -f '%M %U %S' -o "$W/rss" bash -c "$full" > "$out" 2> "$W/err"
        rc=$?
        rss=$(tail -n1 "$W/rss" | awk '$1 ~ /^[0-9]+$/ {printf "%.0f", $1/1024; ok=1} END {if (!ok) printf "n/a"}')
    else
        bash -c "$full" > "$out" 2> "$W/err"
        rc=$?
    fi
    if [ -n "$tmo" ] && [ $rc = 124 ]; then
        LABELS+=("$label") MEDIANS+=("> $tmo") RSSES+=("$rss") CPUS+=("$cpu") NOTES+=("timed out after $tmo s (warm-up run); not repeated")
        return
    fi
    if [ $rc != 0 ]; then
        echo "  FAILED (exit $rc): $full" >&2
        tail -n5 "$W/err" | sed 's/^/  | /' >&2
        LABELS+=("$label") MEDIANS+=("FAILED") RSSES+=("$rss") CPUS+=("$cpu") NOTES+=("exit $rc: $(tail -n1 "$W/err" | cut -c1-100)")
        return
    fi
    # timed runs
    local times=() cpus=() timed_out=0 failed=0
    if [ $HAVE_HYPERFINE = 1 ]; then
        local hf=(hyperfine --runs "$RUNS" --style basic --ignore-failure --export-json "$W/hf.json")
        [ -n "$prep" ] && hf+=(--prepare "$prep")
        "${hf[@]}" "$full > /dev/null" > "$W/hf.log" 2>&1 || { cat "$W/hf.log" >&2; die "hyperfine failed for: $label"; }
        local flat
        flat=$(tr -d ' \n' < "$W/hf.json")
        med=$(sed -n 's/.*"median":\([-0-9.eE+]*\).*/\1/p' <<< "$flat")
        med=$(awk -v m="$med" 'BEGIN {printf "%.3f", m}')
        cpu=$(awk -v u="$(sed -n 's/.*"user":\([-0-9.eE+]*\).*/\1/p' <<< "$flat")" \
            -v s="$(sed -n 's/.*"system":\([-0-9.eE+]*\).*/\1/p' <<< "$flat")" 'BEGIN {printf "%.2f", u + s}')
        local codes
        codes=$(sed -n 's/.*"exit_codes":\[\([^]]*\)\].*/\1/p' <<< "$flat" | tr ',' '\n')
        if [ -n "$tmo" ]; then
            grep -qx 124 <<< "$codes" && timed_out=1
            grep -vqx -e 0 -e 124 <<< "$codes" && failed=1
        else
            grep -vqx 0 <<< "$codes" && failed=1
        fi
    else
        local i t0 t1
        for ((i = 1; i <= RUNS; i++)); do
            if [ -n "$prep" ]; then bash -c "$prep" > "$W/prep.log" 2>&1 || { cat "$W/prep.log" >&2; die "prepare failed for: $label"; }; fi
            t0=$(date +%s.%N)
            if [ $HAVE_TIME = 1 ]; then
                /usr/bin/time -f '%U %S' -o "$W/cpu" bash -c "$full" > /dev/null 2> "$W/err"
            else
                bash -c "$full" > /dev/null 2> "$W/err"
            fi
            rc=$?
            t1=$(date +%s.%N)
            times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b-a}')")
            [ $HAVE_TIME = 1 ] && cpus+=("$(tail -n1 "$W/cpu" | awk '{printf "%.2f", $1 + $2}')")
            if [ -n "$tmo" ] && [ $rc = 124 ]; then timed_out=1; elif [ $rc != 0 ]; then failed=1; fi
        done
        med=$(printf '%s\n' "${times[@]}" | median)
        [ ${#cpus[@]} -gt 0 ] && cpu=$(printf '%s\n' "${cpus[@]}" | median | awk '{printf "%.2f", $1}')
    fi
    if [ $timed_out = 1 ]; then
        med="> $tmo"
        note="a timed run hit the $tmo s timeout"
    fi
    [ $failed = 1 ] && note="${note:+$note; }a timed run exited non-zero"
    LABELS+=("$label") MEDIANS+=("$med") RSSES+=("$rss") CPUS+=("$cpu") NOTES+=("$note")
}

# same_json_note OUT WHAT [PREFIX]: the last row's note says whether OUT equals the cold scan's
# JSON (unless the row failed).
same_json_note() {
    [ "${MEDIANS[${#MEDIANS[@]} - 1]}" != FAILED ] || return 0
    local verdict="JSON DIFFERS from"
    cmp -s "$W/out-nocache.json" "$1" && verdict="JSON identical to"
    NOTES[${#NOTES[@]} - 1]="${3:-}$verdict $2"
}

# ---- 1. git log -------------------------------------------------------------------------------
row "git log --no-merges -M --numstat --use-mailmap HEAD" "" \
    "git -C $R log --no-merges -M --numstat --use-mailmap HEAD"
GITLOG_MED=${MEDIANS[0]}

# ---- 2. full scan without cache ---------------------------------------------------------------
if [ $HAS_NO_CACHE = 1 ]; then
    row "mlowners scan REPO --no-cache --format json$JOBS_LABEL" "" \
        "$MLO scan $R --no-cache --format json$JOBS_ARG" "" "$W/out-nocache.json"
else
    row "mlowners scan REPO --format json$JOBS_LABEL" "" \
        "$MLO scan $R --format json$JOBS_ARG" "" "$W/out-nocache.json"
    NOTES[${#NOTES[@]} - 1]="binary has no --no-cache (and no cache): full scan"
fi

# ---- 2b. the same on one thread (what a one-core runner sees) --------------------------------
if [ $HAS_NO_CACHE = 1 ] && [ -z "$JOBS_ARG" ]; then
    row "mlowners scan REPO --no-cache --format json --jobs 1" "" \
        "$MLO scan $R --no-cache --format json --jobs 1" "" "$W/out-jobs1.json"
    same_json_note "$W/out-jobs1.json" "the scan on all cores"
fi

# ---- 2c. an older build's cold scan, for before/after figures from one run -------------------
if [ -n "${BASELINE:-}" ]; then
    [ -x "$BASELINE" ] || die "BASELINE=$BASELINE is not an executable"
    cp "$BASELINE" "$W/baseline" || die "cannot copy $BASELINE"
    row "BASELINE scan REPO --no-cache --format json$JOBS_LABEL" "" \
        "$(printf '%q' "$W/baseline") scan $R --no-cache --format json$JOBS_ARG" "" "$W/out-baseline.json"
    same_json_note "$W/out-baseline.json" "this build's" "$BASELINE: "
fi

# ---- 3. warm cache ----------------------------------------------------------------------------
SKIP_NOTE=""
if [ $HAS_NO_CACHE = 1 ]; then
    log "priming the cache in $REPO/.git/mlowners"
    "$BIN" scan "$REPO" --format json $JOBS_ARG > /dev/null || die "priming scan failed"
    row "mlowners scan REPO --format json$JOBS_LABEL (warm)" "" \
        "$MLO scan $R --format json$JOBS_ARG" "" "$W/out-warm.json"
    same_json_note "$W/out-warm.json" "--no-cache"

    # ---- 3b. the timeline: 24 monthly points from the same warm cache (DESIGN.md §7: <= 3x) ----
    WARM_MEDIAN=${MEDIANS[${#MEDIANS[@]} - 1]}
    row "mlowners timeline REPO$JOBS_LABEL (warm, 24 monthly points)" "" \
        "$MLO timeline $R$JOBS_ARG"
    TL_MEDIAN=${MEDIANS[${#MEDIANS[@]} - 1]}
    if [[ $WARM_MEDIAN =~ ^[0-9.]+$ && $TL_MEDIAN =~ ^[0-9.]+$ ]]; then
        NOTES[${#NOTES[@]} - 1]="$(awk -v t="$TL_MEDIAN" -v w="$WARM_MEDIAN" 'BEGIN {printf "%.2fx the warm scan (budget 3x)", t / w}')"
    fi

    # ---- 4. warm after ten new commits, on a throwaway clone ----------------------------------
    CLONE=$W/clone
    log "cloning $REPO to $CLONE for row 4"
    git clone -q --no-hardlinks "$REPO" "$CLONE" || die "git clone failed"
    git -C "$CLONE" config gc.auto 0
    git -C "$CLONE" config commit.gpgsign false
    git -C "$CLONE" checkout -q -B mlowners-bench-base "$HEAD_SHA" || die "checkout of $HEAD_SHA in the clone failed"
    # Ten regular files to edit, spread over the tracked Python/Scala files (any tracked file if none).
    git -C "$CLONE" ls-files -s -z -- '*.py' '*.scala' | tr '\0' '\n' | awk '$1 ~ /^1006[04]4$/' | cut -f2- > "$W/candidates"
    [ -s "$W/candidates" ] || git -C "$CLONE" ls-files -s -z | tr '\0' '\n' | awk '$1 ~ /^1006[04]4$/' | cut -f2- > "$W/candidates"
    [ -s "$W/candidates" ] || die "no regular tracked file to edit in $REPO"
    awk '{a[NR]=$0} END {for (i=0; i<10; i++) print a[int(i*NR/10)+1]}' "$W/candidates" > "$W/files"
    log "priming the clone's cache"
    "$BIN" scan "$CLONE" --format json $JOBS_ARG > /dev/null || die "priming scan of the clone failed"
    CACHE=$CLONE/.git/mlowners
    if [ -d "$CACHE" ]; then
        cp -a "$CACHE" "$W/cache-snapshot"
        RESTORE="rm -rf $(printf '%q' "$CACHE") && cp -a $(printf '%q' "$W/cache-snapshot") $(printf '%q' "$CACHE")"
        ROW4_NOTE=""
    else
        # The cache is not where the README says: restore the whole primed .git instead.
        cp -a "$CLONE/.git" "$W/git-snapshot"
        RESTORE="rm -rf $(printf '%q' "$CLONE/.git") && cp -a $(printf '%q' "$W/git-snapshot") $(printf '%q' "$CLONE/.git")"
        ROW4_NOTE="no $CACHE after priming: whole .git restored per run"
    fi
    BASE_TIME=$(git -C "$REPO" log -1 --format=%ct HEAD)
    cat > "$W/prepare4.sh" << EOF
#!/usr/bin/env bash
# Reset the clone to the primed state, then add 10 commits (same content, author and dates every run).
set -euo pipefail
cd $(printf '%q' "$CLONE")
git reset -q --hard
$RESTORE
git reset -q --hard
git checkout -q -B mlowners-bench $HEAD_SHA
mapfile -t files < $(printf '%q' "$W/files")
export GIT_AUTHOR_NAME="Bench Author" GIT_AUTHOR_EMAIL="bench.author@example.com"
export GIT_COMMITTER_NAME="Bench Author" GIT_COMMITTER_EMAIL="bench.author@example.com"
for i in 1 2 3 4 5 6 7 8 9 10; do
    f=\${files[i-1]}
    case \$f in *.py) c='#' ;; *) c='//' ;; esac
    printf '%s mlowners bench edit %d\n' "\$c" "\$i" >> "\$f"
    git add -- "\$f"
    export GIT_AUTHOR_DATE="@\$(($BASE_TIME + i * 3600)) +0000" GIT_COMMITTER_DATE="@\$(($BASE_TIME + i * 3600)) +0000"
    git -c core.hooksPath=/dev/null commit -q --no-verify -m "bench edit \$i"
done
[ "\$(git rev-list --count HEAD)" = $((HEAD_COUNT + 10)) ]
EOF
    row "mlowners scan CLONE --format json$JOBS_LABEL (warm, +10 commits)" "bash $(printf '%q' "$W/prepare4.sh")" \
        "$MLO scan $(printf '%q' "$CLONE") --format json$JOBS_ARG"
    [ -n "$ROW4_NOTE" ] && NOTES[${#NOTES[@]} - 1]="${NOTES[${#NOTES[@]} - 1]:+${NOTES[${#NOTES[@]} - 1]}; }$ROW4_NOTE"
else
    SKIP_NOTE="rows 3-4 (warm cache, warm + 10 commits) skipped: this mlowners binary has no --no-cache option yet"
    log "$SKIP_NOTE"
fi

# ---- 5. peers ---------------------------------------------------------------------------------
PEER_NOTES=()
if [ "${PEERS:-1}" = 0 ]; then
    PEER_NOTES+=("peer tools skipped (PEERS=0)")
elif command -v git-fame > /dev/null 2>&1; then
    row "git fame -s REPO" "" "git fame -s $R" "$PEER_TIMEOUT"
else
    PEER_NOTES+=("git fame not installed (pip install git-fame): row skipped")
fi
if [ "${PEERS:-1}" = 0 ]; then
    :
elif command -v truckfactor > /dev/null 2>&1; then
    row "truckfactor REPO" "" "truckfactor $R" "$PEER_TIMEOUT"
else
    PEER_NOTES+=("truckfactor not installed (pip install truckfactor): row skipped")
fi

# ---- table ------------------------------------------------------------------------------------
w=7
for l in "${LABELS[@]}"; do [ ${#l} -gt $w ] && w=${#l}; done
printf "%-${w}s  %9s  %8s  %9s  %8s  %12s\n" "command" "median s" "vs git" "CPU s" "CPU/git" "peak RSS MB"
printf '%*s\n' $((w + 58)) '' | tr ' ' '-'
GITLOG_CPU=${CPUS[0]}
for i in "${!LABELS[@]}"; do
    med=${MEDIANS[$i]}
    cpu_ratio=$(awk -v c="${CPUS[$i]}" -v g="$GITLOG_CPU" 'BEGIN {
        if (g !~ /^[0-9.]+$/ || g == 0 || c !~ /^[0-9.]+$/) { print "n/a"; exit }
        printf "%.2fx", c/g }')
    ratio=$(awk -v m="$med" -v g="$GITLOG_MED" 'BEGIN {
        if (g !~ /^[0-9.]+$/ || g == 0) { print "n/a"; exit }
        if (m ~ /^> *[0-9.]+$/) { sub(/^> */, "", m); printf "> %.1fx", m/g; exit }
        if (m !~ /^[0-9.]+$/) { print "n/a"; exit }
        printf "%.2fx", m/g }')
    printf "%-${w}s  %9s  %8s  %9s  %8s  %12s\n" "${LABELS[$i]}" "$med" "$ratio" "${CPUS[$i]}" "$cpu_ratio" "${RSSES[$i]}"
done
echo
if [ $HAS_NO_CACHE = 1 ]; then
    echo "REPO = $REPO; CLONE = a --no-hardlinks clone of it, primed cache restored and 10 new commits added before each run"
else
    echo "REPO = $REPO"
fi
for i in "${!LABELS[@]}"; do
    [ -n "${NOTES[$i]}" ] && echo "note: ${LABELS[$i]}: ${NOTES[$i]}"
done
[ -n "$SKIP_NOTE" ] && echo "note: $SKIP_NOTE"
for n in "${PEER_NOTES[@]}"; do echo "note: $n"; done
[ $HAS_NO_CACHE = 1 ] && echo "note: the primed cache is left in $REPO/.git/mlowners"
exit 0
