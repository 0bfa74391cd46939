"""What the answerer holds per index build: the corpus view (chat/library.py), the embedded off-topic requests,
the article references the corpus contains, and the small lookups the pipeline needs (does a passage fit the
asked jurisdiction, which sentence names the next-step contact).
"""

from __future__ import annotations

from dataclasses import dataclass

from llama_index.core.schema import NodeWithScore, TextNode

from chat import jurisdiction as places
from chat.compose import Evidence
from chat.domain import OutOfDomainSet
from chat.evidence import TermWeights, coverage
from chat.followup import Turn
from chat.intent import Intent
from chat.library import Library, load_library
from chat.references import article_keys

_FLAG_KEYS = {"analysis": "analysis_sentences", "unverified": "unverified_sentences"}
# Intents whose answer ends with where to complain: a borrower asking what to do or whether something is allowed.
_NEXT_STEP_INTENTS = (Intent.COMPLAIN, Intent.HOWTO, Intent.YESNO)


@dataclass
class Knowledge:
    library: Library
    ood: OutOfDomainSet
    articles: set[str]

    def fits(self, hit: NodeWithScore, codes: tuple[str, ...]) -> bool:
        return self.meta_fits(hit.node.metadata, codes) or any(self.mentions(hit, c) for c in codes)

    @staticmethod
    def meta_fits(meta: dict, codes: tuple[str, ...]) -> bool:
        return meta.get("jurisdiction") in (*codes, "INTL")

    @staticmethod
    def mentions(hit: NodeWithScore, code: str) -> bool:
        return code in places.named(hit.node.get_content()[:2000])

    def node(self, chunk_id: str) -> NodeWithScore:
        row = self.library.chunks[chunk_id]
        return NodeWithScore(node=TextNode(id_=chunk_id, text=row["text"], metadata=row["metadata"]), score=0.0)

    def evidence(self, sentence) -> Evidence:
        meta = sentence.meta
        labels = tuple(label for label, key in _FLAG_KEYS.items()
                       if meta.get(key) and sentence.text in str(meta.get(key)))
        return Evidence(sentence.hit.node.node_id, meta.get("source_id", ""), meta.get("title", ""),
                        meta.get("url", ""), sentence.text, sentence.hit.node.get_content(),
                        meta.get("jurisdiction", ""), labels)

    def next_step(self, turn: Turn, terms: TermWeights, chosen: list[str]) -> Evidence | None:
        """The contact sentence for the asked jurisdiction that best matches the question (12378 for a lender,
        110 for threats, 12321 for spam), unless the answer already quotes a contact."""
        if not any(turn.intent.has(i) for i in _NEXT_STEP_INTENTS) or len(turn.jurisdiction.codes) != 1:
            return None
        options = self.library.contacts_for(turn.jurisdiction.codes[0], turn.lang)
        if not options or any(o.quote in chosen for o in options):
            return None
        best = max(options, key=lambda o: (coverage([o.quote], terms), -options.index(o)))
        row = self.library.chunks[best.chunk_id]
        return Evidence(best.chunk_id, best.source_id, best.title, best.url, best.quote, row["text"],
                        best.jurisdiction)


_CACHE: dict[tuple[str, str, str], Knowledge] = {}


def knowledge_for(handle) -> Knowledge:
    """Built once per (data dir, index build, embedder); a rebuilt index gets a fresh one."""
    key = (str(handle.settings.data_dir), str(handle.build), handle.embed.model_name)
    if key not in _CACHE:
        library = load_library(handle.journal)
        articles: set[str] = set()
        for row in library.chunks.values():
            articles |= article_keys(row["search_text"])
        if len(_CACHE) >= 4:
            _CACHE.clear()
        _CACHE[key] = Knowledge(library, OutOfDomainSet(handle.embed, handle.settings.data_dir / "cache"), articles)
    return _CACHE[key]
