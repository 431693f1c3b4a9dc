#!/usr/bin/env python3
"""Packs training pairs small enough to travel to a lent GPU machine (64 MiB with the repository).

The corpus inputs at one long side (from the pair cache that `fastimage pairs` fills) are stored as JPEG
(quality 95, no chroma subsampling: about 44 dB from the PNG), and the targets are recomputed by the
project's exact operators (`fastimage apply --mode exact`) on the *decoded* JPEGs, so every packed pair is
an exact pair: the network is never asked to map a JPEG-damaged input to a clean photo's target. Targets
are lossless WebP, or JPEG (quality 95) for the operators named in --jpeg-targets, where a network's error
is far above JPEG's (photographic style: 23 dB against 43.5).

Layout written under OUT:
    inputs/{train,validation}/NAME.jpg
    targets/OPERATOR/{train,validation}/NAME.webp|.jpg
    manifest.json   photo names, splits, operators, the long side, SHA-256 of every decoded input

    python3 scripts/gpu/pack-pairs.py --operators photographic-style,l0-smoothing \
        --jpeg-targets photographic-style --corpus ../corpus --cache ../corpus/pairs --out .gpu/pairs

Needs numpy and Pillow, and target/fastimage.jar (`mvn package`). Fails when a cached input is missing
(run `java -jar target/fastimage.jar pairs --long-sides SIDE --validation-long-sides SIDE` first).
"""
import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

CACHE_FORMAT = 1  # PairCache.FORMAT: the input key's version
JPEG = dict(format="JPEG", quality=95, subsampling=0)
WEBP_LOSSLESS = dict(format="WEBP", lossless=True, method=4)


def input_key(photo_sha256: str, long_side: int) -> str:
    """PairCache's name for a photo scaled to a long side."""
    return hashlib.sha256(f"v{CACHE_FORMAT}|{photo_sha256}|{long_side}".encode()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--operators", required=True, help="comma-separated operator ids")
    parser.add_argument("--jpeg-targets", default="", help="operators whose targets are stored as JPEG 95")
    parser.add_argument("--corpus", type=Path, default=Path("../corpus"))
    parser.add_argument("--cache", type=Path, default=Path("../corpus/pairs"))
    parser.add_argument("--long-side", type=int, default=1024)
    parser.add_argument("--jar", type=Path, default=Path("target/fastimage.jar"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    operators = [o for o in args.operators.split(",") if o]
    jpeg_targets = {o for o in args.jpeg_targets.split(",") if o}
    if not jpeg_targets <= set(operators):
        sys.exit(f"--jpeg-targets {sorted(jpeg_targets - set(operators))} are not among --operators")
    if not args.jar.is_file():
        sys.exit(f"{args.jar} is missing: run mvn package first")

    with open(args.corpus / "manifest.tsv", newline="") as f:
        photos = [row for row in csv.DictReader(f, delimiter="\t")]
    manifest = {"longSide": args.long_side, "inputs": "JPEG quality 95, 4:4:4", "operators": operators,
                "jpegTargets": sorted(jpeg_targets), "photos": []}
    with tempfile.TemporaryDirectory() as scratch:
        decoded = Path(scratch) / "decoded"
        for row in photos:
            name = Path(row["file"]).stem
            cached = args.cache / "inputs" / f"{input_key(row['sha256'], args.long_side)}.png"
            if not cached.is_file():
                sys.exit(f"{cached} (the {row['file']} input at {args.long_side} px) is not cached: run "
                         f"fastimage pairs --long-sides {args.long_side} --validation-long-sides {args.long_side}")
            jpeg = args.out / "inputs" / row["split"] / f"{name}.jpg"
            jpeg.parent.mkdir(parents=True, exist_ok=True)
            Image.open(cached).convert("RGB").save(jpeg, **JPEG)
            pixels = np.asarray(Image.open(jpeg).convert("RGB"))
            (decoded / row["split"]).mkdir(parents=True, exist_ok=True)
            Image.fromarray(pixels).save(decoded / row["split"] / f"{name}.png")
            manifest["photos"].append({"name": name, "split": row["split"],
                                       "decodedSha256": hashlib.sha256(pixels.tobytes()).hexdigest()})
        for operator in operators:
            exact = Path(scratch) / operator
            for split in ("train", "validation"):
                subprocess.run(["java", "-jar", str(args.jar), "apply", "--mode", "exact", "--operator", operator,
                                "--out", str(exact / split), str(decoded / split)], check=True,
                               stdout=subprocess.DEVNULL)
                target_dir = args.out / "targets" / operator / split
                target_dir.mkdir(parents=True, exist_ok=True)
                for png in sorted((exact / split).glob("*.png")):
                    image = Image.open(png).convert("RGB")
                    if operator in jpeg_targets:
                        image.save(target_dir / f"{png.stem}.jpg", **JPEG)
                    else:
                        image.save(target_dir / f"{png.stem}.webp", **WEBP_LOSSLESS)
            print(f"{operator}: targets of {len(photos)} photos", flush=True)
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"{len(photos)} photos, {len(operators)} operators: {size / 2**20:.1f} MiB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
