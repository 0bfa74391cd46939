"""Prompt and generation speed of the local model by thread count (chooses DEBTLENS_LLM_THREADS).

    python bench/llm_threads.py [--model PATH] [--threads 1,2] [--rounds 3] [--gen 64]

Each round starts one worker process per thread count (alternating the order, so a change in the machine's load
hits both), loads the GGUF with xllamacpp, and sends the same ~700-token answer prompt (a real corpus passage set)
with the prompt cache off; llama.cpp's own timings give prompt and generation tokens/s. The load average is
printed with every figure: on a shared machine the numbers move with it.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSAGE_DOCS = ("cn-credit-card-measures-2011-zh.md", "us-fdcpa-en.md")


def prompt_messages() -> list[dict]:
    texts = []
    for name in PASSAGE_DOCS:
        body = (ROOT / "corpus" / "docs" / name).read_text(encoding="utf-8").split("---", 2)[-1]
        texts.append(body.strip()[:900])
    passages = "\n".join(f'<passage n="{n}">\n{t}\n</passage>' for n, t in enumerate(texts, start=1))
    return [{"role": "system", "content": "Answer only from the passages; put [n] after every sentence."},
            {"role": "user", "content": f"<passages>\n{passages}\n</passages>\nQuestion: 银行能和我协商分期还款吗？"}]


def worker(model: str, threads: int, gen: int) -> dict:
    xllamacpp = importlib.import_module("xllamacpp")  # compiled: its names are not visible statically
    params = xllamacpp.CommonParams()
    params.model.path = model
    params.n_ctx = 4096
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.verbosity = 0
    server = xllamacpp.Server(params)
    result = server.handle_chat_completions({"messages": prompt_messages(), "max_tokens": gen, "temperature": 0,
                                             "cache_prompt": False, "ignore_eos": True})
    timings = result["timings"]
    return {"threads": threads, "prompt_tokens": timings["prompt_n"], "prompt_tok_s": timings["prompt_per_second"],
            "gen_tokens": timings["predicted_n"], "gen_tok_s": timings["predicted_per_second"],
            "load": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="GGUF path (default: the 1.5B model in the data dir)")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gen", type=int, default=64)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.model is None:
        from chat.llm_model import DEFAULT_MODEL, model_path
        from settings import get_settings

        args.model = str(model_path(get_settings().data_dir, DEFAULT_MODEL))
    if args.worker is not None:
        print(json.dumps(worker(args.model, args.worker, args.gen)))
        return 0
    threads = [int(t) for t in args.threads.split(",")]
    rows = []
    for r in range(args.rounds):
        for t in threads if r % 2 == 0 else list(reversed(threads)):
            load_before = os.getloadavg()[0]
            run = subprocess.run([sys.executable, __file__, "--worker", str(t), "--model", args.model,
                                  "--gen", str(args.gen)], capture_output=True, text=True, check=True)
            row = json.loads(run.stdout.strip().splitlines()[-1]) | {"load_before": load_before, "round": r}
            rows.append(row)
            print(f"round {r} threads {t}: prompt {row['prompt_tok_s']:.1f} tok/s ({row['prompt_tokens']} tokens), "
                  f"generation {row['gen_tok_s']:.1f} tok/s; load {load_before:.1f} -> {row['load']:.1f}", flush=True)
    print("\n| threads | prompt tok/s (median, min-max) | generation tok/s (median, min-max) | load avg |")
    print("|---|---|---|---|")
    for t in threads:
        mine = [r for r in rows if r["threads"] == t]
        p = [r["prompt_tok_s"] for r in mine]
        g = [r["gen_tok_s"] for r in mine]
        loads = [(r["load_before"] + r["load"]) / 2 for r in mine]
        print(f"| {t} | {statistics.median(p):.1f} ({min(p):.1f}-{max(p):.1f}) | {statistics.median(g):.1f} "
              f"({min(g):.1f}-{max(g):.1f}) | {statistics.mean(loads):.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
