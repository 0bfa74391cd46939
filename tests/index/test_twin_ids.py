"""Hits from an index built before chunks carried twin_id get one by the -zh/-en rule, only if it exists."""

from llama_index.core.schema import NodeWithScore, TextNode

from index.twins import fill_twin_ids


def _hit(source_id: str, **meta) -> NodeWithScore:
    text = "银行信用卡中心可以协商个性化分期。" if source_id.endswith("-zh") else "Banks may agree to an instalment plan."
    return NodeWithScore(node=TextNode(id_=f"{source_id}#0", text=text, metadata={"source_id": source_id, **meta}))


def test_missing_twin_ids_follow_the_name_rule_when_the_twin_is_indexed():
    known = frozenset({"channel-bank-inhouse-zh", "channel-bank-inhouse-en", "us-fdcpa-en"})
    hits = fill_twin_ids([_hit("channel-bank-inhouse-zh"), _hit("us-fdcpa-en")], known)
    assert [h.node.metadata["twin_id"] for h in hits] == ["channel-bank-inhouse-en", ""]


def test_a_stored_twin_id_is_kept():
    hits = fill_twin_ids([_hit("seed-cuishou", twin_id="seed-cuishou-en")], frozenset())
    assert hits[0].node.metadata["twin_id"] == "seed-cuishou-en"


def _scored(source_id: str, lang: str, text: str, score: float) -> NodeWithScore:
    return NodeWithScore(node=TextNode(id_=f"{source_id}#0", text=text, metadata={"source_id": source_id,
                                                                                  "lang": lang}), score=score)


def test_the_askers_language_breaks_a_near_tie_but_not_a_clear_lead():
    from index.expanded import prefer_language

    hits = [_scored("channel-bank-inhouse-en", "en", "Card centres may agree to instalments of up to 5 years.", 0.0330),
            _scored("channel-bank-inhouse-zh", "zh", "信用卡中心可以协商个性化分期，最长5年。", 0.0325),
            _scored("us-fdcpa-en", "en", "A debt collector may not call before 8 a.m.", 0.0320),
            _scored("cn-criminal-293-1-zh", "zh", "催收非法债务罪。", 0.0150)]
    ranked = [h.node.metadata["source_id"] for h in prefer_language(hits, "zh")]
    assert ranked[:2] == ["channel-bank-inhouse-zh", "channel-bank-inhouse-en"]
    assert ranked[-1] == "cn-criminal-293-1-zh"  # far behind: the bonus does not lift it
    assert [h.node.metadata["source_id"] for h in prefer_language(hits, "en")][0] == "channel-bank-inhouse-en"
