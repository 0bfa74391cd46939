"""Text handling shared by every stage: script and width forms, language, tokens, sentences. Pure functions."""
