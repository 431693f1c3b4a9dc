#!/usr/bin/env bash
# Checks the GPU build where a GPU, its driver and a JDK 17 exist (there is none on our machines):
# builds the jar with the Maven gpu profile (PyTorch 2.5.1 + CUDA 12.4 natives from Maven Central),
# serves the authors' released L0 network from the conformance kit on the chosen device, and prints the
# device, three apply timings of their 1.76 MP test photo, and the network's PSNR/SSIM against the exact
# operator on it. The PSNR on a GPU must match the CPU's (printed by `scripts/gpu-check.sh cpu`, and in
# docs/deployment.md) to about 0.01 dB; a NaN would be an HTTP 500.
#
#   scripts/gpu-check.sh [gpu|cpu]      # from the repository root, next to ../shared/conformance
set -euo pipefail
device=${1:-gpu}
kit=../shared/conformance/l0-smoothing-can24
port=${PORT:-18095}
photo=$kit/input/000001.png
if ! { [ -f target/fastimage.jar ] && unzip -l target/fastimage.jar | grep -q pytorch-native-cu124; }; then
  mvn -B -ntp -q clean package -Pgpu -DskipTests
fi
work=$(mktemp -d)
java -jar target/fastimage.jar import-tf-checkpoint --checkpoint "$kit/checkpoint" --operator l0-smoothing \
  --out "$work/models/l0-smoothing" >/dev/null
java -jar target/fastimage.jar --server.port="$port" --fastimage.models="$work/models" \
  --fastimage.device="$device" --fastimage.limits.workers=1 >"$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "localhost:$port/actuator/health/readiness" >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$work/service.log"; echo "the service did not start" >&2; exit 1; }
  sleep 1
done
grep -o 'Loading models from .*' "$work/service.log"
curl -s "localhost:$port/actuator/info" | grep -o '"inference":{[^}]*}'
for i in 1 2 3; do
  curl -s -o /dev/null -w "apply $i: HTTP %{http_code}, %{time_total} s\n" -H 'Content-Type: image/png' \
    --data-binary @"$photo" "localhost:$port/api/v1/operators/l0-smoothing/apply?mode=fast"
done
curl -s -H 'Content-Type: image/png' --data-binary @"$photo" "localhost:$port/api/v1/operators/l0-smoothing/compare" \
  | grep -o '"psnr":[^,]*,"ssim":[^,]*'
