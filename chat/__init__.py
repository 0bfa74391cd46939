"""Answering: follow-up resolution, retrieval, evidence selection, extractive composition, refusal."""
