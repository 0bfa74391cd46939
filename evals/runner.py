"""The eval runner: every gold question through the app's own answer path, scored, reported and gated.

    debtlens eval --gold FILE [--out DIR] [--k 5] [--baseline FILE] [--thresholds FILE]
                  [--distractors] [--inject-false]
    python -m evals ...   (the same)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from evals import gate, metrics, report
from evals.merge_gold import load_gold

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.toml")
MAIN_SLICES = ("zh", "en", "cross-lingual", "follow-up", "ood")


def score_row(item: dict, answer, k: int, lookup=None) -> dict:
    """One report row: the answer, per-question scores (None where a metric does not apply) and why it failed."""
    evidence = {h.node.node_id: h.node.get_content() for h in answer.evidence}
    retrieved = list(dict.fromkeys(h.node.metadata.get("source_id", "") for h in answer.evidence))
    answerable, facts = item["answerable"], item.get("key_facts", [])
    quotes = [c.quote for c in answer.citations]
    cite_problems = metrics.citation_problems([(c.n, c.chunk_id, c.quote) for c in answer.citations], evidence)
    by_n = {c.n: c.chunk_id for c in answer.citations}

    def passage(n: int) -> str:
        chunk_id = by_n.get(n, "")
        if chunk_id in evidence:
            return evidence[chunk_id]
        node = lookup(chunk_id) if lookup and chunk_id else None
        return node.get_content() if node is not None else ""

    claim_list = [(s, [passage(n) for n in ns]) for s, ns in metrics.claims(answer.text)] if not answer.refused else []
    unsupported = [s for s, ps in claim_list if not metrics.sentence_supported(s, ps)]
    lang_ok = metrics.language_matches(answer.text, quotes, item["lang"], item["question"])
    sources = item.get("sources") or []
    scores = {
        "key_facts": float(metrics.key_facts_hit(answer.text, facts, answer.refused)) if answerable else None,
        "refused_unanswerable": float(answer.refused) if not answerable else None,
        "refused_answerable": float(answer.refused) if answerable else None,
        "citations_valid": float(not cite_problems) if answer.citations else None,
        "support": metrics.support_share(claim_list),
        "lang_match": float(lang_ok),
        "recall_at_k": metrics.recall_at_k(retrieved, sources, k) if sources else None,
        "rr": metrics.reciprocal_rank(retrieved, sources, 10) if sources else None,
        "latency_ms": answer.latency_ms,
    }
    why = _why(item, answer, facts, cite_problems, unsupported, lang_ok)
    if why and sources and not scores["rr"]:
        why.append(f"retrieval: no gold source in the top 10 ({', '.join(sources[:2])}...)")
    return {
        "id": item["id"], "question": item["question"], "history": item.get("history", []),
        "answer": answer.text, "refused": answer.refused, "lang": answer.lang, "gold_lang": item["lang"],
        "answerable": answerable, "tags": item.get("tags", []),
        "citations": [{"n": c.n, "chunk_id": c.chunk_id, "source_id": c.source_id, "title": c.title,
                       "url": c.url, "quote": c.quote} for c in answer.citations],
        "retrieved_source_ids": retrieved, "latency_ms": round(answer.latency_ms, 1),
        "gate_reason": answer.why, "scores": scores,
        "passed": not [w for w in why if not w.startswith("retrieval:")], "why": "; ".join(why),
    }


def _why(item, answer, facts, cite_problems, unsupported, lang_ok) -> list[str]:
    why = []
    if item["answerable"] and answer.refused:
        why.append(f"refused an answerable question (gate: {answer.why})")
    elif item["answerable"]:
        matched = metrics.fact_groups_matched(answer.text, facts)
        missing = [" / ".join(g) for g, ok in zip(facts, matched) if not ok]
        if missing:
            why.append("missing key facts: " + "; ".join(missing))
    elif not answer.refused:
        why.append(f"answered an unanswerable question (gate: {answer.why})")
    why += [f"invalid citation {p}" for p in cite_problems]
    why += [f"claim not supported by its citation: {s[:60]}" for s in unsupported]
    if not lang_ok:
        why.append(f"answer is not in the question's language or script ({item['lang']})")
    return why


def slice_rows(rows: list[dict]) -> dict[str, list[dict]]:
    """zh, en (question language), cross-lingual (tag), follow-up (has history), ood (should be refused: out of
    domain or a near miss), then tag:<tag> for every tag."""
    slices: dict[str, list[dict]] = {
        "zh": [r for r in rows if r["gold_lang"] == "zh"],
        "en": [r for r in rows if r["gold_lang"] == "en"],
        "cross-lingual": [r for r in rows if "cross-lingual" in r["tags"]],
        "follow-up": [r for r in rows if r["history"]],
        "ood": [r for r in rows if not r["answerable"]],
    }
    for tag in sorted({t for r in rows for t in r["tags"]}):
        slices[f"tag:{tag}"] = [r for r in rows if tag in r["tags"]]
    return {name: members for name, members in slices.items() if members}


def run(items: list[dict], handle, k: int = 5, distractors: bool = False, inject: bool = False,
        progress: bool = True) -> dict:
    from dataclasses import replace

    from chat.answer import answer_question
    from evals.robust import CachedQueryEmbedding

    started = time.perf_counter()
    embed = CachedQueryEmbedding(handle.embed)
    handle = replace(handle, embed=embed)
    rows = []
    for i, item in enumerate(items, start=1):
        answer = answer_question(handle, item["question"], history=item.get("history") or None)
        rows.append(score_row(item, answer, k, handle.node))
        if progress and (i % 25 == 0 or i == len(items)):
            print(f"  {i}/{len(items)} questions", file=sys.stderr, flush=True)
    overall, counts = metrics.aggregate(rows, k)
    members = slice_rows(rows)
    slices = {name: metrics.aggregate(group, k) for name, group in members.items()}
    out = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_questions": len(rows), "k": k,
        "settings": {**{key: getattr(handle.settings, key) for key in
                        ("embedder", "top_k", "dense_k", "bm25_k", "per_source_cap", "retriever_override")},
                     "answer": handle.settings.answer.model_dump()},
        "metrics": overall, "counts": counts,
        "slices": {name: m for name, (m, _) in slices.items()},
        "slice_counts": {name: {"questions": len(members[name]), **c} for name, (_, c) in slices.items()},
        "rows": rows,
    }
    robustness = {}
    embed.serve = True
    if distractors:
        robustness["distractors"] = run_distractors(items, rows, handle)
    if inject:
        robustness["inject_false"] = run_inject_false(items, handle)
    if robustness:
        out["robustness"] = robustness
    out["wall_time_s"] = round(time.perf_counter() - started, 1)
    return out


def run_distractors(items: list[dict], rows: list[dict], handle) -> dict:
    """Key-fact recall with distractor passages interleaved, against the plain run on the same questions."""
    from chat.answer import resolve_query
    from evals import robust

    plain, noisy, changed = [], [], []
    for item, row in zip(items, rows):
        if not item["answerable"]:
            continue
        record: dict = {}
        query = resolve_query(item["question"], item.get("history"))
        answer = robust.answer_with_hits(handle, item["question"], item.get("history"),
                                         robust.with_distractors(handle, query, record))
        if not record.get("distractors"):
            continue
        hit = metrics.key_facts_hit(answer.text, item["key_facts"], answer.refused)
        plain.append(row["scores"]["key_facts"])
        noisy.append(float(hit))
        if row["scores"]["key_facts"] and not hit:
            changed.append({"id": item["id"], "distractors": record["distractors"], "answer": answer.text})
    n = len(plain)
    before, after = (sum(plain) / n, sum(noisy) / n) if n else (None, None)
    return {"questions": n, "key_fact_recall_plain": before, "key_fact_recall_distracted": after,
            "drop": (before - after) if n else None, "lost": changed}


def run_inject_false(items: list[dict], handle) -> dict:
    """For answerable questions whose key facts hold a digit-written number that >= 2 retrieved passages state:
    falsify it in the best-ranked one and check whether the answer repeats the false number."""
    from evals import robust

    results = []
    for item in items:
        if not item["answerable"] or not robust.numbers_in_facts(item["key_facts"]):
            continue
        record: dict = {}
        answer = robust.answer_with_hits(handle, item["question"], item.get("history"),
                                         robust.inject_false(item["key_facts"], record))
        if not record.get("plan"):
            continue
        true, false, chunk_id = record["plan"]
        verdict = robust.false_number_verdict(answer.text, true, false)
        results.append({"id": item["id"], "true": true, "false": false, "corrupted": chunk_id,
                        "refused": answer.refused, **verdict,
                        **({"answer": answer.text} if verdict["false_repeated"] else {})})
    n = len(results)

    def share(key: str) -> float | None:
        return sum(r[key] for r in results) / n if n else None
    return {"questions": n, "false_repeated_rate": share("false_repeated"), "true_kept_rate": share("true_kept"),
            "conflict_shown_rate": share("conflict_shown"), "rows": results}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="debtlens eval", description="Run gold splits through the answerer; write "
                                "report.json, report.md and chart.png per split; gate each split on thresholds and a "
                                "baseline, and the key-fact recall gap between the tune and test splits.")
    p.add_argument("--gold", required=True, type=Path, action="append",
                   help="gold JSONL (see DESIGN.md, Evals); repeat for several splits, e.g. tune and test")
    p.add_argument("--out", type=Path, help="output directory (default: <data_dir>/eval); one subfolder per split "
                   "when several are given")
    p.add_argument("--k", type=int, default=5, help="k for source-level recall@k (default 5)")
    p.add_argument("--baseline", type=Path, help="a previous report.json, or a {'splits': {name: report}} file")
    p.add_argument("--thresholds", type=Path, default=DEFAULT_THRESHOLDS, help="floors/ceilings TOML")
    p.add_argument("--distractors", action="store_true", help="also measure key-fact recall with distractors")
    p.add_argument("--inject-false", action="store_true", help="also falsify a number in one passage")
    p.add_argument("--limit", type=int, help="only the first N questions (for quick checks)")
    return p


def split_name(path: Path) -> str:
    return path.stem


def main(argv: list[str] | None = None, settings=None, handle=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--"]:  # `debtlens eval -- --gold ...`: the separator argparse.REMAINDER keeps
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    if handle is None:
        from index.retrieve import open_index
        from index.store import IndexMismatchError, IndexMissingError
        from settings import get_settings

        settings = settings or get_settings()
        try:
            handle = open_index(settings)
        except (IndexMissingError, IndexMismatchError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    settings = handle.settings
    thresholds = gate.load_thresholds(args.thresholds) if args.thresholds and args.thresholds.exists() else {}
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    out = args.out or settings.data_dir / "eval"
    several = len(args.gold) > 1
    results: dict[str, dict] = {}
    failures: list[gate.Failure] = []
    for gold in args.gold:
        items = load_gold(gold)[: args.limit] if args.limit else load_gold(gold)
        name = split_name(gold)
        result = run(items, handle, args.k, args.distractors, args.inject_false)
        result["gold"], result["split"] = str(gold), name
        paths = report.write_all(result, out / name if several else out)
        print(f"== {name}" if several else "", report.stdout_table(result), sep="\n" if several else "")
        print("wrote " + ", ".join(str(p) for p in paths))
        split_base = gate.baseline_for(baseline, name)
        failures += gate.prefixed(gate.check(result, thresholds, split_base), name if several else "")
        results[name] = result
    failures += gate.check_gap(results, thresholds)
    if several:
        summary = report.summary(results, thresholds)
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        print(report.gap_line(summary))
    print(gate.describe(failures, baseline_path=args.baseline))
    return 1 if failures else 0
