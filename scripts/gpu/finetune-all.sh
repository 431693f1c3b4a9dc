#!/usr/bin/env bash
# Runs finetune.py for several models at once on the one GPU of a lent machine, each in its own process, and
# stops them all as soon as one fails (a failed check against Java's output exits 3 within seconds, so the
# lease's minutes are not spent on the others); its exit status is then the failed run's.
#
#   scripts/gpu/finetune-all.sh OUT MINUTES OPERATOR:VARIANT:LR ...
#
# Reads the pairs from .gpu/pairs (pack-pairs.py) and the check photo and Java's outputs from .gpu/check
# (input.png; OPERATOR/input.png, `fastimage apply --variant VARIANT` of it). Writes OUT/OPERATOR/
# (weights.safetensors, run.json) and OUT/OPERATOR.log.
set -uo pipefail
out=$1 minutes=$2
shift 2
export PYTHONUNBUFFERED=1
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
pids=()
for spec in "$@"; do
  IFS=: read -r operator variant lr <<<"$spec"
  python3 "$(dirname "$0")/finetune.py" --model "models/$operator/$variant" --operator "$operator" --pairs .gpu/pairs \
    --minutes "$minutes" --lr "$lr" --out "$out/$operator" \
    --check-input .gpu/check/input.png --check-output ".gpu/check/$operator/input.png" >"$out/$operator.log" 2>&1 &
  pids+=($!)
done
status=0
for _ in "${pids[@]}"; do
  wait -n
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "a run failed (exit status $rc): stopping the others" >&2
    kill "${pids[@]}" 2>/dev/null
    wait
    status=$rc
    break
  fi
done
tail -n 3 "$out"/*.log
exit $status
