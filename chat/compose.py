"""Composers turn selected evidence into an answer. One interface, `Composer.compose(request) -> Draft`; the
extractive composer (default, no LLM) is here, the generative one (chat/generative.py) plugs into the same call
and can also `stream` (each sentence released once its post-check passes).

Extractive answer shape, short enough for a phone: an assumption line when the jurisdiction was not named;
a direct answer (简短回答：不可以。 · Short answer: no.) or the intent's lead-in; the cited points, each a whole
quoted sentence shown in the asker's script (the citation keeps the verbatim original); the next step with a
concrete contact, itself a cited quote; the disclaimer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from chat import jurisdiction as places
from chat.evidence import claim_verdict, states_ranking
from chat.intent import Intent, IntentCall
from chat.jurisdiction import JurisdictionCall
from chat.quotes import display_quote
from chat.texts import fixed_text, phrases
from chat.verdict import verdict_and_grounds
from text.script import to_traditional


@dataclass
class Citation:
    n: int
    chunk_id: str
    source_id: str
    title: str
    url: str
    quote: str  # verbatim, as in the source
    source_urls: tuple[str, ...] = ()  # from the document's front matter: the only URLs the app may link
    pieces: tuple[str, ...] = ()  # an assembled line's (a letter's parts) verbatim words, each in the passage


@dataclass
class Evidence:
    """One quotable sentence and the passage it comes from."""

    chunk_id: str
    source_id: str
    title: str
    url: str
    quote: str
    passage: str
    jurisdiction: str = ""
    labels: tuple[str, ...] = ()  # "analysis", "unverified"
    overlap: float = 1.0          # weighted share of the question's key terms the quote contains
    source_urls: tuple[str, ...] = ()
    pieces: tuple[str, ...] = ()  # see Citation.pieces


@dataclass
class ComposeRequest:
    question: str
    lang: str
    script: str | None
    intent: IntentCall
    jurisdiction: JurisdictionCall
    evidence: list[Evidence]             # best first
    next_step: Evidence | None = None    # a sentence naming where to complain, for the asked jurisdiction
    previous: str = ""                   # the earlier turn a follow-up leans on
    min_direct_overlap: float = 0.3      # a yes/no lead only when the best quote is this close to the question
    template: Evidence | None = None     # a letter template's instruction sentence, when the asker wants a letter
    crisis: Evidence | None = None       # the crisis line, for a message about suicide or self-harm: shown first
    template_parts: list[tuple[Evidence, str]] = field(default_factory=list)  # the letter's parts, a line each


@dataclass
class Draft:
    text: str
    citations: list[Citation]
    composer: str  # extractive | generative | extractive-fallback
    dropped: list[dict] = field(default_factory=list)  # what a check removed: {"sentence", "check", "reason"}
    checked: bool = False  # the composer ran the post-check on every sentence itself (the generative one)


@dataclass
class ShownSentence:
    """One sentence a streaming composer releases to the reader, after its post-check passed."""

    line: str
    citations: list[Citation]


class Composer(Protocol):
    name: str

    def compose(self, request: ComposeRequest) -> Draft: ...


class StreamingComposer(Composer, Protocol):
    def stream(self, request: ComposeRequest) -> Iterator[ShownSentence | Draft]:
        """Checked sentences as they are ready, then the whole Draft (always last)."""
        ...


_COMPOSER_LABEL = {
    "extractive": "answer: quoted sources (extractive)",
    "generative": "answer: written by the LLM; every sentence checked against its cited source",
    "extractive-fallback": "answer: quoted sources (extractive fallback: no LLM sentence passed the check)",
}


def composer_label(composer: str, dropped: int = 0) -> str:
    """The visible mark of which composer wrote an answer, and how much the checks removed."""
    label = _COMPOSER_LABEL.get(composer, composer)
    return label + (f"; {dropped} sentence(s) removed by the post-check" if dropped else "")


class ExtractiveComposer:
    name = "extractive"

    def compose(self, request: ComposeRequest) -> Draft:
        p = phrases(request.lang, request.script)
        lines: list[str] = []
        citations: list[Citation] = []
        crisis = request.crisis
        if crisis:  # suicide or self-harm: the crisis line before anything else
            citations.append(_cite(1, crisis))
            lines.append(f"{p['crisis']}{self.show(crisis.quote, request)} [1]")
        assumption = _assumption_line(request, p)
        if assumption:
            lines.append(assumption)
        evidence = [ev for ev in request.evidence if not crisis or ev.quote != crisis.quote]
        if evidence:
            lead, grounds = _lead_line(request, p)
            lines.append(lead)
            # "简短回答：不可以。" is followed by the rule it rests on, not by a quote about something else
            evidence = [ev for ev in evidence if ev in grounds] + [ev for ev in evidence if ev not in grounds]
        for item, ev in enumerate(evidence, 1):
            citations.append(_cite(len(citations) + 1, ev))
            lines.append(f"{item}. {_labels(ev, request, p)}{self.show(ev.quote, request)} [{len(citations)}]")
        for extra, lead in ((request.template, "template"), (request.next_step, "next_step")):
            if extra and all(extra.quote != c.quote for c in citations):
                citations.append(_cite(len(citations) + 1, extra))
                lines.append(f"{p[lead]}{self.show(extra.quote, request)} [{len(citations)}]")
            if lead == "template" and extra:
                for i, (part, line) in enumerate(request.template_parts):
                    citations.append(_cite(len(citations) + 1, part))
                    lead_in = p["template_parts" if i == 0 else "template_parts_more"]
                    lines.append(f"{lead_in}{self.show(line, request)} [{len(citations)}]")
        disclaimer = fixed_text("disclaimer", request.lang)
        if request.script == "hant":
            disclaimer = to_traditional(disclaimer)
        lines.append("\n" + disclaimer)  # blank line: not part of the last list item
        return Draft("\n".join(lines), citations, self.name)

    @staticmethod
    def show(quote: str, request: ComposeRequest) -> str:
        if request.lang == "zh":
            return display_quote(quote, request.script)
        return quote[:1].upper() + quote[1:]  # a quote cut after a guide's "Yes:" starts lower-case


def _cite(n: int, ev: Evidence) -> Citation:
    return Citation(n, ev.chunk_id, ev.source_id, ev.title, ev.url, ev.quote, ev.source_urls, ev.pieces)


def _lead_line(request: ComposeRequest, p: dict[str, str]) -> tuple[str, list[Evidence]]:
    """The direct answer first: yes/no from the quoted rules' polarity (chat/verdict.py), a claim check's verdict, or the lead-in
    of the intent (where to complain, what to do, the verdict, the reasons); with the quotes a yes/no rests on."""
    intent, best = request.intent, request.evidence[0] if request.evidence else None
    said = claim_verdict(best.quote) if intent.claim_check and best is not None \
        and best.overlap >= request.min_direct_overlap else ""
    if said:
        return p[f"claim_{said}"], []
    if intent.primary == Intent.YESNO:
        word, unverified, grounds = verdict_and_grounds(request.question, request.lang, request.evidence,
                                                        request.min_direct_overlap, claim=intent.claim_check)
        if word:
            return (p["yes_unverified" if unverified else "yes"].format(word=word),
                    [ev for ev in request.evidence if ev in grounds])
    if intent.primary in (Intent.RANK, Intent.GENERAL, Intent.DEFINITION) and request.jurisdiction.basis == "named" \
            and len(request.jurisdiction.codes) > 1:
        return p["compare"], []  # the quotes are each named place's rule (chat/choose.spread_over), not a verdict
    if intent.primary == Intent.RANK and not any(states_ranking(ev.quote) for ev in request.evidence):
        return p["framing"], []  # "How does that compare with the UK?" gets the UK's rules, not a verdict
    lead = {Intent.COMPLAIN: "complain", Intent.HOWTO: "howto", Intent.RANK: "rank", Intent.WHY: "why"}
    return p[lead.get(intent.primary, "framing")], []


def _assumption_line(request: ComposeRequest, p: dict[str, str]) -> str:
    """Say which jurisdiction the answer covers when the asker did not name it in this turn, and say so
    when the sources are from another place than the one asked about."""
    call, lang = request.jurisdiction, request.lang
    cited = list(dict.fromkeys(e.jurisdiction for e in request.evidence if e.jurisdiction not in ("", "INTL")))
    names = "、".join if lang == "zh" else ", ".join
    if call.codes and cited and not set(cited) & set(call.codes):
        return p["other_place"].format(asked=names(_place(c, request) for c in call.codes),
                                       places=names(_place(c, request) for c in cited))
    if call.member:
        union = places.union_of(call.member) or ""
        return p["member_state"].format(state=_place(call.member, request), union=_place(union, request))
    if call.basis == "traditional-unstated" and cited:
        return p["traditional_unstated"].format(places=names(_place(c, request) for c in cited))
    if call.basis == "simplified-default":
        return p["assumed"].format(place=_place(call.codes[0], request))
    if call.basis == "currency":
        return p["assumed_currency"].format(place=_place(call.codes[0], request))
    if call.basis == "conversation" and call.codes:
        return p["assumed_conversation"].format(place=names(_place(c, request) for c in call.codes))
    if call.basis == "none" and len(cited) == 1:  # an English question naming no place, answered from one place
        return p["unnamed_place"].format(places=_place(cited[0], request))
    return ""


def _place(code: str, request: ComposeRequest) -> str:
    """A place's name in the asker's language and script (台灣 in a Traditional answer)."""
    return display_quote(places.label(code, request.lang), request.script)


def _labels(ev: Evidence, request: ComposeRequest, p: dict[str, str]) -> str:
    """〔美国〕〔分析〕 before a quote: its jurisdiction when it is not the one asked about (or none was asked
    and the answer mixes places), and whether the source marks it as analysis or unverified."""
    tags = []
    asked = set(request.jurisdiction.codes)
    mixed = len({e.jurisdiction for e in request.evidence if e.jurisdiction not in ("", "INTL")}) > 1
    if ev.jurisdiction not in ("", "INTL") and ((asked and ev.jurisdiction not in asked) or (not asked and mixed)):
        tags.append(_place(ev.jurisdiction, request))
    tags += [p[label] for label in ev.labels if label in p]
    if not tags:
        return ""
    if request.lang == "zh":
        return "".join(f"〔{t}〕" for t in tags)
    return "[" + " · ".join(tags) + "] "
