"""Twin expansion puts a document's translation next to it without reordering anything else."""

from llama_index.core.schema import NodeWithScore, TextNode

from index.twins import expand_with_twins


def _hit(chunk_id: str, score: float = 1.0) -> NodeWithScore:
    source = chunk_id.split("#")[0]
    twin = {"a-zh": "a-en", "a-en": "a-zh", "b-zh": "b-en", "b-en": "b-zh", "c-zh": "c-en"}.get(source, "")
    return NodeWithScore(node=TextNode(id_=chunk_id, text=chunk_id, metadata={"source_id": source, "twin_id": twin}),
                         score=score)


def _ids(hits):
    return [h.node.node_id for h in hits]


def test_missing_twin_is_fetched_and_placed_after_its_partner():
    fetched = []

    def best(source_id):
        fetched.append(source_id)
        return _hit(f"{source_id}#7", 0.1)

    out = expand_with_twins([_hit("a-zh#1"), _hit("b-zh#1")], best, sources=1)
    assert _ids(out) == ["a-zh#1", "a-en#7", "b-zh#1"]
    assert fetched == ["a-en"]


def test_twin_already_retrieved_moves_up_instead_of_being_fetched():
    out = expand_with_twins([_hit("a-zh#1"), _hit("b-zh#1"), _hit("a-en#3")], lambda s: None, sources=2)
    assert _ids(out)[:2] == ["a-zh#1", "a-en#3"] and len(out) == 3


def test_only_the_first_sources_are_expanded():
    out = expand_with_twins([_hit("a-zh#1"), _hit("b-zh#1")], lambda s: _hit(f"{s}#0"), sources=1)
    assert "b-en#0" not in _ids(out)


def test_source_without_twin_or_with_unknown_twin_is_left_alone():
    out = expand_with_twins([_hit("seed#1"), _hit("c-zh#1")], lambda s: None, sources=3)
    assert _ids(out) == ["seed#1", "c-zh#1"]


def test_twin_ranked_before_its_partner_is_not_duplicated():
    out = expand_with_twins([_hit("a-en#2"), _hit("a-zh#1")], lambda s: None, sources=3)
    assert _ids(out) == ["a-en#2", "a-zh#1"]
