"""Choose the post-check's content-support thresholds on the dev split (never on evals/gold/test.jsonl).

    python bench/support_threshold.py generate --n 24 --out evals/support/dev_sentences.jsonl   # needs an LLM
    python bench/support_threshold.py pick-others    # adds each sentence's closest uncited passage, to label
    python bench/support_threshold.py sweep --labels evals/support/dev_sentences.jsonl

`generate` answers dev questions with the configured LLM (DEBTLENS_LLM, default local) and writes every sentence
it wrote with the passages it cited and the check's scores; every other question gets only passages in the
other language, so cross-language sentences are measured too. A person then sets each line's "label" to
"supported" or "unsupported" (does the cited passage state what the sentence says?).
`sweep` prints, per threshold, how many supported sentences survive and how many unsupported ones get through,
separately for same-language (content-token share) and cross-language (e5 cosine) sentences, and the threshold
that maximises F0.5 of "kept" (precision counted twice as much as recall: showing an unsupported sentence is
worse than dropping a supported one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def dev_sample(gold: Path, n: int) -> list[dict]:
    """n answerable questions without history, half zh half en, in a fixed pseudo-random order."""
    items = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [i for i in items if i.get("answerable") and not i.get("history")]
    items.sort(key=lambda i: hashlib.sha256(i["id"].encode()).hexdigest())
    zh = [i for i in items if i["lang"] == "zh"][: n // 2]
    en = [i for i in items if i["lang"] == "en"][: n - n // 2]
    return [x for pair in zip(zh, en) for x in pair]


def passage_record(p) -> dict:
    return {"n": p.n, "lang": p.lang, "text": p.text, "chunk_id": p.chunk_id, "source_id": p.source_id,
            "twin_text": p.twin_text}


def generate(args) -> int:
    from chat.answer import compose_request, plan
    from chat.generative import CorpusLookup, make_composer, passages_for
    from index.retrieve import open_index
    from settings import Settings

    settings = Settings() if "DEBTLENS_LLM" in os.environ else Settings(llm="local")
    handle = open_index(settings)
    composer = make_composer(settings, handle)
    assert composer is not None, "set DEBTLENS_LLM to a backend"
    done = set()
    if args.out.exists():
        done = {json.loads(line)["qid"] for line in args.out.read_text(encoding="utf-8").splitlines() if line}
    with args.out.open("a", encoding="utf-8") as out:
        for k, item in enumerate(dev_sample(args.gold, args.n)):
            cross = k % 4 >= 2  # pairs alternate: (zh, en) same-language, then (zh, en) cross-language
            qid = f"{item['id']}:{'cross' if cross else 'same'}"
            if qid in done:
                continue
            # cross: sources in the other language only (the app's source-language filter does this)
            other = {"lang": "en" if item["lang"] == "zh" else "zh"} if cross else None
            steps = plan(handle, item["question"], filters=other)
            if steps.gate is None or steps.gate.refuse or not steps.chosen:
                print(f"{qid}: refused by the gate, skipped", file=sys.stderr)
                continue
            request = compose_request(handle, steps)
            passages = passages_for(request, settings.llm_passages, CorpusLookup(handle))  # as the composer sees them
            draft = composer.compose(request)
            by_n = {p.n: p for p in passages}
            for check in composer.last_checks:
                out.write(json.dumps({
                    "qid": qid, "question": item["question"], "lang": request.lang, "sentence": check.sentence.text,
                    "cited": [passage_record(by_n[n]) for n in check.sentence.cited if n in by_n],
                    # the passages it did not cite: a wrong citation to one of them is a realistic hard negative
                    "others": [passage_record(p) for p in passages if p.n not in check.sentence.cited],
                    "failures": check.failures, "token_support": check.token_support,
                    "cross_similarity": check.cross_similarity, "label": None}, ensure_ascii=False) + "\n")
            out.flush()
            print(f"{qid}: {draft.composer}, {len(composer.last_checks)} sentences checked, dropped: "
                  f"{[d['check'] for d in draft.dropped]}", file=sys.stderr)
    return 0


def pick_others(args) -> int:
    """For each line without one, choose as `other` the uncited passage closest to the sentence (the most
    plausible wrong citation), for a person to label as `other_label`."""
    from chat.generative import embed_similarity
    from index.embedders import make_embedder

    similarity = embed_similarity(make_embedder("e5-small"))
    lines = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    def closeness(sentence: str, lang: str, passage: dict) -> float:
        measures = scores(sentence, lang, [passage], similarity)
        return measures.get("same", measures.get("cross_twin", measures.get("cross_e5", 0.0)))

    for r in lines:
        if r.get("others") and "other" not in r:
            r["other"] = max(r["others"], key=lambda p, r=r: closeness(r["sentence"], r["lang"], p))
            r["other_label"] = None
    args.labels.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    return 0


def pairs(record: dict) -> list[tuple[list[dict], str]]:
    """(passages, label) pairs of a labelled line: the sentence with what it cited, and with the closest passage
    it did not cite (`other`, labelled separately: a wrong citation is the realistic unsupported case)."""
    out = []
    if record.get("label") in ("supported", "unsupported"):
        out.append((record["cited"], record["label"]))
    if record.get("other_label") in ("supported", "unsupported"):
        out.append(([record["other"]], record["other_label"]))
    return out


def scores(sentence: str, lang: str, passages: list[dict], similarity) -> dict[str, float]:
    """Every support measure that applies, recomputed so the sweep does not trust stored numbers:
    'same' (content-token share, same language), 'cross_twin' (content-token share against the passage's
    translation in the corpus) and 'cross_e5' (best e5 cosine with the passage or one of its sentences)."""
    from chat.postcheck import Passage, passage_sentences, token_support

    same = [c["text"] for c in passages if c["lang"] == lang]
    if same:
        return {"same": token_support(sentence, same)}
    out: dict[str, float] = {}
    twins = [c["twin_text"] for c in passages if c.get("twin_text")]
    if twins:
        out["cross_twin"] = token_support(sentence, twins)
    texts = [s for c in passages for s in passage_sentences(Passage(0, "", "", "", "", c["lang"], c["text"]))]
    out["cross_e5"] = max(similarity(sentence, texts + [c["text"] for c in passages]))
    return out


def fill_twins(records: list[dict]) -> int:
    """Lines written before passages carried their translation: find the chunk by its text in the current index
    and add its twin. Returns how many passages could not be found (their twin measure is left out)."""
    from chat.generative import CorpusLookup
    from index.retrieve import open_index
    from settings import get_settings

    handle = open_index(get_settings())
    by_prefix = {c["text"][:120]: c for c in handle.journal.all_chunks()}
    twin = CorpusLookup(handle).twin
    missing = 0
    for r in records:
        for p in [*r.get("cited", []), *([r["other"]] if r.get("other") else [])]:
            if "twin_text" in p:
                continue
            chunk = by_prefix.get(p["text"][:120])
            p["twin_text"] = twin(chunk["chunk_id"], chunk["source_id"]) if chunk and p["lang"] != r["lang"] else ""
            missing += chunk is None and p["lang"] != r["lang"]
    return missing


def sweep(args) -> int:
    from chat.generative import embed_similarity
    from chat.postcheck import missing_facts
    from index.embedders import make_embedder

    records = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    lost = fill_twins(records)
    similarity = embed_similarity(make_embedder("e5-small"))
    points: dict[str, dict[str, list[tuple[float, bool]]]] = {"all pairs": {}, "pairs passing the facts check": {}}
    for r in records:
        for passages, label in pairs(r):
            facts_ok = not missing_facts(r["sentence"], [p["text"] for p in passages])
            for measure, score in scores(r["sentence"], r["lang"], passages, similarity).items():
                for group in ("all pairs", "pairs passing the facts check") if facts_ok else ("all pairs",):
                    points[group].setdefault(measure, []).append((score, label == "supported"))
    print(f"{len(records)} lines; {lost} cross-language passages not found in the current index (no twin measure)")
    grids = {"same": [x / 20 for x in range(21)], "cross_twin": [x / 20 for x in range(21)],
             "cross_e5": [0.70 + x / 100 for x in range(26)]}
    for group, measures in points.items():
        for measure in ("same", "cross_twin", "cross_e5"):
            _sweep_table(f"{measure}, {group}", measures.get(measure, []), grids[measure])
    return 0


def _sweep_table(title: str, pts: list[tuple[float, bool]], grid: list[float]) -> None:
    pos = sum(1 for _, y in pts if y)
    print(f"\n## {title}: {len(pts)} labelled pairs ({pos} supported, {len(pts) - pos} unsupported)")
    if not pts:
        return
    print("| threshold | supported kept | unsupported kept | precision | recall | F0.5 |")
    print("|---|---|---|---|---|---|")
    best = (-1.0, 0.0)
    for t in grid:
        tp = sum(1 for s, y in pts if y and s >= t)
        fp = sum(1 for s, y in pts if not y and s >= t)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / pos if pos else 0.0
        f = 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0
        print(f"| {t:.2f} | {tp} | {fp} | {precision:.3f} | {recall:.3f} | {f:.3f} |")
        if f > best[0]:
            best = (f, t)
    print(f"best F0.5 {best[0]:.3f} at threshold {best[1]:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("generate")
    p.add_argument("--gold", type=Path, default=ROOT / "evals" / "gold" / "dev.jsonl")
    p.add_argument("--n", type=int, default=24)
    p.add_argument("--out", type=Path, default=ROOT / "evals" / "support" / "dev_sentences.jsonl")
    p.set_defaults(func=generate)
    p = sub.add_parser("pick-others")
    p.add_argument("--labels", type=Path, default=ROOT / "evals" / "support" / "dev_sentences.jsonl")
    p.set_defaults(func=pick_others)
    p = sub.add_parser("sweep")
    p.add_argument("--labels", type=Path, default=ROOT / "evals" / "support" / "dev_sentences.jsonl")
    p.set_defaults(func=sweep)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
