import pytest

from lokaal_avg.core.validators import format_kbo, is_valid_kbo, is_valid_national_number


@pytest.mark.parametrize("number", ["0123.456.749", "0123456749", "BE 0123.456.749", "0123.456.749"])
def test_valid_enterprise_numbers(number):
    assert is_valid_kbo(number)


@pytest.mark.parametrize("number", ["0207.501.011", "2207.501.010", "0207.501.01", "", "abcdefghij"])
def test_invalid_enterprise_numbers(number):
    assert not is_valid_kbo(number)


def test_format_enterprise_number():
    assert format_kbo("0123456749") == "0123.456.749"


def test_national_number_before_and_after_2000():
    # 85.07.30-033.28: 97 - (850730033 mod 97) = 28
    assert is_valid_national_number("85.07.30-033.28")
    # Born in 2001: the check digits are computed over "2" + the first nine digits.
    base = "010203123"
    check = 97 - int("2" + base) % 97
    assert is_valid_national_number(f"{base}{check:02d}")
    assert not is_valid_national_number("85073003329")
    assert not is_valid_national_number("8507300332")
