"""A message asking several things ("这合法吗？我能去哪里投诉？") is answered part by part: the quotes ranked for the
message as a whole can all serve its first question, so each asked sentence's closest candidate (e5, query vs
sentence) joins the quotes, taking the lowest-ranked place when they are full. A part asking where to complain is
left to the answer's next step, which names the contact for the place."""

from __future__ import annotations

import numpy as np

from chat.evidence import Sentence, states
from chat.intent import Intent, IntentCall, asked_questions, classify
from index.evidence import sentence_similarities

POOL = 12  # the best-ranked candidates a part's quote is chosen from (8 and 20 chose the same on the tuning sets)


def parts_to_answer(question: str) -> list[str]:
    """The asked sentences that each get a quote (none when the message asks one thing)."""
    parts = [p for p in asked_questions(question) if len(p) >= 4]
    if len(parts) < 2:
        return []
    return [p for p in parts if not classify(p).has(Intent.COMPLAIN)]


def each_part_answered(handle, question: str, chosen: list[Sentence], ranked: list[Sentence], quotes: int,
                       sentence_cache) -> list[Sentence]:
    parts = parts_to_answer(question)
    if not parts or not ranked:
        return chosen
    pool = ranked[:POOL]
    texts = [c.text for c in pool]
    out = list(chosen)
    for part in parts:
        vector = np.asarray(handle.query_vector(part), dtype=np.float32)
        best = pool[int(np.argmax(sentence_similarities(texts, vector, handle.embed, sentence_cache)))]
        if any(c.text == best.text for c in out):
            continue
        if len(out) < quotes:
            out.append(best)
        else:
            out[-1] = best
    return out


def with_story_facts(chosen: list[Sentence], ranked: list[Sentence], intent: IntentCall, quotes: int, depth: int,
                       fits=lambda text, meta: True) -> list[Sentence]:
    """A story telling when or how often they call, or that they text ("sometimes at 9:30 at night",
    "一天打二十多个电话", "txting me 15 times a day") gets the rule on hours, on call counts or on texts when no
    quote states one: the best of the `depth` best-ranked candidates fitting the place that states that kind takes
    the place of a quote repeating a kind an earlier quote states (two lines on the 7-in-7 rule), else of the last
    quote."""
    out = list(chosen)
    pool = [c for c in ranked if fits(c.text, c.meta)][:depth]
    for kind in intent.story_kinds:
        if kind == intent.number_kind or not out or any(states(c.text, kind) for c in out):
            continue
        best = next((c for c in pool if c not in out and states(c.text, kind)), None)
        if best is None:
            continue
        if len(out) < quotes:
            out.append(best)
            continue
        out[_repeat_or_last(out, intent.story_kinds)] = best
    return out


def _repeat_or_last(chosen: list[Sentence], kinds: tuple[str, ...]) -> int:
    """The last quote stating a story kind an earlier quote states too, else the last quote."""
    for i in range(len(chosen) - 1, 0, -1):
        if any(states(chosen[i].text, k) and any(states(c.text, k) for c in chosen[:i]) for k in kinds):
            return i
    return len(chosen) - 1

