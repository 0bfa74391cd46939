"""Report writers: report.json (the shape in DESIGN.md), report.md (tables and failures) and chart.png."""

from __future__ import annotations

import json
from pathlib import Path

from evals.metrics import LOWER_IS_BETTER, METRICS

MAIN_SLICES = ("zh", "en", "cross-lingual", "follow-up", "ood")
CHART_METRICS = tuple(m for m in METRICS if not m.endswith("_ms"))  # shares in [0, 1]; latency has its own scale


def fmt(value, metric: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if metric.endswith("_ms") else f"{value:.3f}"


def table_slices(report: dict, min_tag_questions: int = 10) -> list[str]:
    """Overall, the main slices, then tags with enough questions to say something."""
    counts = report.get("slice_counts", {})
    tags = [s for s in report.get("slices", {}) if s.startswith("tag:")
            and counts.get(s, {}).get("questions", 0) >= min_tag_questions
            and s[4:] not in MAIN_SLICES]
    return ["overall"] + [s for s in MAIN_SLICES if s in report.get("slices", {})] + tags


def _value(report: dict, slice_name: str, metric: str):
    source = report["metrics"] if slice_name == "overall" else report["slices"].get(slice_name, {})
    return source.get(metric)


def _questions(report: dict, slice_name: str) -> int:
    if slice_name == "overall":
        return report.get("n_questions", 0)
    return report.get("slice_counts", {}).get(slice_name, {}).get("questions", 0)


def metric_table(report: dict, slices: list[str]) -> list[list[str]]:
    header = ["metric"] + [f"{s} (n={_questions(report, s)})" for s in slices]
    rows = [header]
    for metric in report["metrics"]:
        arrow = "↓" if metric in LOWER_IS_BETTER else "↑"
        rows.append([f"{metric} {arrow}"] + [fmt(_value(report, s, metric), metric) for s in slices])
    return rows


def stdout_table(report: dict) -> str:
    rows = metric_table(report, ["overall", *[s for s in MAIN_SLICES if s in report.get("slices", {})]])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    failed = sum(not r["passed"] for r in report["rows"])
    lines.append(f"{report['n_questions']} questions, {failed} failed, {report.get('wall_time_s', 0):.0f}s")
    return "\n".join(lines)


def _md_table(rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows[1:]]
    return "\n".join(out)


def markdown(report: dict) -> str:
    parts = [f"# Eval report — {report.get('gold', '')}", "",
             f"{report['n_questions']} questions · generated {report.get('generated_at', '')} · "
             f"wall time {report.get('wall_time_s', 0)} s · k = {report.get('k', 5)}", "",
             "## Metrics by slice", "", _md_table(metric_table(report, table_slices(report))), "",
             "![metrics by slice](chart.png)", ""]
    robustness = report.get("robustness", {})
    if robustness:
        parts += ["## Robustness", ""]
        d = robustness.get("distractors")
        if d:
            parts.append(f"- distractors ({d['questions']} questions): key-fact recall {fmt(d['key_fact_recall_plain'])}"
                         f" → {fmt(d['key_fact_recall_distracted'])} (drop {fmt(d['drop'])}); "
                         f"lost: {', '.join(x['id'] for x in d['lost']) or 'none'}")
        f = robustness.get("inject_false")
        if f:
            parts.append(f"- false number injected ({f['questions']} questions): false number repeated "
                         f"{fmt(f['false_repeated_rate'])}, true number kept {fmt(f['true_kept_rate'])}, "
                         f"both shown {fmt(f['conflict_shown_rate'])}")
        parts.append("")
    failures = [r for r in report["rows"] if not r["passed"]]
    parts += [f"## Failures ({len(failures)})", ""]
    for r in failures:
        parts += [f"### {r['id']} — {r['question']}", ""]
        if r.get("history"):
            parts.append("history: " + " / ".join(r["history"]))
        parts += [f"**why:** {r['why']}", "", "```", r["answer"], "```", ""]
        parts += [f"- [{c['n']}] {c['source_id']} `{c['chunk_id']}`: {c['quote']}" for c in r["citations"]]
        parts += [f"- retrieved: {', '.join(r['retrieved_source_ids'])}", ""]
    return "\n".join(parts)


def chart(report: dict, path: Path) -> None:
    """A heat map: metrics (rows) by slice (columns), values annotated."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    slices = table_slices(report)
    data = np.array([[np.nan if _value(report, s, m) is None else _value(report, s, m) for s in slices]
                     for m in CHART_METRICS], dtype=float)
    shown = np.where(np.isin(CHART_METRICS, list(LOWER_IS_BETTER))[:, None], 1 - data, data)  # green = good
    fig, ax = plt.subplots(figsize=(1.0 + 0.9 * len(slices), 4.8))
    ax.imshow(np.ma.masked_invalid(shown), cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            if not np.isnan(data[i, j]):
                ax.text(j, i, f"{data[i, j]:.2f}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(slices)), [f"{s}\nn={_questions(report, s)}" for s in slices], rotation=45,
                  ha="right", fontsize=8)
    ax.set_yticks(range(len(CHART_METRICS)),
                  [f"{m} {'↓' if m in LOWER_IS_BETTER else '↑'}" for m in CHART_METRICS], fontsize=8)
    ax.set_title(f"DebtLens eval: metrics by slice ({report['n_questions']} questions)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_all(report: dict, out: Path) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.json", out / "report.md", out / "chart.png"]
    paths[0].write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    paths[1].write_text(markdown(report), encoding="utf-8")
    chart(report, paths[2])
    return paths


def summary(results: dict[str, dict], thresholds: dict) -> dict:
    """Both splits side by side (overall and main slices) and the key-fact recall gap."""
    out: dict = {"splits": {}}
    for name, result in results.items():
        out["splits"][name] = {"gold": result.get("gold"), "n_questions": result["n_questions"],
                               "metrics": result["metrics"], "counts": result["counts"],
                               "slices": {s: result["slices"][s] for s in MAIN_SLICES if s in result["slices"]},
                               "slice_counts": {s: result["slice_counts"][s] for s in MAIN_SLICES
                                                if s in result["slice_counts"]}}
    if "tune" in results and "test" in results:
        tune = results["tune"]["metrics"].get("key_fact_recall")
        test = results["test"]["metrics"].get("key_fact_recall")
        out["gap"] = {"key_fact_recall": None if tune is None or test is None else tune - test,
                      "max": (thresholds.get("gap") or {}).get("key_fact_recall")}
    return out


def gap_line(summary: dict) -> str:
    gap = summary.get("gap")
    if not gap or gap.get("key_fact_recall") is None:
        return "gap: not measured (needs the tune and test splits)"
    return f"gap: key-fact recall tune - test = {gap['key_fact_recall']:+.3f} (max {gap.get('max')})"
