"""Evidence: which words of a question matter, how much of them the top passages cover, and which whole
sentences of those passages answer it.

Key terms are weighted by corpus IDF times a general-language damping (wordfreq's Zipf frequency): a word that
is common in everyday language (里, 去, 拿, told, actually) weighs little even when the corpus rarely uses it,
so a long natural question is judged on its substance. Terms the corpus never uses (a brand, a typo, a place)
are not counted against the question; references it cannot verify are handled in chat/references.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from llama_index.core.schema import NodeWithScore

from chat.intent import Intent, IntentCall, asking_part, ranking_end
from chat.quotes import Span, quotable_spans, speaks_of_blanks
from index.query.lexicon import corpus_words_for, phrase_words
from index.query.reduce import without_fillers
from ingest.hygiene import addresses_assistant
from text.question_words import expand_contractions, without_amounts
from text.script import search_form
from text.tokenize import english_stem, tokenize


@dataclass
class TermWeights:
    weights: dict[str, float]                          # key term -> weight (terms the corpus uses)
    unknown: list[str] = field(default_factory=list)   # terms the corpus never uses (names, typos): not counted
    # Ordinary words the corpus never uses (破产, bankruptcy): the question is about something it lacks.
    # They count against coverage with weight `unknown_weight` x this base weight (chat/answer.py).
    unknown_content: dict[str, float] = field(default_factory=dict)
    # Everyday words and the corpus's words for them (老板 -> 雇主 单位 同事): either form covers the term.
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.weights.values())


@dataclass
class Sentence:
    span: Span
    hit: NodeWithScore
    rank: int              # passage rank (0 = best)
    overlap: float         # weighted share of key terms in the sentence
    cue: float             # how well its form fits the intent (0-1)
    score: float = 0.0
    dense: float = 0.0     # e5 cosine of the question to the sentence (0 when the ranker is off)

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def meta(self) -> dict:
        return self.hit.node.metadata


@lru_cache(maxsize=50_000)
def zipf(term: str) -> float:
    """General-language frequency on the Zipf scale (0-8); the language is the term's script."""
    from wordfreq import zipf_frequency

    lang = "zh" if re.search(r"[\u3400-\u9fff]", term) else "en"
    return zipf_frequency(term, lang)


def damping(term: str, common: float, rare: float, floor: float) -> float:
    """1 for words rarer than `rare` on the Zipf scale, falling linearly to `floor` at `common`."""
    z = zipf(term)
    if z <= rare:
        return 1.0
    if z >= common:
        return floor
    return max(floor, 1.0 - (1.0 - floor) * (z - rare) / (common - rare))


def key_terms(text: str, idf, corpus_contains, substring_weight: float, common: float, rare: float,
              floor: float, unknown_idf: float = 0.0, asked_boost: float = 1.0) -> TermWeights:
    """IDF x damping per query term; terms the corpus never uses go to `unknown`, and those that are ordinary
    words (not names, not typos) in a sentence that asks also to `unknown_content` with `unknown_idf` x damping:
    a word the corpus lacks in the story around the question (terrified, diagnosed) is the asker's circumstance,
    not a topic the corpus lacks (measured on tune + tune-users: false refusals 0.012 -> 0.008 / 0.033 -> 0.020,
    refusal recall unchanged)."""
    weights: dict[str, float] = {}
    unknown: list[str] = []
    content: dict[str, float] = {}
    text = without_fillers(without_amounts(expand_contractions(text)))
    asking = asking_part(text)
    asked = set(tokenize(asking))
    # a story around the question: the words of the sentences that ask weigh `asked_boost` times as much
    boosted = asked if asked_boost != 1.0 and asking != text else set()
    alternatives: dict[str, tuple[str, ...]] = {}
    phrases = phrase_words(text)
    for token in dict.fromkeys(tokenize(text)):
        weight = idf(token)
        if weight is None and token.isascii():
            weight = idf(english_stem(token))  # "stopped" where the corpus says "stop"
        if weight is None and corpus_contains(token):
            weight = substring_weight  # segmented differently in the corpus, but present
        # a bare number ("8" of "8 a.m.") is found in any passage with that digit (section 8, 2018): never one
        alternatives[token] = tuple(a for a in dict.fromkeys((*corpus_words_for(token), *phrases.get(token, ())))
                                    if idf(a) is not None and not a.isdigit())
        if weight is None and alternatives[token]:
            weight = max(idf(a) for a in alternatives[token])  # the corpus says it in its own words
        parts = compound_parts(token, idf) if weight is None else ()
        if parts:  # "申诉电话", one word to jieba, is 申诉 + 电话 to a corpus that never joins them
            for part in parts:
                weights.setdefault(part, idf(part) * damping(part, common, rare, floor))
            continue
        if weight is None:
            unknown.append(token)
            if token in asked and is_ordinary_word(token, text):
                content[token] = unknown_idf * damping(token, common, rare, floor)
            continue
        weights[token] = weight * damping(token, common, rare, floor) * (asked_boost if token in boosted else 1.0)
    return TermWeights(weights, unknown, content, {t: a for t, a in alternatives.items() if a and t in weights})


_NAME_FLAGS = ("nr", "ns", "nt", "nz", "r")  # names, and pronouns (有人)


def compound_parts(token: str, idf) -> tuple[str, ...]:
    """The words of a Chinese compound the corpus never uses whole, when the corpus uses every one of them
    (jieba's search-mode cut: 申诉电话 -> 申诉, 电话); () otherwise."""
    if len(token) < 3 or token.isascii():
        return ()
    from text.tokenize import jieba_with_user_dict

    words = [w for w in jieba_with_user_dict().cut_for_search(token) if w != token and len(w) >= 2]
    # the parts must cover the compound, or the part left out was what it named
    covered = set().union(*(set(range(token.find(w), token.find(w) + len(w))) for w in words)) if words else set()
    if len(covered) < len(token) or any(idf(w) is None for w in words):
        return ()
    return tuple(dict.fromkeys(words))


def is_ordinary_word(token: str, text: str) -> bool:
    """A dictionary word that is neither a name nor a misspelling: jieba's dictionary knows it (with a real
    frequency and not as a name) for Chinese; wordfreq knows it and the asker did not capitalise it for English."""
    if token.isdigit():
        return False
    if token.isascii():
        capitalised = re.search(rf"(?<![A-Za-z]){re.escape(token[:1].upper() + token[1:])}\b", text) or \
            re.search(rf"\b{re.escape(token.upper())}\b", text)
        return not capitalised and 3.0 <= zipf(token) <= 5.3
    return _jieba_word(token)


@lru_cache(maxsize=20_000)
def _jieba_word(token: str) -> bool:
    import jieba.posseg as pseg

    from text.tokenize import jieba_with_user_dict

    jieba = jieba_with_user_dict()
    if (jieba.dt.FREQ.get(token) or 0) < 50:
        return False
    flags = [w.flag for w in pseg.cut(token)]
    return len(flags) == 1 and not flags[0].startswith(_NAME_FLAGS)


def covered_weight(texts: list[str], terms: TermWeights, inflected: bool = False) -> float:
    """Weight of the key terms found in any of `texts` (substring match on the search form, so it does not
    depend on how jieba segments either side); with `inflected`, an English term is found by its stem too
    ("calling" in a passage that says "calls")."""
    forms = [search_form(t) for t in texts]
    found = 0.0
    for term, weight in terms.weights.items():
        words = (term, *terms.alternatives.get(term, ()), *((english_stem(term),) if inflected else ()))
        if any(w in f for f in forms for w in words):
            found += weight
    return found


def coverage(texts: list[str], terms: TermWeights, unknown_weight: float = 0.0, inflected: bool = False) -> float:
    """Weighted share of the question's key terms found in `texts`; ordinary words the corpus lacks count
    against it with `unknown_weight` (`inflected`: as in covered_weight)."""
    total = terms.total + unknown_weight * sum(terms.unknown_content.values())
    return covered_weight(texts, terms, inflected) / total if total else 0.0


# Sentence forms that fit an intent (matched on the search form).
_CUES = {
    Intent.COMPLAIN: r"投诉|举报|报警|热线|申诉|12378|12321|110|ombudsman|complain|cfpb|consumerfinance\.gov|hotline|"
                     r"\(\d{3}\) ?\d{3}-\d{4}|report",
    Intent.HOWTO: r"应当?先|可以|应该|建议|保存|记录|申请|书面|should|can |may |ask|keep|write|send|request|step",
    Intent.WHY: r"因为|由于|所以|因此|原因|导致|难点|没有权限|无权|because|since|so that|as a result|due to|reason|"
                r"cannot agree|no authority|without authority",
    # "means" as a noun ("by violence … and similar means", "means of contact") defines nothing
    Intent.DEFINITION: r"是指|指的是|即|称为|是一种|是.{0,12}的|定义为|界定为|"
                       r"(?<!similar )(?<!other )(?<!such )(?<!any )(?<!improper )(?<!illegal )\bmeans\b(?! of\b)|"
                       r"refers to|is an? |is the |defined as|\bdefines?\b[^.;]{0,60}\bas\b",
    Intent.STATISTICS: r"\d+(?:\.\d+)?%|\d[\d,.]*\s*(?:万|亿|件|宗|家|人|起|million|billion|complaints)|\d{2,}",
    Intent.RANK: r"最难|最容易|其次|排名|相对|hardest|easiest|most difficult|rank|harder|easier",
    Intent.YESNO: r"不得|禁止|不能|不可|可以|应当|必须|无权|允许|不适用|适用|must|may not|cannot|can't|allowed|"
                  # no need ("无须领牌", "不受发牌规管") answers "do they need a licence?"
                  r"无须|无需|毋须|不需要|不必|不受|need not|not required|\bunlicensed\b|\bnot licensed\b|"
                  r"prohibit|forbid|bans?\b|does not|applies|"
                  # a rule's absence answers "is there a limit?" ("CONC 7 sets no … numeric call cap")
                  r"没有(订出|规定|设定|明确)|并无|未(规定|订出|设定)|\b(sets|has|have|there is|there are) no\b|"
                  r"\bno (fixed|numeric|specific|statutory)\b",
}
_CORRECTION = r"错|无法核实|无法查证|无从查证|无法证实|未能核实|没有依据|不予采用|未经核实|无法在.{0,20}找到|不是|并非|矛盾|not supported|wrong|incorrect|" \
              r"could not be|cannot be verified|no source|false|contradict|unverified|not verified"
# A sentence that says a claim is wrong, or that it cannot be verified: what leads the answer to a claim check.
_CLAIM_WRONG = re.compile(r"错|wrong|incorrect|false", re.I)
_CLAIM_UNVERIFIED = re.compile(r"无法核实|无法查证|无从查证|无法证实|未能核实|未经核实|没有依据|不予采用|无法在|找不到出处|could not be|cannot be verified|"
                               r"not supported|no source|not be traced|unverified", re.I)


def claim_verdict(sentence: str) -> str:
    """'wrong' when the sentence says a claim is wrong, 'unverified' when it says the claim cannot be verified,
    else ''."""
    form = search_form(sentence)
    return "wrong" if _CLAIM_WRONG.search(form) else "unverified" if _CLAIM_UNVERIFIED.search(form) else ""
_NUMBER = r"\d"
_CN_DIGIT = "[0-9一二两三四五六七八九十]"
# What a sentence states, by kind (search form): a number of the kind a question asks for, or (texts) a rule on
# texts or e-mails, for a story that tells of them (chat.asked_parts.with_story_facts).
_LONE, _ENDS = r"(?<!\d)(?<!\d[.,])", r"(?![\d:]|[.,]\d)"  # a whole number, not part of 1,000 or 9:30
_STATED = {
    # a number one can dial: "(852) 2878 1378", "3199 5199", "0800-789-885", "010-12321", 12378, 110, 1930; a short
    # number beside a hotline word ("toll-free help line ... is 14448"); never a year or an amount ("1,000 000")
    "phone": rf"\(\d{{2,4}}\)\s?\d{{3,4}}[\s-]?\d{{3,4}}|{_LONE}\d{{3,4}}[\s-]\d{{3,4}}([\s-]\d{{3,4}})?{_ENDS}|"
             rf"{_LONE}(12378|12321|12315|12363|110|1930|14646){_ENDS}|\b1-?8\d{{2}}-\d{{3}}-\d{{4}}\b|"
             rf"(热线|专线|电话|help ?line|hotline|toll-free)[^0-9。.]{{0,60}}{_LONE}(?!(19|20)\d\d(?!\d))\d{{3,6}}{_ENDS}(?!\s*年)",
    "time": rf"\d{{1,2}}:\d{{2}}|\d{{1,2}}\s*(a\.m\.|p\.m\.|am\b|pm\b)|(上午|下午|晚上|早上|凌晨|夜间|次日){_CN_DIGIT}{{1,3}}\s*[点时]|"
            rf"{_CN_DIGIT}{{1,3}}\s*[点时](以后|之后|以前|之前|至|到)|\b(midnight|noon)\b|"
            # a rule can state the hours without a clock time: "不合理時間", "unreasonable hours", no fixed hours
            r"不合理的?时间|不适当的?时间|不便的?时间|具体钟点|\b(unreasonable|inconvenient|unsocial) (hours?|times?)\b|"
            r"\bfixed (clock )?hours\b",
    "count": r"\d+\s*(次|通|个电话|times|calls|attempts)|\b(once|twice)\b|不断致电|次数上限|"
             r"\bpersistent(ly)? (phone )?call|\bnumber of calls\b",
    "duration": r"(?<![0-9])([0-9]{1,3}|[一二两三四五六七八九十]+)\s*(个?工作日|天|日内|个?月|周|小时|年)|\d+\s*-?\s*((working |business )?days?|weeks?|months?|years?|hours?)\b",
    "year": r"(19|20)\d{2}\s*年|\b(19|20)\d{2}\b",
    # an article or section cited: 第四十二条, 第1033條, Art. 15, s.46, §805(c), 805(c), CONC 7.9
    "law": r"第[0-9一二两三四五六七八九十百千零〇]+条|\b(art(icle)?s?|sections?|regs?|rules?|para(graph)?s?)\.?\s*\d|"
           r"\bs\.\s?\d|§\s*\d|\b\d{3,4}\([a-z0-9]\)|\bconc\s*\d|"
           r"条文(序号|编号)|\b(article|section) number",  # "条文序号可能已经变化" answers "第几条？" too
    "money": r"[$£₹€¥]\s*\d|\d[\d,.]*\s*(元|块|美元|港元|英镑|卢比|万元|dollars|pounds|rupees)",
    "texts": r"短信|微信消息|\bsms\b|\btext(s|ing)?\b|\btext messages?\b|\be-?mails?\b|electronic messages?",
}
_RANKING = r"最难|最容易|难度排序|hardest|easiest|most difficult to negotiate"
# A claim the corpus reports as circulating online ("还有网页称…每天最多打3次", "Other pages say…").
_HEARSAY = r"网页(称|声称|把|引用|说)|网传|网上流传|有网页|\b(web )?pages? (say|says|claim|claims|cite|cites|attribute)\b"
# When a hotline or body was set up: history, not a step ("金管局於1996年4月22日開通債務催收投訴熱線").
_FOUNDING = r"(19|20)\d\d年.{0,12}(开通|开设|成立|设立|推出|启用)|\b(opened|launched|set up|established|created)\b" \
            r"[^.;]{0,60}\b(in|on) (\d{1,2} \w+ )?(19|20)\d\d\b|\b(in|on) (\d{1,2} \w+ )?(19|20)\d\d,? [^.;]{0,60}" \
            r"\b(opened|launched|set up|established|created)\b"
_STATISTIC = r"\d(?:\.\d+)?%|(?<!第)\d[\d,.]*\s*(?:万|亿)?(?:件|宗|万条)|\d[\d,.]*\s*(?:complaints|cases)"


def states_ranking(sentence: str) -> bool:
    """The sentence ranks the channels ("网贷最难协商", "the hardest to negotiate with")."""
    return bool(re.search(_RANKING, search_form(sentence), re.I))


def intent_cue(sentence: str, intent: IntentCall) -> float:
    """-1..1: how well the sentence's form fits what the question asks for (-1: a statistic for a question
    that asks for no number)."""
    form = search_form(sentence)
    hits = [bool(re.search(_CUES[i], form, re.I)) for i in (intent.primary, *intent.secondary) if i in _CUES]
    score = 1.0 if hits and hits[0] else 0.5 if any(hits) else 0.0
    stated = _STATED.get(intent.number_kind)
    if (intent.asks_number or intent.number_kind == "law") and re.search(stated or _NUMBER, form, re.I):
        score = max(score, 1.0)
    if intent.claim_check and re.search(_CORRECTION, form, re.I):
        score = max(score, 1.0)
    if intent.primary != Intent.STATISTICS and not intent.asks_number and re.search(_STATISTIC, form, re.I):
        return -1.0  # a complaint count answers "how many", never "where do I complain"
    if not intent.claim_check and re.search(_HEARSAY, form, re.I) and not re.search(_CORRECTION, form, re.I):
        return -1.0  # a rumour without its correction reads as the rule unless the asker is checking it
    if intent.primary in (Intent.COMPLAIN, Intent.HOWTO) and not intent.asks_number and re.search(_FOUNDING, form, re.I):
        return -1.0  # when the hotline opened is no step for "where do I complain"
    if not intent.has(Intent.RANK) and not intent.has(Intent.WHY) and re.search(_RANKING, form, re.I):
        return -1.0  # "网贷最难协商" answers "which is hardest", never "is this allowed" or "what do I do"
    if intent.end and ranking_end(form) not in ("", intent.end):
        return -1.0  # "网贷最难协商" does not answer "那最容易的呢？"
    return score


def states_asked_number(sentence: str, intent: IntentCall) -> bool:
    """The sentence states the kind of number the question asks for (a clock time, a count, a period...)."""
    return states(sentence, intent.number_kind)


def states(sentence: str, kind: str) -> bool:
    """The sentence states `kind` (_STATED: phone, time, count, duration, year, law, money, texts)."""
    stated = _STATED.get(kind)
    return bool(stated and re.search(stated, search_form(sentence), re.I))


def with_asked_number(chosen: list[Sentence], ranked: list[Sentence], intent: IntentCall, max_quotes: int,
                      depth: int, fits=lambda text, meta: True) -> list[Sentence]:
    """A question asking for one kind of number gets it: when no chosen quote states that kind, the best of the
    `depth` best-ranked candidates fitting the asked place that does leads, in place of the last quote."""
    if not depth or not intent.number_kind or not chosen or any(states_asked_number(c.text, intent) for c in chosen):
        return chosen
    pool = [c for c in ranked if fits(c.text, c.meta)][:depth]
    best = next((c for c in pool if c not in chosen and states_asked_number(c.text, intent)), None)
    if best is None:
        return chosen
    return [best, *chosen[: max_quotes - 1]]


def sentences(hits: list[NodeWithScore], terms: TermWeights, intent: IntentCall,
              starts_mid_sentence, instructions=lambda chunk_id: "") -> list[Sentence]:
    """Every quotable sentence of the passages with its term overlap and intent cue. A template's passage gives
    sentences only to a letter request, and only from `instructions(chunk_id)`: its text before the letter."""
    out = []
    for rank, hit in enumerate(hits):
        template = is_template(hit.node.metadata)
        if template and not intent.asks_letter:
            continue
        text = hit.node.get_content()
        if template:  # a letter request may quote a template's instructions, never the letter itself
            text = instructions(hit.node.node_id)
        for span in quotable_spans(text, starts_mid_sentence(hit.node.node_id)):
            if _is_flagged(span.text, hit.node.metadata, "unquotable_sentences") or addresses_assistant(span.text):
                continue  # sentences speaking to an AI assistant are data, never evidence
            if template and speaks_of_blanks(span.text):  # (quotable spans already hold no placeholder)
                continue
            own = _without_asked_title(span.text, terms)
            cue = intent_cue(span.text, intent) if own == span.text else -1.0
            out.append(Sentence(span, hit, rank, coverage([own], terms), cue))
    return out


_TITLE = re.compile(r"《([^《》]{4,})》")


def _without_asked_title(sentence: str, terms: TermWeights) -> str:
    """The sentence without a cited title that is the question itself (《催收最难协调的平台是哪个？》): a sentence
    about the article of that name matches every word of the question and answers none of it."""
    if not terms.total:
        return sentence
    return _TITLE.sub(lambda m: "《》" if covered_weight([m.group(1)], terms) >= 0.8 * terms.total else m.group(0),
                      sentence)


def is_template(meta: dict) -> bool:
    """A fill-in template: offered as a document, never quoted as evidence."""
    return meta.get("doc_type") == "template" or str(meta.get("source_id", "")).startswith("template-")


def _is_flagged(sentence: str, meta: dict, key: str) -> bool:
    flagged = meta.get(key)
    return bool(flagged) and sentence in str(flagged)


def rank_sentences(cands: list[Sentence], cue_weight: float, rank_weight: float,
                   jurisdiction_ok=lambda text, meta: True, dense_weight: float = 0.0) -> list[Sentence]:
    """Best first: term overlap, plus the intent cue, plus a prior for better-ranked passages, plus the e5
    similarity of question and sentence (index.evidence.unit_scale over the candidates; it finds the sentence that answers in other
    words than the question's); sentences from another jurisdiction than the one asked about go last."""
    import numpy as np

    from index.evidence import unit_scale

    scaled = unit_scale(np.array([c.dense for c in cands], dtype=np.float32)) if dense_weight and cands else None
    for i, c in enumerate(cands):
        c.score = c.overlap + cue_weight * c.cue + rank_weight / (1 + c.rank)
        if scaled is not None:
            c.score += dense_weight * float(scaled[i])
    return sorted(cands, key=lambda c: (not jurisdiction_ok(c.text, c.meta), -c.score, c.rank))


def lead_with_intent(chosen: list[Sentence], intent: IntentCall, min_overlap: float = 0.0,
                     min_lead_overlap: float = 0.0) -> list[Sentence]:
    """A why / how-to / where-to-complain answer leads with the quotes that give the reason, the step or the
    contact, and a claim check with the correction (when it shares enough of the question's terms to be about
    this claim: a correction of another rumour is no answer); the rest keep their rank order (a "why?" follow-up
    should not open by repeating the verdict)."""
    if intent.claim_check:  # a claim to check is answered by its correction first
        return sorted(chosen, key=lambda c: not (claim_verdict(c.text) and c.overlap >= min_overlap))
    if intent.primary not in (Intent.WHY, Intent.HOWTO, Intent.COMPLAIN):
        return chosen
    return sorted(chosen, key=lambda c: c.cue < 1 or c.overlap < min_lead_overlap)
