"""Query vectors, memoised, and embedded ahead on a worker thread.

The e5 query vector is most of an answer's time (a long borrower story: ~75 ms of ~180 ms on one core), and a
message that asks two things also embeds each asked sentence. Both are known from the text alone, before anything
is retrieved, so the answerer hands them in at once (`prefetch`): the worker embeds them one after another while
the main thread tokenizes, weighs terms and reads passages. The C engine (and torch) release the GIL, so the two
run on two cores; every vector is exactly the one `get` would have computed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

MEMO_SIZE = 256  # query forms kept; one answer uses a handful


class QueryVectors:
    """`get(text)` returns the memoised vector, waiting for a prefetched one; `prefetch(texts)` queues the rest."""

    def __init__(self, embed_query: Callable[[str], list[float]], size: int = MEMO_SIZE):
        self._embed = embed_query
        self._size = size
        self._memo: dict[str, Future] = {}
        self._worker: ThreadPoolExecutor | None = None

    def get(self, text: str) -> list[float]:
        queued = self._memo.get(text)
        if queued is not None:
            try:
                return queued.result()
            except Exception:
                self._memo.pop(text, None)  # a failure is not remembered: the next ask tries again
                raise
        vector = self._embed(text)
        done: Future = Future()
        done.set_result(vector)
        self._remember(text, done)
        return vector

    def prefetch(self, texts: Iterable[str]) -> None:
        """Queue `texts` (in order) on the worker; those already memoised or queued are skipped."""
        for text in dict.fromkeys(texts):
            if text and text not in self._memo:
                if self._worker is None:
                    self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="debtlens-query-vectors")
                self._remember(text, self._worker.submit(self._embed, text))

    def _remember(self, text: str, vector: Future) -> None:
        if len(self._memo) >= self._size:
            self._memo = {k: f for k, f in self._memo.items() if not f.done()}  # queued ones are still wanted
        self._memo[text] = vector
