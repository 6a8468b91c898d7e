"""The parts of the speed benchmark (tests/perf/speed_benchmark.py): the bench databases, the servers, the
load generator and the report."""
