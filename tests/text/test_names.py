"""The longest-name pattern finds what a longest-first alternation finds."""

import re

import pytest

from text.names import longest_name_pattern

NAMES = ["印度", "印度尼西亚", "消费者金融", "消费者金融保护局", "in", "india", "rbi", "f条例", "cfpb", "香港"]


def _alternation(names):
    parts = [rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])" if n.isascii() else re.escape(n)
             for n in sorted(names, key=len, reverse=True)]
    return re.compile("|".join(parts))


@pytest.mark.parametrize("text, found", [
    ("印度尼西亚的网贷", ["印度尼西亚"]),                       # the longer name, not 印度
    ("美国消费者金融保护局和日本的消费者金融", ["消费者金融保护局", "消费者金融"]),
    ("the rbi in india", ["rbi", "in", "india"]),               # ascii names as whole words only
    ("ombudsman rbis indian", []),                              # not inside other words
    ("美国f条例和cfpb；香港", ["f条例", "cfpb", "香港"]),
])
def test_longest_name_at_each_position(text, found):
    pattern = re.compile(longest_name_pattern(NAMES))
    assert [m.group(0) for m in pattern.finditer(text)] == found
    assert found == [m.group(0) for m in _alternation(NAMES).finditer(text)]


def test_no_names_match_nothing():
    assert re.compile(longest_name_pattern([])).search("任何文字") is None
