"""The bundled corpus's rules: validate documents, print coverage, keep the sources manifest current; the known
jurisdictions and channels that filters offer.

The check fails on bad front matter, notes about sources in bodies, fill-in placeholders outside
templates, user-visible URLs that are placeholders or missing from corpus/sources.toml, and comparison
evidence that is not verbatim in its document.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from ingest.comparison import ComparisonError, load_comparison, validate_comparison
from ingest.coverage_map import COVERED_FILE, load_table
from ingest.extract import ExtractError, split_front_matter
from ingest.quotable import body_sentences, is_placeholder_url, note_hits, placeholders, urls_in
from ingest.twins import source_family
from settings import get_settings

REQUIRED = ("id", "title", "lang", "jurisdiction", "channels", "doc_type", "source_urls", "confidence", "as_of")
DOC_TYPES = ["regulation", "channel", "guidance", "statistics", "article", "template", "support"]
LANGS = ("zh", "en")
JURISDICTIONS = ("CN", "TW", "HK", "US", "UK", "EU", "IN", "KR", "INTL")  # display order
SCRIPTS = {"hans", "hant"}
CONFIDENCE = {"seen-verbatim", "seen-paraphrased", "memory-unverified"}
SECTIONS = ["0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "2", "3", "4", "5", "6", "7", "8"]
# collection-facts-2.md (TW, HK, IN, US, UK), cited as "2:<section>", e.g. "2:1.9"; counted under "2:<top>".
SECTIONS_2 = {"1": 10, "2": 8, "3": 6, "4": 7, "5": 6}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-(zh|en)$")


def load_channels(path: Path) -> dict:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def channel_keys(path: Path) -> list[str]:
    """The channel keys of channels.toml, in file order (what `--channel` and the app offer)."""
    return list(load_channels(path)["channels"])


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
    if "script" in meta and meta["script"] not in SCRIPTS:
        problems.append(f"{path.name}: script {meta['script']!r} must be one of {sorted(SCRIPTS)}")
    notes = meta.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problems.append(f"{path.name}: notes must be a list of sentences")
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


def body_problems(name: str, meta: dict, body: str) -> list[str]:
    """Notes about sources in the body, and fill-in placeholders outside letter templates."""
    problems = [f"{name}: body sentence is a note ({kind}); move it to front-matter `notes:` "
                f"or mark the claim [[unverified]]: {sentence[:80]!r}" for kind, sentence in note_hits(body)]
    if meta.get("doc_type") != "template":
        problems.extend(f"{name}: placeholder {ph!r} outside a template; fill it in or set doc_type: template"
                        for ph in dict.fromkeys(placeholders(body)))
    return problems


def visible_urls(meta: dict, body: str = "") -> list[str]:
    """Every URL a user can be shown for a document: front matter `url` and `source_urls`, links in the body."""
    urls = [str(u) for u in meta.get("source_urls") or []]
    if meta.get("url"):
        urls.append(str(meta["url"]))
    return urls + urls_in(body)


def url_problems(name: str, urls: list[str], manifest: set[str]) -> list[str]:
    problems = []
    for url in dict.fromkeys(urls):
        if is_placeholder_url(url):
            problems.append(f"{name}: {url!r} is an invented or placeholder URL; remove it "
                            "(say in `notes:` that the address is unknown)")
        elif url not in manifest:
            problems.append(f"{name}: URL {url!r} is not in corpus/sources.toml; run `debtlens corpus sources`")
    return problems


def manifest_urls(corpus_dir: Path) -> set[str]:
    path = corpus_dir / "sources.toml"
    if not path.exists():
        return set()
    with path.open("rb") as fh:
        return {str(s["url"]) for s in tomllib.load(fh).get("source", [])}


def coverage_by_jurisdiction(metas: list[dict]) -> dict[str, dict[str, dict[str, int]]]:
    """jurisdiction -> doc_type -> {"zh", "en", "hant"} document counts."""
    table: dict[str, dict[str, dict[str, int]]] = {}
    for meta in metas:
        cell = table.setdefault(str(meta.get("jurisdiction")), {}).setdefault(
            str(meta.get("doc_type")), {"zh": 0, "en": 0, "hant": 0})
        if meta.get("lang") in LANGS:
            cell[meta["lang"]] += 1
        cell["hant"] += meta.get("script") == "hant"
    return table


def article_sources(corpus_dir: Path) -> list[tuple[Path, dict, str]]:
    """(path, metadata, text) for the scraped pages under corpus/articles (sidecar metadata merged)."""
    from ingest.load import IngestError, discover, load_source

    out = []
    for path in discover([corpus_dir / "articles"]) if (corpus_dir / "articles").exists() else []:
        if path.name.endswith(".meta.yaml"):
            continue
        try:
            doc = load_source(path, get_settings().max_page_bytes)
        except IngestError:
            continue  # ingest reports unreadable pages itself
        out.append((path, {**doc.meta, "id": doc.source_id, "lang": doc.lang}, doc.text))
    return out


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
    from ingest.load import IngestError, load_source

    channels = load_channels(corpus_dir / "channels.toml")
    channel_keys = set(channels["channels"])
    manifest = manifest_urls(corpus_dir)
    metas, problems, bodies = [], [], {}
    sentence_count = note_count = 0
    for path in sorted((corpus_dir / "docs").glob("*.md")):
        try:
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        except ExtractError as exc:
            problems.append(f"{path.name}: {exc}")
            continue
        problems.extend(validate(meta, path, channel_keys))
        hits = body_problems(path.name, meta, body)
        problems.extend(hits)
        sentence_count += len(body_sentences(body))
        note_count += len(note_hits(body))
        problems.extend(url_problems(path.name, visible_urls(meta, body), manifest))
        metas.append(meta)
        try:
            bodies[str(meta.get("id"))] = load_source(path, get_settings().max_page_bytes).text
        except IngestError as exc:
            problems.append(str(exc))
    articles = article_sources(corpus_dir)
    for path, meta, text in articles:
        problems.extend(url_problems(path.name, visible_urls(meta), manifest))
        bodies[meta["id"]] = text
    ids = [m.get("id") for m in metas]
    problems.extend(f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1}))
    problems.extend(coverage_map_problems(corpus_dir, [*map(str, ids), *(meta["id"] for _, meta, _ in articles)]))
    try:
        problems.extend(validate_comparison(load_comparison(corpus_dir), channels, bodies))
    except ComparisonError as exc:
        problems.append(str(exc))
    print_report(metas, [meta for _, meta, _ in articles], sentence_count, note_count, out)
    for problem in problems:
        print(f"error: {problem}", file=out)
    print("corpus check: " + ("OK" if not problems else f"{len(problems)} problems"), file=out)
    return 1 if problems else 0


def coverage_map_problems(corpus_dir: Path, source_ids: list[str]) -> list[str]:
    """covered_questions.toml must have an entry per document (its -zh/-en pair shares one) and name no document
    the corpus lacks; without the file there is no map to keep current."""
    path = corpus_dir / COVERED_FILE
    if not path.exists():
        return []
    entries = {d.get("id", "") for d in load_table(path, "doc")}
    families = {source_family(i) for i in source_ids}
    return ([f"{path.name}: no example questions for {f!r} (add an entry)" for f in sorted(families - entries)]
            + [f"{path.name}: {e!r} is not a document of the corpus" for e in sorted(entries - families)])


def print_report(metas: list[dict], article_metas: list[dict], sentence_count: int, note_count: int, out) -> None:
    by_lang = defaultdict(int)
    for meta in metas:
        by_lang[meta.get("lang")] += 1
    print(f"{len(metas)} documents: {by_lang['zh']} zh, {by_lang['en']} en, and {len(article_metas)} scraped pages; "
          f"{sentence_count} body sentences, {note_count} of them notes about sources", file=out)
    print("\n| fact-sheet section | zh docs | en docs | zh ids (first 3) | en ids (first 3) |", file=out)
    print("|---|---|---|---|---|", file=out)
    for section, langs in coverage(metas).items():
        zh, en = langs["zh"], langs["en"]
        print(f"| {section} | {len(zh)} | {len(en)} | {', '.join(zh[:3])} | {', '.join(en[:3])} |", file=out)
    table = coverage_by_jurisdiction(metas + article_metas)
    print("\nCoverage by jurisdiction x doc type (zh/en documents; +N = of them in Traditional script):", file=out)
    print("| jurisdiction | " + " | ".join(DOC_TYPES) + " | total |", file=out)
    print("|---" * (len(DOC_TYPES) + 2) + "|", file=out)
    for jurisdiction in [j for j in JURISDICTIONS if j in table] + sorted(set(table) - set(JURISDICTIONS)):
        row, total = [], 0
        for doc_type in DOC_TYPES:
            cell = table[jurisdiction].get(doc_type)
            if not cell:
                row.append("·")
                continue
            total += cell["zh"] + cell["en"]
            row.append(f"{cell['zh']}/{cell['en']}" + (f" +{cell['hant']}" if cell["hant"] else ""))
        print(f"| {jurisdiction} | " + " | ".join(row) + f" | {total} |", file=out)


def print_comparison(corpus_dir: Path, jurisdiction: str, out=sys.stdout) -> None:
    """The comparison dataset for one jurisdiction: the rating table, the ranking and the verdicts."""
    from ingest.comparison import format_table, rank_hardest, records

    channels = load_channels(corpus_dir / "channels.toml")
    comp = load_comparison(corpus_dir)
    rows = records(comp, channels)
    print(f"{comp.scale.get('en', '')}\n", file=out)
    print(format_table(rows, list(channels["dimensions"]), jurisdiction), file=out)
    print("\nHardest first (mean of rated dimensions; channels rated on fewer than 3 are not ranked):", file=out)
    for rank in rank_hardest(rows, jurisdiction):
        print(f"  {rank['mean']:.2f}  {rank['channel_en']}  ({rank['rated']}/{rank['of']} dimensions rated)", file=out)
    for verdict in comp.verdicts:
        if verdict.jurisdiction == jurisdiction:
            print(f"\nVerdict {verdict.key}: {verdict.claim_en}", file=out)


def write_sources_manifest(corpus_dir: Path) -> Path:
    """corpus/sources.toml: every source URL behind the corpus, for live scraping where a network exists."""
    used_by: dict[str, list[str]] = defaultdict(list)
    documents = [split_front_matter(path.read_text(encoding="utf-8")) for path in sorted((corpus_dir / "docs").glob("*.md"))]
    documents += [(meta, "") for _, meta, _ in article_sources(corpus_dir)]
    for meta, body in documents:
        for url in dict.fromkeys(visible_urls(meta, body)):
            used_by[url].append(str(meta["id"]))
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
