"""The soak benchmark's conclusions (bench/soak_report.py): which series are flat, and the one section
of docs/RELIABILITY.md a full run rewrites. Pure logic; the benchmark itself is `make soak`."""

import pytest

from bench.soak_report import HEADING, Tolerance, flatness, replace_section, slope

MEMORY = Tolerance(share=0.10, amount=8.0)
FILES = Tolerance(share=0.0, amount=4.0)


def test_slope_of_a_line_and_of_a_constant() -> None:
    assert slope([3.0, 5.0, 7.0, 9.0]) == pytest.approx(2.0)
    assert slope([4.0] * 6) == 0.0
    assert slope([1.0]) == 0.0


def test_a_series_that_settles_after_its_first_minute_is_flat() -> None:
    # minute 1 fills the caches; minutes 2-30 wander around 360 MB
    values = [300.0] + [360.0 + (minute % 3) for minute in range(29)]
    verdict = flatness(values, MEMORY)
    assert verdict["flat"] is True
    assert verdict["start"] == 361.0
    assert verdict["ratio"] == pytest.approx(1.0, abs=0.01)


def test_memory_that_keeps_growing_is_not_flat() -> None:
    values = [300.0 + 3 * minute for minute in range(30)]  # 3 MB a minute: a leak
    verdict = flatness(values, MEMORY)
    assert verdict["flat"] is False
    assert verdict["slope_per_10_min"] == pytest.approx(30.0)


def test_the_relative_or_the_absolute_allowance_whichever_is_larger() -> None:
    start = [50.0] * 6
    assert flatness(start + [53.9] * 24, FILES)["flat"] is True  # within +4 files
    assert flatness(start + [54.5] * 24, FILES)["flat"] is False
    assert flatness([400.0] * 6 + [439.0] * 24, MEMORY)["flat"] is True  # within 10 %
    assert flatness([400.0] * 6 + [441.0] * 24, MEMORY)["flat"] is False


def test_a_series_shorter_than_ten_minutes_has_no_verdict() -> None:
    verdict = flatness([1.0] * 9, FILES)
    assert verdict["flat"] is None
    assert verdict["start"] is None


def test_only_the_soak_section_is_replaced() -> None:
    document = f"# Reliability\n\n## Before\ntext\n\n{HEADING}\n\nold figures\n\n## After\nkept\n"
    replaced = replace_section(document, f"{HEADING}\n\nnew figures\n")
    assert replaced == f"# Reliability\n\n## Before\ntext\n\n{HEADING}\n\nnew figures\n\n## After\nkept\n"


def test_the_soak_section_may_end_the_document() -> None:
    replaced = replace_section(f"# R\n\n{HEADING}\n", f"{HEADING}\n\nfigures")
    assert replaced == f"# R\n\n{HEADING}\n\nfigures\n"


def test_a_document_without_the_heading_is_refused() -> None:
    with pytest.raises(ValueError, match="not a heading"):
        replace_section("# R\n\n## Other\n", f"{HEADING}\n")
