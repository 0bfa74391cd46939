"""Twin documents: a source and its translation, linked in chunk metadata (`twin_id`) at ingest.

The bundled corpus keeps each document as `<stem>-zh` and `<stem>-en`; front matter `twin:` names the
other-language version explicitly where the ids do not follow that pattern (or `twin: ""` for none).
"""

from __future__ import annotations

_SUFFIXES = {"-zh": "-en", "-en": "-zh"}


def source_family(source_id: str) -> str:
    """A document and its translation are one family: cn-pipl-zh and cn-pipl-en -> cn-pipl."""
    for suffix in _SUFFIXES:
        if source_id.endswith(suffix):
            return source_id[: -len(suffix)]
    return source_id


def twin_id(source_id: str, meta: dict | None = None) -> str:
    """The id of the other-language version of `source_id`, or '' when it has none by name or front matter."""
    meta = meta or {}
    if "twin" in meta:
        return str(meta["twin"] or "")
    for suffix, other in _SUFFIXES.items():
        if source_id.endswith(suffix):
            return source_id[: -len(suffix)] + other
    return ""


def link_twins(source_ids: set[str], metas: dict[str, dict] | None = None) -> dict[str, str]:
    """source id -> twin id for the sources whose twin is among `source_ids`."""
    metas = metas or {}
    links = {sid: twin_id(sid, metas.get(sid)) for sid in source_ids}
    return {sid: twin for sid, twin in links.items() if twin and twin in source_ids and twin != sid}
