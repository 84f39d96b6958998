"""民法典第二百七十八条 thresholds at their exact edges, and the apportionment of the final cost."""

from __future__ import annotations

from fractions import Fraction

import pytest

from wuye_desktop.domain.fund import (
    FundError,
    FundPath,
    FundStage,
    VoteMatter,
    VoteTally,
    apportion,
    area,
    check_advance,
    fen_text,
    household_fen,
    percent_text,
    yuan_to_fen,
)

# an old estate of the seeds' kind: 150 households, 12 000 ㎡ of exclusive-part area
TOTAL_AREA, TOTAL_OWNERS = area("12000.00"), 150


def tally(voted_area: str = "9000.00", voted: int = 120, agreed_area: str = "6000.00",
          agreed: int = 80, matter: VoteMatter = VoteMatter.USE) -> VoteTally:
    return VoteTally(TOTAL_AREA, TOTAL_OWNERS, area(voted_area), voted, area(agreed_area), agreed,
                     matter)


def test_participation_by_area_two_thirds_exactly_passes_one_hundredth_less_fails() -> None:
    assert tally(voted_area="8000.00", agreed_area="6000.00").participation_area_met
    t = tally(voted_area="7999.99", agreed_area="6000.00")
    assert not t.participation_area_met
    assert t.participation_owners_met and t.approval_area_met and t.approval_owners_met
    assert not t.passed


def test_participation_by_owners_two_thirds_exactly_passes_one_less_fails() -> None:
    assert tally(voted=100, agreed=80).participation_owners_met
    t = tally(voted=99, agreed=80)
    assert not t.participation_owners_met
    assert t.participation_area_met and not t.passed


def test_majority_by_area_exactly_half_fails_a_hundredth_more_passes() -> None:
    assert not tally(voted_area="8000.00", agreed_area="4000.00").passed
    assert not tally(voted_area="8000.00", agreed_area="4000.00").approval_area_met
    assert tally(voted_area="8000.00", agreed_area="4000.01").passed


def test_majority_by_owners_exactly_half_fails_one_more_passes() -> None:
    half = tally(voted=100, agreed=50)
    assert not half.approval_owners_met and half.approval_area_met and not half.passed
    assert tally(voted=100, agreed=51).passed


def test_both_counts_are_needed_area_alone_is_not_enough() -> None:
    t = tally(voted=120, agreed=30, agreed_area="8000.00")
    assert t.approval_area_met and not t.approval_owners_met and not t.passed


def test_raising_the_fund_needs_three_quarters_inclusive() -> None:
    assert tally(voted=120, agreed=90, voted_area="9000.00", agreed_area="6750.00",
                 matter=VoteMatter.RAISE).passed
    assert not tally(voted=120, agreed=89, voted_area="9000.00", agreed_area="6750.00",
                     matter=VoteMatter.RAISE).passed


def test_ratios_print_rounded_down() -> None:
    r = tally(voted=100).ratios()
    assert r["participation_owners"] == Fraction(2, 3)
    assert percent_text(r["participation_owners"]) == "66.66%"


def test_bad_tallies_are_refused_in_chinese() -> None:
    with pytest.raises(FundError, match="超过了参与表决"):
        tally(voted=100, agreed=101)
    with pytest.raises(FundError, match="两位小数"):
        area("12.345")
    with pytest.raises(FundError, match="不是数字"):
        yuan_to_fen("一万")


@pytest.mark.parametrize("total", [0, 1, 2, 99, 1_000_001, 123_457])
def test_apportionment_sums_to_the_cent(total: int) -> None:
    areas = [("1", area("3210.55")), ("2", area("3210.55")), ("3", area("1999.99"))]
    shares = apportion(total, areas)
    assert sum(shares.values()) == total
    assert all(abs(shares[k] - Fraction(total) * a / sum(x for _, x in areas)) < 1 for k, a in areas)


def test_apportionment_remainder_goes_deterministically() -> None:
    # three equal buildings, 100 fen: 33.33… each; the one fen left goes to the first listed
    shares = apportion(100, [("a", area("10")), ("b", area("10")), ("c", area("10"))])
    assert shares == {"a": 34, "b": 33, "c": 33}
    assert apportion(100, [("c", area("10")), ("b", area("10")), ("a", area("10"))])["c"] == 34


def test_household_share_and_money_text() -> None:
    assert household_fen(1_200_000, area("12000"), area("80")) == 8000
    assert fen_text(yuan_to_fen("12345.6")) == "12345.60"


def test_ordinary_use_needs_a_passed_vote_and_acceptance_needs_photos() -> None:
    with pytest.raises(FundError, match="业主表决"):
        check_advance(FundPath.ORDINARY, FundStage.APPLIED, FundStage.COMMUNITY, None, 0, None)
    check_advance(FundPath.EMERGENCY, FundStage.APPLIED, FundStage.COMMUNITY, None, 0, None)
    with pytest.raises(FundError, match="照片"):
        check_advance(FundPath.EMERGENCY, FundStage.WORKS, FundStage.ACCEPTED, None, 0, None)
    with pytest.raises(FundError, match="下一步只能是"):
        check_advance(FundPath.EMERGENCY, FundStage.APPLIED, FundStage.WORKS, None, 0, None)
