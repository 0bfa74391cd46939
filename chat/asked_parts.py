"""A message asking several things ("这合法吗？我能去哪里投诉？") is answered part by part: the quotes ranked for the
message as a whole can all serve its first question, so each asked sentence's closest candidate (e5, query vs
sentence) joins the quotes, taking the lowest-ranked place when they are full. A part asking where to complain is
left to the answer's next step, which names the contact for the place."""

from __future__ import annotations

import numpy as np

from chat.evidence import Sentence
from chat.intent import Intent, asked_questions, classify
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
