#!/usr/bin/env bash
# Drives a running service with wrk (Debian package `wrk`): POSTs one image to an operator at several
# numbers of concurrent connections and prints throughput, latency percentiles and status codes.
# Requests still running when a level ends keep their workers busy, so every level starts only once the
# service's queue and workers are idle again (from /actuator/prometheus).
#
#   scripts/load-test.sh [BASE_URL] [IMAGE] [OPERATOR] [SECONDS] [CONNECTIONS...]
#   scripts/load-test.sh http://localhost:8080 photo.jpg l0-smoothing 30 1 2 4 8 16
set -euo pipefail
base=${1:-http://localhost:8080}
image=${2:?an image file to send}
operator=${3:-l0-smoothing}
seconds=${4:-30}
shift $(($# < 4 ? $# : 4))
connections=("${@:-1 2 4 8}")
read -r -a connections <<< "${connections[*]}"

script=$(mktemp --suffix=.lua)
trap 'rm -f "$script"' EXIT
cat > "$script" <<'LUA'
local file = assert(io.open(os.getenv("LOAD_IMAGE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "image/jpeg"

local threads = {}
function setup(thread) table.insert(threads, thread) end

codes = {}
function response(status) codes[status] = (codes[status] or 0) + 1 end

function done(summary, latency)
  local all = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("codes")) do all[code] = (all[code] or 0) + count end
  end
  local parts = {}
  for code, count in pairs(all) do table.insert(parts, code .. "×" .. count) end
  table.sort(parts)
  io.write(string.format("| %d | %.2f | %.0f | %.0f | %.0f | %s |\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, table.concat(parts, ", ")))
end
LUA

echo "POST $base/api/v1/operators/$operator/apply?mode=fast, $(stat -c %s "$image") bytes, ${seconds}s per row"
echo
echo "| connections | requests | req/s | p50 ms | p99 ms | max ms | status codes |"
echo "|---|---|---|---|---|---|---|"
wait_until_idle() {
  for _ in $(seq 1 600); do
    curl -sf "$base/actuator/prometheus" \
      | awk '/^fastimage_(queue_length|workers_active)/ { busy += $2 } END { exit busy > 0 }' && return
    sleep 1
  done
  echo "service still busy after 10 minutes" >&2
  exit 1
}

for c in "${connections[@]}"; do
  wait_until_idle
  printf '| %d ' "$c"
  LOAD_IMAGE=$image wrk -t "$((c < 2 ? c : 2))" -c "$c" -d "${seconds}s" --timeout 120s -s "$script" \
    "$base/api/v1/operators/$operator/apply?mode=fast&format=jpeg" | grep '^|'
done
