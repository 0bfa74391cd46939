"""Merge evals/gold/parts/*.jsonl into evals/gold/tune.jsonl and validate every line.

    python -m evals.merge_gold [--parts DIR] [--out FILE] [--docs DIR]

Checks: unique ids, required fields, lang in zh/en, answerable a bool, key_facts a list of lists of
strings, sources existing doc ids (front-matter `id:` of corpus/docs/*.md plus the seed page), history a
list of strings. Prints counts: total, zh/en, refusals, follow-ups, cross-lingual.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXTRA_SOURCE_IDS = {"seed-cuishou-nanxietiao"}
REQUIRED = ("id", "question", "lang", "answerable", "key_facts", "tags")
_ID_LINE = re.compile(r"^id:\s*(\S+)\s*$", re.M)


def doc_ids(docs_dir: Path) -> set[str]:
    ids = set(EXTRA_SOURCE_IDS)
    for path in sorted(docs_dir.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            front = text.split("---", 2)[1]
            match = _ID_LINE.search(front)
            if match:
                ids.add(match.group(1).strip("\"'"))
    return ids


def _is_str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def validate_item(item: dict, known_sources: set[str]) -> list[str]:
    problems = [f"missing field {f!r}" for f in REQUIRED if f not in item]
    if problems:
        return problems
    if not isinstance(item["question"], str) or not item["question"].strip():
        problems.append("empty question")
    if item["lang"] not in ("zh", "en"):
        problems.append(f"lang {item['lang']!r} not zh/en")
    if not isinstance(item["answerable"], bool):
        problems.append("answerable is not a bool")
    facts = item["key_facts"]
    if not isinstance(facts, list) or not all(_is_str_list(g) and g for g in facts):
        problems.append("key_facts is not a list of non-empty lists of strings")
    if item.get("answerable") is True and not facts:
        problems.append("answerable question without key_facts")
    if not _is_str_list(item["tags"]):
        problems.append("tags is not a list of strings")
    sources = item.get("sources", [])
    if not _is_str_list(sources):
        problems.append("sources is not a list of strings")
    else:
        problems += [f"unknown source {s!r}" for s in sources if s not in known_sources]
    if "history" in item and not _is_str_list(item["history"]):
        problems.append("history is not a list of strings")
    return problems


def load_parts(parts_dir: Path) -> tuple[list[dict], list[str]]:
    items, errors = [], []
    for path in sorted(parts_dir.glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"{path.name}:{lineno}: not JSON ({exc})")
                continue
            if not isinstance(item, dict):
                errors.append(f"{path.name}:{lineno}: not an object")
                continue
            item["_where"] = f"{path.name}:{lineno}"
            items.append(item)
    return items, errors


def merge(parts_dir: Path, docs_dir: Path) -> tuple[list[dict], list[str]]:
    items, errors = load_parts(parts_dir)
    known = doc_ids(docs_dir)
    seen: dict[str, str] = {}
    for item in items:
        where = item.pop("_where")
        errors += [f"{where}: {p}" for p in validate_item(item, known)]
        qid = str(item.get("id"))
        if qid in seen:
            errors.append(f"{where}: duplicate id {qid!r} (first in {seen[qid]})")
        seen.setdefault(qid, where)
    return items, errors


def load_gold(path: Path) -> list[dict]:
    """A gold JSONL file for the runner: required fields checked (sources are not: any corpus may be used)."""
    items = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        item.setdefault("tags", [])
        item.setdefault("key_facts", [])
        problems = validate_item(item, set(item.get("sources") or []))
        if problems:
            raise ValueError(f"{path}:{lineno}: " + "; ".join(problems))
        items.append(item)
    return items


def counts(items: list[dict]) -> dict[str, int]:
    return {
        "total": len(items),
        "zh": sum(i.get("lang") == "zh" for i in items),
        "en": sum(i.get("lang") == "en" for i in items),
        "refusals": sum(i.get("answerable") is False for i in items),
        "follow_ups": sum(bool(i.get("history")) for i in items),
        "cross_lingual": sum("cross-lingual" in i.get("tags", []) for i in items),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.merge_gold", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--parts", type=Path, default=HERE / "gold" / "parts")
    parser.add_argument("--out", type=Path, default=HERE / "gold" / "tune.jsonl")
    parser.add_argument("--docs", type=Path, default=REPO / "corpus" / "docs")
    args = parser.parse_args(argv)
    items, errors = merge(args.parts, args.docs)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} problems; {args.out} not written", file=sys.stderr)
        return 1
    args.out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts(items).items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
