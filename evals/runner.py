"""The eval runner: every gold question through the app's own answer path, scored and reported.

The command around it (`debtlens eval`, `python -m evals`) is evals/cli.py.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime

from evals import metrics

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def score_row(item: dict, answer, k: int, lookup=None) -> dict:
    """One report row: the answer, per-question scores (None where a metric does not apply) and why it failed."""
    evidence = {h.node.node_id: h.node.get_content() for h in answer.evidence}
    retrieved = list(dict.fromkeys(h.node.metadata.get("source_id", "") for h in answer.evidence))
    answerable, facts = item["answerable"], item.get("key_facts", [])
    # an assembled line (a letter's parts) quotes its pieces: each is checked, and none is the answer's own words
    quoted = [(c, q) for c in answer.citations for q in (c.quote, *c.pieces)]
    quotes = [q for _, q in quoted]
    cite_problems = metrics.citation_problems([(c.n, c.chunk_id, q) for c, q in quoted], evidence)
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
    if not n:
        return {"questions": 0, "key_fact_recall_plain": None, "key_fact_recall_distracted": None, "drop": None,
                "lost": changed}
    before, after = sum(plain) / n, sum(noisy) / n
    return {"questions": n, "key_fact_recall_plain": before, "key_fact_recall_distracted": after,
            "drop": before - after, "lost": changed}


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
