"""Exact dense search (index/exact.py): the true nearest neighbours, filters applied, the same order every time."""

import dataclasses

import numpy as np

from index.exact import ExactVectors


def test_ties_are_broken_by_chunk_id_and_filters_apply():
    vectors = np.array([[1, 0], [1, 0], [0, 1], [1, 1]], dtype=np.float32)
    metas = [{"lang": "en"}, {"lang": "zh"}, {"lang": "zh"}, {"lang": "en"}]
    exact = ExactVectors(["b", "a", "c", "d"], vectors, metas)
    assert [cid for cid, _ in exact.nearest([1.0, 0.0], 2)] == ["a", "b"]  # equal cosines: by id, not by row
    assert [cid for cid, _ in exact.nearest([1.0, 0.0], 3, {"lang": "en"})] == ["b", "d"]
    assert exact.nearest([1.0, 0.0], 0) == []
    scores = dict(exact.nearest([1.0, 0.0], 4))
    assert abs(scores["d"] - 2 ** -0.5) < 1e-6 and abs(scores["c"]) < 1e-6


def test_a_tie_at_the_cut_keeps_the_lower_id_whichever_row_holds_it():
    vectors = np.array([[1, 0]] * 6, dtype=np.float32)
    exact = ExactVectors(["f", "e", "d", "c", "b", "a"], vectors, [{}] * 6)
    assert [cid for cid, _ in exact.nearest([1.0, 0.0], 3)] == ["a", "b", "c"]


def test_the_handle_searches_exactly_and_agrees_with_a_brute_force_product(small_index):
    _, handle = small_index
    handle = dataclasses.replace(handle)  # its own cache of the stored vectors
    got = handle.collection.get(include=["embeddings"])
    matrix = np.asarray(got["embeddings"], dtype=np.float64)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    for question in ("催收可以打电话给我同事吗", "Can a collector call me at work?", "信用卡分期最长几年"):
        vector = np.asarray(handle.query_vector(question), dtype=np.float64)
        sims = matrix @ (vector / np.linalg.norm(vector))
        truth = [got["ids"][i] for i in np.argsort(-sims, kind="stable")[:10]]
        found = handle.nearest(handle.query_vector(question), 10)
        assert [cid for cid, _ in found] == truth
        assert handle.nearest(handle.query_vector(question), 10) == found
    zh = handle.nearest(handle.query_vector("催收可以打电话给我同事吗"), 5, {"lang": "zh"})
    assert len(zh) == 5 and all(handle.node(cid).metadata["lang"] == "zh" for cid, _ in zh)


def test_above_the_limit_chroma_answers(small_index):
    _, handle = small_index
    approximate = dataclasses.replace(handle, settings=handle.settings.model_copy(update={"exact_search_max": 0}))
    approximate.__dict__.pop("_exact", None)
    assert approximate.exact_vectors() is None
    found = approximate.nearest(approximate.query_vector("催收可以打电话给我同事吗"), 5)
    assert len(found) == 5 and found == sorted(found, key=lambda pair: -pair[1])


def test_rows_come_in_the_order_asked_and_unknown_ids_are_left_out():
    exact = ExactVectors(["a", "b", "c"], np.array([[2, 0], [0, 3], [1, 1]], dtype=np.float32), [{}] * 3)
    found, vectors = exact.rows(["c", "zz", "a"])
    assert found == ["c", "a"] and np.allclose(vectors, [[2 ** -0.5, 2 ** -0.5], [1, 0]])
    assert exact.rows(["zz"])[1].shape == (0, 2)


def test_best_chunk_and_stored_vectors_read_from_memory_agree_with_chroma(small_index):
    _, handle = small_index
    approximate = dataclasses.replace(handle, settings=handle.settings.model_copy(update={"exact_search_max": 0}))
    assert approximate.exact_vectors() is None and handle.exact_vectors() is not None
    vector = handle.query_vector("催收可以打电话给我同事吗")
    for source in sorted(handle.source_ids())[:6]:
        for filters in (None, {"lang": "zh"}):
            memory, chroma = handle.best_chunk(source, vector, filters), approximate.best_chunk(source, vector, filters)
            assert (memory is None) == (chroma is None)
            if memory is not None:
                assert memory.node.node_id == chroma.node.node_id and abs(memory.score - chroma.score) < 1e-5
    ids = [cid for cid, _ in handle.nearest(vector, 8)][::-1]
    assert np.allclose(handle.stored_vectors(ids), approximate.stored_vectors(ids), atol=1e-5)
