#!/usr/bin/env bash
# Prints, as Markdown, the accuracy a network trained under several conditions records per condition in its
# model.json: a parameterized network per parameter value (entries labelled " at NAME VALUE", the default
# unlabelled), a shared multi-task network per task (" [task ID]"), with the default variant of each task's
# operator beside it. Needs jq.
#   scripts/conditions-table.sh models/l0-smoothing/parameterized/model.json
#   scripts/conditions-table.sh models/shared/combined-can32/model.json [MODELS_DIR]
set -euo pipefail
json=$1
models=${2:-$(dirname "$0")/../models}
card='6 validation photos at 1024 px long side'
ci='ci-subset: l0-smoothing-can24/input/000001.png, l0-smoothing-can24/input/000002.png of ../shared/conformance at 512 px long side'
# The default network's validation PSNR of operator $1 (model.json directly or the variant config.json names).
dedicated() {
  local dir=$models/$1
  [[ -f $dir/model.json ]] || dir=$dir/$(jq -r .default "$dir/config.json")
  jq -r --arg card "$card" '.accuracy[] | select(.metric == "psnr-db" and .images == $card) | .value' "$dir/model.json"
}
row() { # suffix label [dedicated]
  jq -r --arg card "$card$1" --arg ci "$ci$1" --arg title "$2" --arg dedicated "${3:-}" '
    def v(m; images): [.accuracy[] | select(.metric == m and .images == images) | .value][0];
    [$title, (v("psnr-db"; $card) | tostring), (v("ssim"; $card) | tostring), (v("do-nothing-psnr-db"; $card) | tostring),
     ((v("psnr-db"; $card) - v("do-nothing-psnr-db"; $card)) * 100 | round / 100 | if . >= 0 then "+" + tostring else tostring end),
     (v("border-error-ratio"; $card) | tostring),
     "\(v("psnr-db"; $ci)) (do nothing \(v("do-nothing-psnr-db"; $ci)))"]
    + (if $dedicated != "" then [$dedicated] else [] end)
    | "| " + join(" | ") + " |"' "$json"
}
tasks=$(jq -r '.architecture.inputs // [] | .[] | select(.type == "task") | .task' "$json")
if [[ -n $tasks ]]; then
  echo "| operator | PSNR dB | SSIM | do-nothing PSNR dB | gain dB | frame | CI subset PSNR dB | dedicated network PSNR dB (default variant) |"
  echo "|---|---|---|---|---|---|---|---|"
  for task in $(tr ' ' '\n' <<<"$tasks" | sort); do row " [task $task]" "$task" "$(dedicated "$task")"; done
  jq -r --arg card "$card" '[.accuracy[] | select(.metric == "psnr-db" and (.images | startswith($card + " [task"))) | .value]
    | "| **mean of \(length)** | **\(add / length * 100 | round / 100)** | | | | | | |"' "$json"
else
  name=$(jq -r '.architecture.inputs[] | select(.type == "parameter") | .name' "$json")
  default=$(jq -r '.architecture.inputs[] | select(.type == "parameter") | .default' "$json")
  echo "| $name | PSNR dB | SSIM | do-nothing PSNR dB | gain dB | frame | CI subset PSNR dB |"
  echo "|---|---|---|---|---|---|---|"
  jq -r --arg card "$card at $name " '.accuracy[] | select(.metric == "psnr-db" and (.images | startswith($card))) | .images | ltrimstr($card)' "$json" \
    | { cat; echo "$default"; } | sort -g | while read -r value; do
      if [[ $value == "$default" ]]; then row "" "$value (default)"; else row " at $name $value" "$value"; fi
    done
fi
