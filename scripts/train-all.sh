#!/usr/bin/env bash
# Trains the models of all operators (or $OPERATORS) in rounds of MINUTES per operator, continuing any model
# already in models/. Long-running: start it in the background and watch the log, e.g.
#
#   mvn -q -DskipTests package && cp target/fastimage.jar ../train.jar
#   JAR=../train.jar nohup scripts/train-all.sh 10 1 > ../train.log 2>&1 &
#
# Each model directory is replaced atomically whenever validation PSNR improves, so the script can be
# stopped at any time; commit models/ afterwards. Extra arguments go to every `train` call.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-10}
rounds=${2:-1}
shift $(($# < 2 ? $# : 2))
jar=${JAR:-target/fastimage.jar}
read -r -a operators <<< "${OPERATORS:-l0-smoothing rudin-osher-fatemi tv-l1 relative-total-variation multiscale-tone detail-manipulation photographic-style dark-channel-dehazing nonlocal-dehazing pencil-drawing}"

# Measured in ../shared/docs/architecture.md: oneDNN's AVX-512 dilated convolutions can return NaN on this
# CPU, and jemalloc makes training steps 1.5-2x faster than glibc malloc.
export ONEDNN_MAX_CPU_ISA=AVX2
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
if [[ -f $jemalloc ]]; then
  export LD_PRELOAD=$jemalloc MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
else
  echo "warning: $jemalloc missing (apt-get install libjemalloc2); training runs 1.5-2x slower" >&2
fi
java_opts=(-Xmx8g -Dai.djl.offline=true)

# All reference targets first, on every core (PAIRS=no skips this: train then computes missing pairs itself).
if [[ ${PAIRS:-yes} != no ]]; then
  java "${java_opts[@]}" -jar "$jar" pairs --operators "$(IFS=,; echo "${operators[*]}")"
fi
for ((round = 1; round <= rounds; round++)); do
  for operator in "${operators[@]}"; do
    resume=()
    [[ -f models/$operator/model.json ]] && resume=(--resume)
    # An operator whose CAN sits in a variant directory (no model.json beside config.json) keeps it in can24/.
    [[ -f models/$operator/can24/model.json ]] && resume=(--resume --variant can24)
    echo "=== round $round/$rounds: $operator for $minutes min ($(date -u +%FT%TZ))"
    java "${java_opts[@]}" -jar "$jar" train --operator "$operator" --minutes "$minutes" "${resume[@]}" "$@"
  done
done
