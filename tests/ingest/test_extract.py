"""Markdown extraction: front matter becomes metadata, markup becomes plain lines."""

import pytest

from ingest.extract import ExtractError, extract_markdown, split_front_matter

DOC = """---
id: channel-bank-inhouse-zh
title: 银行自催（信用卡中心）
channels: [bank_inhouse]
---
# 银行自催

- **最长期限**：个性化分期最长 5 年。
* 依据 [《商业银行信用卡业务监督管理办法》](https://www.nfra.gov.cn/) 第七十条。
## Complaints
Call __12378__ to complain.
"""


def test_front_matter_is_metadata_and_title():
    extracted = extract_markdown(DOC)
    assert extracted.meta["id"] == "channel-bank-inhouse-zh" and extracted.meta["channels"] == ["bank_inhouse"]
    assert extracted.title == "银行自催（信用卡中心）"


def test_markup_is_stripped_to_plain_lines():
    lines = extract_markdown(DOC).text.splitlines()
    assert lines == ["银行自催", "", "最长期限：个性化分期最长 5 年。",
                     "依据 《商业银行信用卡业务监督管理办法》 第七十条。", "Complaints", "Call 12378 to complain."]


def test_title_falls_back_to_the_first_heading():
    assert extract_markdown("intro line\n# Debt collection in the UK\nbody").title == "Debt collection in the UK"
    assert extract_markdown("no heading at all").title == ""


def test_front_matter_errors_say_what_to_fix():
    with pytest.raises(ExtractError, match="never closes"):
        split_front_matter("---\ntitle: x\nbody")
    with pytest.raises(ExtractError, match="not valid YAML"):
        split_front_matter("---\ntitle: [unclosed\n---\nbody")
    with pytest.raises(ExtractError, match="mapping"):
        split_front_matter("---\n- a\n- b\n---\nbody")
    assert split_front_matter("# no front matter") == ({}, "# no front matter")
