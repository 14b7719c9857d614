"""Model-number patterns: which concrete numbers a certified listing covers."""

from __future__ import annotations

import pytest

from enviro_buyer.search.analysis import model_key
from enviro_buyer.search.patterns import covers, parse_model_numbers


@pytest.mark.parametrize(
    ("listed", "concrete", "expected"),
    [
        ("DUT36420***", "DUT36420W", True),
        ("DUT36420***", "DUT36420WAB", True),
        ("DUT36420***", "DUT36420", True),
        ("DUT36420***", "DUT36420WABC", False),
        ("DUT36420***", "DUT36421W", False),
        ("5182#", "51827", True),
        ("ABC?12", "ABCZ12", True),
        ("RS36(X)", "RS36W", True),
        ("MT08-1[#]", "MT08-15", True),
        ("AW(N,L)1000(PM)", "AWN1000PM", True),
        ("AW(N,L)1000(PM)", "AWL1000", True),
        ("AW(N,L)1000(PM)", "AWX1000", False),
        ("FPD8159*** (* = A ~ Z, 0 ~ 9 or blank)", "FPD8159AB", True),
        ("a1-3.1cfddblk", "A1-3.1CFDDBLK", True),
        ("WRF555SDFZ", "WRF555SDFX", False),
    ],
)
def test_pattern_covers_concrete_numbers(
    listed: str, concrete: str, expected: bool
) -> None:
    assert covers(listed, model_key(concrete)) is expected


def test_pattern_has_a_fixed_prefix_for_lookup() -> None:
    (number,) = parse_model_numbers("DUT36420***")
    assert number.is_pattern
    assert number.key == number.prefix == "dut36420"


def test_plain_number_is_not_a_pattern() -> None:
    (number,) = parse_model_numbers("LR21288")
    assert not number.is_pattern
    assert number.key == "lr21288"


def test_a_list_of_numbers_gives_each_number() -> None:
    numbers = parse_model_numbers(
        "FAS2552-ES-212 (600GB HDD), FAS2552-ES-213 or X9-100*"
    )
    assert [n.key for n in numbers] == ["fas2552es212", "fas2552es213", "x9100"]
    assert numbers[2].is_pattern
