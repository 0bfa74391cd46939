"""The sweep's choice: false refusals are bounded in every tune file, not only pooled."""

from evals.sweep import choose, evaluate


class _Decide:
    def __init__(self, refuse: bool):
        self.refuse = refuse


class _Steps:
    def __init__(self, refuse_at: float):
        self.refuse_at = refuse_at

    def decide(self, s):
        return _Decide(self.refuse_at <= s.line)


class _S:
    def __init__(self, line: float):
        self.line = line


def _record(split: str, answerable: bool, refuse_at: float) -> dict:
    return {"item": {"answerable": answerable, "_split": split}, "steps": _Steps(refuse_at),
            "composed_refused": False, "hit": answerable}


def test_one_tune_file_over_the_false_refusal_target_rules_a_setting_out():
    # 60 tune questions never refused; users' file: 1 of 10 answerable refused at the strict line (pooled 1/70).
    records = [_record("tune.jsonl", True, 9.0) for _ in range(60)]
    records += [_record("tune-users.jsonl", True, 0.5)] + [_record("tune-users.jsonl", True, 9.0) for _ in range(9)]
    records += [_record("tune-users.jsonl", False, 0.5), _record("tune-users.jsonl", False, 0.7)]
    strict, loose = evaluate(records, _S(0.8)), evaluate(records, _S(0.2))
    assert strict["false_refusal_rate"] < 0.05 < strict["worst_split_false_refusals"]
    assert strict["refusal_recall"] > loose["refusal_recall"]
    assert choose([({"line": 0.8}, strict), ({"line": 0.2}, loose)])[0] == {"line": 0.2}
