"""What the answerer holds per index build: the corpus view (chat/library.py), the embedded off-topic requests and
coverage map (chat/topics.py), the article references the corpus contains, and the small lookups the pipeline
needs (does a passage fit the asked jurisdiction, which sentence names the next-step contact).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from llama_index.core.schema import NodeWithScore, TextNode

from chat import jurisdiction as places
from chat.compose import Evidence
from chat.domain import OutOfDomainSet
from chat.evidence import is_template
from chat.followup import Turn
from chat.intent import Intent
from chat.letters import letter_parts, parts_line
from chat.library import Library, gives_means, load_library, offers_contact
from chat.quotes import (
    asks_the_heading,
    heading_before,
    quotable_spans,
    speaks_of_blanks,
    without_heading_answer,
    without_step_label,
)
from chat.references import article_keys
from chat.topics import CoverageMap
from ingest.markers import sentence_flags
from text.script import search_form
from text.sentences import split_sentences

# Intents whose answer ends with where to complain: a borrower asking what to do or whether something is allowed.
_NEXT_STEP_INTENTS = (Intent.COMPLAIN, Intent.HOWTO, Intent.YESNO)


def document_fits(meta: dict, codes: tuple[str, ...]) -> bool:
    """The document is about an asked place, about several (INTL), or states none (a user's own file)."""
    return meta.get("jurisdiction") in (*codes, "INTL", None, "")


@dataclass
class Knowledge:
    library: Library
    ood: OutOfDomainSet
    articles: set[str]
    topics: CoverageMap  # example questions the corpus answers and topics it lacks (empty for another corpus)
    max_idf: float = 0.0  # the rarest corpus word's IDF: what a word the corpus never uses would weigh
    sentence_cache: Any = None  # e5 vectors of quotable sentences (memory over disk, seeded from the snapshot)

    def fits(self, hit: NodeWithScore, codes: tuple[str, ...]) -> bool:
        """The passage is about an asked jurisdiction (its document's, or it names one); INTL documents count, and
        so does a document that states no jurisdiction (a user's own upload is not about another place)."""
        return document_fits(hit.node.metadata, codes) or any(self.mentions(hit, c) for c in codes)

    def own(self, hit: NodeWithScore, codes: tuple[str, ...]) -> bool:
        """Strictly about an asked jurisdiction (INTL documents do not count): its document's place, or the
        place the passage names first (a Taiwan passage comparing Taiwan's hours with the UK's is not the UK's)."""
        named = Knowledge.places_named(hit)
        return hit.node.metadata.get("jurisdiction") in codes or bool(named and named[0] in codes)

    @staticmethod
    def sentence_fits(sentence: str, meta: dict, codes: tuple[str, ...]) -> bool:
        """A sentence fits when it names an asked jurisdiction, or names none and its document is about one
        (or about several, INTL), or its document states no jurisdiction at all (a user's own file is not about
        another place). One that names only other places ("美国：…FDCPA…") does not."""
        named = places.places_first(sentence)
        if named:
            return any(c in codes for c in named)
        return document_fits(meta, codes)

    @staticmethod
    def places_named(hit: NodeWithScore) -> list[str]:
        """The places a passage names, in order of first mention (its first 2,000 characters)."""
        return places.named(hit.node.get_content()[:2000])

    @staticmethod
    def mentions(hit: NodeWithScore, code: str) -> bool:
        return code in Knowledge.places_named(hit)

    def node(self, chunk_id: str) -> NodeWithScore:
        row = self.library.chunks[chunk_id]
        return NodeWithScore(node=TextNode(id_=chunk_id, text=row["text"], metadata=row["metadata"]), score=0.0)

    @staticmethod
    def evidence(sentence, question: str = "") -> Evidence:
        """The quote, without a guide's yes/no to its own section heading unless the question asks just that."""
        meta = sentence.meta
        passage = sentence.hit.node.get_content()
        quote = without_step_label(sentence.text if asks_the_heading(question, heading_before(passage, sentence.span.start))
                                   else without_heading_answer(sentence.text))
        # The corpus marks sentences as analysis or unverified (ingest/markers.py); a quote that holds one says so.
        labels = tuple(dict.fromkeys(kind for piece in split_sentences(sentence.text)
                                     for kind in sentence_flags(meta, piece)))
        return Evidence(sentence.hit.node.node_id, meta.get("source_id", ""), meta.get("title", ""),
                        meta.get("url", ""), quote, passage,
                        sentence_jurisdiction(sentence.text, meta), labels, sentence.overlap,
                        tuple(str(meta.get("source_urls", "")).split()))

    def next_step(self, turn: Turn, chosen: list[str]) -> Evidence | None:
        """The contact sentence for the asked jurisdiction: the first in next_steps.toml whose situation cues
        the question matches (110 for threats, 12321 for spam texts), else the first listed (12378), unless the
        answer already quotes a contact. Only for a borrower asking what to do, where to complain or whether
        something is allowed, or checking a claim made in a situation that has its own contact (a threat of arrest
        or violence: 110)."""
        # A Traditional question naming no place but hinting one (卡債 -> Taiwan, Cantonese -> Hong Kong) gets that
        # place's route: "…可以去哪裡申訴" otherwise ends with none.
        found = self._contact_for(turn)
        if found is None:
            return None
        best, options, cued = found
        # A quote that already sends the borrower to this contact, or (unless the situation called for this one)
        # to another general or fitting one with a way to reach it (a number, a web address), is the step; one
        # that only names a body ("可直接向金管局投訴"), or a contact for another situation (1930 for threats), is not.
        if any(best.quote in c or offers_contact(c, best.contact) or
               (not best.when and gives_means(c) and any(offers_contact(c, o.contact) for o in options
                                                          if not o.when or o in cued))
               for c in chosen):
            return None
        return self._evidence_of(best)

    def step_sentence(self, turn: Turn) -> str:
        """The contact sentence the next step would give for this turn, whatever the quotes say ('' for none)."""
        found = self._contact_for(turn)
        return found[0].quote if found else ""

    def _contact_for(self, turn: Turn):
        """(best contact, the place's contacts, those whose situation cues match) or None."""
        codes = turn.jurisdiction.leaning
        if not any(turn.intent.has(i) for i in _NEXT_STEP_INTENTS) or len(codes) != 1:
            return None
        options = self.library.contacts_for(codes[0], turn.lang)
        if not options:
            return None
        form = search_form(f"{turn.previous} {turn.question}")
        cued = [o for o in options if o.when and re.search(o.when, form, re.I)]
        if turn.intent.claim_check and not cued:
            return None
        return (cued or [o for o in options if not o.when] or options)[0], options, cued

    def crisis_line(self, turn: Turn) -> Evidence | None:
        """For a message about suicide or self-harm, the asked place's crisis line (the general one when no single
        place is known); None for any other message."""
        if not turn.intent.crisis:
            return None
        codes = turn.jurisdiction.leaning
        line = self.library.crisis_line(codes[0] if len(codes) == 1 else "INTL", turn.lang)
        return self._evidence_of(line) if line else None

    def _evidence_of(self, contact) -> Evidence:
        row = self.library.chunks[contact.chunk_id]
        return Evidence(contact.chunk_id, contact.source_id, contact.title, contact.url, contact.quote, row["text"],
                        contact.jurisdiction)


    def offered_template(self, turn: Turn, closest: Callable[[str], NodeWithScore | None],
                         title_match: Callable[[str], float] = lambda title: 0.0) -> str:
        """For a borrower asking for a letter: the knowledge base's template for the asked place whose title
        best matches the question's words (`title_match`: 协商还款申请书 for "a repayment plan"), then whose chunk
        is `closest` to it, with an instruction to cite; '' for any other question."""
        if not turn.intent.asks_letter:
            return ""
        codes = turn.jurisdiction.codes
        firsts = [self.library.chunks[ids[0]] for sid, ids in self.library.order.items()
                  if ids and is_template(self.library.chunks[ids[0]]["metadata"])]
        scored = [((title_match(str(row["metadata"].get("title", ""))), hit.score or 0.0), row) for row in firsts
                  if not codes or row["metadata"].get("jurisdiction") in codes
                  if (hit := closest(row["source_id"])) is not None]
        if not scored:
            return ""
        source = max(scored, key=lambda pair: pair[0])[1]["source_id"]
        return source if self.template_evidence(source) is not None else ""

    def template_evidence(self, source_id: str, quoted: frozenset[str] = frozenset()) -> Evidence | None:
        """The template `source_id` cited by its first instruction sentence the answer does not quote already (a
        letter request may quote the instructions too); the letter's own lines, with blanks to fill in, are never
        quoted."""
        row = self.library.chunks[self.library.order[source_id][0]]
        # the first instruction that is not about the blanks themselves ("text in [square brackets]…", "【】内…")
        # (quotable spans are already no note, placeholder or heading)
        quote = next((span.text for span in quotable_spans(row["text"])
                      if not speaks_of_blanks(span.text) and span.text not in quoted), "")
        if not quote:
            return None
        meta = row["metadata"]
        return Evidence(row["chunk_id"], row["source_id"], meta.get("title", ""), meta.get("url", ""), quote,
                        row["text"], meta.get("jurisdiction", ""), source_urls=tuple(str(meta.get("source_urls", "")).split()))

    def letter_parts(self, template: Evidence, lang: str) -> list[tuple[Evidence, str]]:
        """The parts of the letter `template` quotes from (chat.letters), each line with the passage it is
        cited by; `lang` is the asker's, used only when the template's own is not recorded."""
        ids = self.library.order.get(template.source_id, [])
        rows = [self.library.chunks[cid] for cid in ids]
        # the parts are read in the template's own language (a Chinese question may get the English letter),
        # and shown in its words as they stand: they are quoted, not translated
        own = rows[0]["metadata"].get("lang", lang) if rows else lang
        found = letter_parts([(row["chunk_id"], row["text"]) for row in rows], own)
        return [(Evidence(p.chunk_id, template.source_id, template.title, template.url, p.quote,
                          self.library.chunks[p.chunk_id]["text"], template.jurisdiction,
                          source_urls=template.source_urls, pieces=(*p.parts, *p.enclosed)),
                 parts_line(p, own, verbatim=own != lang)) for p in found]


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
        n = len(handle.bm25.chunk_ids)
        max_idf = math.log(1 + (n - 0.5) / 1.5)  # a term in one chunk (BM25Index.idf's formula)
        cache = handle.settings.data_dir / "cache"
        corpus = handle.settings.corpus_dir
        _CACHE[key] = Knowledge(library, OutOfDomainSet(corpus, handle.embed, cache), articles,
                                CoverageMap(corpus, handle.embed, cache), max_idf, handle.sentence_vectors())
    return _CACHE[key]


def sentence_jurisdiction(sentence: str, meta: dict) -> str:
    """The place a sentence is about: its document's, unless the sentence names only other places."""
    named = places.places_first(sentence)
    own = meta.get("jurisdiction", "")
    return own if not named or own in named else named[0]


def place_part(hit: NodeWithScore, codes: tuple[str, ...], kb: Knowledge) -> str:
    """The passage's sentences that fit the asked places: a Chinese question's key term found only in a line
    about the US ("美国…诉讼时效…") is not evidence for China."""
    text = hit.node.get_content()
    if not codes:
        return text
    return " ".join(p for p in split_sentences(text) if kb.sentence_fits(p, hit.node.metadata, codes))


def place_tier(text: str, meta: dict, codes: tuple[str, ...], fits) -> int:
    """0: a sentence about the asked place (or about none); 1: another place's, which only compares it with the
    asked one ("South Korea's ban runs from 9 p.m., the same hours that US rules…"); 2: it does not fit."""
    if not fits(text, meta):
        return 2
    return int(sentence_jurisdiction(text, meta) not in (*codes, "", "INTL"))
