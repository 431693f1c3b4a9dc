#!/usr/bin/env bash
# Prints the accuracy table of the trained models in models/ (from each model.json and training.json) as
# Markdown, with the mean over the models. Needs jq.
#   scripts/model-table.sh [MODELS_DIR]
set -euo pipefail
models=${1:-$(dirname "$0")/../models}
echo "| operator | PSNR dB | SSIM | steps | training hours | width | statistics |"
echo "|---|---|---|---|---|---|---|"
for json in "$models"/*/model.json; do
  dir=$(dirname "$json")
  jq -r --slurpfile history "$dir/training.json" '
    [.operatorId,
     (.accuracy[] | select(.metric == "psnr-db" and (.images | startswith("ci-subset") | not)) | .value | tostring),
     (.accuracy[] | select(.metric == "ssim") | .value | tostring),
     (.provenance.iterations | tostring),
     ($history[0].seconds / 3600 * 100 | round / 100 | tostring),
     (if .architecture.type == "context-aggregation-network" then "CAN" + (.architecture.width | tostring)
      else .architecture.type end),
     (.normalizationStatistics // "-")] | "| " + join(" | ") + " |"' "$json"
done
jq -s -r '[.[] | .accuracy[] | select(.metric == "psnr-db" and (.images | startswith("ci-subset") | not)) | .value]
  | "| **mean of \(length)** | **\(add / length * 100 | round / 100)** | | | | | |"' "$models"/*/model.json
