"""Benchmarks that print figures: retrieval (python -m bench.retrieval), e5 parity, embedder ingest."""
