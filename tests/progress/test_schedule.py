"""Due dates in training time (pure: no database)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fellowship.grants import nih_calendar
from fellowship.programs.clock import Period, days_between
from fellowship.progress import diff, schedule

START = date(2025, 7, 1)


def test_months_are_calendar_months_ending_the_day_before():
    assert schedule.due_after_months(START, 1, []) == date(2025, 7, 31)
    assert schedule.due_after_months(START, 3, []) == date(2025, 9, 30)
    assert schedule.due_after_months(START, 12, []) == date(2026, 6, 30)
    assert schedule.due_after_months(START, 22, []) == date(2027, 4, 30)
    assert schedule.due_after_months(START, 0, []) == START


def test_a_short_month_clamps_the_day():
    assert schedule.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert schedule.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_a_leave_before_the_due_date_pushes_it_by_its_length():
    leave = Period(date(2025, 8, 4), date(2025, 8, 17))  # 14 days
    assert schedule.due_after_months(START, 3, [leave]) == date(2025, 10, 14)


def test_a_leave_after_the_due_date_does_not_move_it():
    leave = Period(date(2025, 10, 1), date(2025, 10, 31))
    assert schedule.due_after_months(START, 3, [leave]) == date(2025, 9, 30)


def test_a_leave_across_the_due_date_pushes_it_by_the_whole_leave():
    # Sep 30 falls inside the leave: the clock stops on Sep 20 and runs again on Oct 20.
    leave = Period(date(2025, 9, 20), date(2025, 10, 19))  # 30 days
    assert schedule.due_after_months(START, 3, [leave]) == date(2025, 10, 30)


def test_two_leaves_both_before_push_by_both():
    leaves = [
        Period(date(2025, 9, 1), date(2025, 9, 10)),
        Period(date(2025, 7, 10), date(2025, 7, 14)),
    ]
    assert schedule.due_after_months(START, 3, leaves) == date(2025, 10, 15)  # 10 + 5 days


def test_a_second_leave_reached_by_the_first_push_pushes_again():
    first = Period(date(2025, 9, 1), date(2025, 9, 20))  # 20 days: Sep 30 -> Oct 20
    second = Period(date(2025, 10, 10), date(2025, 10, 14))  # now before Oct 20: 5 more
    assert schedule.due_after_months(START, 3, [first, second]) == date(2025, 10, 25)
    # Without the first, the second is after the due date and does nothing.
    assert schedule.due_after_months(START, 3, [second]) == date(2025, 9, 30)


def test_a_leave_before_the_start_is_ignored():
    old = Period(date(2025, 1, 1), date(2025, 1, 31))
    assert schedule.due_after_months(START, 3, [old]) == date(2025, 9, 30)


leave_lists = st.lists(st.tuples(st.integers(0, 700), st.integers(1, 90)), max_size=3).map(
    lambda spans: _disjoint(
        [
            Period(
                date.fromordinal(START.toordinal() + a),
                date.fromordinal(START.toordinal() + a + n - 1),
            )
            for a, n in spans
        ]
    )
)


def _disjoint(periods):
    kept = []
    for p in sorted(periods, key=lambda p: p.start):
        if not kept or p.start > kept[-1].end:
            kept.append(p)
    return kept


@given(months=st.integers(1, 30), leaves=leave_lists)
def test_the_due_date_has_exactly_the_training_days_of_the_months(months, leaves):
    """Whatever the leave: up to the due date the fellow trained as many days as the months
    give without leave, and the due date is a training day (not in a leave)."""
    due = schedule.due_after_months(START, months, leaves)
    nominal = schedule.due_after_months(START, months, [])
    assert days_between(START, due, leaves) == days_between(START, nominal, [])
    assert not any(p.start <= due <= p.end for p in leaves)


def test_the_mentored_grant_is_due_on_the_last_k99_date_before_the_end():
    k99 = nih_calendar.find_mechanism("K99")
    end = date(2027, 6, 30)
    dates = nih_calendar.due_dates(k99, "new", START, end)
    # June 12, 2027 is a Saturday: the due date moves to Monday, June 14.
    assert schedule.last_due_date_before(end, dates) == date(2027, 6, 14)
    assert schedule.last_due_date_before(date(2027, 6, 13), dates) == date(2027, 2, 12)
    assert schedule.last_due_date_before(date(2025, 8, 1), dates) is None


def test_the_axis_maps_days_and_clamps():
    axis = schedule.Axis(date(2025, 7, 1), date(2027, 7, 1), width=730, left=10)
    assert axis.x(date(2025, 7, 1)) == 10
    assert axis.x(date(2027, 7, 1)) == 740
    assert axis.x(date(2020, 1, 1)) == 10 and axis.x(date(2030, 1, 1)) == 740
    assert [label for _, label in axis.years()] == [
        "Jul 2025",
        "2026",
        "Jul 2026",
        "2027",
        "Jul 2027",
    ]


def test_diff_shows_changed_sentences_with_context():
    before = "We sample 5,000 reports. A model is trained. We measure recall."
    after = (
        "We sample 5,000 reports. A model is trained. We measure precision and recall. "
        "We review 200 charts."
    )
    lines = diff.compare(before, after)
    kinds = [(line.kind, line.text) for line in lines]
    assert ("removed", "We measure recall.") in kinds
    assert ("added", "We measure precision and recall.") in kinds
    assert ("added", "We review 200 charts.") in kinds
    assert ("same", "A model is trained.") in kinds  # one sentence of context
    assert ("same", "We sample 5,000 reports.") not in kinds


def test_short_labels_stay_with_their_sentence():
    assert diff.pieces(
        "Aim 1. Build a corpus.\n\nMonths 4-8: annotation. Months 9-14: modelling. Done."
    ) == [
        "Aim 1. Build a corpus.",
        "Months 4-8: annotation.",
        "Months 9-14: modelling.",
        "Done.",
    ]


@pytest.mark.parametrize("text", ["", "Same text. Twice."])
def test_diff_of_equal_texts_is_empty(text):
    assert diff.compare(text, text) == []
