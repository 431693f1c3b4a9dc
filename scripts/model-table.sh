#!/usr/bin/env bash
# Prints the accuracy table of the models in models/ (from each model.json and training.json) as Markdown,
# with the mean over the models. An operator with variants (config.json) is represented by its default variant,
# named in the variant column. The authors' release column comes from RELEASE_TABLE, the output of
# scripts/evaluate-release.sh (default docs/authors-release.md; "–" where an operator has no release). The frame
# column is the worst validation photo's error in the outer 4 px over the interior's ("–" where not recorded). A
# default that names a shared network (config.json "shared") is read from models/shared/NAME, its entries for
# this operator's task (images ending " [task ID]"), as the service shows them. Needs jq.
#   scripts/model-table.sh [MODELS_DIR [RELEASE_TABLE]]
set -euo pipefail
here=$(dirname "$0")
models=${1:-$here/../models}
releases=${2:-$here/../docs/authors-release.md}
release_of() {
  awk -F'|' -v op="$1" '{ gsub(/ /, "", $2) } $2 == op { gsub(/ /, "", $3); print $3; found = 1 } END { if (!found) print "–" }' "$releases"
}
validation='select(.images | startswith("ci-subset") | not)'
# The default network of each operator: model.json directly, or the variant config.json names; a shared one as
# a per-task copy of its model.json (in a scratch directory, with its training.json beside it).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
jsons=()
for dir in "$models"/*/; do
  [[ $(basename "$dir") == shared ]] && continue
  if [[ -f $dir/model.json ]]; then
    jsons+=("${dir}model.json")
  elif [[ -f $dir/config.json ]]; then
    default=$(jq -r .default "$dir/config.json")
    network=$(jq -r --arg d "$default" '.shared[$d] // empty' "$dir/config.json")
    if [[ -n $network ]]; then
      id=$(basename "$dir")
      mkdir -p "$scratch/$id/$default"
      cp "$models/shared/$network/training.json" "$scratch/$id/$default/"
      jq --arg id "$id" --arg suffix " [task $id]" '.operatorId = $id
        | .accuracy = [.accuracy[] | select(.images | endswith($suffix)) | .images |= rtrimstr($suffix)]' \
        "$models/shared/$network/model.json" > "$scratch/$id/$default/model.json"
      jsons+=("$scratch/$id/$default/model.json")
    else
      jsons+=("${dir}$default/model.json")
    fi
  fi
done
echo "| operator | variant | network PSNR dB | SSIM | do-nothing PSNR dB | gain dB | frame (border ÷ interior error, worst photo) | authors' release PSNR dB | steps | training hours | statistics | source |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for json in "${jsons[@]}"; do
  dir=$(dirname "$json")
  id=$(jq -r .operatorId "$json")
  variant=default
  [[ $(basename "$dir") != "$id" ]] && variant=$(basename "$dir")
  jq -r --arg release "$(release_of "$id")" --arg variant "$variant" --slurpfile history "$dir/training.json" "
    (.accuracy[] | select(.metric == \"psnr-db\") | $validation | .value) as \$psnr |
    ((.accuracy[] | select(.metric == \"do-nothing-psnr-db\") | $validation | .value) // null) as \$nothing |
    [.operatorId, \$variant, (\$psnr | tostring),
     (.accuracy[] | select(.metric == \"ssim\") | .value | tostring),
     (\$nothing // \"?\" | tostring),
     (if \$nothing then (\$psnr - \$nothing) * 100 | round / 100 | tostring else \"?\" end),
     ((.accuracy[] | select(.metric == \"border-error-ratio\") | $validation | .value | tostring) // \"–\"),
     \$release,
     (.provenance.iterations | tostring),
     (\$history[0].seconds / 3600 * 100 | round / 100 | tostring),
     ((.normalizationStatistics // (if .architecture.type == \"deep-guided-filter\" then \"per-image (low resolution)\" else \"-\" end))
      + (if .architecture.symmetricPadding then \"; \" + (.architecture.symmetricPadding | tostring) + \" px mirrored at the border\" else \"\" end)
      + (if .architecture.lowResolutionNetwork.symmetricPadding then \"; low-resolution copy mirrored \"
           + (.architecture.lowResolutionNetwork.symmetricPadding | tostring) + \" px\" else \"\" end)),
     ((.architecture.lowResolutionNetwork // .architecture | \"CAN\" + (.width | tostring)) as \$can
      | (if .provenance.origin then \"fine-tuned from the authors' \" + \$can else \"trained from scratch (\" + \$can + \")\" end)
        + (if .architecture.type == \"deep-guided-filter\"
           then \"; \" + \$can + \" at \" + (.architecture.lowResolutionShortSide | tostring) + \" px + guided filter\" else \"\" end)
        + (([(.architecture.inputs // [])[] | select(.type != \"colour\" and .type != \"task\") | .name]
            + ([(.architecture.inputs // [])[] | select(.type == \"task\")] | if length == 1 then [\"1 task plane\"] elif length > 1 then [\"\\(length) task planes\"] else [] end))
           as \$planes
           | if (\$planes | length) > 0 then \"; extra input planes: \" + (\$planes | join(\", \")) else \"\" end))]
    | \"| \" + join(\" | \") + \" |\"" "$json"
done
jq -s -r "[.[] | .accuracy[] | select(.metric == \"psnr-db\") | $validation | .value]
  | (add / length * 100 | round) as \$hundredths
  | (\$hundredths % 100 | tostring | if length < 2 then \"0\" + . else . end) as \$decimals
  | \"| **mean of \(length)** | | **\(\$hundredths / 100 | floor).\(\$decimals)** | | | | | | | | | |\"" "${jsons[@]}"
