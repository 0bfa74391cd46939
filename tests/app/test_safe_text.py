"""Hostile document strings rendered by a real CommonMark parser stay text; the terminal gets no escapes."""

import pytest
from markdown_it import MarkdownIt

from text.control import for_terminal
from ui.safe_text import escape_markdown, safe_link

HOSTILE = [
    "![t](http://127.0.0.1:9/track.png)",
    "[点此领取减免](http://127.0.0.1:9/phish)",
    "<img src=http://127.0.0.1:9/x.png onerror=alert(1)>",
    "<script>fetch('http://127.0.0.1:9/s')</script>",
    "<http://127.0.0.1:9/autolink>",
    "[ref]\n\n[ref]: http://127.0.0.1:9/refdef",
    "# 假标题\n---\n> 引用\n    indented code",
    "```\ncode fence\n```",
    "*强调* __bold__ `code` ~~del~~ $x^2$ :red[红色] &amp; &#60;b&#62;",
]


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_the_same_text(text):
    html = _html(escape_markdown(text))
    for tag in ("<a ", "<img", "<script", "<h1", "<blockquote", "<code", "<pre", "<em", "<strong", "<hr", "<s>"):
        assert tag not in html
    # every visible character of the original survives (line breaks become <br />)
    visible = html.replace("<p>", "").replace("</p>", "").replace("<br />", "").replace("\n", "")
    import html as html_lib

    assert html_lib.unescape(visible).replace(" ", "").replace("\u2060", "") == text.replace("\n", "").replace(" ", "")


def test_unescaped_hostile_text_would_have_rendered_markup():
    # the control for the test above: the same strings without escaping do produce links and images
    assert "<img" in _html(HOSTILE[0]) and "<a " in _html(HOSTILE[1])


def test_only_listed_http_urls_become_links():
    listed = {"https://www.consumerfinance.gov/complaint/", "javascript:alert(1)"}
    link = safe_link("https://www.consumerfinance.gov/complaint/", listed)
    assert link and '<a href="https://www.consumerfinance.gov/complaint/">' in _html(link)
    assert safe_link("https://evil.example/track", listed) is None
    assert safe_link("javascript:alert(1)", listed) is None
    assert safe_link("corpus/docs/us-fdcpa-en.md", listed) is None


def test_link_url_cannot_break_out_of_the_link():
    url = "https://example.org/a) ![x](http://127.0.0.1:9/x.png"
    html = _html(safe_link(url, {url}))
    assert html.count("<a ") == 1 and "<img" not in html


def test_terminal_text_loses_escape_sequences_and_controls():
    text = "标题\x1b[2J\x1b[31m红\x1b[0m\x1b]0;pwned\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\r伪造\x07\x08\u202e\udcff"
    out = for_terminal(text)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\u202e" not in out
    assert out == "标题红link伪造\ufffd"
    assert for_terminal("a\nb\tc", one_line=True) == "a b c"
