"""The gate: floors and ceilings, baseline drops beyond max(0.02, 1.96 SE), metric direction, latency."""

from __future__ import annotations

import math

import pytest

from evals import gate


def report(counts=100, **metrics):
    return {"metrics": metrics, "counts": dict.fromkeys(metrics, counts)}


def test_tolerance_is_the_larger_of_the_minimum_and_z_se():
    assert gate.tolerance(0.8, 100) == pytest.approx(1.96 * math.sqrt(0.8 * 0.2 / 100))  # 0.0784
    assert gate.tolerance(1.0, 100) == 0.02  # SE 0 at p = 1
    assert gate.tolerance(0.99, 10_000) == 0.02
    assert gate.tolerance(0.5, 0) == 0.02


def test_drop_beyond_tolerance_fails_and_says_by_how_much():
    baseline = report(key_fact_recall=0.80)
    failures = gate.check(report(key_fact_recall=0.70), {}, baseline)  # tolerance 0.078 -> limit 0.7216
    assert [(f.metric, f.kind) for f in failures] == [("key_fact_recall", "baseline")]
    assert failures[0].limit == pytest.approx(0.80 - 0.0784, abs=1e-3)
    assert failures[0].by == pytest.approx(0.0216, abs=1e-3)
    assert "key_fact_recall" in failures[0].describe() and "below the baseline" in failures[0].describe()


def test_drop_within_tolerance_passes():
    baseline = report(key_fact_recall=0.80, citation_validity=1.0)
    assert gate.check(report(key_fact_recall=0.75, citation_validity=0.985), {}, baseline) == []


def test_small_n_widens_tolerance():
    baseline = report(counts=20, key_fact_recall=0.80)
    assert gate.check(report(counts=20, key_fact_recall=0.65), {}, baseline) == []  # tol = 0.175
    assert gate.check(report(counts=400, key_fact_recall=0.65), {}, baseline)        # tol = 0.039


def test_floor_fails_below_and_passes_at():
    thresholds = {"floors": {"refusal_recall": 0.70}}
    assert gate.check(report(refusal_recall=0.70), thresholds) == []
    (failure,) = gate.check(report(refusal_recall=0.65), thresholds)
    assert failure.kind == "floor" and failure.by == pytest.approx(0.05)
    assert "below its floor" in failure.describe()


def test_a_metric_that_cannot_be_measured_fails_its_floor():
    (failure,) = gate.check({"metrics": {"citation_validity": None}, "counts": {}},
                            {"floors": {"citation_validity": 0.9}})
    assert failure.value is None and "not measurable" in failure.describe()


def test_lower_is_better_metrics_fail_upwards():
    baseline = report(false_refusal_rate=0.10)
    assert gate.check(report(false_refusal_rate=0.02), {}, baseline) == []  # an improvement
    (failure,) = gate.check(report(false_refusal_rate=0.25), {}, baseline)
    assert failure.kind == "baseline" and "above the baseline" in failure.describe()
    (failure,) = gate.check(report(false_refusal_rate=0.25), {"ceilings": {"false_refusal_rate": 0.2}})
    assert failure.kind == "ceiling"


def test_latency_is_not_compared_with_the_baseline_only_with_a_ceiling():
    baseline = report(latency_p50_ms=40.0, latency_p95_ms=60.0)
    assert gate.check(report(latency_p50_ms=400.0, latency_p95_ms=900.0), {}, baseline) == []
    (failure,) = gate.check(report(latency_p95_ms=6000.0), {"ceilings": {"latency_p95_ms": 5000}})
    assert failure.metric == "latency_p95_ms" and "6000ms" in failure.describe()


def test_improvements_and_metrics_missing_from_the_baseline_pass():
    baseline = report(key_fact_recall=0.5, mrr_at_10=None)
    assert gate.check(report(key_fact_recall=0.9, mrr_at_10=0.1), {}, baseline) == []


def test_load_thresholds_rejects_the_wrong_direction(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text('[floors]\nkey_fact_recall = 0.5\n[ceilings]\nfalse_refusal_rate = 0.2\n'
                    '[tolerance]\nmin = 0.03\nz = 2.0\n')
    loaded = gate.load_thresholds(good)
    assert loaded["floors"] == {"key_fact_recall": 0.5} and loaded["tolerance"]["min"] == 0.03
    bad = tmp_path / "bad.toml"
    bad.write_text("[floors]\nfalse_refusal_rate = 0.2\n")
    with pytest.raises(ValueError, match="false_refusal_rate"):
        gate.load_thresholds(bad)


def test_custom_tolerance_from_thresholds():
    baseline = report(counts=10_000, key_fact_recall=0.80)
    assert gate.check(report(counts=10_000, key_fact_recall=0.77), {"tolerance": {"min": 0.05}}, baseline) == []
    assert gate.check(report(counts=10_000, key_fact_recall=0.77), {}, baseline)


def test_committed_thresholds_file_loads():
    from evals.cli import DEFAULT_THRESHOLDS

    loaded = gate.load_thresholds(DEFAULT_THRESHOLDS)
    assert loaded["floors"] and "false_refusal_rate" in loaded["ceilings"]
    assert not {"latency_p50_ms", "latency_p95_ms"} & set(loaded["ceilings"])  # timings are benched, not gated


def test_describe():
    assert gate.describe([]).startswith("gate: PASS")
    text = gate.describe([gate.Failure("mrr_at_10", "floor", 0.5, 0.6)], baseline_path="evals/baseline.json")
    assert "FAIL" in text and "mrr_at_10" in text and "baseline evals/baseline.json" in text
