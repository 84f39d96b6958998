"""Every validation rule of the domain, with the messages a worker will read."""

from __future__ import annotations

from datetime import date

import pytest

from wuye_desktop.domain.enums import ManagementMode, PoliticalStatus
from wuye_desktop.domain.fields import SPECS
from wuye_desktop.domain.rules import validate_record
from wuye_desktop.domain.validation import (
    Severity,
    check_community_code,
    check_credit_code,
    check_estate_community,
    check_non_negative,
    check_phone,
    check_required,
    check_term,
    normalize_phone,
)

VALID_CREDIT = "91310110666007217T"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_valid_credit_code_has_no_warning() -> None:
    assert check_credit_code(VALID_CREDIT) == []


@pytest.mark.parametrize("pos", range(18))
def test_changing_any_credit_code_character_warns(pos: int) -> None:
    original = VALID_CREDIT[pos]
    replacement = next(c for c in ALPHABET if c != original)
    changed = VALID_CREDIT[:pos] + replacement + VALID_CREDIT[pos + 1:]
    issues = check_credit_code(changed)
    assert len(issues) == 1
    assert issues[0].severity is Severity.WARNING  # legacy codes exist: never blocks a save
    assert "校验位" in issues[0].message or "18位" in issues[0].message


def test_credit_code_wrong_length_and_letters_warn() -> None:
    assert check_credit_code("12345")[0].severity is Severity.WARNING
    assert "18位" in check_credit_code("91310110666007217I")[0].message  # I is not allowed
    assert check_credit_code("") == []


@pytest.mark.parametrize("code,ok", [
    ("220102003001", True), ("22010200300", False), ("2201020030011", False),
    ("22010200300A", False), ("220102000000", False), ("000000003001", False), ("", False),
])
def test_community_code_format(code: str, ok: bool) -> None:
    assert (check_community_code(code) == []) is ok


def test_estate_must_belong_to_this_community() -> None:
    assert check_estate_community("220102003001", "220102003001") == []
    other = check_estate_community("220102003002", "220102003001")
    assert other and "另一个社区" in other[0].message
    elsewhere = check_estate_community("220103001001", "220102003001")
    assert elsewhere and "不属于本街道" in elsewhere[0].message
    assert check_estate_community(None, "220102003001") == []  # filled in from the community


@pytest.mark.parametrize("phone,ok", [
    ("13912345678", True), ("139 1234 5678", True), ("+86 139-1234-5678", True),
    ("０４３１－８８８８１２３４", True), ("0431-88881234", True), ("88881234", True),
    ("400-123-4567", True), ("1391234567", False), ("23912345678", False), ("abc", False),
    ("0431-0888", False),
])
def test_phone_formats(phone: str, ok: bool) -> None:
    assert (check_phone(phone) == []) is ok


def test_phone_normalisation_and_required() -> None:
    assert normalize_phone(" 139-1234-5678 ") == "13912345678"
    assert check_phone("", required=True)[0].message == "请填写联系电话。"


def test_term_end_after_start() -> None:
    assert check_term(date(2024, 1, 1), date(2027, 1, 1)) == []
    issues = check_term(date(2024, 1, 1), date(2023, 12, 31))
    assert issues and "应晚于开始日期" in issues[0].message
    assert check_term(date(2024, 1, 1), date(2024, 1, 1))  # same day is not a term


def test_non_negative_and_required() -> None:
    assert check_non_negative(-1, "household_count", "户数")[0].message.startswith("户数不能为负数")
    assert check_non_negative(0, "household_count", "户数") == []
    assert check_required("  ", "name", "小区名称")[0].message == "请填写小区名称。"


def test_record_rules_on_estate() -> None:
    spec = SPECS["estates"]
    good = {"name": "幸福小区", "management_mode": ManagementMode.QUASI, "household_count": 10,
            "community_code": "220102003001"}
    assert validate_record(spec, good, "220102003001") == []
    bad = dict(good, name="", household_count=-5, community_code="220102003009",
               contract_start=date(2025, 1, 1), contract_end=date(2024, 1, 1), year_built=1800)
    fields = {i.field for i in validate_record(spec, bad, "220102003001")}
    assert fields == {"name", "household_count", "community_code", "contract_end", "year_built"}


def test_record_rules_on_company_warn_only_for_credit_code() -> None:
    issues = validate_record(SPECS["companies"], {"name": "某物业", "credit_code": "91310110666007217X"})
    assert [i.severity for i in issues] == [Severity.WARNING]


def test_enum_parse_by_label_code_and_synonym() -> None:
    assert ManagementMode.parse("准物业") is ManagementMode.QUASI
    assert ManagementMode.parse("quasi") is ManagementMode.QUASI
    assert ManagementMode.parse(" 物业公司 ") is ManagementMode.PROFESSIONAL
    assert ManagementMode.parse("不知道") is None
    assert PoliticalStatus.parse("党员") is PoliticalStatus.PARTY
