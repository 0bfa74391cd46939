"""Metadata filters that mean the same on both retrievers: a Chroma where-clause and a Python predicate."""

from __future__ import annotations

from typing import Any

from ingest.records import date_ordinal

Filters = dict[str, Any]  # jurisdiction, lang, doc_type, channel (str or list), published_after (YYYY-MM-DD)
_EQUALITY_KEYS = ("jurisdiction", "lang", "doc_type", "source_id")


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def matches(meta: dict, filters: Filters | None) -> bool:
    """True when a chunk's metadata passes every filter (lists mean 'any of')."""
    for key, value in (filters or {}).items():
        if value in (None, "", []):
            continue
        if key in _EQUALITY_KEYS and meta.get(key) not in _as_list(value):
            return False
        if key == "channel" and not any(meta.get(f"ch_{c}") for c in _as_list(value)):
            return False
        if key == "published_after" and meta.get("published_ord", 0) < date_ordinal(value):
            return False
    return True


def to_metadata_filters(filters: Filters | None):
    """The same filters as llama-index MetadataFilters for the vector store."""
    from llama_index.core.vector_stores.types import (
        FilterCondition,
        FilterOperator,
        MetadataFilter,
        MetadataFilters,
    )

    parts: list = []
    for key, value in (filters or {}).items():
        if value in (None, "", []):
            continue
        values = _as_list(value)
        if key in _EQUALITY_KEYS:
            parts.append(MetadataFilter(key=key, value=values[0]) if len(values) == 1
                         else MetadataFilter(key=key, value=values, operator=FilterOperator.IN))
        elif key == "channel":
            # llama-index's MetadataFilter has no bool value type (it raises on True); Chroma stores and matches
            # the bool flags, so the filter is built without that validation.
            ors: list[MetadataFilter | MetadataFilters] = [
                MetadataFilter.model_construct(key=f"ch_{c}", value=True, operator=FilterOperator.EQ) for c in values]
            parts.append(ors[0] if len(ors) == 1 else MetadataFilters(filters=ors, condition=FilterCondition.OR))
        elif key == "published_after":
            parts.append(MetadataFilter(key="published_ord", value=date_ordinal(value), operator=FilterOperator.GTE))
        else:
            raise ValueError(f"unknown filter {key!r}; use jurisdiction, lang, doc_type, channel, published_after")
    return MetadataFilters(filters=parts) if parts else None
