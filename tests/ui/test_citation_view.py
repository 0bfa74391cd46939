"""What an opened citation shows, on real corpus sentences: the passage cut at whole sentences with the quote
highlighted, the asker's script with the verbatim original kept, a readable source label without paths, and
hostile document text that stays text under a real CommonMark parser."""

from pathlib import Path

from markdown_it import MarkdownIt

from ui.citation_view import (
    PassageView,
    citation_record,
    highlighted_markdown,
    in_library,
    in_script,
    label_markdown,
    link_text,
    passage_view,
    short_title,
    source_label,
)

SEED = ("種子文章的作者認爲各類平臺各有特點。本站將探討這一問,從多個維度分析各大催收平臺的特點。"
        "綜合以上分析,最難協調的平臺可以認為是網絡催收平臺。網絡催收平臺往往缺乏人性化溝通。")
QUOTE = "綜合以上分析,最難協調的平臺可以認為是網絡催收平臺。"
FDCPA = ("§805(b) (1692c(b)): Without prior consent, an FDCPA debt collector may discuss the debt only with the "
         "consumer. A collector must not call before 8 a.m. or after 9 p.m. at the consumer's location. Consumers can "
         "complain to the CFPB.")


def test_passage_keeps_whole_sentences_around_the_quote():
    view = passage_view(SEED, QUOTE)
    assert view.sentence == QUOTE
    assert view.before + view.sentence + view.after == SEED  # nothing cut: the passage is short
    short = passage_view(SEED, QUOTE, context_chars=30)
    assert short.before == "…本站將探討這一問,從多個維度分析各大催收平臺的特點。"  # whole sentence, ellipsis for the cut
    assert short.after == "網絡催收平臺往往缺乏人性化溝通。"
    tight = passage_view(SEED, QUOTE, context_chars=5)
    assert (tight.before, tight.after) == ("…", "…")


def test_quote_missing_from_the_passage_is_shown_alone():
    assert passage_view(SEED, "不在文中的句子。") == PassageView("", "不在文中的句子。", "")


def test_english_sentences_with_abbreviations_stay_whole():
    view = passage_view(FDCPA, "A collector must not call before 8 a.m. or after 9 p.m. at the consumer's location.",
                        context_chars=40)
    assert view.after == " Consumers can complain to the CFPB."
    assert view.before == "…"  # the §805(b) sentence is longer than 40 characters


def test_asker_script_converts_every_piece_and_english_stays():
    shown = in_script(passage_view(SEED, QUOTE), "zh", "hans")
    assert shown.sentence == "综合以上分析,最难协调的平台可以认为是网络催收平台。"
    assert "网络催收平台往往缺乏人性化沟通" in shown.after
    english = passage_view(FDCPA, "Consumers can complain to the CFPB.")
    assert in_script(english, "en", None) == english


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def _text(markdown: str) -> str:
    """What a reader sees of escaped markdown (the word joiner that stops autolinks is invisible)."""
    import html

    return html.unescape(_html(markdown).removeprefix("<p>").removesuffix("</p>\n")).replace("\u2060", "")


def test_highlight_wraps_only_the_quote_and_hostile_text_stays_text():
    markdown = highlighted_markdown(PassageView("前文 ", "**粗** [点此](http://127.0.0.1:9/x) ![i](http://127.0.0.1:9/i.png)]。",
                                                " <img src=x onerror=alert(1)> 后文"))
    assert markdown.count(":orange-background[") == 1
    inner = markdown.split(":orange-background[", 1)[1]
    assert inner.startswith("**") and inner.endswith("**] \\<img src\\=x onerror\\=alert\\(1\\)\\> 后文")
    html = _html(markdown)
    for tag in ("<a ", "<img", "<em"):
        assert tag not in html
    assert html.count("<strong>") == 1  # the highlight's own bold, nothing from the document


def test_highlight_of_a_multiline_sentence_is_one_line():
    assert "\n" not in highlighted_markdown(PassageView("", "第一行\n第二行。", ""))


def test_library_document_label_names_sources_by_host_never_a_path(tmp_path):
    corpus = tmp_path / "corpus"
    path = corpus / "docs" / "us-fdcpa-en.md"
    meta = {"title": "FDCPA: what debt collectors may not do", "url": str(path), "path": str(path),
            "published": "2026-02-18", "as_of": "2026-02-18", "jurisdiction": "US", "doc_type": "regulation",
            "confidence": "seen-paraphrased",
            "source_urls": "https://www.consumerfinance.gov/rules-policy/regulations/1006/ https://www.ftc.gov"}
    assert in_library(str(path), corpus) and not in_library("/elsewhere/file.md", corpus)
    label = source_label(meta, "en", library_doc=True)
    assert label.publisher.startswith("DebtLens library") and label.published == ""  # same date: as-of only
    title, details, links = label_markdown(label, "en", trusted=frozenset())
    assert _text(title) == "<strong>FDCPA: what debt collectors may not do</strong>"
    assert _text(details) == ("DebtLens library (written from the sources listed) · current to 2026-02-18 · the US (US) · "
                              "regulation · paraphrased from sources")
    assert _text(links) == ('written from: <a href="https://www.consumerfinance.gov/rules-policy/regulations/1006/">'
                            'consumerfinance.gov/rules-policy/regulations/1006</a> · '
                            '<a href="https://www.ftc.gov">ftc.gov</a>')
    assert str(tmp_path) not in title + details + links and "corpus" not in links


def test_fetched_page_label_links_its_own_address_only_when_listed():
    page = "https://www.nfra.gov.cn/cn/view/pages/index.html?x=1"
    meta = {"title": "金融监管总局投诉渠道", "url": page, "published": "2025-03-01", "jurisdiction": "CN",
            "doc_type": "guidance"}
    label = source_label(meta, "zh", library_doc=False)
    assert (label.publisher, label.published, label.jurisdiction) == ("nfra.gov.cn", "2025-03-01", "中国内地 (CN)")
    assert _text(label_markdown(label, "zh", {page})[2]) == (
        '原网页: <a href="https://www.nfra.gov.cn/cn/view/pages/index.html?x=1">nfra.gov.cn/cn/view/pages/index.html</a>')
    assert _text(label_markdown(label, "zh", set())[2]) == f"原网页: {page}"  # not listed: text, not a link


def test_user_file_without_address_says_so():
    meta = {"title": "我的催收录音整理", "url": "/tmp/upload/abc/notes.md", "path": "/tmp/upload/abc/notes.md"}
    label = source_label(meta, "zh", library_doc=False)
    title, details, links = label_markdown(label, "zh", set())
    assert details == "本地添加的文件" and links == "没有可用的原网址"
    assert "/tmp" not in title + details + links


def test_link_text_is_short_and_readable():
    assert link_text("https://www.ftc.gov/") == "ftc.gov"
    assert link_text("https://example.org/" + "a" * 80).endswith("…")


def test_citation_record_keeps_verbatim_and_shown_passages():
    meta = {"source_id": "seed-cuishou-nanxietiao", "title": "催收最難協調的平臺是哪個？", "jurisdiction": "CN",
            "doc_type": "article", "channels": "online_collection_platform,traditional_collection_company",
            "path": str(Path("corpus/articles/seed.html").resolve()), "url": "corpus/articles/seed.html",
            "confidence": "low-quality-seo", "as_of": "2024-12-12", "published": "2024-12-12"}
    record = citation_record(2, QUOTE, meta, SEED, "zh", "hans", library_doc=True)
    assert record["passage"]["sentence"] == QUOTE and record["shown_quote"].startswith("综合以上分析")
    assert record["channels"] == ["online_collection_platform", "traditional_collection_company"]
    assert record["label"]["publisher"] == "DebtLens 资料库收录" and record["label"]["page"] == ""
    assert record["label"]["confidence"] == "无出处的网络文章"


def test_short_title_counts_chinese_characters_double():
    assert short_title("US Fair Debt Collection Practices Act (FDCPA): who it covers") == \
        "US Fair Debt Collection Practices Act (FDCPA…"
    assert short_title("银行自催（信用卡中心）：谁拥有债权、能否协商分期、受哪些规则约束") == "银行自催（信用卡中心）：谁拥有债权、能否协商…"
    assert short_title("催收最難協調的平臺是哪個?") == "催收最難協調的平臺是哪個?"
