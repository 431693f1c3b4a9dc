#!/usr/bin/env bash
# Builds the training corpus from photographs that Debian ships in its wallpaper, theme, game and
# documentation packages.
#
#   scripts/build-corpus.sh [CORPUS_DIR]      (default: ../corpus; never inside the repository)
#
# Downloads the packages by name (apt-get download: no root, nothing installed), unpacks them under
# CORPUS_DIR/packages, copies the curated real photographs (illustrations and renders are left out) to
# CORPUS_DIR/photos/{train,validation}/ and writes CORPUS_DIR/manifest.tsv with file, split, package,
# version, licence, size in bytes, width, height and SHA-256. Safe to run again: finished steps are kept.
# Fails on a package apt cannot download, a listed file missing from its package, a photo whose long side
# is under 1024 px, two photos with one name, or a photo without a licence.
set -euo pipefail

corpus=$(realpath -m "${1:-$(dirname "$0")/../../corpus}")
packages=(lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 mate-backgrounds plasma-workspace-wallpapers
  lxqt-themes palapeli-data enlightenment-data opencv-doc)

# package | path inside the package | split. Chosen by looking at every image in the packages: only
# camera photographs (landscapes, macro, still life, indoor), no illustrations, renders or duplicates.
# The split is fixed by file; validation covers landscape, macro, indoor, still life and dusk, and stays
# these 6 photos: every photo added later goes to train. Enlightenment keeps each wallpaper as an Edje
# file (.edj) holding the photo at several sizes; its largest JPEG is taken (see largest_jpeg).
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
lxqt-themes|usr/share/lxqt/wallpapers/Butterfly-Kenneth-Wimer.jpg|train
lxqt-themes|usr/share/lxqt/wallpapers/Valendas.png|train
lxqt-themes|usr/share/lxqt/wallpapers/after-the-rain.jpg|train
lxqt-themes|usr/share/lxqt/wallpapers/appleflower.png|train
lxqt-themes|usr/share/lxqt/wallpapers/beam.png|train
lxqt-themes|usr/share/lxqt/wallpapers/butterfly.png|train
lxqt-themes|usr/share/lxqt/wallpapers/drop.png|train
lxqt-themes|usr/share/lxqt/wallpapers/flowers.png|train
lxqt-themes|usr/share/lxqt/wallpapers/fog.jpg|train
lxqt-themes|usr/share/lxqt/wallpapers/this-is-not-windows.jpg|train
palapeli-data|usr/share/palapeli/collection/castle-maintenon.jpg|train
palapeli-data|usr/share/palapeli/collection/cincinnati-bridge.jpg|train
palapeli-data|usr/share/palapeli/collection/citrus-fruits.jpg|train
palapeli-data|usr/share/palapeli/collection/european-honey-bee.jpg|train
palapeli-data|usr/share/palapeli/collection/panther-chameleon-female.jpg|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Bamboo.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/God-Rays.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Green-Maple.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Lichen-Branches.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Mountain.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Red-Maple.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Sea-of-Lanterns.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Snow-Trees.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Spruce-Needles.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Sunset-Clouds.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/White-Flower.edj|train
enlightenment-data|usr/share/enlightenment/data/backgrounds/Yellow-Flower.edj|train
opencv-doc|usr/share/doc/opencv-doc/examples/data/aloeL.jpg|train
opencv-doc|usr/share/doc/opencv-doc/examples/text/scenetext02.jpg|train
opencv-doc|usr/share/doc/opencv-doc/examples/text/scenetext04.jpg|train
opencv-doc|usr/share/doc/opencv-doc/examples/text/scenetext05.jpg|train
"

# The licence of one file. Plasma wallpapers carry it in metadata.json and Palapeli puzzles in the .desktop
# file beside the photo (the upstream licence, where debian/copyright only has a catch-all); the others in
# the package's machine-readable debian/copyright, where a stanza naming the file wins over the catch-all
# 'Files: *'. Stanzas with a wildcard in the name ('graphics/*', 'data/*') name source directories whose
# layout the binary package does not keep, so they are not matched against the installed path.
licence_of() {
  local root=$1 package=$2 path=$3
  local meta desktop=$root/${path%.*}.desktop
  meta=$(dirname "$(dirname "$(dirname "$root/$path")")")/metadata.json
  if [[ $package == plasma-workspace-wallpapers && -f $meta ]]; then
    grep -o '"License": *"[^"]*"' "$meta" | head -1 | sed 's/.*: *"\(.*\)"/\1/'
    return
  fi
  if [[ -f $desktop ]] && grep -q '^X-KDE-PluginInfo-License=.' "$desktop"; then
    grep -m1 '^X-KDE-PluginInfo-License=' "$desktop" | cut -d= -f2-
    return
  fi
  local name fallback="" specific=""
  name=$(basename "$path")
  while IFS=$'\t' read -r pattern stanza_licence; do
    if [[ $pattern == "*" ]]; then
      fallback=$stanza_licence
    elif [[ $pattern != debian/* && $pattern != *[*?[]* && $name == "$(basename "$pattern")" ]]; then
      specific=$stanza_licence
    fi
  done < <(awk '
      /^Files:/ { files = substr($0, 8); infiles = 1; next }
      infiles && /^[ \t]/ { files = files " " $0; next }
      { infiles = 0 }
      /^License:/ && files != "" {
        licence = $0; sub(/^License:[ \t]*/, "", licence); sub(/[ \t]+$/, "", licence)
        n = split(files, f, /[ \t]+/); for (i = 1; i <= n; i++) if (f[i] != "") print f[i] "\t" licence; files = "" }
    ' "$root/usr/share/doc/$package/copyright")
  echo "${specific:-$fallback}"
}

# Width and height from file(1), which reads the JPEG/PNG header.
dimensions() {
  file -b "$1" | grep -oE '[0-9]+ ?x ?[0-9]+' | tail -1 | tr -d ' ' | tr x '\t'
}

# Copies the largest JPEG embedded in an Edje file to $2. An .edj is an Eet archive whose lossy images are
# stored as plain JPEG streams; each runs from its start-of-image marker (FF D8 FF) to the last
# end-of-image marker (FF D9) before the next one. Enlightenment stores each wallpaper at several sizes.
largest_jpeg() {
  local edj=$1 target=$2 work size best="" best_pixels=0 i e start next end piece w h
  local -a starts ends
  work=$(mktemp -d)
  size=$(stat -c %s "$edj")
  mapfile -t starts < <(LC_ALL=C grep -obUaP '\xff\xd8\xff' "$edj" | cut -d: -f1)
  mapfile -t ends < <(LC_ALL=C grep -obUaP '\xff\xd9' "$edj" | cut -d: -f1)
  for i in "${!starts[@]}"; do
    start=${starts[i]} next=${starts[i + 1]:-$size} end=""
    for e in "${ends[@]}"; do
      if (( e > start && e < next )); then end=$e; fi
    done
    [[ -n $end ]] || continue
    piece=$work/$i.jpg
    dd if="$edj" of="$piece" iflag=skip_bytes,count_bytes skip="$start" count=$((end + 2 - start)) bs=1M status=none
    read -r w h < <(dimensions "$piece") || continue
    if (( w * h > best_pixels )); then best=$piece best_pixels=$((w * h)); fi
  done
  if [[ -z $best ]]; then
    echo "no JPEG found in $edj" >&2
    rm -rf "$work"
    return 1
  fi
  mv "$best" "$target"
  rm -rf "$work"
}

mkdir -p "$corpus/debs" "$corpus/packages" "$corpus/photos/train" "$corpus/photos/validation"
echo "corpus: $corpus"
# A download or an unpacking goes to a temporary name first, so an interrupted run leaves nothing half done.
(cd "$corpus/debs" && for p in "${packages[@]}"; do
   if ! ls "${p}"_*.deb >/dev/null 2>&1; then
     rm -rf partial && mkdir partial
     (cd partial && apt-get download "$p")
     mv partial/"${p}"_*.deb . && rmdir partial
   fi
 done)
for deb in "$corpus"/debs/*.deb; do
  package=$(dpkg-deb -f "$deb" Package)
  if [[ ! -d $corpus/packages/$package ]]; then
    rm -rf "$corpus/packages/$package.tmp"
    dpkg-deb -x "$deb" "$corpus/packages/$package.tmp"
    mv "$corpus/packages/$package.tmp" "$corpus/packages/$package"
  fi
done

manifest=$corpus/manifest.tsv
printf 'file\tsplit\tpackage\tversion\tlicence\tbytes\twidth\theight\tsha256\n' > "$manifest.tmp"
declare -A seen=()
while IFS='|' read -r package path split; do
  [[ -z $package ]] && continue
  root=$corpus/packages/$package
  source=$root/$path
  if [[ ! -f $source ]]; then
    echo "missing: $path in $package" >&2
    exit 1
  fi
  # Plasma names every file by its size, so its photos are named after their wallpaper directory; an
  # Enlightenment wallpaper becomes the JPEG inside it.
  if [[ $package == plasma-workspace-wallpapers ]]; then
    name=$(echo "$path" | cut -d/ -f4).${path##*.}
  elif [[ $path == *.edj ]]; then
    name=$(basename "$path" .edj).jpg
  else
    name=$(basename "$path")
  fi
  if [[ -n ${seen[$name]:-} ]]; then
    echo "two photos named $name: ${seen[$name]} and $package|$path" >&2
    exit 1
  fi
  seen[$name]="$package|$path"
  target=$corpus/photos/$split/$name
  if [[ ! -f $target ]]; then
    if [[ $path == *.edj ]]; then
      largest_jpeg "$source" "$target.tmp"
    else
      cp "$source" "$target.tmp"
    fi
    mv "$target.tmp" "$target"
  fi
  if ! read -r width height < <(dimensions "$target"); then
    echo "cannot read the size of $target" >&2
    exit 1
  fi
  if (( (width > height ? width : height) < 1024 )); then
    echo "$name is ${width}x$height: the long side is under 1024 px" >&2
    exit 1
  fi
  licence=$(licence_of "$root" "$package" "$path")
  if [[ -z $licence ]]; then
    echo "no licence found for $path in $package" >&2
    exit 1
  fi
  version=$(dpkg-deb -f "$corpus"/debs/"${package}"_*.deb Version)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "photos/$split/$name" "$split" "$package" "$version" \
    "$licence" "$(stat -c %s "$target")" "$width" "$height" \
    "$(sha256sum "$target" | cut -d' ' -f1)" >> "$manifest.tmp"
done <<< "$photos"
mv "$manifest.tmp" "$manifest"
echo "$(($(wc -l < "$manifest") - 1)) photos: $(grep -c $'\ttrain\t' "$manifest") train, $(grep -c $'\tvalidation\t' "$manifest") validation; manifest $manifest"
