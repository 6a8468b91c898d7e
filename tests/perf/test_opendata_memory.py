"""Figures for the notes, not assertions: time and peak memory of full open-data downloads at 100,000 issues.

Run apart from the suite: `make bench` (or `pytest tests/perf/test_opendata_memory.py -s -o addopts=""`).
"""

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_print_time_and_memory_of_full_downloads(capsys):
    call_command("generate_issues", count=100_000, seed=1, verbosity=0)
    call_command("benchmark_opendata")
    with capsys.disabled():
        print("\n" + capsys.readouterr().out)
