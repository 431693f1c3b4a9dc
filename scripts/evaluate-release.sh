#!/usr/bin/env bash
# Measures the paper authors' released CAN24s, exactly as released (BGR, per-image statistics, truncation),
# against this project's exact operators: the "authors' release" column of the README's accuracy table.
#
#   scripts/evaluate-release.sh [OPERATOR...]     (default: the nine with a CAN24 release)
#
# Imports each checkpoint of ../shared/pretrained/can24 into a temporary model repository and runs
# `evaluate` on the validation photos at 1024 px long side; prints one Markdown row per operator.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${JAR:-target/fastimage.jar}
corpus=${CORPUS:-../corpus}
declare -A release=([l0-smoothing]=L0_smoothing [tv-l1]=TV_L1 [relative-total-variation]=Relative_total_variation
  [rudin-osher-fatemi]=Rudin_Osher_Fatemi [multiscale-tone]=Multiscale_tone_manipulation
  [dark-channel-dehazing]=Dark_channel_dehazing [nonlocal-dehazing]=Nonlocal_dehazing
  [photographic-style]=Photographic_style [pencil-drawing]=Pencil_drawing)
operators=("$@")
[[ ${#operators[@]} -gt 0 ]] || operators=(l0-smoothing tv-l1 relative-total-variation rudin-osher-fatemi multiscale-tone
  dark-channel-dehazing nonlocal-dehazing photographic-style pencil-drawing)
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
[[ -f $jemalloc ]] && export LD_PRELOAD=$jemalloc MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
export ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-AVX2}
java=(java -Xmx8g -Dai.djl.offline=true -jar "$jar")
repository=$(mktemp -d)
trap 'rm -rf "$repository"' EXIT
echo "| operator | authors' release PSNR dB | SSIM | do-nothing PSNR dB | gain dB |"
echo "|---|---|---|---|---|"
for operator in "${operators[@]}"; do
  folder=${release[$operator]:?no CAN24 release for $operator}
  "${java[@]}" import-tf-checkpoint --checkpoint "../shared/pretrained/can24/$folder" --operator "$operator" \
    --out "$repository/$operator" --conventions authors >/dev/null
  # The mean row of evaluate: | **mean of 6** | | network | SSIM | do-nothing | SSIM | gain | border | do-nothing border |
  "${java[@]}" evaluate --operator "$operator" --models "$repository" --images "$corpus/photos/validation" \
    --long-side 1024 2>/dev/null | grep '^| \*\*mean' | tr -d '*' \
    | awk -F'|' -v op="$operator" '{ gsub(/ /, ""); print "| " op " | " $4 " | " $5 " | " $6 " | " $8 " |" }'
done
