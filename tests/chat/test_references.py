"""References the corpus must hold: titles, articles, regulation numbers, years of rules, authorities."""

import pytest

from chat.references import article_keys, authority_name, chinese_number, unverifiable

CORPUS = ("《个人信息保护法》第二十三条规定……中国互联网金融协会2024年指引……国家金融监督管理总局……中国银行业监督管理委员会……"
          "GB/T 45251—2025……《民法典》第一千零三十二条……(EU) 2023/2225 ……FDCPA §805(b)……Art. 35……"
          "the Consumer Credit Act……the Mental Health Act……the Consumer Credit Directive")


def contains(term: str) -> bool:
    from text.script import search_form

    return search_form(term) in search_form(CORPUS)


ARTICLES = article_keys(CORPUS)


@pytest.mark.parametrize("text, n", [("二百九十三", 293), ("六十八", 68), ("十二", 12), ("一千零三十二", 1032), ("23", 23)])
def test_chinese_numbers(text, n):
    assert chinese_number(text) == n


def test_article_keys_fold_numerals_and_languages():
    assert article_keys("第23条") == article_keys("第二十三条") == {"art:23"}
    assert "art:805" in article_keys("FDCPA §805(b)")


@pytest.mark.parametrize("question, missing", [
    ("《个人信息保护法》第二十三条要求什么？", []),
    ("个保法第23条怎么规定的？", []),
    ("个人信息保护法第88条规定了什么？", ["article 88"]),
    ("《江苏省债务催收行业管理办法》规定了哪些时间？", ["《江苏省债务催收行业管理办法》"]),
    # a rule's name in other quotes is a title when it ends like one; quoted words that are not a name are not
    ("聽說台灣通過了「討債業管理條例」，是真的嗎？", ["《讨债业管理条例》"]),
    ("“个人信息保护法”第二十三条要求什么？", []),
    ("催收说“再不还就上门”，这合法吗？", []),
    ("What does EU Regulation 2024/998 say about calls?", ["2024/998"]),
    ("中国互联网金融协会2027年发布的催收新规规定每天打几次？", ["2027"]),
    ("我2015年借的网贷现在被催收怎么办？", []),                     # a year in the story, not a rule's
    ("国家催收管理局对催收公司有什么要求？", ["国家催收管理局"]),
    ("中国互联网金融协会对催收有什么要求？", []),
    # ordinary words before an institution are not part of its name; a generic institution names nothing
    ("听说互金协会出了新规定，催收不能打给家人了，是真的吗？", []),
    ("我想直接寄给当地监管局投诉信，地址怎么找？", []),
    ("那个催收行业协会管不管这种事？", []),
    ("我打算向深圳市催收行业监督管理局举报", ["深圳市催收行业监督管理局"]),
    ("I wrote to the Local Authority about it", []),
    # any 监督管理委员会 ends in 督管理委员会: the name's own words before the institution word must be known
    ("国家债务催收监督管理委员会的投诉电话是多少？", ["国家债务催收监督管理委员会"]),
    ("国家金融监督管理总局的投诉电话是多少？", []),
    # an English statute named in capitals: known from one of its words on, with a word before "Act"
    ("Does the UK Consumer Credit Act let me complain?", []),
    ("My brother was sectioned under the Mental Health Act", []),
    ("What's the fine under section 35 of the UK Debt Collection (Fair Contact) Act 2022?",
     ["2022", "UK Debt Collection (Fair Contact) Act"]),  # the year of a rule is a reference of its own
    ("Under the Fair Credit Reporting Act how long does a collection stay on my file?", ["Fair Credit Reporting Act"]),
    ("is this act even legal??", []),          # not a name
    ("Does the Act let them call my boss?", []),
    ("In Ireland, how many calls a month does the Central Bank's Consumer Protection Code allow?",
     ["Central Bank's Consumer Protection Code"]),
])
def test_unverifiable(question, missing):
    assert unverifiable(question, contains, ARTICLES) == missing


@pytest.mark.parametrize("span, name", [
    ("听说互金协会", "互金协会"),
    ("我想直接寄给当地监管局", ""),
    ("向中国互联网金融协会", "中国互联网金融协会"),
    ("找了银行业协会", "银行业协会"),
    ("深圳市地方金融监督管理局", "深圳市地方金融监督管理局"),
    ("the Local Authority", ""),
    ("Financial Conduct Authority", "Financial Conduct Authority"),
])
def test_authority_name(span, name):
    assert authority_name(span) == name


@pytest.mark.parametrize("question, unknown, firms", [
    ("度小满逾期以后多少天会转给外包催收？他们内部能减免多少利息和罚息？", ["度小满"], ["度小满"]),
    ("京东白条内部的催收外包是交给哪几家公司做的？", ["京东", "白条", "几家"], ["京东", "白条"]),
    ("What's Barclaycard's internal hardship policy?", ["barclaycard", "hardship"], ["Barclaycard"]),
    # no internal policy asked: a name the corpus lacks is no reason to refuse
    ("度小满的催收天天打我电话，合法吗？", ["度小满"], []),
    # an internal policy of something the corpus does name, or words that are no firm's name
    ("银行内部催收和外包催收哪个好谈？", ["好谈"], []),
    # an agent's pitch ("说他们有内部渠道") asks about no policy; a verb phrase or an idiom is no firm's name
    ("有个债务优化公司说交3000块服务费就能停息挂账，说他们有内部渠道，我走投无路了，这种靠谱吗", ["说交", "走投无路"], []),
    ("分期乐内部规定逾期多少天会上门？", ["说交", "走投无路"], []),
    # "内部有没有…标准" asks about the policy too; a brand with digits is named whole
    ("99速贷逾期后，他们内部有没有减免罚息的标准？", ["99", "速贷"], ["99速贷"]),
    ("99速贷内部有“停催”的说法吗？", ["99", "速贷"], ["99速贷"]),
    # a bank's own hardship negotiation is its internal policy too
    ("中國信託信用卡逾期半年了，他們內部協商通常可以減免幾成利息？", ["信托", "几成"], ["信托"]),
])
def test_a_firms_internal_policy_the_corpus_never_names(question, unknown, firms):
    from chat.references import unknown_firms_policy

    assert unknown_firms_policy(question, unknown) == firms


@pytest.mark.parametrize("question, firms", [
    # jieba splits 分期乐 into known words (分期 / 乐): the name before 内部 is read against the corpus text itself
    ("分期乐内部规定逾期多少天会安排上门催收？", ["分期乐"]),
    ("听说招商银行内部有停催政策吗", ["招商银行"]),
    # words the corpus uses before 内部 name no unknown firm
    ("银行内部有没有停催的说法", []),
    ("催收公司内部有没有考核指标", []),
])
def test_the_name_before_internal_is_read_against_the_corpus(question, firms):
    from chat.references import unknown_firms_policy

    corpus = "银行 催收公司 分期还款 个性化分期 乐意 停催 考核"
    assert unknown_firms_policy(question, [], lambda term: term in corpus) == firms
