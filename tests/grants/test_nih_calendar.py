"""NIH due dates and the K99/R00 eligibility clock: pure, no database.

Expected dates were read off real calendars (weekdays, and US federal holidays as OPM
lists them), not computed by the code under test.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fellowship.grants import nih_calendar as cal
from fellowship.grants.nih_calendar import Period
from fellowship.programs.clock import days_between

D = date.fromisoformat
K99 = cal.find_mechanism("K99")


def dates(mechanism, kind, start, end):
    return [
        day.isoformat()
        for day in cal.due_dates(cal.find_mechanism(mechanism), kind, D(start), D(end))
    ]


# --- due dates ------------------------------------------------------------------------


def test_k_series_new_due_dates_2025_to_2028():
    assert dates("K99", "new", "2025-01-01", "2028-12-31") == [
        "2025-02-12",
        "2025-06-12",
        "2025-10-14",  # Oct 12 a Sunday, Monday 13 Columbus Day
        "2026-02-12",
        "2026-06-12",
        "2026-10-13",  # Oct 12 is Columbus Day (2nd Monday of October)
        "2027-02-12",
        "2027-06-14",  # Jun 12 a Saturday
        "2027-10-12",  # Columbus Day is Oct 11: a Tuesday, unmoved
        "2028-02-14",  # Feb 12 a Saturday
        "2028-06-12",
        "2028-10-12",
    ]


def test_k_series_resubmission_due_dates_2025_to_2028():
    assert dates("K08", "resubmission", "2025-01-01", "2028-12-31") == [
        "2025-03-12",
        "2025-07-14",  # Jul 12 a Saturday
        "2025-11-12",
        "2026-03-12",
        "2026-07-13",  # Jul 12 a Sunday
        "2026-11-12",
        "2027-03-12",
        "2027-07-12",
        "2027-11-12",
        "2028-03-13",  # Mar 12 a Sunday
        "2028-07-12",
        "2028-11-13",  # Nov 12 a Sunday (Veterans Day observed Friday Nov 10)
    ]


def test_nov_12_on_observed_veterans_day_moves_to_tuesday():
    # 2029: Nov 11 is a Sunday, so Veterans Day is observed on Monday Nov 12.
    assert dates("K23", "resubmission", "2029-11-01", "2029-11-30") == ["2029-11-13"]


def test_aids_related_dates_are_the_same_for_k_r_and_f():
    expected = [
        "2025-01-07",
        "2025-05-07",
        "2025-09-08",  # Sep 7 a Sunday
        "2026-01-07",
        "2026-05-07",
        "2026-09-08",  # Sep 7 is Labor Day
        "2027-01-07",
        "2027-05-07",
        "2027-09-07",  # Labor Day is Sep 6
        "2028-01-07",
        "2028-05-08",  # May 7 a Sunday
        "2028-09-07",
    ]
    for mechanism in ("K99", "K01", "K25", "R01", "F32"):
        assert dates(mechanism, "aids", "2025-01-01", "2028-12-31") == expected, mechanism


def test_r01_dates():
    assert dates("R01", "new", "2025-01-01", "2027-12-31") == [
        "2025-02-05",
        "2025-06-05",
        "2025-10-06",  # Oct 5 a Sunday
        "2026-02-05",
        "2026-06-05",
        "2026-10-05",
        "2027-02-05",
        "2027-06-07",  # Jun 5 a Saturday
        "2027-10-05",
    ]
    assert dates("R01", "resubmission", "2026-07-01", "2027-07-31") == [
        "2026-07-06",  # Jul 5 a Sunday (Independence Day observed Friday Jul 3)
        "2026-11-05",
        "2027-03-05",
        "2027-07-06",  # Jul 5 is Independence Day observed (Jul 4 a Sunday)
    ]


def test_f32_new_and_resubmission_share_dates():
    expected = ["2026-04-08", "2026-08-10", "2026-12-08"]  # Aug 8 a Saturday
    assert dates("F32", "new", "2026-01-01", "2026-12-31") == expected
    assert dates("F32", "resubmission", "2026-01-01", "2026-12-31") == expected
    assert dates("F32", "new", "2027-08-01", "2027-08-31") == ["2027-08-09"]  # a Sunday


def test_the_range_is_inclusive_and_uses_the_moved_date():
    assert dates("K99", "new", "2026-10-13", "2026-10-13") == ["2026-10-13"]
    # The standard date (Oct 12) is in range, the moved one (Oct 13) is not.
    assert dates("K99", "new", "2026-10-01", "2026-10-12") == []
    assert dates("K99", "new", "2026-10-14", "2027-02-11") == []


def test_federal_holidays_include_juneteenth_and_observed_days():
    assert not cal.is_business_day(D("2026-06-19"))  # Juneteenth, a Friday
    assert not cal.is_business_day(D("2027-06-18"))  # Juneteenth observed (19th a Saturday)
    assert not cal.is_business_day(D("2027-12-31"))  # New Year's Day 2028 observed
    assert not cal.is_business_day(D("2026-11-26"))  # Thanksgiving
    assert not cal.is_business_day(D("2026-11-28"))  # a Saturday
    assert cal.is_business_day(D("2026-11-27"))  # the day after Thanksgiving is no holiday
    assert cal.business_day_on_or_after(D("2026-06-19")) == D("2026-06-22")


def test_a_date_can_move_into_the_next_year():
    data = """
    [cycles.X]
    new = ["12-31"]
    [mechanisms.X01]
    cycle = "X"
    """
    x01 = cal.find_mechanism("x01", cal.load_mechanisms(data))
    # 2027-12-31 is New Year's Day 2028 observed; then a weekend.
    assert cal.due_dates(x01, "new", D("2028-01-01"), D("2028-01-31")) == [D("2028-01-03")]
    assert cal.due_dates(x01, "new", D("2027-12-01"), D("2027-12-31")) == []


def test_bad_ranges_and_kinds_are_refused():
    with pytest.raises(cal.CalendarError, match="after it ends"):
        cal.due_dates(K99, "new", D("2026-03-01"), D("2026-02-01"))
    with pytest.raises(cal.CalendarError, match="K99 has no 'renewal' due dates"):
        cal.due_dates(K99, "renewal", D("2026-01-01"), D("2026-12-31"))
    with pytest.raises(cal.CalendarError, match="covers 1900-2100"):
        cal.due_dates(K99, "new", D("2026-01-01"), D("2101-01-01"))


# --- the data -------------------------------------------------------------------------


def test_packaged_mechanisms():
    catalogue = cal.mechanisms()
    assert set(catalogue) == {"K99", "K01", "K08", "K23", "K25", "F32", "R01"}
    assert K99.eligibility.months == 48 and K99.eligibility.days == 1461
    assert K99.eligibility.applies_to == ("new", "resubmission", "aids")
    assert all(m.eligibility is None for code, m in catalogue.items() if code != "K99")
    assert cal.find_mechanism("k99/r00") is K99 and cal.find_mechanism(" K99 ") is K99
    assert [str(md) for md in K99.standard_dates("new")] == ["02-12", "06-12", "10-12"]
    with pytest.raises(cal.CalendarError, match=r"unknown mechanism 'K98' \(known: F32, K01"):
        cal.find_mechanism("K98")


def test_adding_a_mechanism_is_adding_data():
    data = """
    [cycles.K]
    new = ["06-12", "02-12", "10-12"]
    [mechanisms.K22]
    name = "Career Transition Award"
    cycle = "K"
    aliases = ["K-22"]
    [mechanisms.K22.eligibility]
    months = 24
    applies_to = ["new"]
    """
    k22 = cal.find_mechanism("k-22", cal.load_mechanisms(data))
    assert k22.code == "K22" and k22.kinds == ("new",)
    assert cal.due_dates(k22, "new", D("2026-01-01"), D("2026-12-31")) == [
        D("2026-02-12"),
        D("2026-06-12"),
        D("2026-10-13"),
    ]
    result = cal.eligibility(k22, D("2024-01-01"), D("2026-01-01"))
    assert result.limit_days == 730  # floor(24 x 30.4375)
    assert result.last_eligible_day == D("2025-12-30")
    assert result.last_due_dates == {"new": D("2025-10-14")}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("[cycles.K\n", "not valid TOML"),
        ('[cycles.K]\nnew = ["2-12"]\n[mechanisms.A]\ncycle = "K"', r"'2-12' is not a month"),
        ('[cycles.K]\nnew = ["02-29"]\n[mechanisms.A]\ncycle = "K"', "not a day of every year"),
        ('[cycles.K]\nnew = ["13-01"]\n[mechanisms.A]\ncycle = "K"', "not a day of every year"),
        ('[cycles.K]\nnew = []\n[mechanisms.A]\ncycle = "K"', r"\[cycles.K\] new: a list"),
        ('[cycles.K]\nnew = ["02-12"]\n[mechanisms.A]\ncycle = "R"', r"\[mechanisms.A\] cycle"),
        ('[cycles.K]\nnew = ["02-12"]', "defines no"),
        (
            '[cycles.K]\nnew = ["02-12"]\n[mechanisms.A]\ncycle = "K"\n'
            "[mechanisms.A.eligibility]\nmonths = 0",
            "months: a positive number",
        ),
        (
            '[cycles.K]\nnew = ["02-12"]\n[mechanisms.A]\ncycle = "K"\n'
            '[mechanisms.A.eligibility]\nmonths = 48\napplies_to = ["aids"]',
            "no due dates of kind 'aids'",
        ),
    ],
)
def test_bad_data_is_refused_with_the_block_named(data, message):
    with pytest.raises(cal.CalendarError, match=message):
        cal.load_mechanisms(data)


# --- eligibility: the 48-month boundary, day by day ------------------------------------


def on(day, start="2022-07-01", leaves=()):
    return cal.eligibility(K99, D(start), D(day), [Period(D(a), D(b)) for a, b in leaves])


def test_boundary_without_leave():
    # 2022-07-01 .. 2026-06-30 is 1461 days (2024 is a leap year): exactly 48.0 months.
    assert on("2026-06-29").eligible_now
    last = on("2026-06-30")
    assert last.eligible_now and last.days_of_experience == 1461
    assert last.months_of_experience == 48.0
    first_out = on("2026-07-01")
    assert not first_out.eligible_now and first_out.days_of_experience == 1462
    assert round(first_out.months_of_experience, 2) == 48.03
    assert last.last_eligible_day == first_out.last_eligible_day == D("2026-06-30")


def test_boundary_with_one_leave():
    leaves = [("2023-01-01", "2023-01-10")]  # 10 days
    assert on("2026-07-10", leaves=leaves).eligible_now
    assert not on("2026-07-11", leaves=leaves).eligible_now
    result = on("2026-07-10", leaves=leaves)
    assert result.last_eligible_day == D("2026-07-10")
    assert result.leave_days_excluded == 10 and result.months_of_experience == 48.0


def test_boundary_with_two_leaves():
    leaves = [("2025-03-01", "2025-03-31"), ("2023-01-01", "2023-01-10")]  # 31 + 10 days
    assert on("2026-08-10", leaves=leaves).eligible_now
    assert not on("2026-08-11", leaves=leaves).eligible_now
    assert on("2026-08-10", leaves=leaves).last_eligible_day == D("2026-08-10")
    assert on("2026-08-10", leaves=leaves).leave_days_excluded == 41


def test_a_leave_right_after_the_limit_carries_eligibility_to_its_end():
    leaves = [("2026-07-01", "2026-07-31")]
    assert on("2026-07-31", leaves=leaves).eligible_now
    assert on("2026-07-31", leaves=leaves).days_of_experience == 1461
    assert not on("2026-08-01", leaves=leaves).eligible_now
    assert on("2026-01-01", leaves=leaves).last_eligible_day == D("2026-07-31")


def test_leave_after_as_of_is_not_yet_excluded():
    result = on("2025-01-01", leaves=[("2024-12-01", "2025-02-28")])
    assert result.leave_days_excluded == 32  # Dec 1 .. Jan 1
    assert result.last_eligible_day == D("2026-06-30") + timedelta(days=90)


def test_zero_leave_last_due_dates_and_remaining_ones():
    result = on("2025-11-25")
    assert result.months_of_experience == pytest.approx(1244 / 30.4375)
    assert result.last_due_dates == {
        "new": D("2026-06-12"),
        "resubmission": D("2026-03-12"),  # 2026-07-13 is past 2026-06-30
        "aids": D("2026-05-07"),
    }
    assert result.remaining_due_dates["new"] == (D("2026-02-12"), D("2026-06-12"))
    assert result.remaining_due_dates["resubmission"] == (D("2026-03-12"),)
    assert on("2026-07-01").remaining_due_dates == {"new": (), "resubmission": (), "aids": ()}
    assert "<= 48 (<= 1461 days)" in result.rule


def test_the_last_due_date_moves_day_by_day():
    # Start 2022-06-13: the last eligible day is 2026-06-12, a new-application due date.
    assert on("2026-01-01", start="2022-06-13").last_due_dates["new"] == D("2026-06-12")
    # One day earlier, the fellow is out on 2026-06-12: the last is 2026-02-12.
    assert on("2026-01-01", start="2022-06-12").last_due_dates["new"] == D("2026-02-12")
    # ... unless a day of leave gives that day back.
    one_day = [("2023-03-01", "2023-03-01")]
    assert on("2026-01-01", start="2022-06-12", leaves=one_day).last_due_dates["new"] == D(
        "2026-06-12"
    )


def test_the_moved_due_date_is_the_one_that_counts():
    # 2025-10-12 (a Sunday, then Columbus Day) is due on Tuesday 2025-10-14.
    assert on("2025-01-01", start="2021-10-15").last_eligible_day == D("2025-10-14")
    assert on("2025-01-01", start="2021-10-15").last_due_dates["new"] == D("2025-10-14")
    assert on("2025-01-01", start="2021-10-14").last_due_dates["new"] == D("2025-06-12")


def test_before_the_postdoc_starts_there_is_no_experience():
    result = on("2022-06-01")
    assert result.days_of_experience == 0 and result.months_of_experience == 0
    assert result.eligible_now


@pytest.mark.parametrize(
    ("leaves", "index", "message"),
    [
        ([("2024-05-01", "2024-04-01")], 0, "the leave ends before it starts"),
        ([("2022-06-01", "2022-07-15")], 0, "starts before the postdoctoral start 2022-07-01"),
        ([("2021-01-01", "2021-02-01")], 0, "starts before the postdoctoral start"),
        (
            [("2024-05-01", "2024-06-01"), ("2024-06-01", "2024-07-01")],
            1,
            "overlaps the leave 2024-05-01:2024-06-01",
        ),
        (
            [("2024-06-01", "2024-07-01"), ("2024-01-01", "2024-12-31")],
            0,
            "overlaps the leave 2024-01-01:2024-12-31",
        ),
    ],
)
def test_impossible_leaves_are_refused(leaves, index, message):
    with pytest.raises(cal.LeaveError, match=message) as caught:
        on("2025-01-01", leaves=leaves)
    assert caught.value.index == index


def test_mechanisms_without_a_limit_have_no_eligibility():
    with pytest.raises(cal.CalendarError, match="R01 has no eligibility limit"):
        cal.eligibility(cal.find_mechanism("R01"), D("2022-07-01"), D("2025-01-01"))


# --- properties -----------------------------------------------------------------------

mechanism_and_kind = st.sampled_from(
    [(m, kind) for m in cal.mechanisms().values() for kind in m.kinds]
)
days_in_range = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@settings(max_examples=150, deadline=None)
@given(mechanism_and_kind, days_in_range, st.integers(min_value=0, max_value=1500))
def test_due_dates_are_sorted_business_days_in_range(pair, start, length):
    mechanism, kind = pair
    end = start + timedelta(days=length)
    found = cal.due_dates(mechanism, kind, start, end)
    assert found == sorted(set(found))
    assert all(start <= day <= end and cal.is_business_day(day) for day in found)
    # Each is its standard date moved forward by at most a few days, and none is missed.
    expected = set()
    for year in range(start.year - 1, end.year + 1):
        for month_day in mechanism.standard_dates(kind):
            standard = month_day.in_year(year)
            moved = cal.business_day_on_or_after(standard)
            assert standard <= moved <= standard + timedelta(days=4)
            if start <= moved <= end:
                expected.add(moved)
    assert set(found) == expected


@st.composite
def clocks(draw):
    """A postdoctoral start and non-overlapping leaves after it, in any order."""
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)))
    leaves, cursor = [], start
    for gap, length in draw(
        st.lists(st.tuples(st.integers(0, 800), st.integers(1, 400)), max_size=3)
    ):
        leave_start = cursor + timedelta(days=gap)
        leaves.append(Period(leave_start, leave_start + timedelta(days=length - 1)))
        cursor = leave_start + timedelta(days=length)
    return start, draw(st.permutations(leaves))


@settings(max_examples=100, deadline=None)
@given(clocks(), st.integers(-100, 3000), st.integers(1, 60))
def test_months_never_decrease_and_never_exceed_elapsed_time(clock, offset, step):
    start, leaves = clock
    earlier = start + timedelta(days=offset)
    later = earlier + timedelta(days=step)
    first = cal.eligibility(K99, start, earlier, leaves)
    second = cal.eligibility(K99, start, later, leaves)
    assert 0 <= first.months_of_experience <= second.months_of_experience
    elapsed = days_between(start, later, [])
    assert second.days_of_experience == elapsed - second.leave_days_excluded
    assert second.months_of_experience <= elapsed / (365.25 / 12)
    if not first.eligible_now:
        assert not second.eligible_now  # eligibility, once lost, does not come back


@settings(max_examples=100, deadline=None)
@given(clocks())
def test_the_last_eligible_day_and_due_dates_are_exactly_at_the_limit(clock):
    start, leaves = clock
    result = cal.eligibility(K99, start, start, leaves)
    last = result.last_eligible_day
    assert days_between(start, last, list(leaves)) <= 1461
    assert days_between(start, last + timedelta(days=1), list(leaves)) == 1462
    assert cal.eligibility(K99, start, last, leaves).eligible_now
    assert not cal.eligibility(K99, start, last + timedelta(days=1), leaves).eligible_now
    for kind, day in result.last_due_dates.items():
        assert start <= day <= last
        following = cal.due_dates(K99, kind, day + timedelta(days=1), day + timedelta(days=400))
        assert following[0] > last
