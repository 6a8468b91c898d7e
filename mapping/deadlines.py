"""Legal deadlines of the Administrative Procedural Code of Kazakhstan, counted in working days.

An appeal is registered the day it arrives; it is considered within 15 working days
(:data:`CONSIDERATION_DAYS`); the head of the body may extend this once, with reasons, to at most two
calendar months after registration, and the applicant is told within 3 working days
(:data:`NOTICE_OF_EXTENSION_DAYS`); an appeal outside the body's competence is forwarded within
3 working days (:data:`FORWARDING_DAYS`). The registration day itself is never counted, so a
registration on a weekend or a holiday simply starts counting at the next working day.

Everything here is a pure function over :class:`datetime.date`; nothing touches the database.

Working days come from the ``holidays`` package (``holidays.country_holidays("KZ")``), which, as of
the installed 0.109, knows for Kazakhstan:

* the fixed public holidays: New Year 1-2 January, Orthodox Christmas 7 January, International
  Women's Day 8 March, Nauryz 21-23 March, Unity Day 1 May, Defender of the Fatherland Day 7 May,
  Victory Day 9 May, Capital Day 6 July, Constitution Day (30 August up to 2025; 15 March from 2027;
  none in 2026), Republic Day 25 October (since 2022), Independence Day 16 December;
* Kurban Ait (Eid al-Adha, first day), movable: confirmed dates up to 2025, estimated (and labelled so)
  afterwards; unlike the others it is *not* moved to Monday when it falls on a weekend;
* the statutory "observed" rule since 2002: a holiday falling on a Saturday or Sunday moves to the next
  working day (e.g. 8 March 2025, a Saturday, gives Monday 10 March off; Nauryz 2025, Friday-Sunday,
  gives Monday 24 and Tuesday 25 March off);
* the government's yearly day-off transfers ("Day off (substituted from ...)") up to 2025, together with
  the matching working weekend days, kept in ``HolidayBase.weekend_workdays`` (e.g. 2025: Friday
  3 January off, Sunday 5 January a working day; 2024: Wednesday 8 May off, Saturday 4 May working).
  Transfers for years after 2025 are only as good as the installed package version.

``HolidayBase`` also offers ``is_working_day`` (weekend/holiday/``weekend_workdays`` aware),
``get_nth_working_day`` and ``get_working_days_count``. We use the package's ``is_working_day`` as the
single source of truth, but only to build, once per year, a table of that year's working days
(:func:`functools.lru_cache`); adding and counting working days is then a lookup in that table. The
package's own ``get_nth_working_day`` walks day by day through ``__keytransform__`` (about 25 µs a call,
i.e. seconds for 100,000 deadlines), and its ``get_working_days_count`` counts a closed interval
(start included) whereas a legal term starts the day *after* the registration. The tests check that the
results agree with those helpers.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy, ngettext

__all__ = [
    "CONSIDERATION_DAYS",
    "FORWARDING_DAYS",
    "NOTICE_OF_EXTENSION_DAYS",
    "EXTENSION_MONTHS",
    "DeadlineState",
    "add_working_days",
    "deadline_state",
    "due_date",
    "effective_due",
    "forwarding_due",
    "holiday_calendar",
    "is_working_day",
    "max_extension",
    "notice_of_extension_due",
    "validate_extension",
    "working_days_between",
]

#: An appeal is considered within 15 working days of its registration.
CONSIDERATION_DAYS = 15
#: An appeal outside the body's competence is forwarded within 3 working days.
FORWARDING_DAYS = 3
#: The applicant is told of an extension within 3 working days.
NOTICE_OF_EXTENSION_DAYS = 3
#: An extension may reach at most two calendar months after registration.
EXTENSION_MONTHS = 2

COUNTRY = "KZ"


# --- the calendar ---------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def holiday_calendar(first_year: int, last_year: int) -> holidays.HolidayBase:
    """The ``holidays`` KZ calendar populated for ``first_year``..``last_year`` (inclusive), cached."""
    return holidays.country_holidays(COUNTRY, years=range(first_year, last_year + 1))


@lru_cache(maxsize=512)
def _year_table(year: int) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """``(ordinal of 1 January, ordinals of the year's working days, prefix counts)`` for ``year``.

    ``prefix[k]`` is the number of working days among the first ``k`` days of the year, so the number
    of working days on or before ``day`` within its year is ``prefix[day.toordinal() - first + 1]``.
    The calendar spans the neighbouring years too, so that a transfer announced in one year for a
    weekend of the next (e.g. 28 December 2013 worked for 3 January 2014) is known.
    """
    cal = holiday_calendar(year - 1, year + 1)
    first = date(year, 1, 1).toordinal()
    length = 366 if calendar.isleap(year) else 365
    working: list[int] = []
    prefix = [0]
    for ordinal in range(first, first + length):
        if cal.is_working_day(date.fromordinal(ordinal)):
            working.append(ordinal)
        prefix.append(len(working))
    return first, tuple(working), tuple(prefix)


def _rank_in_year(day: date) -> int:
    """The number of working days from 1 January up to and including ``day``."""
    first, _working, prefix = _year_table(day.year)
    return prefix[day.toordinal() - first + 1]


# --- working days ---------------------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in Kazakhstan (weekends, holidays and transfers considered)."""
    first, _working, prefix = _year_table(day.year)
    index = day.toordinal() - first
    return prefix[index + 1] != prefix[index]


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted); ``start`` if ``n == 0``."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start
    year = start.year
    _first, working, _prefix = _year_table(year)
    index = _rank_in_year(start) + n - 1
    while index >= len(working):
        index -= len(working)
        year += 1
        _first, working, _prefix = _year_table(year)
    return date.fromordinal(working[index])


def working_days_between(start: date, end: date) -> int:
    """The number of working days after ``start`` up to and including ``end``.

    Negative when ``end`` is before ``start``, 0 when they are equal, and
    ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start)
    count = _rank_in_year(end) - _rank_in_year(start)
    for year in range(start.year, end.year):
        count += len(_year_table(year)[1])
    return count


# --- the legal terms ------------------------------------------------------------------------------


def due_date(registered: date) -> date:
    """The ordinary due date: 15 working days after registration."""
    return add_working_days(registered, CONSIDERATION_DAYS)


def forwarding_due(registered: date) -> date:
    """The latest date to forward an appeal outside the body's competence: 3 working days."""
    return add_working_days(registered, FORWARDING_DAYS)


def notice_of_extension_due(decided: date) -> date:
    """The latest date to tell the applicant of an extension decided on ``decided``: 3 working days."""
    return add_working_days(decided, NOTICE_OF_EXTENSION_DAYS)


def max_extension(registered: date) -> date:
    """The latest date an extension may reach: two calendar months after registration.

    The day is clamped to the end of shorter months (31 December → 28 or 29 February).
    """
    month_index = registered.month - 1 + EXTENSION_MONTHS
    year = registered.year + month_index // 12
    month = month_index % 12 + 1
    day = min(registered.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def validate_extension(registered: date, extended_until: date) -> None:
    """Raise :class:`ValidationError` unless ``extended_until`` is a permissible extension.

    It must be after the ordinary due date and no later than two months after registration.
    """
    limit = max_extension(registered)
    if extended_until > limit:
        raise ValidationError(
            gettext_lazy("An extension may reach at most two months after registration (%(limit)s)."),
            code="extension_too_long",
            params={"limit": limit.isoformat()},
        )
    due = due_date(registered)
    if extended_until <= due:
        raise ValidationError(
            gettext_lazy("An extension must end after the ordinary due date (%(due)s)."),
            code="extension_too_short",
            params={"due": due.isoformat()},
        )


def effective_due(registered: date, extended_until: date | None = None) -> date:
    """The date the answer is due: the extension if there is one, otherwise the ordinary due date.

    The extension is taken as given; check it with :func:`validate_extension` where it is entered.
    """
    return extended_until if extended_until is not None else due_date(registered)


# --- the state of a deadline ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineState:
    """Where a deadline stands on a given day.

    ``working_days_left`` counts from ``closed_on`` when the case is closed, otherwise from ``today``,
    to ``due``: positive while time remains, 0 on the due date, negative by the working days of delay.
    """

    due: date
    working_days_left: int
    is_overdue: bool
    closed_on: date | None = None
    today: date | None = None

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def label(self) -> str:
        """A short human text in the active language, e.g. "3 working days left" or "due today"."""
        if self.closed_on is not None:
            if not self.is_overdue:
                return gettext("closed on time")
            late = -self.working_days_left
            if late > 0:
                return ngettext("closed %(n)d working day late", "closed %(n)d working days late", late) % {
                    "n": late
                }
            # Closed on a non-working day right after the due date.
            return gettext("closed late")
        if self.is_overdue:
            late = -self.working_days_left
            if late > 0:
                return ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", late) % {
                    "n": late
                }
            # A weekend or holiday right after the due date: late, though no working day has passed yet.
            return gettext("overdue")
        if self.today == self.due or (self.today is None and self.working_days_left == 0):
            return gettext("due today")
        left = self.working_days_left
        return ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left}


def deadline_state(due: date, today: date, closed_on: date | None = None) -> DeadlineState:
    """The :class:`DeadlineState` of a case due on ``due``, as seen on ``today``.

    An open case is overdue once ``today`` is after ``due``; a closed one if it was closed after ``due``.
    """
    reference = closed_on if closed_on is not None else today
    return DeadlineState(
        due=due,
        working_days_left=working_days_between(reference, due),
        is_overdue=reference > due,
        closed_on=closed_on,
        today=today,
    )
