"""The chat stage's command: `debtlens ask QUESTION [--history ...] [--jurisdiction J] [--channel C] [--json]`.

With DEBTLENS_LLM set, an LLM writes the answer and it is streamed sentence by sentence, each printed only after
it passes the post-check; the last line says which composer wrote the answer."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def render_citations(answer) -> list[str]:
    """Titles, ids, URLs and quotes come from documents, so each is one clean line."""
    from text.control import for_terminal

    lines = []
    for c in answer.citations:
        title, source, url, quote = (for_terminal(v, one_line=True) for v in (c.title, c.source_id, c.url, c.quote))
        lines.append(f"  [{c.n}] {title} ({source}) {url}\n      \u201c{quote}\u201d")
    return lines


def composer_mark(answer) -> str:
    from chat.compose import composer_label

    return "— " + composer_label(answer.composer, len(answer.dropped))


def render_answer(answer, show_mark: bool = False) -> str:
    """Plain text for the terminal (model and document text made safe by for_terminal)."""
    from text.control import for_terminal

    lines = [for_terminal(answer.text), *render_citations(answer)]
    if show_mark and not answer.refused:
        lines.append(composer_mark(answer))
    return "\n".join(lines)


def answer_json(answer) -> dict:
    from dataclasses import asdict

    return {"text": answer.text, "citations": [asdict(c) for c in answer.citations], "refused": answer.refused,
            "lang": answer.lang, "composer": answer.composer, "dropped": answer.dropped, "why": answer.why,
            "latency_ms": round(answer.latency_ms, 1)}


def stream_to_stdout(handle, args, filters, composer) -> None:
    """Each checked sentence as soon as it passes; then the rest of the answer (all of it when nothing was
    streamed, e.g. the extractive fallback), the citations, and which composer wrote it."""
    from chat.answer import Answer, stream_answer
    from text.control import for_terminal

    shown: list[str] = []
    for event in stream_answer(handle, args.question, args.history, filters or None, composer):
        if not isinstance(event, Answer):
            shown.append(event.line)
            print(for_terminal(event.line), flush=True)
            continue
        rest = [line for line in event.text.splitlines() if line not in shown] if shown else [event.text]
        print(for_terminal("\n".join(rest)))
        print("\n".join([*render_citations(event), *([composer_mark(event)] if not event.refused else [])]))


def build_parser() -> argparse.ArgumentParser:
    from ingest.corpus import JURISDICTIONS, channel_keys
    from settings import get_settings

    channels = channel_keys(get_settings().channels_file)
    p = argparse.ArgumentParser(prog="debtlens ask", description="Answer a question with quoted, cited sources; "
                                "refuse when the evidence is not there.")
    p.add_argument("question", help="the question, in Chinese or English")
    p.add_argument("--history", action="append", metavar="TURN",
                   help="an earlier user turn, oldest first (repeatable); a follow-up is searched with the last one")
    p.add_argument("--jurisdiction", choices=JURISDICTIONS, metavar="J",
                   help=f"only sources from this jurisdiction: {', '.join(JURISDICTIONS)}")
    p.add_argument("--channel", choices=channels, metavar="C",
                   help=f"only sources about this collection channel (corpus/channels.toml): {', '.join(channels)}")
    p.add_argument("--json", action="store_true", help="print the answer as JSON: text, citations, refused, lang, "
                   "composer (extractive | generative | extractive-fallback), dropped (what the checks removed, why)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    import json

    from chat.answer import answer_question
    from chat.generative import make_composer
    from chat.llm import LLMUnavailableError
    from chat.question import QuestionError, check_question
    from index.retrieve import open_index
    from index.store import IndexMismatchError, IndexMissingError, IndexUnavailableError
    from settings import get_settings
    from text.control import for_terminal

    settings = get_settings()
    try:  # before loading anything: a bad question costs nothing
        for text in [args.question, *(args.history or [])]:
            check_question(text, settings.max_question_chars)
        handle = open_index(settings)
        composer = make_composer(settings, handle)  # a missing or corrupt local model fails here, before asking
        filters = {k: v for k, v in {"jurisdiction": args.jurisdiction, "channel": args.channel}.items() if v}
        if composer is not None and not args.json:
            stream_to_stdout(handle, args, filters, composer)
            return 0
        answer = answer_question(handle, args.question, history=args.history, filters=filters or None,
                                 composer=composer)
    except (QuestionError, IndexMissingError, IndexMismatchError, IndexUnavailableError, LLMUnavailableError) as exc:
        print(for_terminal(f"error: {exc}", one_line=True), file=sys.stderr)
        return 2
    print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2) if args.json
          else render_answer(answer, show_mark=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
