"""Hand-computed values for the source-level retrieval metrics."""

from __future__ import annotations

import math

import pytest

from evals.retrieval_metrics import dedupe, hit_at_k, mrr_at_k, ndcg_at_k, recall_at_k


def test_dedupe_keeps_first_occurrence_order():
    assert dedupe(["a", "b", "a", "c", "b"]) == ["a", "b", "c"]


def test_recall_counts_distinct_relevant_sources():
    retrieved = ["a", "x", "b", "y", "z", "c"]
    relevant = {"a", "b", "c", "d"}
    assert recall_at_k(retrieved, relevant, 1) == pytest.approx(1 / 4)
    assert recall_at_k(retrieved, relevant, 5) == pytest.approx(2 / 4)
    assert recall_at_k(retrieved, relevant, 10) == pytest.approx(3 / 4)


def test_recall_dedupes_before_cutting_at_k():
    # chunks of source a twice: deduped list is [a, x, b], so b is inside the top 3
    retrieved = ["a", "a", "x", "b"]
    assert recall_at_k(retrieved, {"a", "b"}, 3) == pytest.approx(1.0)
    assert recall_at_k(retrieved, {"a", "b"}, 2) == pytest.approx(0.5)


def test_recall_no_relevant_or_no_hit():
    assert recall_at_k(["a"], set(), 5) == 0.0
    assert recall_at_k([], {"a"}, 5) == 0.0
    assert recall_at_k(["x", "y"], {"a"}, 5) == 0.0


def test_mrr_first_relevant_rank():
    assert mrr_at_k(["a", "b"], {"a"}) == pytest.approx(1.0)
    assert mrr_at_k(["x", "y", "a"], {"a", "y"}) == pytest.approx(1 / 2)
    # duplicates of x collapse, so a is distinct rank 2, not 3
    assert mrr_at_k(["x", "x", "a"], {"a"}) == pytest.approx(1 / 2)


def test_mrr_outside_k_is_zero():
    retrieved = [f"s{i}" for i in range(10)] + ["a"]
    assert mrr_at_k(retrieved, {"a"}, k=10) == 0.0
    assert mrr_at_k(retrieved, {"a"}, k=11) == pytest.approx(1 / 11)


def test_ndcg_relevant_at_ranks_1_and_3_of_2_relevant():
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(["a", "x", "b", "y"], {"a", "b"}) == pytest.approx(expected)
    assert expected == pytest.approx(1.5 / 1.6309297535714575)


def test_ndcg_perfect_and_zero():
    assert ndcg_at_k(["a", "b", "x"], {"a", "b"}) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], {"a"}) == 0.0
    assert ndcg_at_k(["a"], set()) == 0.0


def test_ndcg_single_relevant_at_rank_2():
    assert ndcg_at_k(["x", "a"], {"a"}) == pytest.approx(1 / math.log2(3))


def test_ndcg_ideal_is_capped_at_k():
    # 3 relevant, k=2: ideal DCG = 1 + 1/log2(3); hits at ranks 1 and 2 -> 1.0
    assert ndcg_at_k(["a", "b", "c"], {"a", "b", "c"}, k=2) == pytest.approx(1.0)
    # hit only at rank 2 of k=2
    assert ndcg_at_k(["x", "b"], {"a", "b", "c"}, k=2) == pytest.approx(
        (1 / math.log2(3)) / (1 + 1 / math.log2(3)))


def test_ndcg_dedupes():
    # [a, a, b] -> [a, b]: both relevant at ranks 1, 2 -> perfect
    assert ndcg_at_k(["a", "a", "b"], {"a", "b"}) == pytest.approx(1.0)


def test_hit_at_k():
    assert hit_at_k(["x", "y", "a"], {"a"}, 2) == 0.0
    assert hit_at_k(["x", "y", "a"], {"a"}, 3) == 1.0


def test_k_must_be_positive():
    with pytest.raises(ValueError):
        recall_at_k(["a"], {"a"}, 0)
