"""What kind of answer a question asks for, in Chinese and English: a pure function of the question text.

The cues are question forms (吗/能不能/why/which…most), not topics, so they carry over to questions nobody
here has seen. Out-of-domain cues name request types the knowledge base never serves (a poem, a recipe, a
product to buy); they are one input to the in-domain decision, which is measured (chat/domain.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from text.script import search_form


class Intent(StrEnum):
    YESNO = "yesno"            # 可以/不可以 · yes/no, then the rule
    RANK = "rank"              # which is hardest / compare
    WHY = "why"                # reasons
    COMPLAIN = "complain"      # where to complain: lead with the contact
    HOWTO = "howto"            # what to do: lead with the action
    DEFINITION = "definition"  # what is X
    STATISTICS = "statistics"  # how many, what share
    GENERAL = "general"


# Matched on the search form (Simplified, half-width, lower-case).
_ZH = {
    # 凭什么 ("我又不是担保人凭什么找我") protests a demand: it asks whether they may, not for reasons.
    Intent.WHY: r"为什么|为何|什么原因|原因是|怎么会|何以|理由|点解",
    Intent.RANK: r"(哪个|哪种|哪类|哪家|哪一|什么样的?)(渠道|平台|机构|公司|催收|方)?[^，。？]{0,8}(最|更|比较|相对)|"
                 r"最(难|容易|好|差|麻烦|凶|狠)|排名|排行|难度比较|比较一下|对比",
    # "关于暴力催收的投诉有多少" counts complaints: data, not a wish to complain
    Intent.STATISTICS: r"多少(件|宗|起|个|家|人|万|亿|笔|投诉|条)|(投诉|案件|案子|纠纷|件数|宗数|数量)(一共|总共|大概|大约)?有多少|占比|比例|百分之|统计|数据显示|投诉数据|多大比例|几成|增长了|数量",
    Intent.DEFINITION: r"什么是|是什么意思|什么意思|指的是什么|是指什么|含义|定义|是什么东西|算什么|咩意思|系咩",
    # "他们要是不听呢": what to do when the other side will not comply is where to escalate
    # 起诉我 / 被起诉: the asker is being sued, which is no wish to complain
    Intent.COMPLAIN: r"投诉|举报|报警|告他|告她|告他们|(?<!被)起诉(?!了?我)|找谁|去哪(里|儿)?(告|反映|说理|申诉)|申诉|维权|反映|监管部门|热线|"
                     r"(要是|如果|万一|假如)[^，。？]{0,8}(不听|不理|不同意|不答应|不配合|不管|不停|还打|继续打)",
    Intent.HOWTO: r"怎么办|怎么做|如何|怎样|怎么(处理|应对|写|申请|协商|证明|保存|留|投诉|查|核实|确认|辨别|分辨)|该怎么|"
                  r"(该|应该|应当|要|能|可以|需要)(先|再|马上|现在)?做(点|些)?什么|有什么办法|步骤|模板|要准备|留什么|流程|"
                  # Cantonese: 点算/点做 (what to do), 仲有咩途径 (what other route)
                  r"点算|点做|点样|(有|仲有|还有)(咩|什么|乜嘢)(办法|途径|方法)|"
                  # what to keep or prepare ("应该保存哪些东西", "要准备什么材料") asks for the steps
                  r"(保存|保留|留存|准备|收集|留好?)(哪些|什么|啥)|要(哪些|什么)(材料|证据)",
    Intent.YESNO: r"吗[？?。！!]*$|吗[，,？?]|咩[？?。！!]*$|咩[，,？?]|能不能|可不可以|可以不可以|是不是|是否|算不算|有没有(权|资格|规定|限制)|"
                  r"合法吗|违法吗|对吗|真的吗|靠谱吗|会不会|行不行|允许吗|要不要|该不该|能否|可否|凭什么|"
                  # Cantonese: 可唔可以, 得唔得, 系咪, 有冇规定, 会唔会, 使唔使 (must I)
                  r"可唔可以|得唔得|系咪|系唔系|有冇(权|资格|规定|限制)|会唔会|使唔使|洗唔洗|合唔合法|犯唔犯法|啱唔啱",
}
_EN = {
    Intent.WHY: r"\bwhy\b|\bhow come\b|\bwhat (is|are) the reasons?\b|\breason\b",
    Intent.RANK: r"\bwhich\b[^?.]{0,60}\b(hardest|easiest|toughest|most|least|worst|best|harder|easier)\b|"
                 r"\brank(ing)?\b|\bcompare\b|\bcomparison\b|\bhardest\b|\beasiest\b",
    # "how many times can they call" asks for a rule's limit, not for statistics (as "a max number of calls" does)
    Intent.STATISTICS: r"\bhow many\b(?! (times|calls|texts|messages|visits|attempts)\b)|\bhow much\b.*\b(complaints|debt|market)\b|\b(what|the) share\b|\bshare of\b|\bpercent(age)?\b|%|"
                       # "a max number of calls" asks for a rule's limit, not for statistics
                       r"\bstatistics?\b|(?<!max )(?<!maximum )\bnumber of\b(?! (calls|times|texts|messages|visits|attempts))|"
                       r"\bfigures?\b|\bcomplaint data\b|\b(more|fewer|most|many) complaints\b|\bcomplaints? (rate|share|volumes?)\b",
    Intent.DEFINITION: r"^\s*what (is|are|does)\b.{0,40}\b(mean|means|stand for)\b|^\s*what(’|')?s an?\b|"
                       r"^\s*what (is|are) (an? |the )?(?!(my|your|our|their|his|her)\b)[a-z\"“]|\bdefin(e|ition)\b|\bmeaning of\b",
    Intent.COMPLAIN: r"\bwhat if (they|he|she|it|the \w+) (ignores?|refuses?|won'?t|don'?t|doesn'?t|keeps?|still)\b|"
                     # "complaints" counted ("generate more complaints") is data, not a wish to complain
                     r"\bcomplain(t)?\b|\breport (them|it|him|her|this|a|the)\b|\bwho (do|can|should) i (go|turn|talk)\b|"
                     r"\bombudsman\b|\bwhere (can|do|should) i go\b|\bescalate\b|\bfile a\b",
    # asking for someone else ("my mum … What can she do?"); "what can they do to me" asks about the collector's powers
    Intent.HOWTO: r"\bhow (do|can|should) i\b|\bwhat (should|can|do) i do\b|\bwhat are my options\b|\bsteps?\b|"
                  r"\bwhat (should|can|could) (we|she|he|my (mum|mom|mother|dad|father|wife|husband|partner|son|daughter|"
                  r"sister|brother|parents|family|friend)) do\b(?! to)|"
                  r"\btemplate\b|\bhow to\b|\bwhat do i need\b|"
                  r"\bwhat (evidence|proof|records?|documents?|paperwork) (should|do|must|can) i (keep|save|collect|gather)\b|"
                  r"\bwhat should i (keep|save|collect|gather)\b",
    Intent.YESNO: r"^\s*(can|could|is|are|does|do|did|may|must|should|will|would|has|have|am|was|were|isn'?t|"
                  r"aren'?t|doesn'?t|don'?t)\b|\b(is|are) (that|this|it|they) (even )?(legal|allowed|lawful|true|ok)\b|"
                  r"\btrue\s*\??\s*$|\ballowed\b\s*\??\s*$|"
                  r"[,;] *(does|is|can|will|would|are|do) (that|it|this|they|he|she|i|my|the)\b[^?]*\?\s*$",
}
_ASKS_TO_COMPLAIN = (r"(报警|投诉|举报|申诉)(有用|管用)?(吗|呢)|(能|可以|可不可以|能不能|能否|可否|该不该|要不要|应不应该)(去|找)?"
                     r"(报警|投诉|举报|申诉)(吗|么)?|\b(can|could|should) i (report|complain|call the police)\b")
# Precedence when several forms are present; the others stay as secondary intents.
_ORDER = (Intent.RANK, Intent.WHY, Intent.STATISTICS, Intent.DEFINITION, Intent.YESNO, Intent.COMPLAIN,
          Intent.HOWTO)

# A claim put to the answerer to check ("听说…是真的吗", "Is it true that…").
# (真的 as doubt, "是真的吗", not as feeling, "真的好怕")
_CLAIM_CHECK = re.compile(r"是真的吗|是不是真的|真的吗|真的假的|是真是假|真假|对吗|对不对|听说|网上说|网上看到|有人说|"
                          r"(朋友|别人|同事|家人|催收)(跟我)?说.{0,40}(真的(?!好|很|太|特别|非常|挺|怕|吓|慌|急|难受|崩溃|不知道|受不了)|对吗|是吗|是这样吗)|据说|靠谱吗|可信吗|"
                          r"(帖子|文章|视频|网页|博主|抖音|小红书|知乎|微博|贴吧)(上|里)?(都|也)?(说|写|讲)|"
                          r"\b(posts?|videos?|articles?|tiktok|reddit|blogs?|websites?)\b.{0,20}\b(say|says|said|saying|claim)\b|"
                          r"\bis it true\b|\btrue\s*\??\s*$|\bi (heard|read)\b|\bsomeone (said|told)\b|\bis that right\b|"
                          r"\bclaims?\b|\bmyth\b")

# The asker wants a letter to send (a template): the answer also names the knowledge base's template for the place.
_LETTER = re.compile(r"模板|范本|范文|样本|申请书|(投诉|申诉|异议|争议|协商|还款)信|回信|写信|信(要|该|应该|里|中)?(怎么|如何)写|"
                     r"写一?封|(想|要|打算|准备|该|应该|怎么)寄一?封?信|这封信|信里面?(要|该|应该)?(写|列|提)|\bsend (them |the bank )?an? letter\b|"
                     r"怎么写|如何写|写什么|\btemplates?\b|\bsample\b|\bwording\b|\bwhat (should|do) i (write|put)\b|"
                     r"\bwrite (a|an|my|the)\b|\b(dispute|complaint|hardship|cease|validation|stop[- ]contact) letters?\b|"
                     r"\bletters? (i|to) (can )?(copy|send|use)\b")
# Someone else's letter told of in the story ("说他们的投诉模板成功率很高", "their template") is no request for one.
_OTHERS_LETTER = re.compile(r"(他们|她们|他|她|对方|代理|中介|团队|公司)的[^,.?，。？]{0,6}(模板|范本|范文|样本)|"
                            r"\b(their|his|her) (complaint |dispute )?(templates?|letters?)\b", re.I)
_NUMBER = re.compile(r"几|多少|多久|多长|多大|何时|什么时候|哪一?年|哪天|几点|次数|频次|频率|"
                     r"\bhow (many|much|long|often|old)\b|\bwhen\b|\bwhat (year|times?|hours?|date|age)\b|"
                     r"\bwhich (year|hours?|date)\b|\bbetween what\b")
# Which kind of number is asked for (first match wins): a clock time is not answered by "7 calls in 7 days".
_NUMBER_KINDS = (
    # a phone number to call: "有冇電話？", "投诉电话是多少", "is there a hotline" (not "打了多少个电话", a count)
    ("phone", r"(有|有没有|有冇|冇|无)(投诉|申诉|举报|联系)?电话|(有没有|有冇|有|什么|哪个)[^,.?，。？]{1,6}(投诉|申诉|举报|求助)电话|"
              r"电话(号码)?(是)?多少(?![个次通])|(什么|哪个|几号)电话|"
              r"电话号码|(有|有没有|有冇|什么|哪个)热线|热线(电话|号码)?(是)?多少|联系方式|怎么联系|\bphone numbers?\b|"
              r"\b(is there|any|what(')?s|what is) (a |the )?(hotline|helpline)\b|\bnumber (to|i can|can i) call\b|"
              r"\bcontact (number|details)\b|\bwho (do|can|should) i (call|ring|phone)\b"),
    ("time", r"几点|几时|时间段|时段|多晚|多早|晚上.{0,4}(以后|之后)|半夜|深夜|凌晨|"
             r"\bwhat (times?|hours?)\b|\bwhich hours?\b|\bhow (late|early)\b|\bbetween what\b|\bat night\b"),
    ("count", r"几次|多少次|几个电话|多少个电话|次数|频次|频率|\bhow many (times|calls|texts|messages)\b|\bhow often\b"),
    ("duration", r"多久|多长时间|多长|几天|几个月|几年|多少天|\bhow long\b|\bhow many (days|weeks|months|years)\b"),
    ("year", r"哪一?年|什么时候(起|开始)?(出台|发布|施行|生效|实施|开始|适用)|从什么时候|何时(起|开始)?(施行|生效|适用)|"
             r"\b(what|which) year\b|\bwhen (was|were|did)\b|\bfrom when\b|"
             r"\bwhen (does|do|will) (it|they|this|these|the \w+( \w+)?) (apply|take effect|start|come into (force|effect))\b"),
    ("money", r"多少钱|多少元|多少块|\bhow much (money|is|are|can|do|does|will)\b"),
    # the law or article a rule rests on: "依据是哪条？", "民法典哪一条", "which regulation says so?"
    ("law", r"哪一?条|第几条|哪部法|哪个法(?!院)|哪(条|个|些|项)(法律|法规|规定|条款|条文)|什么(法律|法规|条款)|"
            r"(法律|法规)?依据(是|为)?(什么|哪)|法律依据|根据(什么|哪)(法|条|规定)|"
            r"\b(which|what) (specific )?(article|section|law|provision|statute|regulation|rule|clause)\b|"
            r"\bunder what (law|rule|provision|regulation)\b|\blegal basis\b|\bwhich laws\b"),
)

# Request types the knowledge base never serves. Debt letters and complaint templates are in scope, so
# writing cues need a non-debt object.
_OOD = re.compile(
    # a long subject may sit between the verb and the genre ("写一首关于欠债还不上、被催收折磨的诗")
    r"(写|作|编)[^，。？]{0,24}(诗|歌词|小说|故事|笑话|段子|剧本|作文)|押韵|打油诗|顺口溜|七言|五言|"
    r"(推荐|买|选)[^，。？]{0,12}(手机|电脑|耳机|相机|鞋|衣服|包包|汽车|电视|冰箱|化妆品)|"
    r"菜谱|食谱|怎么做[^，。？]{0,4}(好吃|菜|饭)|(做|炒|煮|烤)[^，。？]{0,6}(好吃|菜|饭|蛋|肉|鱼)|"
    r"天气|下雨|旅游|旅行|机票|酒店|"
    r"(吃|用)什么药|症状|减肥|健身|"
    r"股票|基金|比特币|炒股|理财产品|虚拟货币|加密货币|数字货币|币安|usdt|以太坊|"
    # loan arithmetic: an amortisation table is no collection rule
    r"等额本息|等额本金|房贷计算|提前还[款贷][^，。？]{0,10}(省|划算)|\bmortgage calculator\b|\bamorti[sz]ation (table|schedule)\b|"
    r"写代码|编程|python|javascript|算法题|"
    r"\b(write|compose)\b[^.?]{0,30}\b(poem|story|song|haiku|essay|joke|novel|lyrics)\b|"
    r"\b(poem|haiku|bedtime story|short story|song lyrics)\b|"
    r"\b(recommend|best|buy|cheap)\b[^.?]{0,40}\b(phones?|laptops?|headphones|shoes|cameras?|tv|sneakers|dress)\b|"
    r"\b(phones?|laptops?|headphones|shoes|cameras?|sneakers)\b[^.?]{0,40}\b(best|recommend|buy|cheap)\b|"
    r"\brecipe\b|\bhow (do|to) (i )?(cook|bake|make) [^.?]{0,30}\b(cake|bread|pasta|tofu|soup|chicken|cookies)\b|"
    r"\bweather\b|\bitinerary\b|\bvacation\b|\bflights?\b|\bhotels?\b|"
    r"\b(medicine|symptoms?|diet|workout|lose weight)\b|"
    r"\b(stocks?|bitcoin|crypto|index funds?|invest(ing|ment)?)\b|"
    r"\b(python|javascript|sql|linked list|algorithm|regex)\b|"
    # shopping for a card or a loan (which one to get), not owing on one
    r"(推荐|哪张|哪个|哪家|办什么|办哪)[^，。？]{0,10}(信用卡|贷款|网贷|借款app)[^，。？]{0,10}"
    r"(划算|值得|返现|积分|里程|额度高|利息低|下款快|好批|容易批)|"
    r"(推荐|哪个|哪家)[^，。？]{0,8}(返现|积分|额度高|利息低|下款快|好批|容易批)[^，。？]{0,6}(信用卡|贷款|网贷|借款app)|"
    r"\b(best|recommend\w*|which|good)\b[^.?]{0,30}\b(credit cards?|loans?|savings accounts?|bank accounts?)\b"
    r"[^.?]{0,30}\b(cash ?back|rewards?|points|air ?miles|sign-?up bonus|easy approval|balance transfer)\b", re.I)

# The question is about debt at all (owing, a loan, a collector): an emotional, rambling question about it is in
# domain even when its e5 vector sits near small talk ("我欠了花呗三千块 他们说要上门 我好害怕 怎么办啊").
_DEBT_TOPIC = re.compile(
    r"欠|债|贷|催收|催款|还款|还钱|还不上|还不起|逾期|借款|借钱|借的钱|信用卡|花呗|借呗|白条|分期|征信|追讨|讨债|收数|追数|卡数|催缴|"
    r"\b(debts?|debtors?|collectors?|collection agency|collections|loans?|owe[sd]?|owing|overdue|arrears|"
    r"credit cards?|repay\w*|borrow\w*|lenders?|bailiffs?|creditors?|default(ed)?)\b", re.I)


# A sentence that asks: a question mark, a Chinese question word, or an English sentence opening like a question.
_ASKS = re.compile(r"[?？]|吗|呢|什么|怎么|如何|哪|几|多少|多久|多长|为什么|为何|怎样|是否|能否|有没有|是不是|会不会|能不能|"
                   r"可不可以|要不要|"
                   r"^\s*(what|how|can|could|is|are|does|do|why|when|where|which|who|should|will|may)\b", re.I)
# Sentence ends; an English full stop only after a word of two letters or more (not "a.m.", "U.S."): the text may
# already be lower-cased (the search form).
_SENTENCE = re.compile(r"(?<=[。！？!?\n])|(?<=[A-Za-z0-9)]{2}[.])\s+(?=[A-Za-z])")


def _sentences(text: str) -> list[str]:
    return [p for p in _SENTENCE.split(text) if p and p.strip()]


def asking_part(text: str) -> str:
    """The sentences of a message that ask something ("Is there anything that stops them?"), without the story
    told around them ("I've been diagnosed with depression."); the whole text when it is one sentence or none asks."""
    parts = _sentences(text)
    asking = [p for p in parts if _ASKS.search(p)]
    return " ".join(asking) if asking and len(parts) > 1 else text


def asked_questions(text: str) -> list[str]:
    """Each question a message asks, as its own sentence ("法律上有规定吗？", "我能去哪里投诉？")."""
    return [p.strip() for p in _sentences(question_sentences(text)) if _ASKS.search(p)]


def question_sentences(text: str) -> str:
    """The sentences the asker marks as questions (？/?, or ending in 吗/呢) and the last sentence when it asks
    (questions typed on a phone often end unpunctuated), else the last sentence that asks: "几" in the story
    ("晚上要找几个人过来收拾我。") does not make "我应该先做什么" a question about a number."""
    parts = _sentences(text)
    marked = [p for p in parts if re.search(r"[?？]|(吗|呢)\W*$", p)]
    if parts and parts[-1] not in marked and _ASKS.search(parts[-1]):
        marked.append(parts[-1])
    asking = marked or [p for p in parts if _ASKS.search(p)][-1:]
    return " ".join(asking) if asking else text


@dataclass(frozen=True)
class IntentCall:
    primary: Intent
    secondary: tuple[Intent, ...] = ()
    claim_check: bool = False   # the asker wants a claim checked: lead with the correction when there is one
    ood_cue: bool = False       # the request names a kind of task the knowledge base never serves
    asks_number: bool = False   # 几/多少/多久/when/how many: sentences stating a figure or date answer it
    debt_topic: bool = False    # names owing, a loan or a collector (one input to the in-domain decision)
    number_kind: str = ""       # phone | time | count | duration | year | money | law when the question says which ("" = any)
    asks_letter: bool = False   # asks for a letter or template to send (模板, 怎么写, letter, template)
    end: str = ""               # which end of a ranking it asks for: "easy" (最容易, easiest) | "hard" | "" (either)
    crisis: bool = False        # the asker speaks of suicide or self-harm: a crisis line comes first
    questions: int = 1          # how many questions the message asks (its asking sentences)
    story_kinds: tuple[str, ...] = ()  # time | count | texts: what the story says of the contacts (9:30 at night)

    def has(self, intent: Intent) -> bool:
        return self.primary == intent or intent in self.secondary


def classify(question: str) -> IntentCall:
    """The answer shape a question asks for (see Intent); the first matching form in _ORDER wins."""
    form = search_form(question).strip()
    table = _EN if re.search(r"[a-z]", form) and not re.search(r"[\u3400-\u9fff]", form) else _ZH
    asked = question_sentences(form)  # a number in the story is not a number asked for
    # Forms anchored at a sentence start ("Can they…") are looked for in each asking sentence too, not only at
    # the start of a message that opens with its story.
    parts = [form, *_sentences(asked)]
    found = [intent for intent in _ORDER if any(re.search(table[intent], part, re.I) for part in parts)]
    if table is _ZH:  # mixed Chinese/English questions: English forms count too
        found += [i for i in _ORDER if i not in found and re.search(_EN[i], form, re.I) and i != Intent.YESNO]
        found.sort(key=_ORDER.index)
    # "能报警吗？打哪个电话投诉" asks yes/no of a complaint step: the asker wants the contact, not a rule's verdict.
    # Only when that is its one yes/no: "算不算违法？我能报警吗" asks for the verdict too.
    if found[:1] == [Intent.YESNO] and Intent.COMPLAIN in found and any(
            re.search(_ASKS_TO_COMPLAIN, part, re.I) for part in parts) and not any(
            re.search(table[Intent.YESNO], re.sub(_ASKS_TO_COMPLAIN, "，", part, flags=re.I), re.I) for part in parts):
        found.remove(Intent.COMPLAIN)
        found.insert(0, Intent.COMPLAIN)
    # "我想先收集证据再投诉，具体应该保存哪些东西？": the complaint is the plan, the clause that asks wants the steps.
    asking_clauses = [re.split(r"[,，;；]", sentence)[-1] for sentence in _sentences(asked) or [form]]
    if found[:1] == [Intent.COMPLAIN] and Intent.HOWTO in found and \
            re.search(table[Intent.HOWTO], asking_clauses[-1], re.I) and \
            not any(re.search(table[Intent.COMPLAIN], clause, re.I) for clause in asking_clauses):
        found.remove(Intent.HOWTO)
        found.insert(0, Intent.HOWTO)
    primary = found[0] if found else Intent.GENERAL
    kind = number_kind(asked)
    return IntentCall(primary, tuple(found[1:]), bool(_CLAIM_CHECK.search(form)), bool(_OOD.search(form)),
                      bool(_NUMBER.search(asked)) or kind == "phone", names_debt_topic(form), kind,
                      bool(_LETTER.search(_OTHERS_LETTER.sub("，", form))), ranking_end(form), bool(_CRISIS.search(form)),
                      max(1, len(asked_questions(form))), story_kinds(form))


# Suicide or self-harm, as people say it (search form: Simplified, lower-case); Cantonese 唔想活, 死咗佢.
# Passive ideation counts too ("活着没意思", "better off dead"): safe-messaging guidance treats it as a warning sign.
_CRISIS = re.compile(r"自杀|轻生|寻死|想死|想不开|不想活|活不下去|不如死|死了算|一死了之|结束(自己的?)?生命|跳楼|割腕|唔想(再)?活|"
                     r"活唔落去|活着(真)?(没|没有)(意思|意义|盼头)|活着还有什么意思|没有活路|不想再醒来|离开这个世界|"
                     r"烧炭|上吊|吞(安眠)?药|死咗(佢)?好过|"
                     # death as the way out ("死了就一了百了", "自我了断"), and the means people name
                     r"一了百了|死了就(好|解脱|不用|什么都)|死了(也)?好(?!几|多|久|些)|去死(?!亡)|想过死|"
                     r"自我了断|(了断|了结)(自己|生命)|跳(河|江|海)|卧轨|(喝|吃)农药|服毒|"
                     r"想结束(这)?一切|"
                     r"\bsuicid|\bkill(ing)? myself\b|\bend(ing)? (my (own )?life|it all|everything)\b|"
                     r"\b(want|wanna|wanted) (to )?die\b|\bfeel(ing)? like dying\b|"
                     r"\btake my (own )?life\b|\b(do ?n[o']?t|no longer) want to (live|be alive|be here)\b|"
                     r"\bself[- ]harm|\bhurt(ing)? myself\b|\bbetter off dead\b|\bno (reason|point) (to|in) "
                     r"(living|live|go(ing)? on)\b|\bwish i (was|were) dead\b|\bnot wake up\b|"
                     r"\b(can ?no?t|can't) go on (living|any ?more)\b|\bgive up on life\b|\boverdos(e|ing)\b|"
                     r"\bjump(ing)? off (a |the )?(bridge|building|roof)\b")


_EASY = r"最容易|最好谈|最好协商|容易协商|好谈|easiest|easier|most flexible"
_HARD = r"最难|难协商|难谈|hardest|harder|toughest|most difficult"


def ranking_end(form: str) -> str:
    """"easy" or "hard" when the question asks for one end of the ranking only ("那最容易的呢？")."""
    easy, hard = bool(re.search(_EASY, form)), bool(re.search(_HARD, form))
    return "easy" if easy and not hard else "hard" if hard and not easy else ""


def names_debt_topic(text: str) -> bool:
    """The text names owing, a loan or a collector (IntentCall.debt_topic)."""
    return bool(_DEBT_TOPIC.search(search_form(text)))


# What a story says of the contacts it complains about: when (a clock time, the middle of the night), how often
# (a number of calls or texts) and by text. The rules on hours, on call counts and on texts answer it even when the
# question does not ask for them.
_STORY_KINDS = (
    ("time", r"\d{1,2}:\d{2}|\b\d{1,2}\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])|"
             r"(晚上|早上|凌晨|半夜|深夜|夜里|夜间|清晨|早晨)[^，。,.？?]{0,3}[0-9一二两三四五六七八九十]{1,3}\s*[点时]|"
             r"半夜|深夜|凌晨|三更半夜|\b(at|in the) (middle of the )?night\b|\blate at night\b|\bmidnight\b|"
             r"\bearly (in the )?morning\b"),
    # a number of calls in a day, a night or a week, or many calls: not "两次电话没接上", "那几通录音"
    ("count", r"(每天|一天|天天|每日|一日|一晚上?|每晚|晚上|一周|每周|一个?星期|一上午|一下午)[^，。,.？?]{0,6}?"
              r"[0-9一二两三四五六七八九十几百]+\s*多?\s*(次|通|个|条)|[0-9十几百]+\s*多?\s*(个|通)?(未接|电话|短信)|"
              r"\b\d+\+?\s*(times|calls|texts|messages)\s*(a|an|per|each|every)\s*(day|week|hour|night|morning)\b|"
              r"\b(dozens|hundreds) of (calls|texts|messages)\b"),
    # texts rather than calls: the rules on electronic messages (opt-out, 1006.14(a)) are their own
    ("texts", r"短信|发信息|信息轰炸|\btxt|\btexts?\b|\btexting\b|\bsms\b"),
)


def story_kinds(form: str) -> tuple[str, ...]:
    """The kinds of contact fact a message (search form) tells: "time", "count", "texts"."""
    return tuple(kind for kind, pattern in _STORY_KINDS if re.search(pattern, form, re.I))


def number_kind(form: str) -> str:
    """The kind of number a question (search form) asks for, or "" when it asks for none or does not say."""
    return next((kind for kind, pattern in _NUMBER_KINDS if re.search(pattern, form, re.I)), "")
