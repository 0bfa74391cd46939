"""Extractive vs generative answers, side by side, on N gold questions.

    python bench/llm_bench.py [--gold FILE] [--n 40] [--threads 1,2] [--model PATH] [--out DIR]

Default gold: evals/gold/test.jsonl if it exists, else evals/gold/dev.jsonl (the first N lines, so follow-ups
stay in). Per composer: key-fact recall, citation validity and sentence support as `debtlens eval` scores them
(evals/runner.score_row); for the generative runs also sentences generated vs dropped by each check, the eval's
support rate of the model's sentences before and after the post-check, time to first shown sentence, total
latency p50/p95, prompt and generation tokens/s (llama.cpp's /metrics) and peak memory (max RSS of the worker
process: index, embedder and model). Each thread count runs in its own worker process, resumable: rows are
appended to DIR/rows-<threads>t.jsonl as they finish. The machine's load average is recorded with every row.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def default_gold() -> Path:
    test = ROOT / "evals" / "gold" / "test.jsonl"
    return test if test.exists() else ROOT / "evals" / "gold" / "dev.jsonl"


def load_items(gold: Path, n: int) -> list[dict]:
    items = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items[:n]


def llama_metrics(base_url: str) -> dict[str, float]:
    text = urllib.request.urlopen(base_url.removesuffix("/v1") + "/metrics", timeout=30).read().decode()
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^llamacpp:(\w+)\s+([\d.e+-]+)", text, re.M)}


def load_average() -> float:
    return os.getloadavg()[0]


def worker(args) -> int:
    """One thread count: answer every question both ways, append a row per question."""
    from chat.answer import Answer, answer_question, stream_answer
    from chat.compose import ShownSentence
    from chat.generative import make_composer
    from chat.support import sentence_supported
    from evals.runner import score_row
    from index.retrieve import open_index
    from settings import Settings

    settings = Settings(llm="local", llm_threads=args.threads, llm_timeout=args.timeout,
                        **({"llm_model": args.model} if args.model else {}))
    handle = open_index(settings)
    composer = make_composer(settings, handle)
    assert composer is not None
    base_url = composer.llm.api_base  # the local server's address, for its /metrics counters
    out = args.out / f"rows-{args.threads}t.jsonl"
    done = {json.loads(line)["id"] for line in out.read_text().splitlines()} if out.exists() else set()
    with out.open("a", encoding="utf-8") as sink:
        for item in load_items(args.gold, args.n):
            if item["id"] in done:
                continue
            history = item.get("history") or []
            extractive = answer_question(handle, item["question"], history)
            before, load_before = llama_metrics(base_url), load_average()
            started, first = time.perf_counter(), None
            final: Answer | None = None
            for event in stream_answer(handle, item["question"], history, composer=composer):
                if isinstance(event, ShownSentence) and first is None:
                    first = time.perf_counter() - started
                elif isinstance(event, Answer):
                    final = event
            total = time.perf_counter() - started
            assert final is not None  # stream_answer always ends with the Answer
            after = llama_metrics(base_url)
            called = not final.refused
            checks = composer.last_checks if called else []
            generated = [{"sentence": c.sentence.text, "failures": c.failures, "cited": list(c.sentence.cited),
                          "inferred": c.inferred, "lead_taken_off": bool(c.unconfirmed_lead),
                          "token_support": c.token_support, "translation_support": c.translation_support,
                          "cross_similarity": c.cross_similarity}
                         for c in checks]
            row = {
                "id": item["id"], "question": item["question"], "history": history, "lang": item["lang"],
                "extractive": score_row(item, extractive, 5, handle.node),
                "generative": score_row(item, final, 5, handle.node),
                "composer": final.composer, "dropped": final.dropped, "generated": generated,
                # would the eval's support metric accept each model sentence against the passages it cites?
                "support_before": [sentence_supported(c.sentence.text, c.cited_texts) for c in checks],
                "first_sentence_s": first, "total_s": total, "llm_called": called,
                "prompt_tokens": after.get("prompt_tokens_total", 0) - before.get("prompt_tokens_total", 0),
                "prompt_seconds": after.get("prompt_seconds_total", 0) - before.get("prompt_seconds_total", 0),
                "gen_tokens": after.get("tokens_predicted_total", 0) - before.get("tokens_predicted_total", 0),
                "gen_seconds": (after.get("tokens_predicted_seconds_total", 0)
                                - before.get("tokens_predicted_seconds_total", 0)),
                "load_before": load_before, "load_after": load_average(),
                "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            sink.flush()
            print(f"[{args.threads}t] {item['id']}: {final.composer}, {len(generated)} generated, "
                  f"{len(final.dropped)} dropped, {total:.0f}s (load {row['load_after']:.1f})", file=sys.stderr)
    return 0


def summarise(rows: list[dict], label: str) -> dict:
    from evals.metrics import percentile

    def mean(xs):
        xs = [x for x in xs if x is not None]
        return sum(xs) / len(xs) if xs else None

    answerable = [r for r in rows if r["generative"]["scores"]["key_facts"] is not None]
    called = [r for r in rows if r["llm_called"]]
    failures: Counter = Counter()
    first_fail: Counter = Counter()
    for r in called:
        for g in r["generated"]:
            for check in {c for c, _ in g["failures"]}:
                failures[check] += 1
            if g["failures"]:
                first_fail[g["failures"][0][0]] += 1
    generated = sum(len(r["generated"]) for r in called)
    shown = sum(1 for r in called for g in r["generated"] if not g["failures"])
    before = [ok for r in called for ok in (r["support_before"] or [])]
    after = [ok for r in called for g, ok in zip(r["generated"], r["support_before"] or []) if not g["failures"]]
    totals = [r["total_s"] for r in called]
    firsts = [r["first_sentence_s"] for r in called if r["first_sentence_s"] is not None]
    return {
        "label": label, "questions": len(rows), "llm_called": len(called),
        "key_fact_recall_extractive": mean([r["extractive"]["scores"]["key_facts"] for r in answerable]),
        "key_fact_recall_generative": mean([r["generative"]["scores"]["key_facts"] for r in answerable]),
        "citation_validity_generative": mean([r["generative"]["scores"]["citations_valid"] for r in rows]),
        "composers": dict(Counter(r["composer"] for r in called)),
        "sentences_generated": generated, "sentences_shown": shown,
        "shown_with_inferred_citation": sum(1 for r in called for g in r["generated"]
                                            if g.get("inferred") and not g["failures"]),
        "leads_taken_off": sum(1 for r in called for g in r["generated"]
                               if g.get("lead_taken_off") and not g["failures"]),
        "sentences_failing_check": dict(failures), "sentences_dropped_by_first_check": dict(first_fail),
        "declined_or_error": dict(Counter(d["check"] for r in called for d in r["dropped"]
                                          if d["check"] in ("declined", "error"))),
        "support_before": mean([float(x) for x in before]), "support_after": mean([float(x) for x in after]),
        "first_sentence_p50_s": percentile(firsts, 50), "first_sentence_p95_s": percentile(firsts, 95),
        "total_p50_s": percentile(totals, 50), "total_p95_s": percentile(totals, 95),
        "extractive_p50_ms": percentile([r["extractive"]["latency_ms"] for r in rows], 50),
        "extractive_p95_ms": percentile([r["extractive"]["latency_ms"] for r in rows], 95),
        "prompt_tok_per_s": (sum(r["prompt_tokens"] for r in called) / sum(r["prompt_seconds"] for r in called)
                             if called and sum(r["prompt_seconds"] for r in called) else None),
        "gen_tok_per_s": (sum(r["gen_tokens"] for r in called) / sum(r["gen_seconds"] for r in called)
                          if called and sum(r["gen_seconds"] for r in called) else None),
        "peak_rss_mb": max((r["max_rss_mb"] for r in rows), default=None),
        "load_avg_mean": mean([(r["load_before"] + r["load_after"]) / 2 for r in rows]),
    }


def print_report(summaries: list[dict], rows_by_label: dict[str, list[dict]]) -> None:
    keys = [k for k in summaries[0] if k != "label"]
    print("| metric | " + " | ".join(s["label"] for s in summaries) + " |")
    print("|---|" + "---|" * len(summaries))
    for key in keys:
        cells = []
        for s in summaries:
            v = s.get(key)
            cells.append(f"{v:.3f}" if isinstance(v, float) else json.dumps(v, ensure_ascii=False))
        print(f"| {key} | " + " | ".join(cells) + " |")
    rows = next(iter(rows_by_label.values()), [])
    picks = [next((r for r in rows if r["lang"] == "zh" and not r["history"] and r["llm_called"]), None),
             next((r for r in rows if r["lang"] == "en" and not r["history"] and r["llm_called"]), None),
             next((r for r in rows if r["history"] and r["llm_called"]), None)]
    for r in filter(None, picks):
        print(f"\n### {r['id']}: {r['question']}" + (f"  (after: {' / '.join(r['history'])})" if r["history"] else ""))
        print(f"composer: {r['composer']}\n\n```\n{r['generative']['answer']}\n```")
        for c in r["generative"]["citations"]:
            print(f"- [{c['n']}] {c['source_id']}: \u201c{c['quote']}\u201d")
        for d in r["dropped"]:
            print(f"- removed ({d['check']}): {d['sentence']!r} \u2014 {d['reason']}")
        print(f"\nextractive answer:\n```\n{r['extractive']['answer']}\n```")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=default_gold())
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts, one worker each")
    parser.add_argument("--model", help="GGUF path (default: the 1.5B model `debtlens models llm` assembled)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per LLM request")
    parser.add_argument("--out", type=Path, default=Path(".debtlens") / "bench" / "llm")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--report-only", action="store_true", help="summarise the rows already written")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.worker:
        args.threads = int(args.threads)
        return worker(args)
    threads = [int(t) for t in args.threads.split(",")]
    if not args.report_only:
        for t in threads:
            command = [sys.executable, __file__, "--worker", "--threads", str(t), "--gold", str(args.gold),
                       "--n", str(args.n), "--timeout", str(args.timeout), "--out", str(args.out)]
            if args.model:
                command += ["--model", args.model]
            subprocess.run(command, check=True)
    rows_by_label = {}
    wanted = {item["id"] for item in load_items(args.gold, args.n)}  # --report-only --n 20: the first 20 only
    for t in threads:
        path = args.out / f"rows-{t}t.jsonl"
        if path.exists():
            rows = [json.loads(line) for line in path.read_text().splitlines() if line]
            rows_by_label[f"{t} thread(s)"] = [r for r in rows if r["id"] in wanted]
    summaries = [summarise(rows, label) for label, rows in rows_by_label.items() if rows]
    if not summaries:
        print("no rows yet", file=sys.stderr)
        return 1
    (args.out / "summary.json").write_text(json.dumps(summaries, indent=2, ensure_ascii=False))
    print(f"gold: {args.gold}, questions: {args.n}\n")
    print_report(summaries, rows_by_label)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
