"""Benchmark: GANs on the 2D ring and grid (5 seeds each) and a DCGAN on 8x8 digits.

The 2D part follows the protocol of VEEGAN, PacGAN and GDPP: train on the mixture, draw 2500
samples, count high-quality samples (within 3 standard deviations of a mode), modes captured
and the KL divergence of the mode histogram from uniform (:func:`dlguide.metrics.mode_metrics`).
The published rows are printed beside ours; theirs come from different networks and budgets
(PacGAN: Lin et al., 2018, table 2; GDPP: Elfeki et al., 2019, table 1), so read them as
context, not as a race. The DCGAN part asks the digit classifier of :mod:`dlguide.cnn` which
classes it sees among 2500 generated images and compares their classifier score with that of
real test images.

Goals: ring, 8 modes and >= 97% high quality on every seed, each run <= 60 s on 2 CPU cores;
DCGAN, 10/10 classes and a classifier score >= 90% of real data's.

Run it alone (it times things)::

    flock /tmp/dlguide-cpu.lock python benchmarks/bench_gan.py
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import torch
from _record import save

from dlguide.data.mixtures import grid_modes, grid_of_gaussians, ring_modes, ring_of_gaussians
from dlguide.metrics import classes_covered, classifier_score, mode_metrics
from dlguide.train.gan import train_dcgan, train_gan_2d

N_EVAL = 2500
RING_GOAL_MODES, RING_GOAL_HQ, GOAL_SECONDS = 8, 0.97, 60.0
DCGAN_GOAL_CLASSES, DCGAN_GOAL_RATIO = 10, 0.90

# (method, modes captured, % high quality) as published.
PUBLISHED = {
    "ring": [("VEEGAN", 8.0, 52.9), ("PacGAN4", 7.8, 95.9), ("GDPP", 8.0, 71.7)],
    "grid": [("VEEGAN", 24.6, 40.0), ("PacGAN4", 24.8, 93.6), ("GDPP", 24.8, 68.5)],
}
DATASETS = {
    "ring": (ring_of_gaussians, ring_modes(), 0.01),
    "grid": (grid_of_gaussians, grid_modes(), 0.05),
}


TABLES: dict[str, dict[str, list]] = {}


def bench_2d(name: str, seeds: list[int]) -> bool:
    sampler, modes, std = DATASETS[name]
    print(f"### {name}: {len(modes)} modes, std {std}, {N_EVAL} samples evaluated")
    print()
    print("| seed | modes | % high quality | KL | time (s) |")
    print("|---|---|---|---|---|")
    rows = []
    for seed in seeds:
        result = train_gan_2d(sampler, seed=seed)
        m = mode_metrics(result.sample(N_EVAL, seed=1000 + seed), modes, std)
        rows.append((m.modes_captured, 100 * m.high_quality, m.kl, result.seconds))
        print(
            f"| {seed} | {m.modes_captured} | {100 * m.high_quality:.1f} | {m.kl:.3f} "
            f"| {result.seconds:.1f} |",
            flush=True,
        )
    mean = [statistics.mean(column) for column in zip(*rows, strict=True)]
    print(f"| **mean (ours)** | {mean[0]:.1f} | {mean[1]:.1f} | {mean[2]:.3f} | {mean[3]:.1f} |")
    for method, n_modes, hq in PUBLISHED[name]:
        print(f"| {method} (published) | {n_modes} | {hq} | | |")
    print()
    table = [
        [
            {"en": f"dlguide, seed {seed}", "ko": f"dlguide, 시드 {seed}"},
            *(str(modes_), f"{hq:.1f}", f"{kl:.3f}", f"{seconds:.1f}"),
        ]
        for seed, (modes_, hq, kl, seconds) in zip(seeds, rows, strict=True)
    ]
    table.append(
        [
            {"en": "dlguide, mean", "ko": "dlguide, 평균"},
            *(f"{mean[0]:.1f}", f"{mean[1]:.1f}", f"{mean[2]:.3f}", f"{mean[3]:.1f}"),
        ]
    )
    table += [
        [{"en": f"{method} (published)", "ko": f"{method} (논문 값)"}, str(n), str(hq), "-", "-"]
        for method, n, hq in PUBLISHED[name]
    ]
    columns = ["run", "modes", "high_quality", "kl", "train_seconds"]
    TABLES[name] = {"columns": columns, "rows": table}
    return all(
        modes_ == RING_GOAL_MODES and hq >= 100 * RING_GOAL_HQ and seconds <= GOAL_SECONDS
        for modes_, hq, _, seconds in rows
    )


def bench_dcgan(seed: int) -> bool:
    from dlguide.data.digits import load_digits_split
    from dlguide.train.cnn import train_digits_cnn

    print("### DCGAN on 8x8 digits")
    print()
    start = time.perf_counter()
    judge = train_digits_cnn(seed=seed).model
    judge_seconds = time.perf_counter() - start
    result = train_dcgan(seed=seed)
    x_test = load_digits_split(seed=seed)[1]  # (N, 1, 8, 8)
    with torch.no_grad():
        fake_probs = torch.softmax(judge(result.sample(N_EVAL, seed=1000 + seed)), dim=1)
        real_probs = torch.softmax(judge(x_test), dim=1)
    covered = classes_covered(fake_probs.argmax(1))
    fake_score, real_score = classifier_score(fake_probs), classifier_score(real_probs)
    ratio = fake_score / real_score
    counts = torch.bincount(fake_probs.argmax(1), minlength=10).tolist()
    print("| classes covered | score (generated) | score (real test) | ratio | time (s) |")
    print("|---|---|---|---|---|")
    print(
        f"| {covered}/10 | {fake_score:.2f} | {real_score:.2f} | {ratio:.3f} "
        f"| {result.seconds:.1f} |"
    )
    print()
    TABLES["dcgan"] = {
        "columns": ["classes", "score_fake", "score_real", "score_ratio", "train_seconds"],
        "rows": [
            [
                f"{covered}/10",
                *(f"{fake_score:.2f}", f"{real_score:.2f}", f"{ratio:.3f}"),
                f"{result.seconds:.1f}",
            ]
        ],
    }
    print(f"judge's class histogram of generated images: {counts}")
    print(f"(judge trained in {judge_seconds:.1f} s)")
    print()
    return covered >= DCGAN_GOAL_CLASSES and ratio >= DCGAN_GOAL_RATIO


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--parts", nargs="+", default=["ring", "grid", "dcgan"])
    args = parser.parse_args(argv)

    # Measure real training, never a cached result.
    os.environ.pop("DLGUIDE_CACHE_DIR", None)
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{platform.processor() or platform.machine()}"
    )
    print()
    verdicts = {}
    if "ring" in args.parts:
        verdicts["ring"] = bench_2d("ring", args.seeds)
    if "grid" in args.parts:
        bench_2d("grid", args.seeds)  # reported, no goal
    if "dcgan" in args.parts:
        verdicts["dcgan"] = bench_dcgan(args.seeds[0])
    save("gan", TABLES)
    for part, ok in verdicts.items():
        print(f"goal ({part}): {'met' if ok else 'NOT met'}")
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
