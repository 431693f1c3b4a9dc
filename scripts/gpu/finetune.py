#!/usr/bin/env python3
"""Fine-tunes one of the project's per-image context aggregation networks on a GPU, where a task is lent one.

The project's trainer (`fastimage train`, Java and DJL) runs on the CPU; the machine lent to some tasks has a
GPU, Python and PyTorch but no JDK, and what travels to it (64 MiB) holds no CUDA build of DJL. This script
continues the Java trainer's recipe for whole-photo CANs on that machine: the same network (Chen, Xu and
Koltun, ICCV 2017: bias-free dilated 3x3 convolutions, adaptive normalization lambda*x + mu*BN(x) with
per-image statistics and a shift beta, leaky ReLU 0.2, a 1x1 output convolution), the same loss (mean
squared error of RGB in [0, 1] on one whole photo per step, mirrored and turned at random), Adam with a
100-step warm-up, and validation and saving of the weights' exponential moving average. Two differences
from its recipe before round 17, both towards serving: the photo is mirrored by the model's symmetric padding
before the network and the margin is cut before the loss (the Java trainer does this too since round 17), and
the learning rate falls along a cosine over the last part of the time budget (the Java trainer's is constant).

It reads a model directory (model.json and weights.safetensors, colour and task input planes only) and pairs
packed by pack-pairs.py, and writes into OUT:
    weights.safetensors   the moving average at the best validation PSNR (the start's weights when no step beat
                          them), every tensor of the input file (per-image networks' stored statistics
                          unchanged), float32, same names
    run.json              settings, the start's date and weights (SHA-256), steps, the validation curve, the start's
                          and the best PSNR
`java -jar target/fastimage.jar train --operator ID --variant V --resume --adopt OUT` measures them on the card's
validation photos and takes them into the model when they beat its own weights (docs/training.md, round 16).

Before training it checks that it computes what the service computes: --check-input and --check-output name
a photo and the Java `apply` result of the same model on it (8-bit, rounded); another size, more than 1 % of
values differing, or any by more than 1, stops the run with exit status 3. Other errors exit with status 1.

    python3 scripts/gpu/finetune.py --model models/photographic-style/can32 --operator photographic-style \
        --pairs .gpu/pairs --minutes 7 --lr 1e-4 --out $OUT/style \
        --check-input .gpu/check/input.png --check-output .gpu/check/style-can32.png
"""
import argparse
import datetime
import hashlib
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from safetensors.torch import load_file, save_file

LEAKY_SLOPE = 0.2  # the authors' leaky ReLU slope (ContextAggregationNetwork.LEAKY_SLOPE)
WARM_UP_STEPS = 100  # NetworkTraining.WARM_UP_STEPS
TRAINABLE = ("weight", "beta", "lambda", "mu", "bias")  # runningMean/runningVar are not used by per-image BN


class Can(torch.nn.Module):
    """The project's CAN with per-image statistics. Input (N, C, H, W) float32; output (N, 3, H, W), RGB in [0, 1]."""

    def __init__(self, architecture: dict, tensors: dict):
        super().__init__()
        self.dilations = architecture["dilations"]
        self.epsilon = architecture["batchNormEpsilon"]
        # ParameterDict keys may not contain '.': "layer1.weight" is kept as "layer1:weight".
        self.tensors = torch.nn.ParameterDict({
            name.replace(".", ":"): torch.nn.Parameter(value.clone(), requires_grad=name.split(".")[-1] in TRAINABLE)
            for name, value in tensors.items()})

    def _p(self, name: str) -> torch.Tensor:
        return self.tensors[name.replace(".", ":")]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer, dilation in enumerate(self.dilations, start=1):
            conv = F.conv2d(x, self._p(f"layer{layer}.weight"), None, 1, dilation, dilation)
            # BN with a unit scale and the shift beta (cuDNN's backward needs the scale given, not None).
            beta = self._p(f"layer{layer}.beta")
            normalized = F.batch_norm(conv, None, None, torch.ones_like(beta), beta, True, 0.0, self.epsilon)
            x = F.leaky_relu(self._p(f"layer{layer}.lambda") * conv + self._p(f"layer{layer}.mu") * normalized,
                             LEAKY_SLOPE)
        return F.conv2d(x, self._p("output.weight"), self._p("output.bias"))

    def state(self) -> dict:
        """Every tensor under its model-file name, contiguous float32 on the CPU."""
        return {name.replace(":", "."): value.detach().float().contiguous().cpu() for name, value in self.tensors.items()}


def task_planes(inputs: list, operator: str) -> list:
    """The constant values of the planes after colour: 1 for the operator's task plane, 0 for the others."""
    if not inputs or inputs[0]["type"] != "colour":
        sys.exit("the model's first input must be colour")
    values = []
    for plane in inputs[1:]:
        if plane["type"] != "task":
            sys.exit(f"input plane type {plane['type']!r} is not supported here (colour and task planes only)")
        values.append(1.0 if plane["task"] == operator else 0.0)
    if 1.0 not in values and len(values) > 0:
        sys.exit(f"the model has task planes but none for {operator}")
    return values


def mirrored(x: torch.Tensor, margin: int) -> torch.Tensor:
    """(N, C, H, W) extended by margin px on every side, half-sample symmetric (edge pixels repeated), as
    Rgb8Image.cropMirrored extends a photo for SymmetricPadding; the margin must not exceed H or W."""
    if margin == 0:
        return x
    if margin > min(x.shape[2], x.shape[3]):
        raise ValueError(f"a {margin} px mirrored margin needs a photo of at least {margin} px, got {tuple(x.shape[2:])}")
    def index(n):
        i = torch.arange(-margin, n + margin, device=x.device)
        i = torch.where(i < 0, -i - 1, i)
        return torch.where(i >= n, 2 * n - 1 - i, i)
    return x.index_select(2, index(x.shape[2])).index_select(3, index(x.shape[3]))


class Runner:
    """The network as served: 8-bit RGB photo in, planes appended, mirrored margin, margin cut."""

    def __init__(self, network: Can, planes: list, margin: int):
        self.network, self.planes, self.margin = network, planes, margin

    def __call__(self, photo: torch.Tensor) -> torch.Tensor:
        """photo (H, W, 3) uint8 on the device; returns (1, 3, H, W) float32, RGB in [0, 1]."""
        x = photo.permute(2, 0, 1).unsqueeze(0).float() / 255
        if self.planes:
            constant = torch.tensor(self.planes, device=x.device).view(1, -1, 1, 1)
            x = torch.cat([x, constant.expand(1, -1, x.shape[2], x.shape[3])], dim=1)
        y = self.network(mirrored(x, self.margin).contiguous(memory_format=torch.channels_last))
        m = self.margin
        return y[:, :, m:y.shape[2] - m, m:y.shape[3] - m] if m else y


def to_8bit(y: torch.Tensor) -> torch.Tensor:
    """(1, 3, H, W) in [0, 1] to (H, W, 3) uint8, rounded half up as OutputQuantization.ROUND."""
    return torch.floor(y[0].permute(1, 2, 0) * 255 + 0.5).clamp(0, 255).to(torch.uint8)


def read(path: Path, device) -> torch.Tensor:
    """An image file as (H, W, 3) uint8 RGB on the device."""
    return torch.from_numpy(np.asarray(Image.open(path).convert("RGB")).copy()).to(device)


def load_pairs(pairs: Path, operator: str, split: str, device) -> list:
    """The packed pairs of a split: (name, input, target), each image (H, W, 3) uint8 on the device. Warns when an
    input decodes here otherwise than where it was packed (its target was computed from that decoding)."""
    manifest = json.loads((pairs / "manifest.json").read_text()) if (pairs / "manifest.json").is_file() else None
    decoded = {p["name"]: p["decodedSha256"] for p in manifest["photos"]} if manifest else {}
    result = []
    for jpeg in sorted((pairs / "inputs" / split).glob("*.jpg")):
        targets = list((pairs / "targets" / operator / split).glob(jpeg.stem + ".*"))
        if len(targets) != 1:
            sys.exit(f"{len(targets)} targets of {jpeg.stem} for {operator}")
        photo = read(jpeg, device)
        if jpeg.stem in decoded and hashlib.sha256(photo.cpu().numpy().tobytes()).hexdigest() != decoded[jpeg.stem]:
            print(f"warning: {jpeg.name} decodes otherwise here than where it was packed (JPEG decoders differ by "
                  f"rounding): its pair is no longer exact", flush=True)
        result.append((jpeg.stem, photo, read(targets[0], device)))
    if not result:
        sys.exit(f"no {split} pairs under {pairs}")
    return result


def psnr(mse: float) -> float:
    """PSNR in dB of a mean squared error of values in [0, 1]."""
    return 10 * math.log10(1 / mse) if mse > 0 else float("inf")


@torch.no_grad()
def served(runner: Runner, photo: torch.Tensor) -> torch.Tensor:
    """The network's 8-bit (H, W, 3) output on photo as served: full float32 (TF32, which training allows, off)."""
    torch.backends.cudnn.allow_tf32 = False
    try:
        return to_8bit(runner(photo))
    finally:
        torch.backends.cudnn.allow_tf32 = True


def validate(runner: Runner, pairs: list) -> float:
    """Mean PSNR (dB) of the 8-bit output over the pairs."""
    values = []
    for _, photo, target in pairs:
        error = served(runner, photo).float() - target.float()
        values.append(psnr(error.square().mean().item() / 255 ** 2))
    return sum(values) / len(values)


def check(runner: Runner, input_png: Path, expected_png: Path, device) -> None:
    """Exits with status 3 unless the network's output on input_png is Java's expected_png (see the module doc)."""
    ours = served(runner, read(input_png, device)).int()
    theirs = read(expected_png, device).int()
    if ours.shape != theirs.shape:
        print(f"check failed: output {tuple(ours.shape)} but Java's is {tuple(theirs.shape)}", flush=True)
        sys.exit(3)
    difference = (ours - theirs).abs()
    differing = (difference > 0).float().mean().item()
    largest = difference.max().item()
    print(f"check against Java's output: {differing * 100:.4f} % of values differ, by at most {largest}", flush=True)
    if differing > 0.01 or largest > 1:
        print("check failed: this script does not compute what the service computes", flush=True)
        sys.exit(3)


def learning_rate(step: int, progress: float, peak: float, decay_from: float, floor: float) -> float:
    """Linear warm-up over WARM_UP_STEPS from peak/WARM_UP_STEPS, then peak, then a cosine down to floor*peak
    over the last (1 - decay_from) of the time budget."""
    if step < WARM_UP_STEPS:
        return peak * (step + 1) / WARM_UP_STEPS
    if progress <= decay_from:
        return peak
    t = min(1.0, (progress - decay_from) / (1 - decay_from))
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * t)))


def symmetry(image: torch.Tensor, k: int) -> torch.Tensor:
    """One of the 8 symmetries of the square on an (H, W, 3) image: k % 4 quarter turns, mirrored when k >= 4."""
    image = torch.rot90(image, k % 4, dims=(0, 1))
    return torch.flip(image, dims=(1,)) if k >= 4 else image


def main() -> int:
    """Parses the arguments, checks the network against Java's output, trains, saves; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="model directory (model.json, weights.safetensors)")
    parser.add_argument("--operator", required=True, help="operator id: the pairs' targets and the task plane")
    parser.add_argument("--pairs", type=Path, required=True, help="pack-pairs.py output")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--minutes", type=float, required=True, help="training time budget")
    parser.add_argument("--lr", type=float, default=1e-4, help="Adam's peak learning rate")
    parser.add_argument("--decay-from", type=float, default=0.6, help="fraction of the budget before the cosine decay")
    parser.add_argument("--lr-floor", type=float, default=0.1, help="last learning rate as a fraction of the peak")
    parser.add_argument("--ema-decay", type=float, default=0.995)
    parser.add_argument("--validate-every", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check-input", type=Path)
    parser.add_argument("--check-output", type=Path)
    args = parser.parse_args()
    if (args.check_input is None) != (args.check_output is None):
        parser.error("--check-input and --check-output go together")
    started = time.monotonic()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if not torch.cuda.is_available():
        print("no CUDA device: running on the CPU (for trying the script only)", flush=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cudnn.benchmark = True
    random.seed(args.seed)
    torch.manual_seed(args.seed)

    descriptor = json.loads((args.model / "model.json").read_text())
    architecture = descriptor["architecture"]
    if architecture.get("type") != "context-aggregation-network" or descriptor.get("normalizationStatistics") != "per-image":
        sys.exit("only context aggregation networks with per-image statistics are supported")
    if descriptor.get("channelOrder") != "RGB" or descriptor.get("outputQuantization") != "round":
        sys.exit("only RGB networks with rounded output are supported")
    weights_file = args.model / descriptor["weights"]["file"]
    start_sha256 = hashlib.sha256(weights_file.read_bytes()).hexdigest()
    tensors = load_file(weights_file)
    network = Can(architecture, tensors).to(device).to(memory_format=torch.channels_last)
    planes = task_planes(architecture.get("inputs", [{"type": "colour"}]), args.operator)  # colour-only CANs omit inputs
    runner = Runner(network, planes, architecture.get("symmetricPadding", 0))
    if args.check_input:
        check(runner, args.check_input, args.check_output, device)

    training = load_pairs(args.pairs, args.operator, "train", device)
    validation = load_pairs(args.pairs, args.operator, "validation", device)
    trainable = [p for p in network.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(trainable, lr=args.lr)
    average = [p.detach().clone() for p in trainable]
    start_psnr = validate(runner, validation)
    best, best_step = start_psnr, 0
    args.out.mkdir(parents=True, exist_ok=True)
    save_file(network.state(), args.out / "weights.safetensors")
    print(f"{args.operator}: validation {start_psnr:.2f} dB at the start; {len(training)} training pairs; "
          f"device {torch.cuda.get_device_name() if device.type == 'cuda' else 'cpu'}", flush=True)

    budget = args.minutes * 60
    train_start = time.monotonic()
    curve, loss_sum, loss_count, step = [], torch.zeros((), device=device), 0, 0
    while time.monotonic() - train_start < budget:
        progress = (time.monotonic() - train_start) / budget
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, progress, args.lr, args.decay_from, args.lr_floor)
        _, photo, target = random.choice(training)
        k = random.randrange(8)
        prediction = runner(symmetry(photo, k))
        loss = F.mse_loss(prediction, symmetry(target, k).permute(2, 0, 1).unsqueeze(0).float() / 255)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            torch._foreach_lerp_(average, trainable, 1 - args.ema_decay)
        loss_sum += loss.detach()  # summed on the device: no wait for the GPU at every step
        loss_count += 1
        step += 1
        if step % args.validate_every == 0 or time.monotonic() - train_start >= budget:
            current = [p.detach().clone() for p in trainable]
            with torch.no_grad():
                [p.copy_(a) for p, a in zip(trainable, average)]
            value = validate(runner, validation)
            if value > best:
                best, best_step = value, step
                save_file(network.state(), args.out / "weights.safetensors")
            with torch.no_grad():
                [p.copy_(c) for p, c in zip(trainable, current)]
            curve.append({"step": step, "trainingPsnr": round(psnr(loss_sum.item() / loss_count), 3),
                          "validationPsnr": round(value, 3), "lr": optimizer.param_groups[0]["lr"],
                          "seconds": round(time.monotonic() - train_start, 1)})
            print(f"{args.operator} step {step}: training {curve[-1]['trainingPsnr']:.2f} dB, validation "
                  f"{value:.2f} (best {best:.2f} at {best_step}), {step / (time.monotonic() - train_start):.1f} "
                  f"steps/s", flush=True)
            loss_sum, loss_count = torch.zeros((), device=device), 0
            (args.out / "run.json").write_text(json.dumps({
                "operator": args.operator, "model": str(args.model), "arguments": sys.argv[1:], "date": date,
                "startSha256": start_sha256,
                "torch": torch.__version__, "device": torch.cuda.get_device_name() if device.type == "cuda" else "cpu",
                "trainingPairs": len(training), "steps": step, "bestStep": best_step,
                "startValidationPsnr": round(start_psnr, 3), "bestValidationPsnr": round(best, 3),
                "curve": curve}, indent=1))
    print(f"{args.operator}: {step} steps in {time.monotonic() - train_start:.0f} s; best {best:.2f} dB at step "
          f"{best_step} (start {start_psnr:.2f}); total {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
