"""Resolve a conversation turn: language, script, intent, jurisdiction and the text to search.

An elliptical follow-up ("那在英国呢？", "why is that?", "And in India?") is searched together with the turn
before it; a country it names replaces the earlier turn's country, and an ask it leaves out ("And in India?"
after "where do I complain?") is inherited. A turn that states a full new question stands on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from chat import jurisdiction
from chat.intent import Intent, IntentCall, classify, names_debt_topic
from chat.jurisdiction import JurisdictionCall
from text.lang import detect_lang
from text.script import detect_script
from text.tokenize import tokenize

_FOLLOW_UP_CUE = re.compile(
    r"^\s*(那|那么|那在|那如果|还有|另外|如果是|换成|再问|接着|所以|and\b|but\b|so\b|what about\b|how about\b|"
    r"what if\b|also\b|then\b|in that case\b|same (for|in)\b|"
    # a question about what was just said ("does that mean I don't owe it anymore?", "这样是不是就不用还了？")
    r"(does|do|did|would|will|is|was|can|could) (that|this)\b|这样|這樣|这么说|這麼說)", re.I)
_ELLIPTICAL_END = re.compile(r"(呢|呀|吗)[？?]?\s*$|\b(then|there|that)\s*\??\s*$", re.I)
# "我表妹在台北也遇到同样情况" brings its own words, but what it asks about is the turn before it
_REFERS_BACK = re.compile(r"(同样|同樣|一样|一樣|类似|類似|相同)的?(情况|情況|情形|事情|事|问题|問題|遭遇|经历|經歷)|"
                          r"\b(the )?(same|similar) (thing|situation|problem|issue|story)\b|\bsame here\b|"
                          # a comparison with what was just said: "How does that compare with the UK?", "跟这个比呢"
                          r"\bhow (does|do|would) (that|this|it|these|those) compare\b|\bcompared? (to|with) (that|this|those)\b|"
                          r"(跟|和|与|與|同)(这|那|這)(个|個|些)?(相)?比|相比之下|比起来呢|比起來呢", re.I)
SHORT_TERMS = 3  # a turn with fewer content terms (places and question words aside) leans on the one before
ASIDE_TERMS = 6  # ... and one with up to this many when it names no debt topic and no place


@dataclass(frozen=True)
class Turn:
    question: str
    lang: str                     # zh | en: the answer's language
    script: str | None            # hans | hant | None: the answer's Chinese script
    intent: IntentCall
    jurisdiction: JurisdictionCall
    query: str                    # what retrieval searches
    follow_up: bool = False
    previous: str = ""            # the earlier turn this one leans on
    history: list[str] = field(default_factory=list)


def own_terms(question: str) -> list[str]:
    """Content terms of the question with place names left out ("那在英国呢？" has none)."""
    stripped = jurisdiction.strip_names(question, jurisdiction.known_codes())
    return [t for t in tokenize(stripped) if not t.isdigit()]


def judged_on_own_words(turn: Turn) -> bool:
    """Whether the turn's own words carry what it asks: a new question, or a follow-up with terms of its own that
    does not point back at the earlier turn's situation."""
    return not turn.follow_up or len(own_terms(turn.question)) >= SHORT_TERMS and not \
        _REFERS_BACK.search(turn.question)


def is_follow_up(question: str, history: list[str]) -> bool:
    if not history:
        return False
    terms = own_terms(question)
    if _FOLLOW_UP_CUE.search(question) or _REFERS_BACK.search(question) or \
            _ELLIPTICAL_END.search(question) and len(terms) < 5:
        return True
    # A short turn that names neither a debt topic nor a place ("can I apply online myself?") is about the topic
    # of the conversation; a new question names its own ("Can a debt collector in the UK charge fees?").
    if len(terms) <= ASIDE_TERMS and not names_debt_topic(question) and not jurisdiction.named(question):
        return True
    return len(terms) < SHORT_TERMS


def resolve(question: str, history: list[str] | None = None) -> Turn:
    history = [h for h in (history or []) if h and h.strip()]
    lang = detect_lang(question)
    # A question of characters both scripts share takes the conversation's script, else Simplified.
    script = (detect_script(question) or detect_script(" ".join(history)) or "hans") if lang == "zh" else None
    intent = classify(question)
    place = jurisdiction.infer(question, history, script)
    if not is_follow_up(question, history):
        return Turn(question, lang, script, intent, place, question, history=history)
    # a chain of short follow-ups ("信用卡逾期" -> "那在台湾呢？" -> "为什么？") leans on what the last one meant
    previous = resolve(history[-1], history[:-1]).query
    before = jurisdiction.named(previous)
    switched = {c for c in before if place.basis == "named" and c not in place.codes}
    context = jurisdiction.strip_names(previous, switched) if switched else previous
    earlier = classify(previous)
    if intent.primary == Intent.GENERAL and not intent.asks_number:  # "香港呢？" asks what the turn before asked
        intent = IntentCall(earlier.primary, earlier.secondary, intent.claim_check, intent.ood_cue,
                            earlier.asks_number, intent.debt_topic or earlier.debt_topic,
                            intent.number_kind or earlier.number_kind)
    elif earlier.debt_topic and not intent.debt_topic:  # "为什么？" in a conversation about debt is about debt
        intent = replace(intent, debt_topic=True)
    return Turn(question, lang, script, intent, place, f"{context} {question}", True, previous, history)
