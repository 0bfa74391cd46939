"""Twin expansion brings a document's translation into the ranking without disturbing its head."""

from llama_index.core.schema import NodeWithScore, TextNode

from index.twins import expand_with_twins

TWINS = {"a-zh": "a-en", "a-en": "a-zh", "b-zh": "b-en", "b-en": "b-zh", "c-zh": "c-en", "d-zh": "d-en"}


def _hit(chunk_id: str, score: float = 1.0) -> NodeWithScore:
    source = chunk_id.split("#")[0]
    meta = {"source_id": source, "twin_id": TWINS.get(source, "")}
    return NodeWithScore(node=TextNode(id_=chunk_id, text=chunk_id, metadata=meta), score=score)


def _ids(hits):
    return [h.node.node_id for h in hits]


def test_missing_twins_are_fetched_and_placed_after_the_head():
    fetched = []

    def best(source_id):
        fetched.append(source_id)
        return _hit(f"{source_id}#7", 0.1)

    hits = [_hit("a-zh#1"), _hit("b-zh#1"), _hit("a-zh#2"), _hit("c-zh#1"), _hit("d-zh#1")]
    out = expand_with_twins(hits, best, sources=2, after=2)
    assert _ids(out) == ["a-zh#1", "b-zh#1", "a-zh#2", "a-en#7", "b-en#7", "c-zh#1", "d-zh#1"]
    assert fetched == ["a-en", "b-en"]


def test_twin_ranked_low_moves_up_instead_of_being_fetched():
    hits = [_hit("a-zh#1"), _hit("c-zh#1"), _hit("d-zh#1"), _hit("a-en#3")]
    out = expand_with_twins(hits, lambda s: None, sources=1, after=1)
    assert _ids(out) == ["a-zh#1", "a-en#3", "c-zh#1", "d-zh#1"]


def test_twin_already_in_the_head_stays_where_it_is():
    hits = [_hit("a-zh#1"), _hit("a-en#2"), _hit("c-zh#1")]
    assert _ids(expand_with_twins(hits, lambda s: None, sources=3, after=4)) == _ids(hits)


def test_only_the_first_sources_bring_twins():
    hits = [_hit("a-zh#1"), _hit("b-zh#1")]
    out = expand_with_twins(hits, lambda s: _hit(f"{s}#0"), sources=1, after=1)
    assert "b-en#0" not in _ids(out) and "a-en#0" in _ids(out)


def test_sources_without_a_twin_are_left_alone():
    hits = [_hit("seed#1"), _hit("c-zh#1")]
    assert _ids(expand_with_twins(hits, lambda s: None, sources=3)) == ["seed#1", "c-zh#1"]
