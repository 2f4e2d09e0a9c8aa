#!/usr/bin/env bash
# `make demo` with every CPU saturated by N busy loops (default 3): the embedded Prefect
# server must still start and the run publish. Prints the demo's summary and its time.
#   bash scripts/busy_demo.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
loops="${1:-3}"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq "$loops"); do
  python3 -c 'while True: pass' &
  pids+=($!)
done
PREFECT_HOME="$(mktemp -d)"
export PREFECT_HOME
warehouse="$(mktemp -d)/busy.duckdb"
echo "== make demo with $loops busy loops on $(nproc) CPUs (warehouse $warehouse)"
start=$(date +%s)
make demo WAREHOUSE="$warehouse" 2>&1 | tail -12
status=${PIPESTATUS[0]}
echo "== exit $status after $(( $(date +%s) - start )) s"
exit "$status"
