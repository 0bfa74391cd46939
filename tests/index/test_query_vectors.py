"""Query vectors (index/query_vectors.py): memoised, embedded ahead on a worker thread, exactly as asked for."""

import dataclasses
import threading

import numpy as np
import pytest

from index.query_vectors import QueryVectors


class Recorder:
    """An embed function that records which thread embedded which text, and can be held back."""

    def __init__(self, fail: set[str] = frozenset()):
        self.calls: list[tuple[str, str]] = []
        self.fail = set(fail)
        self.release = threading.Event()
        self.release.set()

    def __call__(self, text: str) -> list[float]:
        self.release.wait(5)
        self.calls.append((text, threading.current_thread().name))
        if text in self.fail:
            raise RuntimeError(f"cannot embed {text}")
        return [float(len(text)), 1.0]


def test_each_text_is_embedded_once_and_prefetched_ones_on_the_worker_in_order():
    embed = Recorder()
    vectors = QueryVectors(embed)
    vectors.prefetch(["催收可以打电话给我同事吗", "", "这样合法吗？", "催收可以打电话给我同事吗"])
    assert vectors.get("这样合法吗？") == [6.0, 1.0]
    assert vectors.get("催收可以打电话给我同事吗") == [12.0, 1.0]
    assert vectors.get("What about texts?") == [17.0, 1.0]
    assert vectors.get("What about texts?") == [17.0, 1.0]
    assert [text for text, _ in embed.calls] == ["催收可以打电话给我同事吗", "这样合法吗？", "What about texts?"]
    worker, _, main = (thread for _, thread in embed.calls)
    assert worker.startswith("debtlens-query-vectors") and main == threading.current_thread().name


def test_a_failure_is_raised_to_the_asker_and_not_remembered():
    embed = Recorder(fail={"坏"})
    vectors = QueryVectors(embed)
    vectors.prefetch(["坏"])
    with pytest.raises(RuntimeError, match="cannot embed"):
        vectors.get("坏")
    embed.fail.clear()
    assert vectors.get("坏") == [1.0, 1.0]  # asked again, embedded again
    assert [text for text, _ in embed.calls] == ["坏", "坏"]


def test_a_full_memo_forgets_finished_vectors_but_keeps_queued_ones():
    embed = Recorder()
    vectors = QueryVectors(embed, size=2)
    vectors.get("a")
    vectors.get("bb")
    embed.release.clear()  # the worker is held: "ccc" stays queued
    vectors.prefetch(["ccc"])
    vectors.prefetch(["dddd"])  # memo full: "a" and "bb" go, the queued "ccc" stays
    embed.release.set()
    assert vectors.get("ccc") == [3.0, 1.0] and vectors.get("dddd") == [4.0, 1.0]
    vectors.get("a")
    assert [text for text, _ in embed.calls].count("a") == 2 and [t for t, _ in embed.calls].count("ccc") == 1


def test_the_handle_prefetches_the_vector_it_would_have_computed(small_index):
    _, handle = small_index
    own = dataclasses.replace(handle)  # a fresh memo
    question = "催收打電話給我同事，合法嗎？"  # Traditional: the vector is of the Simplified search form
    own.prefetch_query_vectors([question])
    got = np.asarray(own.query_vector(question))
    direct = np.asarray(handle.embed.get_query_embedding("催收打电话给我同事，合法吗？"))
    assert np.allclose(got, direct, atol=1e-6)


def test_the_answerer_embeds_a_two_part_question_s_parts_on_the_worker(small_index):
    from chat.answer import answer_question

    _, handle = small_index
    own = dataclasses.replace(handle)
    threads: dict[str, str] = {}
    original = own.embed.get_query_embedding

    def spy(text: str) -> list[float]:
        threads[text] = threading.current_thread().name
        return original(text)

    own.__dict__["_query_vectors"] = QueryVectors(spy)
    question = "催收天天给我同事打电话说我欠钱不还，这样合法吗？他们一天最多能打几个电话？"
    answer_question(own, question)
    parts = ["催收天天给我同事打电话说我欠钱不还,这样合法吗?", "他们一天最多能打几个电话?"]  # the search form
    assert set(parts) <= set(threads) and question.replace("，", ",").replace("？", "?") in threads, threads
    assert {name.split("_")[0] for name in threads.values()} == {"debtlens-query-vectors"}
