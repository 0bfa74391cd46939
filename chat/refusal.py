"""Refusals that help: say why there is no answer, in the asker's language and script, and name the closest
guide or page the knowledge base does have."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore

from chat import jurisdiction as places
from chat.evidence import is_template
from chat.followup import Turn
from chat.quotes import display_quote
from chat.texts import phrases

_KIND_PHRASE = {"ood": "refuse_ood", "reference": "refuse_reference", "place": "refuse_place",
                "place-evidence": "refuse_place_evidence", "evidence": "refuse_evidence", "topic": "refuse_topic"}


def closest_page(hits: list[NodeWithScore], kb, turn: Turn) -> tuple[str, str] | None:
    """(title, url): the best-ranked guide among the top hits, else a guide for the asked jurisdiction in
    the asker's language, else the guide for the top hits' jurisdictions (the closest the library has to a place
    it lacks), else the top hit's document; templates are never offered."""
    guides = {g.source_id: g for g in kb.library.guides}
    top = [h for h in hits[:6] if not is_template(h.node.metadata)]
    code = turn.jurisdiction.codes[0] if turn.jurisdiction.codes else None
    ranked = [guides[h.node.metadata.get("source_id")] for h in top if h.node.metadata.get("source_id") in guides]
    ranked = [g for g in ranked if g.lang == turn.lang]
    own = [g for g in kb.library.guides_for(code, turn.lang) if g.jurisdiction == code]
    near = [g for h in top for g in kb.library.guides_for(h.node.metadata.get("jurisdiction"), turn.lang)
            if g.jurisdiction == h.node.metadata.get("jurisdiction")]
    # The asked place's guide first (a retrieved one, else any), then the best-ranked retrieved guide.
    for guide in [g for g in ranked if g.jurisdiction == code] + own + ranked + near:
        return guide.title, guide.url
    if top:
        meta = top[0].node.metadata
        return meta.get("title", ""), meta.get("url", "")
    return None


def refusal_text(kind: str, turn: Turn, refs: list[str], uncovered: list[str], hits: list[NodeWithScore],
                 kb, topic: str = "") -> str:
    p = phrases(turn.lang, turn.script)
    joiner = "、" if turn.lang == "zh" else ", "
    member = kind == "place" and turn.jurisdiction.member in uncovered
    phrase = "refuse_place_member" if member else _KIND_PHRASE.get(kind, "refuse_evidence")
    lines = [_script(turn, p[phrase].format(
        refs=joiner.join(refs), place=joiner.join(places.label(c, turn.lang) for c in uncovered),
        asked=joiner.join(places.label(c, turn.lang) for c in turn.jurisdiction.codes),
        covered=joiner.join(places.covered_labels(kb.library.jurisdictions, turn.lang)), topic=topic,
        union=places.label(places.union_of(turn.jurisdiction.member or "") or "", turn.lang) if member else ""))]
    page = closest_page(hits, kb, turn) if kind != "ood" else _scope_guide(kb, turn)
    if page and page[0]:
        # Only a web address is worth showing a borrower; a file path (the bundled library) is not.
        key = "closest" if page[1].startswith(("http://", "https://")) else "closest_no_link"
        title = display_quote(page[0].strip('"'), turn.script)  # an English turn has no script: unchanged
        lines.append(p[key].format(title=inner_title(title), url=page[1]))
    lines.append(p["try_asking"])
    return "\n".join(lines)


def inner_title(title: str) -> str:
    """A title quoted inside 《》 has its own 《》 turned into 〈〉 (a title within a title), not doubled."""
    return title.replace("《", "〈").replace("》", "〉")


def _script(turn: Turn, line: str) -> str:
    """Place names filled into a Traditional refusal are converted too (the phrase itself already is)."""
    return display_quote(line, "hant") if turn.lang == "zh" and turn.script == "hant" else line


def _scope_guide(kb, turn: Turn) -> tuple[str, str] | None:
    """For an off-topic request: the borrower guide for the asker's likely place (CN for Chinese)."""
    default = "CN" if turn.lang == "zh" else "US"
    guides = kb.library.guides_for(default, turn.lang)
    return (guides[0].title, guides[0].url) if guides else None
