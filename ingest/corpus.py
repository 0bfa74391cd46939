"""`debtlens corpus check|sources|embed-cache`: validate front matter, print coverage, keep manifests current."""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from ingest.extract import ExtractError, split_front_matter

REQUIRED = ("id", "title", "lang", "jurisdiction", "channels", "doc_type", "source_urls", "confidence", "as_of")
DOC_TYPES = {"regulation", "channel", "guidance", "statistics", "article"}
LANGS = {"zh", "en"}
JURISDICTIONS = {"CN", "US", "UK", "EU", "IN", "HK", "KR", "TW", "INTL"}
CONFIDENCE = {"seen-verbatim", "seen-paraphrased", "memory-unverified"}
SECTIONS = ["0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "2", "3", "4", "5", "6", "7", "8"]
# collection-facts-2.md (TW, HK, IN, US, UK), cited as "2:<section>", e.g. "2:1.9"; counted under "2:<top>".
SECTIONS_2 = {"1": 10, "2": 8, "3": 6, "4": 7, "5": 6}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-(zh|en)$")


def load_channels(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def read_front_matter(path: Path) -> dict:
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return meta


def validate(meta: dict, path: Path, channel_keys: set[str]) -> list[str]:
    """Problems with one document's front matter, each naming the file and the field."""
    problems = [f"{path.name}: missing field {f!r}" for f in REQUIRED if f not in meta]
    doc_id, lang = str(meta.get("id", "")), meta.get("lang")
    if doc_id and not _ID.match(doc_id):
        problems.append(f"{path.name}: id {doc_id!r} must be lower-case ascii words joined by '-' ending -zh/-en")
    if doc_id and path.stem != doc_id:
        problems.append(f"{path.name}: file name must equal the id {doc_id!r}")
    if lang not in LANGS or (doc_id and not doc_id.endswith(f"-{lang}")):
        problems.append(f"{path.name}: lang {lang!r} must be zh or en and match the id suffix")
    if meta.get("jurisdiction") not in JURISDICTIONS:
        problems.append(f"{path.name}: jurisdiction {meta.get('jurisdiction')!r} not in {sorted(JURISDICTIONS)}")
    if meta.get("doc_type") not in DOC_TYPES:
        problems.append(f"{path.name}: doc_type {meta.get('doc_type')!r} not in {sorted(DOC_TYPES)}")
    if meta.get("confidence") not in CONFIDENCE:
        problems.append(f"{path.name}: confidence {meta.get('confidence')!r} not in {sorted(CONFIDENCE)}")
    for channel in meta.get("channels") or []:
        if channel not in channel_keys:
            problems.append(f"{path.name}: channel {channel!r} is not a key in channels.toml")
    for url in meta.get("source_urls") or []:
        if not str(url).startswith(("https://", "http://")):
            problems.append(f"{path.name}: source url {url!r} must start with http(s)://")
    for section in meta.get("fact_sections") or []:
        if _section_key(str(section)) is None:
            problems.append(f"{path.name}: fact section {section!r} is not a section of either fact sheet "
                            "(use e.g. \"1.3\" for collection-facts.md, \"2:1.3\" for collection-facts-2.md)")
    return problems


def _section_key(section: str) -> str | None:
    """The coverage row a fact_sections entry counts toward, or None if no such section exists."""
    if section.startswith("2:"):
        top, _, sub = section[2:].partition(".")
        if top in SECTIONS_2 and (not sub or (sub.isdigit() and 1 <= int(sub) <= SECTIONS_2[top])):
            return f"2:{top}"
        return None
    if section in SECTIONS:
        return section
    return section.split(".")[0] if section.split(".")[0] in SECTIONS else None


def coverage(metas: list[dict]) -> dict[str, dict[str, list[str]]]:
    """fact-sheet section -> lang -> document ids ('2.1' counts toward '2', '2:1.9' toward '2:1')."""
    rows = SECTIONS + [f"2:{top}" for top in SECTIONS_2]
    table: dict[str, dict[str, list[str]]] = {s: {"zh": [], "en": []} for s in rows}
    for meta in metas:
        for key in {_section_key(str(s)) for s in meta.get("fact_sections") or []}:
            if key in table and meta.get("lang") in LANGS:
                table[key][meta["lang"]].append(meta["id"])
    return table


def check(corpus_dir: Path, out=sys.stdout) -> int:
    channel_keys = set(load_channels(corpus_dir / "channels.toml")["channels"])
    metas, problems = [], []
    for path in sorted((corpus_dir / "docs").glob("*.md")):
        try:
            meta = read_front_matter(path)
        except ExtractError as exc:
            problems.append(f"{path.name}: {exc}")
            continue
        problems.extend(validate(meta, path, channel_keys))
        metas.append(meta)
    ids = [m.get("id") for m in metas]
    problems.extend(f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1}))
    by_lang = defaultdict(int)
    for meta in metas:
        by_lang[meta.get("lang")] += 1
    print(f"{len(metas)} documents: {by_lang['zh']} zh, {by_lang['en']} en", file=out)
    print("\n| fact-sheet section | zh docs | en docs | zh ids (first 3) | en ids (first 3) |", file=out)
    print("|---|---|---|---|---|", file=out)
    for section, langs in coverage(metas).items():
        zh, en = langs["zh"], langs["en"]
        print(f"| {section} | {len(zh)} | {len(en)} | {', '.join(zh[:3])} | {', '.join(en[:3])} |", file=out)
    for problem in problems:
        print(f"error: {problem}", file=out)
    print("corpus check: " + ("OK" if not problems else f"{len(problems)} problems"), file=out)
    return 1 if problems else 0


def write_sources_manifest(corpus_dir: Path) -> Path:
    """corpus/sources.toml: every source URL behind the corpus, for live scraping where a network exists."""
    used_by: dict[str, list[str]] = defaultdict(list)
    for path in sorted((corpus_dir / "docs").glob("*.md")):
        meta = read_front_matter(path)
        for url in meta.get("source_urls") or []:
            used_by[str(url)].append(str(meta["id"]))
    lines = ["# Sources behind the bundled corpus, regenerated by `debtlens corpus sources`.",
             "# Each entry is a page to fetch and re-ingest where a network exists; `used_by` names the",
             "# bundled documents that draw on it.", ""]
    for url in sorted(used_by):
        lines += ["[[source]]", f"url = {_toml_str(url)}", "used_by = [" + ", ".join(_toml_str(i) for i in used_by[url]) + "]", ""]
    target = corpus_dir / "sources.toml"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_embedding_snapshot(corpus_dir: Path) -> Path:
    """Embed the bundled corpus (cached) and write corpus/embeddings/<embedder>.npz for fast fresh installs."""
    from index.build import chunk_records, embedding_text
    from index.embed_cache import EmbeddingCache, snapshot_path
    from index.embedders import make_embedder
    from ingest.pipeline import prepare
    from settings import get_settings

    settings = get_settings()
    embed = make_embedder(settings.embedder, settings.device)
    cache = EmbeddingCache(settings.data_dir / "embed_cache.sqlite", embed.model_name, embed.dim)
    target = snapshot_path(corpus_dir, embed.model_name)
    cache.load_snapshot(target)
    docs = prepare([corpus_dir / "docs", corpus_dir / "articles"]).docs
    texts = [embedding_text(r) for d in docs for r in chunk_records(d, settings.chunk_tokens)]
    cache.embed(texts, embed.encode_passages)
    count = cache.write_snapshot(target, texts)
    print(f"{count} vectors for {embed.model_name} -> {target}")
    return target


def main(argv: list[str] | None = None) -> int:
    from settings import get_settings

    parser = argparse.ArgumentParser(prog="debtlens corpus")
    parser.add_argument("action", choices=["check", "sources", "embed-cache"])
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args(argv)
    corpus_dir = args.corpus or get_settings().corpus_dir
    if args.action == "check":
        return check(corpus_dir)
    if args.action == "sources":
        print(write_sources_manifest(corpus_dir))
        return 0
    write_embedding_snapshot(corpus_dir)
    return 0
