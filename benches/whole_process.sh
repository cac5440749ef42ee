#!/usr/bin/env bash
# Whole-process benchmark of csp beside the read-only floor and Taskwarrior.
#
#     benches/whole_process.sh [WORKDIR]        (default: target/bench)
#
# For each size in $SIZES it generates a synthetic plan (examples/gen_plan),
# then in ONE hyperfine run, on a warm page cache, times:
#   - read_floor: walk the tree and read every file, nothing else (one thread)
#   - every reading command that matters at scale: validate, overdue,
#     upcoming, list (JSON and the table), report (Markdown and HTML),
#     export (CSV, and the xlsx workbook written to $WORKDIR)
#   - at the sizes in $TW_SIZES, `task overdue` on the same items in a
#     throw-away Taskwarrior database
# and records each command's peak memory (max RSS, /usr/bin/time). It then
# prints one table per size: mean ± σ, the range, the ratio to the floor
# against the target (validate ≤ 1.5×, the others ≤ 2×), and peak memory
# against the budget (2 × the plan's bytes + 20 MiB). Last, every reading
# command on the bundled plan against its 10 ms target.
# Results: $WORKDIR/results.md (hyperfine's JSON beside it).
# Needs: hyperfine, GNU time (/usr/bin/time), python3; task optional.
# Not for CI: it takes minutes and its numbers depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${1:-target/bench}
SIZES=${SIZES:-"20000 100000"}
TW_SIZES=${TW_SIZES:-"20000"}
RUNS=${RUNS:-8}
# After every date gen_plan writes (2022–2025), so no note is "in the future".
AS_OF=${AS_OF:-2026-01-01}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS="$WORK/results.md"

for tool in hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed (apt-get install $tool)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "error: GNU time is not installed (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin csp --example gen_plan --example read_floor
# Where cargo built them: $CARGO_TARGET_DIR when set, as cargo reads it.
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
BIN=$TARGET/release/csp
FLOOR=$TARGET/release/examples/read_floor
GEN=$TARGET/release/examples/gen_plan
BUNDLED=$PWD/plan

{
  echo "# csp whole-process benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); cores (nproc): $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $("$BIN" --version); $(rustc --version); $(hyperfine --version)"
  command -v task >/dev/null && echo "- Taskwarrior $(task --version)"
  echo "- $RUNS runs per command after 2 warm-ups; --as-of $AS_OF"
  echo
} > "$RESULTS"

# name|command line (the plan directory is appended to each csp command)
csp_commands() {
  local plan=$1
  echo "csp validate|$BIN validate --as-of $AS_OF --plan $plan"
  echo "csp overdue --format json|$BIN overdue --format json --as-of $AS_OF --plan $plan"
  echo "csp upcoming --format json|$BIN upcoming --format json --as-of $AS_OF --plan $plan"
  echo "csp list --format json|$BIN list --format json --as-of $AS_OF --plan $plan"
  echo "csp list (table, 100 columns)|$BIN list --as-of $AS_OF --plan $plan"
  echo "csp report|$BIN report --as-of $AS_OF --plan $plan"
  echo "csp report --format html|$BIN report --format html --as-of $AS_OF --plan $plan"
  echo "csp export --format csv|$BIN export --format csv --as-of $AS_OF --plan $plan"
  echo "csp export (xlsx workbook)|$BIN export -o $WORK/$plan.xlsx --as-of $AS_OF --plan $plan"
}

cd "$WORK"
export COLUMNS=100
for n in $SIZES; do
  plan="plan-$n"
  if [ ! -f "$plan/csp.toml" ]; then
    rm -rf "$plan"
    "$GEN" "$n" "$plan" --taskwarrior "tasks-$n.json" >/dev/null
  fi
  bytes=$(find "$plan" -name '*.toml' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  names=("read floor")
  commands=("$FLOOR $plan")
  while IFS='|' read -r name command; do
    names+=("$name")
    commands+=("$command")
  done < <(csp_commands "$plan")
  taskwarrior=""
  if command -v task >/dev/null && [[ " $TW_SIZES " == *" $n "* ]]; then
    export TASKDATA="$WORK/taskdata-$n" TASKRC="$WORK/taskrc-$n"
    if [ ! -f "$TASKDATA/pending.data" ]; then
      mkdir -p "$TASKDATA"
      printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n' "$TASKDATA" > "$TASKRC"
      task rc.confirmation=off import "tasks-$n.json" >/dev/null
    fi
    names+=("task overdue (Taskwarrior)")
    commands+=("task overdue")
    taskwarrior=1
  fi
  hyperfine -N --warmup 2 --runs "$RUNS" --style basic --ignore-failure \
    --export-json "time-$n.json" "${commands[@]}" >&2
  : > "memory-$n.txt"
  for command in "${commands[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f '%M' $command 2>&1 >/dev/null | tail -1 >> "memory-$n.txt"
  done
  [ -n "$taskwarrior" ] && unset TASKDATA TASKRC
  printf '%s\n' "${names[@]}" > "names-$n.txt"
  python3 - "$n" "$bytes" "time-$n.json" "memory-$n.txt" "names-$n.txt" >> "$RESULTS" <<'PY'
import json, sys
n, size = int(sys.argv[1]), int(sys.argv[2])
results = json.load(open(sys.argv[3]))["results"]
memory = [int(line) for line in open(sys.argv[4]) if line.strip()]
names = [line.rstrip("\n") for line in open(sys.argv[5])]
budget = (2 * size + 20 * 1024 * 1024) / 2**20
def ms(seconds):
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
floor = results[0]["mean"]
print(f"## {n:,} actions ({size / 1e6:.1f} MB of TOML)\n")
print(f"| command | mean ± σ | min – max | × floor (target) | peak memory (budget {budget:.0f} MiB) |")
print("|:---|---:|---:|---:|---:|")
for name, result, kib in zip(names, results, memory):
    mean, sd = result["mean"], result["stddev"] or 0.0
    times = f"{ms(mean)} ± {ms(sd)}"
    spread = f"{ms(result['min'])} – {ms(result['max'])}"
    mib = kib / 1024
    if name == "read floor":
        print(f"| {name} | {times} | {spread} | 1.00× | {mib:.0f} MiB |")
        continue
    ratio = mean / floor
    if name.startswith("task"):
        print(f"| {name} | {times} | {spread} | {ratio:.2f}× | {mib:.0f} MiB |")
        continue
    target = 1.5 if name == "csp validate" else 2.0
    met = "✓" if ratio <= target else "✗"
    fits = "✓" if mib <= budget else "✗"
    print(f"| `{name}` | {times} | {spread} | {ratio:.2f}× ({met} ≤ {target}×) | {mib:.0f} MiB {fits} |")
print()
PY
done

# The bundled plan: every reading command, against its 10 ms target.
bundled_names=()
bundled=()
for command in "validate" "overdue" "upcoming" "list" "list --format json" "leads" "summary" "report" "export --format csv"; do
  bundled_names+=("csp $command")
  # shellcheck disable=SC2206
  bundled+=("$BIN $command --as-of 2024-03-14 --plan $BUNDLED")
done
hyperfine -N --warmup 3 --runs 20 --style basic --export-json "time-bundled.json" "${bundled[@]}" >&2
printf '%s\n' "${bundled_names[@]}" > names-bundled.txt
python3 - time-bundled.json names-bundled.txt >> "$RESULTS" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
names = [line.rstrip("\n") for line in open(sys.argv[2])]
print("## The bundled plan (78 actions)\n")
print("| command | mean ± σ | max | target < 10 ms |")
print("|:---|---:|---:|---:|")
for name, result in zip(names, results):
    mean, sd = result["mean"] * 1000, (result["stddev"] or 0.0) * 1000
    met = "✓" if mean < 10 else "✗"
    print(f"| `{name}` | {mean:.1f} ± {sd:.1f} ms | {result['max'] * 1000:.1f} ms | {met} |")
print()
PY

cat "$RESULTS"
echo "results: $RESULTS" >&2
