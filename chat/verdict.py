"""The yes/no lead of an answer ("简短回答：不可以。" · "Short answer: no."), read off the quoted rule.

A rule's polarity is what it says about the act: 不得/禁止/违法/缺乏合法依据/may not/illegal forbid it; 可以/允许/
有权/合法/may/allowed permit it. Obligations (应当/必须/must) and remedies (可以投诉/can complain) say nothing
about whether the asked act is allowed, so they give no lead. The lead comes from the quotes close enough to the
question; when they disagree, or none states a polarity, or one forbids the act under a condition the question
leaves open ("…on a debt whose statute of limitations has expired" asked "my debt is 8 years old, can they still
sue me?"), the answer has no lead at all.
A polarity counts only when it is about the party the question asks about: "反催收代理能帮我解决债务吗" is not
answered by "借款人可以自己直接联系债权人协商" (the borrower's permission, not the agent's). Two parties are told
apart: the borrower (我, 借款人, you, the debtor) and everyone else (催收, 代理, 他们, collectors, the bank).
A claim put to check ("…是真的吗", "Is it true that…") gets no lead from a rule's polarity: whether a rule forbids
an act does not say whether the claim (律师函要起诉我, 互金协会出了新规定) is true; only a correction in the
misinformation notes answers it (chat/compose.py).
(chat/facts.rule_polarity serves the generative post-check: whether a rewritten sentence keeps its source's
may / must not. This one asks a different thing: does the quoted sentence allow the act the borrower asks about.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from chat.intent import classify
from text.script import search_form

# Matched on the search form (Simplified, half-width, lower-case). Prohibitions are checked first: 不可以 holds 可以.
_PROHIBIT = re.compile(
    r"不得|禁止|不能|不可以|不可|无权|不允许|不准|严禁|不应|违反|违法|非法|不合法|侵犯|侵害|"
    r"(缺乏|没有|不具备|无)[^，。；]{0,24}(合法|法律)(依据|基础|根据)|不符合[^。；]{0,40}(规定|要求|办法|标准|指引|法)|属于[^，。；]{0,30}(犯罪|违法|骚扰)|构成[^，。；]{0,10}(犯罪|违法)|"
    r"\b(must not|may not|cannot|can't|shall not|not (be )?(allowed|permitted)|prohibit\w*|forbid\w*|banned|bars|"
    r"bar(?= [\w'’ -]{1,40}\bfrom\b)|"  # "the guidelines bar apps from accessing…" (not "the bar council")
    r"barred|illegal|unlawful|violat\w*|breach\w*|(is|be) an? (criminal )?offen[cs]e|no (legal|lawful) basis|"
    r"(lacks?|lacking|without) (a |any )?(legal|lawful) basis)\b", re.I)
# A remedy open to the borrower ("可以拨打12378投诉", "you can complain to the CFPB") is not a permission of the act.
_REMEDY = re.compile(r"(可以|可|有权)(据此|依法|直接|免费|先|再|也|立即)?(向|拨打|致电|投诉|举报|报警|起诉|申诉|要求|申请|保存|录音|拒绝|"
                     r"询问|确认|查询|核实|查证)|"
                     r"\b(can|may) (complain|report|file|contact|ask|request|sue|dispute|write|keep|refuse)\b|"
                     r"\b(can|may) call (the|your|[\d(+])",
                     re.I)
# A permission with a condition ("may contact your employer only to confirm your location") is neither yes nor no.
_QUALIFIED = re.compile(r"只能|仅限|仅在|只有|只在|除非|\b(only|unless|except)\b", re.I)  # 只有登记的公司才…
# A permission limited to some ("只允许向债务人和担保人催收", "只能向债务人本人及其担保人催收，不得向第三人催收")
# or denied ("不是有权同意方案的人") says nothing about an act it does not name: asked about the guarantor, the
# first is a yes and the second's "不得" a wrong no; asked about a colleague, the reverse. No lead from either.
_LIMITED = re.compile(r"只能|只允许|只可以|只准|仅允许|仅可|(不是|并非|没有)有权|"
                      r"\b(may|can) (\w+ ){1,3}only\b|\b(may|can) only\b", re.I)
# A report of one case ("私隱專員曾裁定，一間財務公司把…違反保障資料第3原則", "was fined for…") rules on that act, not on
# the one asked about: it gives no lead (the quote still speaks for itself).
_CASE_REPORT = re.compile(r"曾裁定|被裁定|被判|被罚|被处罚|处罚了|发出警告|判令|"  # (search form: Simplified)
                          r"\b(convicted|fined|ruled that|found that|was ordered|were ordered|penali[sz]ed|sanctioned)\b",
                          re.I)
_PERMIT = re.compile(r"可以|允许|有权|合法(?!依据|权益)|准许|\b(may|can|allowed|permitted|entitled|lawful|legal)\b", re.I)

# What the question asks, zh: (answer when the rule permits, answer when it forbids); the first match wins.
_WORDS_ZH = [(r"违法|犯法|违规|犯罪|侵权", ("不违法", "违法")), (r"合法|合规", ("合法", "不合法")),
             (r"算不算|算吗|算是|构成", ("算", "不算")), (r"会不会|会吗", ("会", "不会")),
             (r"要不要|需不需要|需要吗|要吗|该不该", ("需要", "不需要")), (r"有没有|有吗", ("有", "没有")),
             (r"是不是|是否|是.*吗", ("是", "不是")), (r"", ("可以", "不可以"))]
# "Is it illegal …?" asks the opposite way round: a rule forbidding the act answers yes.
_WORDS_EN = [(r"\b(illegal|unlawful|against the law|a crime|an offen[cs]e|violat\w*|breach\w*)\b", ("no", "yes")),
             (r"", ("yes", "no"))]


# Who a clause is about. Third-person pronouns are the other side: the asker is the borrower.
_BORROWER = re.compile(r"借款人|债务人|借款者|欠款人|持卡人|消费者|金融消费者|本人|我|你|您|\b(borrowers?|debtors?|consumers?|"
                       r"(a|the) person|"
                       r"customers?|cardholders?|you|i|me)\b", re.I)
_OTHER = re.compile(r"催收|代理|机构|公司|平台|网贷|银行|发卡|债权人|贷款人|律师|律所|他们|他|她|第三方|"
                    r"\b(collectors?|agents?|agenc(y|ies)|companies|company|firms?|lenders?|creditors?|banks?|"
                    r"issuers?|servicers?|lawyers?|they|them|he|she)\b", re.I)
# The modal that asks whether an act is allowed; the question's subject is what stands before it.
_MODAL_ZH = re.compile(r"能不能|可不可以|可以|能否|可否|有权|允许|会不会|能")
_MODAL_EN = re.compile(r"\b(can|could|may|might|will|would|are|is|do|does)\s+((?:[\w'-]+\s*){1,4})", re.I)
_FOR_TO = re.compile(r"\bfor\s+(.{1,40}?)\s+to\b", re.I)
# Clauses; reported speech starts a new one ("…can raise the position that such contact is unlawful": the
# prohibition is about the contact, not about the borrower who raises it).
_CLAUSE = re.compile(r"[，,。；;：:！!？?]|(\bthat\b|认为|指出|表示)")
# What a borrower must be told ("must be told that the data may be passed to a collector") is the content of a
# notice, not a permission: a clause reported after a telling verb states no polarity.
_TELLING = re.compile(r"\b(told|tell|tells|notif\w*|inform\w*|warn\w*|advis\w*)\b|告知|通知|提示|说明", re.I)


def role(text: str) -> str:
    """'borrower', 'other' or '' for the party a piece of text names (the first named wins)."""
    b, o = _BORROWER.search(text), _OTHER.search(text)
    if b and (not o or b.start() < o.start()):
        return "borrower"
    return "other" if o else ""


def asked_role(question: str, lang: str) -> str:
    """The party whose act the question asks about: the subject before its modal ('反催收代理能…' -> other);
    '' when it has none ('这合法吗')."""
    form = search_form(question)
    if lang == "zh":
        for clause in reversed([c for c in _CLAUSE.split(form)[::2] if c.strip()]):
            m = _MODAL_ZH.search(clause)
            if m:
                return role(clause[: m.start()]) or _story_party(form)
        return _story_party(form)
    m = _FOR_TO.search(form) or _MODAL_EN.search(form)
    return (role(m.group(1) if m.re is _FOR_TO else m.group(2)) if m else "") or _story_party(form)


def _story_party(form: str) -> str:
    """'other' when the story before the question names the other side ("他们还把律师函贴在…，这样合法吗",
    "I'm in Texas and a collector keeps calling me at 6am… is that legal?"): "this"/"这样" is what they did."""
    return "other" if any(_OTHER.search(c) for c in _clauses(form)[:-1]) else ""


def clause_roles(text: str) -> list[tuple[str, str]]:
    """(polarity, role of the party before the marker) for each clause of a quoted sentence that states one; a
    clause that names no party is about the last one named ("借款人可以…，也可以…")."""
    out, last = [], ""
    pieces = _CLAUSE.split(search_form(text))  # clause, reported-speech word or None, clause, ...
    for i, clause in enumerate(pieces[::2]):
        told = False
        if i and pieces[2 * i - 1]:
            last = ""  # what is reported has its own subject
            told = bool(_TELLING.search(pieces[2 * i - 2]))
        polarity = "" if told else act_polarity(clause)
        marker = _PROHIBIT.search(clause) or _PERMIT.search(_REMEDY.sub(" ", clause))
        who = role(clause[: marker.start()] if marker else clause) or last
        if polarity:
            out.append((polarity, who))
        last = who
    return out


def polarity_for(text: str, party: str) -> str:
    """The sentence's polarity about `party`'s act: clauses about the other party do not count ("no legal
    obligation" in a clause after "must not" does not make the sentence a permission)."""
    if not party:
        return act_polarity(text)
    said = {p for p, who in clause_roles(text) if not who or who == party}
    return "prohibit" if "prohibit" in said else "permit" if said else ""  # as act_polarity: a prohibition wins


class Quoted(Protocol):
    quote: str
    overlap: float
    labels: tuple[str, ...]


def act_polarity(text: str) -> str:
    """'prohibit' when the sentence forbids the act, 'permit' when it allows it, '' when it does not say."""
    form = search_form(text)
    if _LIMITED.search(form):
        return ""
    if _PROHIBIT.search(form):
        return "prohibit"
    if _PERMIT.search(_REMEDY.sub(" ", form)):
        return "" if _QUALIFIED.search(form) else "permit"
    return ""


def yes_no_words(question: str, lang: str) -> tuple[str, str]:
    """(answer if the rule permits, answer if it forbids), worded for what the question asks."""
    form = yes_no_clause(search_form(question))
    for pattern, words in _WORDS_ZH if lang == "zh" else _WORDS_EN:
        if re.search(pattern, form, re.I):
            return words
    return ("可以", "不可以") if lang == "zh" else ("yes", "no")


def asking_clause(form: str) -> str:
    """The last clause that asks ("…我能告他们催收非法债务罪吗"), so 是 in "我欠的是正规银行的信用卡" does not make the
    question a 是不是 one; the whole text when no clause asks."""
    asking = [c for c in _clauses(form) if re.search(r"[?？]|吗|呢|\b(is|are|can|could|may|does|do|will)\b", c, re.I)]
    return asking[-1] if asking else form


def yes_no_clause(form: str) -> str:
    """The clause that asks whether an act is allowed: "这合法吗？我该去哪投诉？" asks it first and where to
    complain last. The last asking clause when none asks that."""
    allowed = [c for c in _clauses(form) if _PERMISSION.search(c) and not _WH.search(c)]
    return allowed[-1] if allowed else asking_clause(form)


# "我们可以去哪里投诉？" has 可以 in it but asks where, "几点到几点才能打吗" asks for hours: a question word makes a
# clause no yes/no.
_WH = re.compile(r"哪|什么|怎么|如何|几|多少|多久|(where|what|how|who|when|which|why)", re.I)


def _clauses(form: str) -> list[str]:
    """A question's clauses, split at Chinese and English punctuation (a question mark stays with its clause; an
    English full stop ends one only after a word of two letters or more, so "8 a.m. under…" stays whole)."""
    return [c for c in re.split(r"(?<=[?？])|[，,。；;！!]|(?<=[a-z0-9)]{2}\.)\s+(?=[a-z])", form, flags=re.I)
            if c and c.strip()]


# A question whether an act is allowed. A rule's polarity answers only that: "does that cancel my debt?",
# "还会不会继续催？", "算不算软暴力？", "律师函是不是等于起诉？" ask what is the case, and a rule permitting or
# forbidding something does not say (on tune + tune-users such questions got a lead like "yes." or "会。"
# from the first quote's polarity, most of them wrong).
# The modals that ask whether one may: act_terms reads the act after the last of them.
_ZH_MODALS = r"可不可以|能不能|可以|能否|可否|允许|准许|有权|能"
_PERMISSION = re.compile(_ZH_MODALS + r"|合法|违法|合规|违规|犯法|侵权|"
                         r"\b(can|could|may|allowed|permitted|legal|legit|lawful|illegal(?! debts?)|unlawful|ok|okay|entitled|"
                         r"against the law|(a|an) (crime|criminal offen[cs]e|offen[cs]e))\b", re.I)


# Asking whether the borrower may use a remedy ("我录了音，能告他吗", "can I report them?"): a rule forbidding the
# collector's act is no answer to that ("不可以" would tell a harassed borrower they cannot act); only a quote that
# opens the remedy ("可以把出资银行也列为投诉对象") answers it.
_ASKS_REMEDY = re.compile(r"(能|可以|可不可以|能不能|能否|可否)[^，。？?]{0,6}(告|起诉|投诉|举报|报警|申诉|报案|维权)|"
                          r"\b(can|could|may) (i|we) [^.?]{0,12}\b(sue|report|complain|file|take (them|him|her|it) to)\b",
                          re.I)


def asks_permission(question: str) -> bool:
    """The clause that asks is about whether an act is allowed (可以…吗, 合法吗, can they…, is that allowed),
    not how much or how long ("最长能分几年？" asks for a number)."""
    clause = yes_no_clause(search_form(question))
    return bool(_PERMISSION.search(clause)) and not classify(clause).asks_number


def asks_remedy(question: str) -> bool:
    return bool(_ASKS_REMEDY.search(asking_clause(search_form(question))))


# Words of the asking clause that name no act: the parties, the debt itself, the modal.
_NOT_ACT = re.compile(r"^(debts?|欠款|债务|欠债|钱|money|信用卡|卡债|债权|贷款|借款|credit|cards?|loans?|accounts?|legal|allowed|ok|okay|legit|lawful|合法|违法|可以|允许|"
                      r"collection|collections|collecting|collect|recovery|even|really|still|just|合规|违规|这样|这种|这么|这个|那样|那种|"
                      r"如此|这|算不算|是不是|属于|做法|行为|合不合法|能不能|可不可以|会不会|有没有|干吗|干嘛|这么干|这么做|这样做)$")
# People other than the borrower: a rule about "third parties" (第三人) answers a question about any of them.
_THIRD_PARTY = re.compile(r"同事|家人|家里|朋友|亲友|亲戚|父母|妈|爸|配偶|老公|老婆|老板|领导|上司|邻居|联系人|室友|同学|"
                          r"employer|boss|family|friend|mother|mom|mum|father|dad|parent|neighbo|colleague|co-?worker|"
                          r"sister|brother|spouse|wife|husband|referee|relative")
_EN_STOP = frozenset("the and for with that this they them their can could may might will would should does did "
                     "are was were have has had into from about under over your you his her its our not any".split())
# Ways of reaching someone: a clause naming only these is about contact in general, not the asked person or medium.
_GENERIC_ACT = frozenset("call calls calling phone contact contacting 打电话 联系 找 打 催".split())


def act_terms(question: str) -> list[str]:
    """The words of the asking clause that name the act asked about ("text", "交给"), without parties, places,
    the debt itself or the modal; [] when the clause names none ("这合法吗", "is that legal?")."""
    from chat.jurisdiction import known_codes, named, strip_names
    from text.tokenize import tokenize

    clause = strip_names(yes_no_clause(search_form(question)), known_codes())

    def acts(text: str) -> list[str]:
        words = [t for t in tokenize(text) if not t.isascii()] + \
            [w for w in re.findall(r"[a-z]+", text) if w not in _EN_STOP]  # English words as typed, not stemmed
        # A party word is the whole English word (agency), or in any Chinese word (催收公司, 资产管理公司).
        return [t for t in words if len(t) >= (3 if t.isascii() else 2) and not _NOT_ACT.match(t)
                and not (_OTHER.fullmatch(t) if t.isascii() else _OTHER.search(t))
                and not _BORROWER.fullmatch(t) and not named(t)]

    # "那分期协议签了以后他们还能继续催吗": the act is what follows the modal; what comes before it is when
    modal = list(_ZH_MODAL.finditer(clause))
    after = acts(clause[modal[-1].end():]) if modal else []
    return after or acts(clause)


_ZH_MODAL = re.compile(_ZH_MODALS)


def polarity_about(quote: str, terms: Sequence[str], question: str = "") -> str:
    """The quote's polarity when it names the asked act (a ban on paying collectors by commission does not answer
    whether a bank may outsource, nor "may not discuss the debt with the employer" whether a collector may text);
    always when the question names no act. 'conditional' when it forbids the act only under a condition the
    question does not state (the verdict then gives no lead)."""
    if not terms:
        polarity = act_polarity(quote)
        if polarity == "prohibit" and _left_to_judgement(_stated_parts(search_form(quote), _PROHIBIT), question):
            return "conditional"
        return polarity
    from index.query.lexicon import corpus_words_for
    from text.tokenize import english_stem

    specific = [t for t in terms if t not in _GENERIC_ACT] or list(terms)
    forms = [(t, english_stem(t)[:5] if t.isascii() else t, *corpus_words_for(t),
              *(("第三人", "第三方", "third part") if _THIRD_PARTY.search(t) else ())) for t in specific]
    form = search_form(quote)

    def names_act(text: str) -> bool:
        return any(f and f in text for fs in forms for f in fs)

    polarity = act_polarity(quote) if names_act(form) else ""
    if polarity == "permit" and not any(names_act(part) for part in _stated_parts(_REMEDY.sub(" ", form), _PERMIT)):
        return ""  # it allows something else ("…presumed harassment, but the presumption can be rebutted")
    if polarity == "prohibit":
        parts = _stated_parts(form, _PROHIBIT)
        if not any(names_act(part) for part in parts):
            return ""  # it forbids another act ("a contract selling debts must forbid resale" allows the sale)
        if question and all(_unasked_condition(part, search_form(question)) for part in parts if names_act(part)):
            # "may not sue on a debt whose limitation period has expired" does not answer "can they sue me", but it
            # says the answer depends on something the asker did not say: no plain yes either
            return "conditional"
        if _left_to_judgement([part for part in parts if names_act(part)], question):
            return "conditional"
    return polarity


def _left_to_judgement(parts: Sequence[str], question: str) -> bool:
    """Every prohibition forbids by a standard ("must not contact at unreasonable times") and names no value,
    while the question asks about one ("at 9pm"): the rule does not say whether 9pm is unreasonable."""
    return bool(parts) and bool(question) and bool(_CONCRETE.search(search_form(question))) and \
        all(_STANDARD.search(part) and not _CONCRETE.search(part) for part in parts)


# A prohibition by a standard the rule leaves to judgement (unreasonable hours, 频繁致电) does not judge the asked
# time or count ("at 9pm", "一天打十次"): it forbids the act only if that value meets the standard.
_STANDARD = re.compile(r"不合理|不适当|不恰当|不便|频繁|过度|过于|\b(unreasonabl[ey]|inconvenient|excessive(ly)?|"
                       r"unusual|unsocial|inappropriate|persistent(ly)?)\b", re.I)
_CONCRETE = re.compile(r"\d{1,2}(:\d\d)?\s*(am|pm|a\.m\.|p\.m\.|点|时|次|通|个电话|times|calls|texts)|"
                       r"[一二两三四五六七八九十]{1,3}\s*(点|次|通|个电话)", re.I)
# A condition narrowing what is forbidden: the prohibition answers the question only if the question states it.
_CONDITION = re.compile(r"\b(whose|if|when|where|once|which|that (?:has|have|is|are|was|were))\b|如果|若|一旦")


def _unasked_condition(part: str, question_form: str) -> bool:
    """The forbidden act carries a condition none of whose words the question uses."""
    from text.tokenize import english_stem, tokenize

    m = _CONDITION.search(part)
    if not m:
        return False
    words = [w for w in tokenize(part[m.end():]) if len(w) >= (4 if w.isascii() else 2)]
    stems = {english_stem(w)[:5] if w.isascii() else w for w in words}
    return bool(stems) and not any(stem in question_form for stem in stems)


def _stated_parts(form: str, marker: re.Pattern) -> list[str]:
    """What each prohibition (or permission) in a sentence (search form) is about: the rest of its sentence
    after the marker, and its clause before the marker unless the other side stands there as the one bound
    ("爆通讯录属于违法", "contacting your employer is prohibited", not "a contract selling debts must forbid…")."""
    parts = []
    for m in marker.finditer(form):
        after = re.split(r"[。！!？?]", form[m.end():], maxsplit=1)[0]
        before = re.split(r"[。；;！!？?，,]", form[: m.start()])[-1]
        parts += [after] if role(before) == "other" else [after, before]
    return parts


def _yes_no_question_words(question: str) -> list[str]:
    """In a message asking several things, the content words of the question that holds the yes/no clause ("银行能
    分期吗？最长几年？催收天天打电话到我单位，这样合法吗？" -> 催收, 天天, 打电话, 单位); [] for a single question."""
    from chat.intent import asked_questions
    from text.tokenize import tokenize

    form = search_form(question)
    asked = asked_questions(form)
    if len(asked) < 2:
        return []
    clause = yes_no_clause(form).strip()
    own = next((p for p in asked if clause and clause in p), "")
    from chat.jurisdiction import named

    return [t for t in tokenize(own) if len(t) >= 2 and not _PERMISSION.fullmatch(t) and not _NOT_ACT.match(t)
            and not t.isdigit() and not named(t)]


def verdict(question: str, lang: str, quotes: Sequence[Quoted], min_overlap: float,
            claim: bool = False) -> tuple[str, bool]:
    """(the lead word, whether it rests only on unverified quotes); ('', False) when the quotes cannot tell:
    the question does not ask whether an act is allowed, none close enough to the question states a polarity
    about the asked party's act, or they disagree, or the question puts a claim to check (`claim`)."""
    word, unverified, _ = verdict_and_grounds(question, lang, quotes, min_overlap, claim)
    return word, unverified


def verdict_and_grounds(question: str, lang: str, quotes: Sequence[Quoted], min_overlap: float,
                        claim: bool = False) -> tuple[str, bool, list[Quoted]]:
    """`verdict`, and the quotes it rests on (the answer puts them first, right after "不可以。")."""
    if claim or not asks_permission(question):
        return "", False, []
    close = [q for q in quotes if q.overlap >= min_overlap]
    own = _yes_no_question_words(question)
    if own:  # several questions: a quote that shares no word with the yes/no one answers another part
        close = [q for q in close if any(w in search_form(q.quote) for w in own)]
    terms = act_terms(question)
    said = [("" if _CASE_REPORT.search(search_form(q.quote)) else polarity_about(q.quote, terms, question), q)
            for q in close]
    if any(p == "conditional" for p, _ in said):
        return "", False, []  # a close quote forbids the act under a condition the question leaves open
    said = [(p, q) for p, q in said if p]
    if not said or len({p for p, _ in said}) > 1 or (said[0][0] == "prohibit" and asks_remedy(question)):
        return "", False, []
    # A quote that says the opposite about the asked party vetoes the lead; one that binds another party (its
    # polarity for the asked one is '') does not count either way.
    party = asked_role(question, lang)
    if party:
        about = [(p, q, polarity_for(q.quote, party)) for p, q in said]
        if any(f and f != p for p, q, f in about):
            return "", False, []
        said = [(p, q) for p, q, f in about if f == p]
        if not said:
            return "", False, []
    unverified = all("unverified" in q.labels for _, q in said)
    permit, forbid = yes_no_words(question, lang)
    return (permit if said[0][0] == "permit" else forbid), unverified, [q for _, q in said]
