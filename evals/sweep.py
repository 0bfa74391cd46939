"""Risk-coverage sweep of the answerer's refusal thresholds, on the tune split only.

    python -m evals.sweep [--gold evals/gold/tune.jsonl --gold evals/gold/tune-users.jsonl] [--out evals/SWEEP.md]

Every question runs once through the app's own pipeline (chat.answer.plan) and is composed as if answered;
then each threshold combination re-decides refusals from the recorded features (Steps.decide), so the grid
costs no extra retrieval. Per combination: coverage (share of questions answered), risk (share of answered
questions that are wrong: unanswerable, or missing a key fact), key-fact recall, refusal recall and false-refusal
rate. The chosen setting maximises key-fact recall subject to refusal recall >= 0.95 and false-refusal rate
<= 0.05 (the issue's targets), falling back to the lowest risk at the highest coverage.
The locked test split is refused: thresholds are never chosen by looking at it.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

from evals.merge_gold import load_gold
from evals.metrics import key_facts_hit

HERE = Path(__file__).resolve().parent
# min_domain_margin_cue and refuse_other_place had no effect on tune in session 2 (evals/SWEEP.md then); they stay
# at their settings. min_evidence_sim 1.01 = off (coverage alone decides, as before).
GRID = {
    "min_domain_margin": [-0.02, 0.0, 0.02, 0.03, 0.04],
    "min_domain_margin_debt": [-0.08, -0.05, -0.03, -0.01, 0.01, 0.03],
    "min_coverage": [0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7],
    "min_evidence_sim": [0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 1.01],
    "unknown_weight": [0.0, 0.5, 1.0],
    "min_dense_cross": [0.82, 0.85, 0.88],
    "min_uncovered_margin": [0.0, 0.01, 0.02, 0.03, 0.04, 0.06, 1.0],  # 1.0 = off
}


# Sentence ranking: weight of the e5 question-sentence similarity (chat/evidence.py), chosen first, by key-fact
# recall of the composed answers with the gate ignored; the gate grid is then swept with the chosen weight.
SENTENCE_WEIGHTS = [0.0, 1.2, 3.0, 5.0, 7.0, 10.0, 15.0]


def record(handle, items: list[dict], sentence_vectors: bool = True) -> list[dict]:
    """Per question: its steps (with `sentence_vectors`, every candidate sentence scored with e5)."""
    from chat.answer import plan

    out = []
    for i, item in enumerate(items, 1):
        out.append({"item": item, "base": plan(handle, item["question"], item.get("history") or None,
                                               sentence_vectors=sentence_vectors)})
        if i % 50 == 0:
            print(f"  {i}/{len(items)}", file=sys.stderr, flush=True)
    return out


def compose_all(handle, records: list[dict], s) -> float:
    """Re-select every question's quotes under settings `s` and compose; each record gets its steps and whether
    the composed answer (ignoring the gate) holds the key facts. Returns that key-fact recall."""
    from chat.answer import compose_checked, reselect

    for r in records:
        steps = reselect(handle, r["base"], s)
        answer = compose_checked(handle, steps)
        item = r["item"]
        r["steps"], r["composed_refused"] = steps, answer.refused
        r["hit"] = bool(item["answerable"]) and key_facts_hit(answer.text, item.get("key_facts", []), answer.refused)
    answerable = [r for r in records if r["item"]["answerable"]]
    return sum(r["hit"] for r in answerable) / len(answerable) if answerable else 0.0


def evaluate(records: list[dict], s) -> dict:
    answered = [(r, not r["composed_refused"] and not r["steps"].decide(s).refuse) for r in records]
    answerable = [(r, a) for r, a in answered if r["item"]["answerable"]]
    unanswerable = [(r, a) for r, a in answered if not r["item"]["answerable"]]
    taken = [r for r, a in answered if a]
    wrong = [r for r in taken if not r["item"]["answerable"] or not r["hit"]]
    n = len(records)
    right = sum(r["hit"] for r in taken if r["item"]["answerable"]) + sum(not a for _, a in unanswerable)
    return {
        "accuracy": right / n if n else 0.0,
        "coverage": len(taken) / n if n else 0.0,
        "risk": len(wrong) / len(taken) if taken else 0.0,
        "key_fact_recall": sum(r["hit"] and a for r, a in answerable) / len(answerable) if answerable else 0.0,
        "refusal_recall": sum(not a for _, a in unanswerable) / len(unanswerable) if unanswerable else 1.0,
        "false_refusal_rate": sum(not a for _, a in answerable) / len(answerable) if answerable else 0.0,
        "worst_split_false_refusals": max(_false_refusals(answerable).values(), default=0.0),
    }


def _false_refusals(answerable: list[tuple[dict, bool]]) -> dict[str, float]:
    """False-refusal rate per gold file: a pooled rate can hide one split of real user phrasing far above it."""
    by_split: dict[str, list[bool]] = {}
    for r, a in answerable:
        by_split.setdefault(r["item"].get("_split", ""), []).append(not a)
    return {k: sum(v) / len(v) for k, v in by_split.items()}


def sweep(records: list[dict], base, grid: dict = GRID) -> list[tuple[dict, dict]]:
    rows = []
    for values in itertools.product(*grid.values()):
        combo = dict(zip(grid, values))
        rows.append((combo, evaluate(records, base.model_copy(update=combo))))
    return rows


def choose(rows: list[tuple[dict, dict]]) -> tuple[dict, dict]:
    """The issue's targets when reachable (refusal recall >= 0.95, false refusals <= 0.05 in every tune file: best
    key-fact recall); otherwise the best per-question accuracy (right facts or a right refusal) with false
    refusals <= 0.05 in every tune file."""
    ok = [r for r in rows if r[1]["refusal_recall"] >= 0.95 and r[1]["worst_split_false_refusals"] <= 0.05]
    if ok:
        return max(ok, key=lambda r: (r[1]["key_fact_recall"], -r[1]["risk"]))
    bounded = [r for r in rows if r[1]["worst_split_false_refusals"] <= 0.05] or rows
    return max(bounded, key=lambda r: (r[1]["accuracy"], r[1]["refusal_recall"]))


def one_at_a_time(records: list[dict], chosen: dict, base, grid: dict = GRID) -> dict[str, list[tuple]]:
    """Each threshold varied alone around the chosen setting: the curve behind its measured reason."""
    curves = {}
    for name, values in grid.items():
        curve = []
        for v in values:
            m = evaluate(records, base.model_copy(update={**chosen, name: v}))
            curve.append((v, m))
        curves[name] = curve
    return curves


def markdown(golds: list[Path], n: int, chosen: tuple[dict, dict], curves: dict, rows: list) -> str:
    cols = ("coverage", "risk", "accuracy", "key_fact_recall", "refusal_recall", "false_refusal_rate",
            "worst_split_false_refusals")
    lines = [f"# Risk-coverage sweep — {' + '.join(g.name for g in golds)} ({n} questions)", "",
             "Generated by `python -m evals.sweep` on the tune split only; the test split is never swept.",
             f"{len(rows)} combinations. Risk = answered questions that are wrong (unanswerable, or a key fact "
             "missing) / answered; coverage = answered / all.", "",
             "## Chosen", "", "| setting | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in chosen[0].items()]
    lines += ["", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols),
              "| " + " | ".join(f"{chosen[1][c]:.3f}" for c in cols) + " |", ""]
    for name, curve in curves.items():
        lines += [f"## {name} (others at the chosen values)", "", "| value | " + " | ".join(cols) + " |",
                  "|---|" + "---|" * len(cols)]
        lines += [f"| {v} | " + " | ".join(f"{m[c]:.3f}" for c in cols) + " |" for v, m in curve]
        lines.append("")
    frontier = sorted({(round(m["coverage"], 3), round(m["risk"], 3)) for _, m in rows})
    best: dict[float, float] = {}
    for cov, risk in frontier:
        best[cov] = min(risk, best.get(cov, 1.0))
    lines += ["## Risk-coverage frontier (lowest risk at each coverage)", "", "| coverage | risk |", "|---|---|"]
    lines += [f"| {c:.3f} | {r:.3f} |" for c, r in sorted(best.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None, handle=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.sweep", description=(__doc__ or "Risk-coverage sweep.").splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="tune split(s), repeatable "
                        "(default evals/gold/tune.jsonl)")
    parser.add_argument("--out", type=Path, default=HERE / "SWEEP.md")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--stride", type=int, default=1, help="every Nth question (a spread sample when time is short)")
    parser.add_argument("--sentence-weights", default=",".join(map(str, SENTENCE_WEIGHTS)),
                        help="comma list of sentence_dense_weight values to try ('0' skips the e5 sentence vectors)")
    args = parser.parse_args(argv)
    golds = args.gold or [HERE / "gold" / "tune.jsonl"]
    locked = [g for g in golds if g.name.startswith("test")]
    if locked:
        print(f"error: {locked[0]} is the locked test split; sweep the tune split (evals/gold/tune.jsonl)",
              file=sys.stderr)
        return 2
    if handle is None:
        from index.retrieve import open_index
        from settings import get_settings

        handle = open_index(get_settings())
    items = [{**item, "_split": g.name} for g in golds for item in load_gold(g)][:: args.stride]
    items = items[: args.limit] if args.limit else items
    started = time.perf_counter()
    weights = [float(w) for w in args.sentence_weights.split(",")]
    records = record(handle, items, any(weights))
    base = handle.settings.answer
    ranking = [(w, compose_all(handle, records, base.model_copy(update={"sentence_dense_weight": w})))
               for w in weights]
    weight = max(ranking, key=lambda r: (r[1], -abs(r[0] - base.sentence_dense_weight)))[0]
    base = base.model_copy(update={"sentence_dense_weight": weight})
    compose_all(handle, records, base)
    rows = sweep(records, base)
    chosen = choose(rows)
    curves = one_at_a_time(records, chosen[0], base)
    text = markdown(golds, len(items), chosen, curves, rows)
    table = ["## sentence_dense_weight (chosen first; key-fact recall of composed answers, gate ignored)", "",
             "| value | key_fact_recall (ungated) |", "|---|---|"] + [f"| {w} | {k:.3f} |" for w, k in ranking]
    text = text.replace("## Chosen", "\n".join(table) + f"\n\nChosen: {weight}.\n\n## Chosen", 1)
    args.out.write_text(text, encoding="utf-8")
    print("sentence ranking: " + ", ".join(f"{w}: {k:.3f}" for w, k in ranking))
    print(f"chosen: {chosen[0]} -> " + ", ".join(f"{k} {v:.3f}" for k, v in chosen[1].items()))
    print(f"wrote {args.out} ({time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
