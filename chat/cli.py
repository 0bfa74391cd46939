"""The chat stage's command: `debtlens ask QUESTION [--history ...] [--jurisdiction J] [--channel C] [--json]`.

With DEBTLENS_LLM set, the answer is written by the LLM and streamed sentence by sentence, each printed only
after it passes the post-check; the last line says which composer wrote it."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def render_citations(answer) -> str:
    return "\n".join(f"  [{c.n}] {c.title} ({c.source_id}) {c.url}\n      \u201c{c.quote}\u201d" for c in answer.citations)


def composer_mark(answer) -> str:
    from chat.compose import composer_label

    return "— " + composer_label(answer)


def render_answer(answer, show_mark: bool = False) -> str:
    lines = [answer.text]
    if answer.citations:
        lines.append(render_citations(answer))
    if show_mark and not answer.refused:
        lines.append(composer_mark(answer))
    return "\n".join(lines)


def answer_json(answer) -> dict:
    from dataclasses import asdict

    return {"text": answer.text, "citations": [asdict(c) for c in answer.citations], "refused": answer.refused,
            "lang": answer.lang, "composer": answer.composer, "dropped": answer.dropped, "why": answer.why,
            "latency_ms": round(answer.latency_ms, 1)}


def stream_to_stdout(handle, args, filters, composer) -> None:
    """Print each checked sentence as soon as it passes, then the citations and which composer wrote it."""
    from chat.answer import Answer
    from chat.compose import stream_answer

    for event in stream_answer(handle, args.question, args.history, filters or None, composer):
        if not isinstance(event, Answer):
            print(event.line, flush=True)
        elif event.refused:
            print(event.text)
        else:
            if "\n\n" in event.text:
                print("\n" + event.text.split("\n\n")[-1])  # the disclaimer
            if event.citations:
                print(render_citations(event))
            print(composer_mark(event))


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
                   "composer (extractive | generative | extractive-fallback), dropped (what the post-check removed)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    import json

    from chat.answer import answer_question
    from chat.generative import make_composer
    from chat.llm import LLMUnavailableError
    from index.retrieve import open_index
    from index.store import IndexMismatchError, IndexMissingError
    from settings import get_settings

    settings = get_settings()
    try:
        handle = open_index(settings)
        composer = make_composer(settings, handle.embed)
    except (IndexMissingError, IndexMismatchError, LLMUnavailableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    filters = {k: v for k, v in {"jurisdiction": args.jurisdiction, "channel": args.channel}.items() if v}
    if composer is not None and not args.json:
        stream_to_stdout(handle, args, filters, composer)
        return 0
    answer = answer_question(handle, args.question, history=args.history, filters=filters or None,
                             composer=composer)
    print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2) if args.json
          else render_answer(answer, show_mark=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
