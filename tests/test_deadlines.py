"""Legal deadlines in working days (mapping.deadlines): pure date arithmetic, no database.

Expected dates are counted by hand from the ``holidays`` KZ calendar and written as literals; the comments
show the count (weekends and holidays in brackets are skipped).
"""

from datetime import date, timedelta

import holidays
import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from mapping.deadlines import (
    CONSIDERATION_DAYS,
    FORWARDING_DAYS,
    NOTICE_OF_EXTENSION_DAYS,
    DeadlineState,
    add_working_days,
    deadline_state,
    due_date,
    effective_due,
    forwarding_due,
    is_working_day,
    max_extension,
    notice_of_extension_due,
    validate_extension,
    working_days_between,
)


def test_terms():
    assert CONSIDERATION_DAYS == 15
    assert FORWARDING_DAYS == 3
    assert NOTICE_OF_EXTENSION_DAYS == 3


# --- working days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 2, 14), True),  # Friday
        (date(2025, 2, 15), False),  # Saturday
        (date(2025, 2, 16), False),  # Sunday
        (date(2025, 2, 17), True),  # Monday
        (date(2025, 1, 1), False),  # New Year
        (date(2025, 1, 2), False),  # New Year
        (date(2025, 1, 3), False),  # Friday, day off transferred from Sunday 5 January
        (date(2025, 1, 5), True),  # Sunday worked instead
        (date(2025, 1, 7), False),  # Orthodox Christmas
        (date(2025, 3, 10), False),  # Monday for 8 March, a Saturday
        (date(2025, 3, 21), False),  # Nauryz
        (date(2025, 3, 24), False),  # Nauryz 22 March (Saturday) observed
        (date(2025, 3, 25), False),  # Nauryz 23 March (Sunday) observed
        (date(2025, 3, 26), True),
        (date(2025, 5, 1), False),  # Unity Day
        (date(2025, 5, 7), False),  # Defender of the Fatherland Day
        (date(2025, 5, 9), False),  # Victory Day
        (date(2025, 6, 6), False),  # Kurban Ait
        (date(2025, 7, 7), False),  # Capital Day 6 July (Sunday) observed
        (date(2025, 9, 1), False),  # Constitution Day 30 August (Saturday) observed
        (date(2025, 10, 27), False),  # Republic Day 25 October (Saturday) observed
        (date(2025, 12, 16), False),  # Independence Day
        (date(2024, 5, 4), True),  # Saturday worked for Wednesday 8 May 2024
        (date(2024, 5, 8), False),
        (date(2024, 6, 17), True),  # Kurban Ait 2024 fell on Sunday 16 June and is not moved
        (date(2013, 12, 28), True),  # Saturday worked for 3 January 2014: a transfer across the year
        (date(2014, 1, 3), False),
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_is_working_day_agrees_with_the_holidays_package():
    calendar = holidays.country_holidays("KZ", years=range(1999, 2032))
    day = date(2000, 1, 1)
    while day <= date(2030, 12, 31):
        assert is_working_day(day) is calendar.is_working_day(day), day
        day += timedelta(days=1)


def test_add_working_days_zero_returns_start_even_on_a_holiday():
    assert add_working_days(date(2025, 3, 22), 0) == date(2025, 3, 22)
    assert add_working_days(date(2025, 3, 19), 0) == date(2025, 3, 19)


def test_add_working_days_rejects_negative_counts():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 3, 19), -1)


def test_weekends_are_skipped():
    # Friday 14 Feb 2025: 17-21 Feb (1-5), 24-28 Feb (6-10), 3-7 Mar (11-15).
    assert due_date(date(2025, 2, 14)) == date(2025, 3, 7)
    # Registered on Saturday or Sunday: the count still starts on Monday 17 Feb.
    assert due_date(date(2025, 2, 15)) == date(2025, 3, 7)
    assert due_date(date(2025, 2, 16)) == date(2025, 3, 7)
    # Monday 17 Feb: 18-21 (1-4), 24-28 (5-9), 3-7 Mar (10-14), [8-9 weekend, 10 Mar day off], 11 Mar (15).
    assert due_date(date(2025, 2, 17)) == date(2025, 3, 11)
    assert add_working_days(date(2025, 2, 14), 1) == date(2025, 2, 17)


def test_nauryz():
    # Wednesday 19 Mar 2025: 20 (1), [21 Nauryz, 22-23 weekend, 24-25 observed], 26-28 (2-4),
    # 31 Mar-4 Apr (5-9), 7-11 Apr (10-14), 14 Apr (15).
    assert due_date(date(2025, 3, 19)) == date(2025, 4, 14)
    assert working_days_between(date(2025, 3, 19), date(2025, 3, 26)) == 2


def test_new_year():
    # Friday 27 Dec 2024: 30-31 Dec (1-2), [1-2 Jan New Year, 3 Jan transferred day off, 4 Jan Saturday],
    # 5 Jan, a working Sunday (3), 6 Jan (4), [7 Jan Christmas], 8-10 Jan (5-7), 13-17 Jan (8-12),
    # 20-22 Jan (13-15).
    assert due_date(date(2024, 12, 27)) == date(2025, 1, 22)
    assert working_days_between(date(2024, 12, 27), date(2025, 1, 22)) == 15
    assert working_days_between(date(2024, 12, 31), date(2025, 1, 6)) == 2


def test_registration_on_a_holiday():
    # Saturday 22 Mar 2025, during Nauryz: [23-25], 26-28 (1-3), 31 Mar-4 Apr (4-8), 7-11 Apr (9-13),
    # 14-15 Apr (14-15).
    assert due_date(date(2025, 3, 22)) == date(2025, 4, 15)
    # Thursday 1 May 2025: 2 (1), [3-4 weekend], 5-6 (2-3), [7 May], 8 (4), [9 May, weekend],
    # 12-16 (5-9), 19-23 (10-14), 26 May (15).
    assert due_date(date(2025, 5, 1)) == date(2025, 5, 26)


def test_womens_day_on_a_saturday():
    # Friday 7 Mar 2025: [8-9 weekend, 10 Mar, the observed 8 March], 11-14 (1-4), 17-20 (5-8),
    # [21-25 Nauryz], 26-28 (9-11), 31 Mar-3 Apr (12-15).
    assert due_date(date(2025, 3, 7)) == date(2025, 4, 3)


def test_may_2024_working_saturday():
    # Thursday 2 May 2024: 3 (1), Saturday 4 May worked (2), 6 (3), [7-9 May], 10 (4), 13-17 (5-9),
    # 20-24 (10-14), 27 May (15).
    assert due_date(date(2024, 5, 2)) == date(2024, 5, 27)


def test_forwarding_due():
    # Wednesday 19 Mar 2025: 20 (1), [21-25], 26 (2), 27 (3).
    assert forwarding_due(date(2025, 3, 19)) == date(2025, 3, 27)
    # Thursday 1 May 2025: 2 (1), 5 (2), 6 (3).
    assert forwarding_due(date(2025, 5, 1)) == date(2025, 5, 6)
    # Friday 27 Dec 2024: 30 (1), 31 (2), Sunday 5 Jan worked (3).
    assert forwarding_due(date(2024, 12, 27)) == date(2025, 1, 5)
    # Friday 7 Mar 2025: [8-10], 11 (1), 12 (2), 13 (3).
    assert notice_of_extension_due(date(2025, 3, 7)) == date(2025, 3, 13)


def test_working_days_between_signs():
    assert working_days_between(date(2025, 3, 19), date(2025, 3, 19)) == 0
    assert working_days_between(date(2025, 3, 27), date(2025, 3, 19)) == -3
    # A whole weekend has no working days.
    assert working_days_between(date(2025, 2, 14), date(2025, 2, 16)) == 0
    assert working_days_between(date(2025, 2, 16), date(2025, 2, 14)) == 0
    # A whole year: 2025 has 365 days - 104 weekend days - 16 weekday days off (Jan 1, 2, 3, 7,
    # Mar 10, 21, 24, 25, May 1, 7, 9, Jun 6, Jul 7, Sep 1, Oct 27, Dec 16) + 1 working Sunday (5 Jan).
    assert working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 365 - 104 - 16 + 1


def test_identity_and_agreement_with_the_holidays_package():
    calendar = holidays.country_holidays("KZ", years=range(2022, 2029))
    day = date(2023, 1, 1)
    while day <= date(2026, 12, 31):
        for n in (0, 1, 2, 3, 5, 10, 15, 16, 30, 45, 250, 400):
            target = add_working_days(day, n)
            assert working_days_between(day, target) == n, (day, n)
            assert working_days_between(target, day) == -n, (day, n)
            if n:
                assert is_working_day(target)
            if 0 < n <= 30:  # the package's helper walks day by day: keep it to short terms
                assert target == calendar.get_nth_working_day(day, n), (day, n)
        day += timedelta(days=1)
    # The package counts a closed interval; a term does not count its first day.
    for start, end in ((date(2024, 12, 27), date(2025, 1, 22)), (date(2025, 3, 22), date(2026, 7, 1))):
        expected = calendar.get_working_days_count(start, end) - calendar.is_working_day(start)
        assert working_days_between(start, end) == expected


# --- extensions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered", "limit"),
    [
        (date(2025, 3, 19), date(2025, 5, 19)),
        (date(2024, 12, 31), date(2025, 2, 28)),
        (date(2023, 12, 31), date(2024, 2, 29)),  # leap year
        (date(2025, 11, 30), date(2026, 1, 30)),
        (date(2025, 12, 30), date(2026, 2, 28)),
        (date(2025, 7, 31), date(2025, 9, 30)),
    ],
)
def test_max_extension(registered, limit):
    assert max_extension(registered) == limit


def test_valid_extensions_are_accepted():
    # Registered 19 Mar 2025: ordinary due date 14 Apr, limit 19 May.
    validate_extension(date(2025, 3, 19), date(2025, 4, 15))
    validate_extension(date(2025, 3, 19), date(2025, 5, 19))
    validate_extension(date(2023, 12, 31), date(2024, 2, 29))


@pytest.mark.parametrize("extended_until", [date(2025, 4, 14), date(2025, 4, 1), date(2025, 3, 19)])
def test_extension_not_after_the_due_date_is_refused(extended_until):
    with override("en"), pytest.raises(ValidationError) as caught:
        validate_extension(date(2025, 3, 19), extended_until)
    assert caught.value.code == "extension_too_short"
    with override("en"):
        assert caught.value.messages == ["An extension must end after the ordinary due date (2025-04-14)."]


@pytest.mark.parametrize(
    ("registered", "extended_until"),
    [(date(2025, 3, 19), date(2025, 5, 20)), (date(2023, 12, 31), date(2024, 3, 1))],
)
def test_extension_beyond_two_months_is_refused(registered, extended_until):
    with pytest.raises(ValidationError) as caught:
        validate_extension(registered, extended_until)
    assert caught.value.code == "extension_too_long"
    with override("en"):
        assert "at most two months after registration" in caught.value.messages[0]


def test_effective_due():
    assert effective_due(date(2025, 3, 19)) == date(2025, 4, 14)
    assert effective_due(date(2025, 3, 19), None) == date(2025, 4, 14)
    assert effective_due(date(2025, 3, 19), date(2025, 5, 19)) == date(2025, 5, 19)


# --- deadline state -------------------------------------------------------------------------------

DUE = date(2025, 4, 14)  # Monday


@pytest.mark.parametrize(
    ("today", "left", "overdue", "label"),
    [
        (date(2025, 4, 9), 3, False, "3 working days left"),  # 10, 11, 14
        (date(2025, 4, 11), 1, False, "1 working day left"),
        (date(2025, 4, 12), 1, False, "1 working day left"),  # Saturday
        (DUE, 0, False, "due today"),
        (date(2025, 4, 15), -1, True, "overdue by 1 working day"),
        (date(2025, 4, 17), -3, True, "overdue by 3 working days"),  # 15, 16, 17
    ],
)
def test_open_deadline(today, left, overdue, label):
    state = deadline_state(DUE, today)
    assert isinstance(state, DeadlineState)
    assert state.due == DUE
    assert state.closed_on is None
    assert state.working_days_left == left
    assert state.is_overdue is overdue
    with override("en"):
        assert state.label == label


def test_overdue_over_a_weekend_before_a_working_day_passes():
    # Due Friday 7 Mar 2025; Saturday 8 and Monday 10 (a day off) are already late.
    for today in (date(2025, 3, 8), date(2025, 3, 10)):
        state = deadline_state(date(2025, 3, 7), today)
        assert state.is_overdue
        assert state.working_days_left == 0
        with override("en"):
            assert state.label == "overdue"
    with override("en"):
        assert deadline_state(date(2025, 3, 7), date(2025, 3, 11)).label == "overdue by 1 working day"


@pytest.mark.parametrize(
    ("closed_on", "left", "overdue", "label"),
    [
        (date(2025, 4, 10), 2, False, "closed on time"),
        (DUE, 0, False, "closed on time"),
        (date(2025, 4, 15), -1, True, "closed 1 working day late"),
        (date(2025, 4, 16), -2, True, "closed 2 working days late"),
    ],
)
def test_closed_deadline(closed_on, left, overdue, label):
    # Seen long after: what counts is when it was closed.
    state = deadline_state(DUE, date(2025, 6, 1), closed_on=closed_on)
    assert state.closed_on == closed_on
    assert state.working_days_left == left
    assert state.is_overdue is overdue
    with override("en"):
        assert state.label == label


def test_closed_on_a_weekend_right_after_the_due_date():
    state = deadline_state(date(2025, 3, 7), date(2025, 3, 20), closed_on=date(2025, 3, 9))
    assert state.is_overdue
    with override("en"):
        assert state.label == "closed late"


def test_state_is_frozen():
    state = deadline_state(DUE, DUE)
    with pytest.raises(AttributeError):
        state.due = date(2025, 1, 1)
