#!/usr/bin/env bash
# The steps of .github/workflows/sweep.yml, in one place so that they run the same anywhere: on GitHub (one matrix
# job per shard, then a merge job), on a laptop, and in SweepWorkflowTest, which runs them in order on a small spec.
#
#   sweep.sh matrix N     print the matrix of N shards as JSON: [1,2,...,N]
#   sweep.sh shard I N    train and analyse the I-th of N shares of the spec into $RUNS_DIR (renders nothing)
#   sweep.sh merge        with every shard's runs in $RUNS_DIR: check they are all there, render the comparison
#
# Environment:
#   SWEEP_SPEC  config file with the base keys and the sweep.KEY=values axes (required)
#   RUNS_DIR    run directories, one per run, named by config hash (default: runs)
#   SWEEP_OUT   where merge writes the comparison site (default: target/sweep)
#   SWEEP_ARGS  more sortlens arguments for shard and merge, e.g. --report.base_url=... (split on spaces)
#   SORTLENS    the command that runs sortlens (default: java -Xmx2g -jar target/sortlens.jar)
set -euo pipefail

usage() {
  echo "usage: sweep.sh matrix N | sweep.sh shard I N | sweep.sh merge" >&2
  exit 2
}
count() {
  [[ "$1" =~ ^[1-9][0-9]{0,2}$ ]] || { echo "sweep.sh: shard numbers are whole numbers from 1 to 999, not '$1'" >&2; exit 2; }
}

[[ $# -ge 1 ]] || usage
: "${SWEEP_SPEC:?sweep.sh: set SWEEP_SPEC to the config file of the sweep}"
RUNS_DIR="${RUNS_DIR:-runs}"
SWEEP_OUT="${SWEEP_OUT:-target/sweep}"
read -r -a sortlens <<< "${SORTLENS:-java -Xmx2g -jar target/sortlens.jar}"
read -r -a extra <<< "${SWEEP_ARGS:-}"

case "$1" in
  matrix)
    [[ $# -eq 2 ]] || usage
    count "$2"
    shards="1"
    for ((i = 2; i <= $2; i++)); do
      shards="$shards,$i"
    done
    echo "[$shards]"
    ;;
  shard)
    [[ $# -eq 3 ]] || usage
    count "$2"
    count "$3"
    "${sortlens[@]}" sweep --config "$SWEEP_SPEC" --runs-dir "$RUNS_DIR" --shard "$2/$3" ${extra[@]+"${extra[@]}"}
    ;;
  merge)
    [[ $# -eq 1 ]] || usage
    "${sortlens[@]}" sweep --config "$SWEEP_SPEC" --runs-dir "$RUNS_DIR" --no-train --out "$SWEEP_OUT" \
      ${extra[@]+"${extra[@]}"}
    ;;
  *)
    usage
    ;;
esac
