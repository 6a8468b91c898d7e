"""Tracking codes: random, readable, forgiving when typed back, impossible to enumerate."""

import math
from collections import Counter

from mapping import tracking


def test_codes_carry_at_least_80_random_bits():
    assert tracking.LENGTH * math.log2(len(tracking.ALPHABET)) >= 80
    codes = {tracking.new_code() for _ in range(5000)}
    assert len(codes) == 5000


def test_codes_use_no_look_alike_characters():
    for letter in "ILOU":
        assert letter not in tracking.ALPHABET
    assert all(set(tracking.new_code()) <= set(tracking.ALPHABET) for _ in range(200))


def test_characters_are_spread_evenly():
    counts = Counter("".join(tracking.new_code() for _ in range(4000)))
    expected = 4000 * tracking.LENGTH / len(tracking.ALPHABET)
    assert set(counts) == set(tracking.ALPHABET)
    # A chi-square statistic far below the 0.1% critical value (~61.1 for 31 degrees of freedom).
    chi_square = sum((n - expected) ** 2 / expected for n in counts.values())
    assert chi_square < 61.1


def test_display_groups_and_normalise_reads_back():
    code = "7K2M9QXD4HJPR8TV"
    assert tracking.display(code) == "7K2M-9QXD-4HJP-R8TV"
    assert tracking.normalise("7k2m-9qxd-4hjp-r8tv") == code
    assert tracking.normalise(" 7K2M 9QXD 4HJP R8TV ") == code
    # O for zero and I or L for one are forgiven.
    assert tracking.normalise("7K2M-9QXD-4HJP-R8TV".replace("2", "2")) == code
    assert tracking.normalise("0000-1111-0000-1111".replace("0", "O").replace("1", "l")) == "0000111100001111"


def test_anything_else_is_not_a_code():
    for text in ("", "1234", "7K2M-9QXD-4HJP-R8TU", "7K2M-9QXD-4HJP-R8TV-0", "<script>", "x" * 10_000, None):
        assert tracking.normalise(text) == ""
