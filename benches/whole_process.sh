#!/usr/bin/env bash
# Whole-process benchmark of csp beside the read-only floor and Taskwarrior.
#
#     benches/whole_process.sh [WORKDIR]        (default: target/bench)
#
# Generates synthetic plans (examples/gen_plan) of each size in $SIZES, then
# times with hyperfine, on a warm page cache:
#   - read_floor: walk the tree and read every file, nothing else (one thread)
#   - csp validate, csp overdue --format json, csp report (each command that exists)
# and records each command's peak memory (max RSS, /usr/bin/time). At the
# sizes in $TW_SIZES it imports the same actions into a throw-away
# Taskwarrior database and times `task overdue` beside `csp overdue`.
# Results: $WORKDIR/results.md (and hyperfine's JSON beside it).
# Needs: hyperfine, GNU time (/usr/bin/time); task (Taskwarrior) optional.
# Not for CI: it takes minutes and its numbers depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${1:-target/bench}
SIZES=${SIZES:-"1000 10000 50000 100000"}
TW_SIZES=${TW_SIZES:-"10000 50000"}
RUNS=${RUNS:-10}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS="$WORK/results.md"

command -v hyperfine >/dev/null || { echo "error: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: GNU time is not installed (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin csp --example gen_plan --example read_floor
BIN=$PWD/target/release/csp
FLOOR=$PWD/target/release/examples/read_floor
GEN=$PWD/target/release/examples/gen_plan

# The commands that exist in this build (report and overdue may not yet).
has() { "$BIN" "$1" --help >/dev/null 2>&1; }

{
  echo "# csp whole-process benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- cores (nproc): $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2}') GiB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $("$BIN" --version); $(rustc --version); $(hyperfine --version)"
  command -v task >/dev/null && echo "- Taskwarrior $(task --version)"
  echo
} > "$RESULTS"

cd "$WORK"
for n in $SIZES; do
  plan="plan-$n"
  if [ ! -f "$plan/csp.toml" ]; then
    rm -rf "$plan"
    "$GEN" "$n" "$plan" --taskwarrior "tasks-$n.json" >/dev/null
  fi
  bytes=$(find "$plan" -name '*.toml' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  commands=("$FLOOR $plan" "$BIN validate --plan $plan")
  has overdue && commands+=("$BIN overdue --plan $plan --format json")
  has report && commands+=("$BIN report --plan $plan")
  echo "## $n actions ($bytes bytes of TOML)" >> "$RESULTS"
  echo >> "$RESULTS"
  hyperfine -N --warmup 2 --runs "$RUNS" --style basic \
    --export-markdown "time-$n.md" --export-json "time-$n.json" "${commands[@]}"
  sed "s|$BIN|csp|; s|$FLOOR|read_floor|" "time-$n.md" >> "$RESULTS"
  echo >> "$RESULTS"
  echo "| command | peak memory (max RSS) | limit: 2 × bytes + 20 MiB |" >> "$RESULTS"
  echo "|:---|---:|---:|" >> "$RESULTS"
  limit=$(( (2 * bytes + 20 * 1024 * 1024) / 1024 ))
  for command in "${commands[@]}"; do
    # shellcheck disable=SC2086
    kib=$(/usr/bin/time -f '%M' $command 2>&1 >/dev/null | tail -1)
    name=$(echo "$command" | sed "s|$BIN|csp|; s|$FLOOR|read_floor|")
    echo "| \`$name\` | $((kib / 1024)) MiB | $((limit / 1024)) MiB |" >> "$RESULTS"
  done
  echo >> "$RESULTS"
done

if command -v task >/dev/null && has overdue; then
  for n in $TW_SIZES; do
    plan="plan-$n"
    if [ ! -f "$plan/csp.toml" ]; then
      rm -rf "$plan"
      "$GEN" "$n" "$plan" --taskwarrior "tasks-$n.json" >/dev/null
    fi
    export TASKDATA="$WORK/taskdata-$n" TASKRC="$WORK/taskrc-$n"
    if [ ! -f "$TASKDATA/pending.data" ]; then
      mkdir -p "$TASKDATA"
      printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n' "$TASKDATA" > "$TASKRC"
      task rc.confirmation=off import "tasks-$n.json" >/dev/null
    fi
    echo "## Taskwarrior, $n tasks" >> "$RESULTS"
    echo >> "$RESULTS"
    hyperfine -N --warmup 2 --runs "$RUNS" --style basic --export-markdown "tw-$n.md" \
      "task overdue" "$BIN overdue --plan $plan --format json"
    sed "s|$BIN|csp|" "tw-$n.md" >> "$RESULTS"
    echo >> "$RESULTS"
    unset TASKDATA TASKRC
  done
fi

echo "results: $RESULTS"
