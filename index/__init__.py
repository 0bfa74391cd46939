"""Embeddings, the Chroma store, BM25 and hybrid retrieval."""
