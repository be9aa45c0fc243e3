"""Benchmark: vanilla RNN, LSTM and attention on the adding problem at T = 100 and T = 400.

The RNN and the LSTM train with :func:`dlguide.train.rnn.train_adding`, the attention network
with :func:`dlguide.train.attention.train_adding_attention`: the same batches, the same
held-out set, the same loss, optimiser, clipping and number of steps (350) at each length.
At T = 100 the batches hold 256 sequences (the recipes' default, as in ``bench_rnn.py``); at
T = 400 they hold 64, to keep the whole benchmark within a few minutes on 2 CPU cores; the
times therefore compare models at one length, not across lengths. Prints and saves a table of
held-out mean squared error, its ratio to the 1/6 baseline of always answering 1, parameter
count and training time. Goal: the attention network reaches MSE < 0.01 at both lengths.

Run it alone (it times things)::

    flock /tmp/dlguide-cpu.lock python benchmarks/bench_attention.py
"""

from __future__ import annotations

import argparse
import os
import platform

import torch
from _record import save

from dlguide.data.sequences import ADDING_BASELINE_MSE
from dlguide.train.attention import train_adding_attention
from dlguide.train.rnn import train_adding

GOAL_MSE = 0.01
NAMES = {
    "rnn": {"en": "vanilla RNN", "ko": "기본 RNN"},
    "lstm": "LSTM",
    "attention": {"en": "attention", "ko": "어텐션"},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--models", nargs="+", default=["rnn", "lstm", "attention"])
    parser.add_argument("--steps", type=int, default=350)
    parser.add_argument("--long-batch", type=int, default=64, help="batch size when T > 100")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    # Measure real training, never a cached result.
    os.environ.pop("DLGUIDE_CACHE_DIR", None)
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{platform.processor() or platform.machine()}"
    )
    print()
    print("| T | batch | model | parameters | steps | final MSE | MSE / baseline | time (s) |")
    print("|---|---|---|---|---|---|---|---|")
    columns = ["T", "model", "parameters", "steps", "final_mse", "mse_ratio", "train_seconds"]
    table = {"columns": columns, "rows": []}
    ok = True
    for T in args.lengths:
        batch_size = 256 if T <= 100 else args.long_batch
        common = {"T": T, "steps": args.steps, "batch_size": batch_size, "seed": args.seed}
        for model in args.models:
            if model == "attention":
                out = train_adding_attention(**common)
            else:
                out = train_adding(model, **common)
            mse, seconds = out.final_mse, out.seconds
            params = sum(p.numel() for p in out.model.parameters())
            name = NAMES[model] if isinstance(NAMES[model], str) else NAMES[model]["en"]
            print(
                f"| {T} | {batch_size} | {name} | {params} | {out.steps} | {mse:.4f} "
                f"| {mse / ADDING_BASELINE_MSE:.3f} | {seconds:.1f} |",
                flush=True,
            )
            table["rows"].append(
                [
                    str(T),
                    NAMES[model],
                    str(params),
                    str(out.steps),
                    f"{mse:.4f}",
                    f"{mse / ADDING_BASELINE_MSE:.3f}",
                    f"{seconds:.1f}",
                ]
            )
            if model == "attention":
                ok = ok and mse < GOAL_MSE
    print()
    save("attention", {"adding": table})
    verdict = "met" if ok else "NOT met"
    print(f"goal (attention: MSE < {GOAL_MSE} at every length): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
