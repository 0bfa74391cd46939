"""The chat stage's command: `debtlens ask QUESTION [--history ...] [--jurisdiction J] [--channel C]`."""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def render_answer(answer) -> str:
    """Plain text for the terminal; titles, ids, URLs and quotes come from documents, so each is one clean line."""
    from text.control import for_terminal

    lines = [for_terminal(answer.text)]
    for c in answer.citations:
        title, source, url, quote = (for_terminal(v, one_line=True) for v in (c.title, c.source_id, c.url, c.quote))
        lines.append(f"  [{c.n}] {title} ({source}) {url}\n      \u201c{quote}\u201d")
    return "\n".join(lines)


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
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from chat.answer import answer_question
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
        filters = {k: v for k, v in {"jurisdiction": args.jurisdiction, "channel": args.channel}.items() if v}
        answer = answer_question(handle, args.question, history=args.history, filters=filters or None)
    except (QuestionError, IndexMissingError, IndexMismatchError, IndexUnavailableError) as exc:
        print(for_terminal(f"error: {exc}", one_line=True), file=sys.stderr)
        return 2
    print(render_answer(answer))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
