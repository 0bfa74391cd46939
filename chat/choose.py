"""Which ranked candidate sentences become an answer's quotes: one per named place first in a comparison, at most
a few per source (a strong line held back only for one nearly as strong), no repeats, filler far below the best
left out, and room left over filled with further lines of the place."""

from __future__ import annotations

from chat.evidence import Sentence
from text.tokenize import tokenize


def spread_over(ranked: list[Sentence], codes: tuple[str, ...], place_of, names, gap: float = 0.0
                ) -> list[Sentence]:
    """A question comparing named places ("the US, UK and India") puts each place's best sentence first, in the
    order the places are named; `place_of(sentence)` is the place a sentence is about. A sentence that `names(text,
    code)` the place or its authority (GB/T 45251, FCA) is preferred to one placed only by its document when it
    scores within `gap` of it: the seed article's "各国对于催收行业的法律法规不同" is not China's rule on call
    frequency."""
    def first_of(code: str) -> Sentence | None:
        own = [c for c in ranked if place_of(c) == code]
        stated = next((c for c in own if names(c.text, code) and c.score >= own[0].score - gap), None) if own else None
        return stated or (own[0] if own else None)

    firsts = [first_of(code) for code in codes]
    spread = [c for c in firsts if c is not None]  # distinct: a sentence is about one place
    taken = {id(c) for c in spread}
    return spread + [c for c in ranked if id(c) not in taken]


def select(ranked: list[Sentence], max_quotes: int, per_source: int, max_overlap: float,
           one_per_place: bool = False, margin: float = 0.0) -> list[Sentence]:
    """Up to `max_quotes` sentences, at most `per_source` from one source, none repeating one already chosen;
    with `one_per_place` (a question about several places), one per jurisdiction while others are left. With a
    `margin`, a sentence held back by the cap still comes in ahead of a later one scoring more than `margin`
    below it: the cap keeps one source from filling the answer, not a strong line out for a weak one."""
    chosen: list[Sentence] = []
    used: dict[str, int] = {}
    held: list[Sentence] = []
    if one_per_place:
        best_of_place: dict[str, Sentence] = {}
        for cand in ranked:
            best_of_place.setdefault(cand.meta.get("jurisdiction") or "", cand)
        spread = select(list(best_of_place.values()), max_quotes, per_source, max_overlap)
        ranked = spread + [c for c in ranked if c not in spread]

    def fits(cand: Sentence) -> bool:
        tokens = set(tokenize(cand.text))
        return not any(len(tokens & set(tokenize(c.text))) > max_overlap * max(1, len(tokens)) for c in chosen) \
            and not any(_same_span(cand, c) for c in chosen)

    for cand in ranked:
        source = cand.meta.get("source_id", "")
        if used.get(source, 0) >= per_source:
            if margin:
                held.append(cand)
            continue
        if not fits(cand):
            continue
        stronger = next((h for h in held if h.score - margin > cand.score and fits(h)), None)  # held: margin > 0
        if stronger is not None:
            held.remove(stronger)
            chosen.append(stronger)
            if len(chosen) == max_quotes:
                break
            if not fits(cand):
                continue
        chosen.append(cand)
        used[source] = used.get(source, 0) + 1
        if len(chosen) == max_quotes:
            break
    return chosen


def within_reach(chosen: list[Sentence], gap: float) -> list[Sentence]:
    """The quotes scoring within `gap` of the best one, in order: one far below it is filler (a line on loan-app
    permissions in an answer about calls at work); 0 keeps all."""
    if not gap or not chosen:
        return chosen
    best = max(c.score for c in chosen)
    return [c for c in chosen if c.score >= best - gap]


def filled_up(chosen: list[Sentence], ranked: list[Sentence], max_quotes: int, fits, gap: float,
              max_overlap: float) -> list[Sentence]:
    """Fewer quotes than `max_quotes` (filler left out, another place's rules dropped): the room goes to further
    candidates that fit the place and score within `gap` of the best quote, past the per-source cap. A UK answer
    had two lines of the UK guide and room left, while the guide's CONC 7.9 line was held back by the cap. On the six
    tuning sets (session 19): three answers gain their key facts, none loses one."""
    if not chosen or len(chosen) >= max_quotes:
        return chosen
    best = max(c.score for c in chosen)
    pool = [c for c in ranked if c not in chosen and fits(c.text, c.meta) and c.score >= best - gap]
    return select([*chosen, *pool], max_quotes, max_quotes, max_overlap)


def _same_span(a: Sentence, b: Sentence) -> bool:
    return a.hit.node.node_id == b.hit.node.node_id and a.span.start < b.span.end and b.span.start < a.span.end
