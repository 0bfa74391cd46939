"""A story that tells when or how often they call, or that they text, gets the rule on hours, on call counts or on
texts among its quotes."""

import pytest

from chat.intent import classify
from tests.chat.test_intent import _ranked


@pytest.mark.parametrize("question, kinds", [
    ("A debt collecter keeps calling me like 10 times a week, sometimes at 9:30 at night. Is this legal?",
     ("time", "count")),
    ("半夜十一点多了还有催收打电话过来，一晚上打了七八个，这个时间他们能打吗", ("time", "count")),
    ("凌晨兩點還在打給我，這樣合法嗎？", ("time",)),
    ("他们一天打二十多个电话，还给我同事发短信，我能投诉吗？", ("count", "texts")),
    ("they text me like 15 times a day. can i make them stop?", ("count", "texts")),
    ("催收天天给我发短信轰炸，骂得很难听，我能报警吗？", ("texts",)),
    ("The agent called me at 10pm last night about my card.", ("time",)),
    # no time of contact, no number of calls: a debt's amount, its age and a date are not either
    ("I owe $1,200 on a card from 2019 and I'm 45 days late. Can they sue me?", ()),
    ("我欠了网贷8000块，逾期45天了，催收说要起诉我，是真的吗？", ()),
    ("催收打电话给我同事合法吗？", ()),
    # calls the borrower missed, recordings: not how often they call
    ("我只是有两次电话没接上，摧收就打给我姐。国家标准对什么时候能联系紧急联系人是怎么规定的？", ()),
    ("催收的通话录音银行要保存多久？我想把之前骂我的那几通录音调出来", ()),
    ("They called me 3 times about it. Can they call my wife?", ()),
])
def test_what_the_story_tells_of_the_contacts(question, kinds):
    assert classify(question).story_kinds == kinds


def test_a_story_of_late_calls_gets_the_hours_rule_in_place_of_a_repeated_count_rule():
    from chat.asked_parts import with_story_facts

    call, (employer, count_rule, count_again, hours, far) = _ranked(
        "A collector keeps calling me like 10 times a week, sometimes at 9:30 at night, and told my boss. Legal?", [
            "Under FDCPA §805(b), a collector may not discuss the debt with the consumer's employer.",
            "Under Regulation F, calling more than 7 times in 7 days is presumed to be harassment.",
            "§1006.14(b)(2): a collector is presumed to harass if it calls more than 7 times within 7 days.",
            "Under FDCPA §805(a)(1), a collector may not call before 8 a.m. or after 9 p.m. local time.",
            "A collector must stop contacting a consumer who says in writing to stop.",
        ])
    ranked = [employer, count_rule, count_again, far, hours]
    chosen = with_story_facts([employer, count_rule, count_again], ranked, call, quotes=3, depth=10)
    assert chosen == [employer, count_rule, hours]  # the second 7-in-7 line makes room; the count rule stays
    # room left: the hours rule is added, nothing is dropped
    assert with_story_facts([employer, count_rule], ranked, call, 3, 10) == [employer, count_rule, hours]
    # already stated, too far down the ranking, or from another place: nothing changes
    assert with_story_facts([hours, employer, count_rule], ranked, call, 3, 10) == [hours, employer, count_rule]
    assert with_story_facts([employer, count_rule, count_again], ranked, call, 3, depth=4) == \
        [employer, count_rule, count_again]
    assert with_story_facts([employer, count_rule, count_again], ranked, call, 3, 10,
                              fits=lambda text, meta: "8 a.m." not in text) == [employer, count_rule, count_again]


def test_a_story_with_no_time_or_count_keeps_its_quotes():
    from chat.asked_parts import with_story_facts

    call, (employer, hours) = _ranked("The collector told my boss about my debt. Is that legal?", [
        "Under FDCPA §805(b), a collector may not discuss the debt with the consumer's employer.",
        "Under FDCPA §805(a)(1), a collector may not call before 8 a.m. or after 9 p.m. local time.",
    ])
    assert with_story_facts([employer], [employer, hours], call, 3, 10) == [employer]


def test_an_asked_hour_is_left_to_the_asked_number_step():
    from chat.asked_parts import with_story_facts

    call, (count_rule, hours) = _ranked("They call at 11pm every night. What hours are they allowed to call?", [
        "Under Regulation F, calling more than 7 times in 7 days is presumed to be harassment.",
        "Under FDCPA §805(a)(1), a collector may not call before 8 a.m. or after 9 p.m. local time.",
    ])
    assert call.number_kind == "time" and "time" in call.story_kinds
    assert with_story_facts([count_rule], [count_rule, hours], call, 1, 10) == [count_rule]


def test_a_story_of_texts_gets_the_rule_on_texts():
    from chat.asked_parts import with_story_facts

    call, (friend, employer, opt_out) = _ranked(
        "a collector keeps txting me and sent a friend request to my sister. what can i do to make it stop", [
            "Under Regulation F, a friend request from a debt collector must disclose that it is a debt collector.",
            "Under FDCPA §805(b), a collector may not discuss the debt with the consumer's employer.",
            "Under Regulation F, every collection e-mail or text must offer a simple way to opt out.",
        ])
    assert call.story_kinds == ("texts",)
    assert with_story_facts([friend, employer], [friend, employer, opt_out], call, 2, 10) == [friend, opt_out]
