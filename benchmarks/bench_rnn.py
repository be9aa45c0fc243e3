"""Benchmark: RNN, LSTM and GRU on the adding problem at T = 50 and T = 100.

Trains each model with :func:`dlguide.train.rnn.train_adding` (the settings the gallery uses) and
prints a table of held-out mean squared error, the 1/6 baseline of always answering 1, and
the training time. Goals: the LSTM reaches MSE < 0.01 at T = 100 within 60 s on 2 CPU cores;
the vanilla RNN stays near the baseline. A second table trains the T = 100 LSTM over several
seeds with two initialisations, chrono (the default) and one forget-gate bias of 2 for every
unit, and prints when each run first scored below 0.01 on the held-out set. A third trains the
character model of :func:`dlguide.train.rnn.train_chars` on random windows and with truncated
backpropagation through time, and prints its perplexity on the whole text against the uniform
guess (the vocabulary size) and the time per training step.

Run it alone (it times things)::

    flock /tmp/dlguide-cpu.lock python benchmarks/bench_rnn.py
    flock /tmp/dlguide-cpu.lock python benchmarks/bench_rnn.py --parts chars
"""

from __future__ import annotations

import argparse
import os
import platform

import torch
from _record import save

from dlguide.data.sequences import ADDING_BASELINE_MSE
from dlguide.train.rnn import train_adding, train_chars

LSTM_GOAL_MSE = 0.01
LSTM_GOAL_SECONDS = 60.0
NAMES = {"rnn": {"en": "vanilla RNN", "ko": "기본 RNN"}, "lstm": "LSTM", "gru": "GRU"}
PARTS = ("adding", "init", "chars")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--lengths", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--models", nargs="+", default=["rnn", "lstm", "gru"])
    parser.add_argument("--steps", type=int, default=None, help="override train_adding's steps")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init-seeds", type=int, default=5, help="seeds of the init table")
    args = parser.parse_args(argv)

    # Measure real training, never a cached result.
    os.environ.pop("DLGUIDE_CACHE_DIR", None)
    kwargs = {} if args.steps is None else {"steps": args.steps}
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{platform.processor() or platform.machine()}"
    )
    print()
    ok = True
    tables = {}
    if "adding" in args.parts:
        tables["adding"], ok = adding_table(args.lengths, args.models, args.seed, kwargs)
    if "init" in args.parts and args.init_seeds > 0:
        tables["init"] = init_table(range(args.init_seeds), kwargs)
    if "chars" in args.parts:
        tables["chars"] = chars_table()
    save("rnn", tables)
    if "adding" in args.parts:
        verdict = "met" if ok else "NOT met"
        goal = f"LSTM, T=100: MSE < {LSTM_GOAL_MSE} within {LSTM_GOAL_SECONDS:.0f} s"
        print(f"goal ({goal}): {verdict}")
    return 0 if ok else 1


def adding_table(lengths: list[int], models: list[str], seed: int, kwargs: dict):
    """Each model at each length: held-out MSE, its ratio to the baseline, training time."""
    print("| T | model | steps | final MSE | baseline | MSE / baseline | time (s) |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    columns = ["T", "model", "steps", "final_mse", "mse_ratio", "train_seconds"]
    table = {"columns": columns, "rows": []}
    for T in lengths:
        for model in models:
            out = train_adding(model, T=T, seed=seed, **kwargs)
            steps = out.steps
            mse, seconds = out.final_mse, out.seconds
            print(
                f"| {T} | {model.upper()} | {steps} | {mse:.4f} | {ADDING_BASELINE_MSE:.3f} "
                f"| {mse / ADDING_BASELINE_MSE:.3f} | {seconds:.1f} |",
                flush=True,
            )
            table["rows"].append(
                [
                    str(T),
                    NAMES[model],
                    str(steps),
                    f"{mse:.4f}",
                    f"{mse / ADDING_BASELINE_MSE:.3f}",
                    f"{seconds:.1f}",
                ]
            )
            if model == "lstm" and T == 100:
                ok = mse < LSTM_GOAL_MSE and seconds < LSTM_GOAL_SECONDS
    print()
    return table, ok


def init_table(seeds: range, kwargs: dict) -> dict:
    """The T = 100 LSTM over ``seeds``: chrono initialisation against a forget bias of 2."""
    print("| seed | LSTM init | final MSE | first step with MSE < 0.01 |")
    print("|---|---|---|---|")
    inits = (("chrono", "chrono"), (2.0, {"en": "forget bias 2", "ko": "망각 편향 2"}))
    rows = []
    for seed in seeds:
        for init, label in inits:
            out = train_adding("lstm", T=100, seed=seed, lstm_init=init, **kwargs)
            steps, mses = out.eval_steps.tolist(), out.test_mse.tolist()
            below = [s for s, m in zip(steps, mses, strict=True) if m < LSTM_GOAL_MSE]
            first = str(below[0]) if below else "-"
            name = label if isinstance(label, str) else label["en"]
            print(f"| {seed} | {name} | {out['final_mse']:.4f} | {first} |", flush=True)
            rows.append([str(seed), label, f"{out['final_mse']:.4f}", first])
    print()
    return {"columns": ["seed", "lstm_init", "final_mse", "first_below"], "rows": rows}


def chars_table() -> dict:
    """The character LSTM: random windows against truncated BPTT, perplexity on the text."""
    print("| training | chunk T | steps | perplexity | uniform guess | ms per step |")
    print("|---|---|---|---|---|---|")
    windows = {"en": "random windows, zero state", "ko": "무작위 구간, 0 상태에서 시작"}
    carried = {"en": "truncated BPTT, state carried", "ko": "절단 BPTT, 상태를 이어 감"}
    runs = ((False, 32, windows), (True, 32, carried), (False, 8, windows), (True, 8, carried))
    rows = []
    for tbptt, seq_len, label in runs:
        out = train_chars(seq_len=seq_len, tbptt=tbptt)
        ms = 1000 * out.seconds / out.steps
        V = len(out.vocab)
        print(
            f"| {label['en']} | {seq_len} | {out.steps} | {out.perplexity:.2f} | {V} | {ms:.1f} |",
            flush=True,
        )
        cells = [str(seq_len), str(out.steps), f"{out.perplexity:.2f}", str(V), f"{ms:.1f}"]
        rows.append([label, *cells])
    print()
    columns = ["run", "T", "steps", "perplexity", "uniform", "ms_per_step"]
    return {"columns": columns, "rows": rows}


if __name__ == "__main__":
    raise SystemExit(main())
