#!/usr/bin/env bash
# Builds the training corpus from photographs that Debian ships in its wallpaper packages.
#
#   scripts/build-corpus.sh [CORPUS_DIR]      (default: ../corpus; never inside the repository)
#
# Downloads the packages by name (apt-get download: no root, nothing installed), unpacks them under
# CORPUS_DIR/packages, copies the curated real photographs (illustrations and renders are left out) to
# CORPUS_DIR/photos/{train,validation}/ and writes CORPUS_DIR/manifest.tsv with file, split, package,
# version, licence, size in bytes, width, height and SHA-256. Safe to run again: finished steps are kept.
set -euo pipefail

corpus=$(realpath -m "${1:-$(dirname "$0")/../../corpus}")
packages=(lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds plasma-workspace-wallpapers)

# package | path inside the package | split. Chosen by looking at every image in the packages: only
# camera photographs (landscapes, macro, still life, indoor), no illustrations, renders or duplicates.
# The split is fixed by file; validation covers landscape, macro, indoor, still life and dusk.
photos="
lomiri-wallpapers-16.04|usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/Dragonfly_by_Bolly.jpg|train
lomiri-wallpapers-20.04|usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/Picture_0B_by_freespace.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/Picture_1A_by_freespace.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg|validation
lomiri-wallpapers-16.04|usr/share/backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg|validation
lomiri-wallpapers-16.04|usr/share/backgrounds/free_by_Peter_Nerlich.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/friends_by_Aitzol_Berasategi.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg|train
lomiri-wallpapers-16.04|usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg|train
mate-backgrounds|usr/share/backgrounds/mate/nature/Blinds.jpg|train
mate-backgrounds|usr/share/backgrounds/mate/nature/Dune.jpg|train
mate-backgrounds|usr/share/backgrounds/mate/nature/LadyBird.jpg|validation
mate-backgrounds|usr/share/backgrounds/mate/nature/RainDrops.jpg|train
mate-backgrounds|usr/share/backgrounds/mate/nature/Storm.jpg|train
mate-backgrounds|usr/share/backgrounds/mate/nature/TwoWings.jpg|train
mate-backgrounds|usr/share/backgrounds/mate/nature/Wood.jpg|train
plasma-workspace-wallpapers|usr/share/wallpapers/BytheWater/contents/images/2560x1600.jpg|train
plasma-workspace-wallpapers|usr/share/wallpapers/ColdRipple/contents/images/2560x1600.jpg|train
plasma-workspace-wallpapers|usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg|validation
plasma-workspace-wallpapers|usr/share/wallpapers/DarkestHour/contents/images/2560x1600.jpg|train
plasma-workspace-wallpapers|usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg|validation
plasma-workspace-wallpapers|usr/share/wallpapers/FallenLeaf/contents/images/2560x1600.jpg|train
plasma-workspace-wallpapers|usr/share/wallpapers/Kite/contents/images/2560x1600.jpg|train
plasma-workspace-wallpapers|usr/share/wallpapers/OneStandsOut/contents/images/2560x1600.jpg|train
plasma-workspace-wallpapers|usr/share/wallpapers/Path/contents/images/2560x1600.jpg|validation
plasma-workspace-wallpapers|usr/share/wallpapers/summer_1am/contents/images/2560x1600.jpg|train
"

# The licence of one file: plasma wallpapers carry it in metadata.json; the others in the package's
# machine-readable debian/copyright, where a stanza naming the file wins over the catch-all 'Files: *'.
licence_of() {
  local root=$1 package=$2 path=$3
  local meta
  meta=$(dirname "$(dirname "$(dirname "$root/$path")")")/metadata.json
  if [[ $package == plasma-workspace-wallpapers && -f $meta ]]; then
    grep -o '"License": *"[^"]*"' "$meta" | head -1 | sed 's/.*: *"\(.*\)"/\1/'
    return
  fi
  local name fallback=unknown specific=""
  name=$(basename "$path")
  while IFS=$'\t' read -r pattern stanza_licence; do
    if [[ $pattern == "*" ]]; then
      fallback=$stanza_licence
    # shellcheck disable=SC2053 # the pattern is a glob on purpose
    elif [[ $pattern != debian/* && $name == $(basename "$pattern") ]]; then
      specific=$stanza_licence
    fi
  done < <(awk '
      /^Files:/ { files = substr($0, 8); infiles = 1; next }
      infiles && /^[ \t]/ { files = files " " $0; next }
      { infiles = 0 }
      /^License:/ && files != "" { n = split(files, f, /[ \t]+/); for (i = 1; i <= n; i++) if (f[i] != "") print f[i] "\t" $2; files = "" }
    ' "$root/usr/share/doc/$package/copyright")
  echo "${specific:-$fallback}"
}

# Width and height from file(1), which reads the JPEG/PNG header.
dimensions() {
  file -b "$1" | grep -oE '[0-9]+ ?x ?[0-9]+' | tail -1 | tr -d ' ' | tr x '\t'
}

mkdir -p "$corpus/debs" "$corpus/packages" "$corpus/photos/train" "$corpus/photos/validation"
echo "corpus: $corpus"
(cd "$corpus/debs" && for p in "${packages[@]}"; do
   ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download "$p"
 done)
for deb in "$corpus"/debs/*.deb; do
  package=$(dpkg-deb -f "$deb" Package)
  [[ -d $corpus/packages/$package ]] || dpkg-deb -x "$deb" "$corpus/packages/$package"
done

manifest=$corpus/manifest.tsv
printf 'file\tsplit\tpackage\tversion\tlicence\tbytes\twidth\theight\tsha256\n' > "$manifest.tmp"
while IFS='|' read -r package path split; do
  [[ -z $package ]] && continue
  root=$corpus/packages/$package
  source=$root/$path
  # Plasma names every file by its size, so its photos are named after their wallpaper directory.
  if [[ $package == plasma-workspace-wallpapers ]]; then
    name=$(echo "$path" | cut -d/ -f4).${path##*.}
  else
    name=$(basename "$path")
  fi
  target=$corpus/photos/$split/$name
  [[ -f $target ]] || cp "$source" "$target"
  version=$(dpkg-deb -f "$corpus"/debs/"${package}"_*.deb Version)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "photos/$split/$name" "$split" "$package" "$version" \
    "$(licence_of "$root" "$package" "$path")" "$(stat -c %s "$target")" "$(dimensions "$target")" \
    "$(sha256sum "$target" | cut -d' ' -f1)" >> "$manifest.tmp"
done <<< "$photos"
mv "$manifest.tmp" "$manifest"
echo "$(($(wc -l < "$manifest") - 1)) photos: $(grep -c $'\ttrain\t' "$manifest") train, $(grep -c $'\tvalidation\t' "$manifest") validation; manifest $manifest"
