"""Check-digit validation for Belgian identifiers (DOMAIN.md)."""

from __future__ import annotations

import re


def digits_only(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def is_valid_kbo(value: str) -> bool:
    """Enterprise number: 10 digits, first 0 or 1, last two = 97 - (first eight mod 97)."""
    digits = digits_only(value)
    if len(digits) != 10 or digits[0] not in "01":
        return False
    return int(digits[8:]) == 97 - int(digits[:8]) % 97


def format_kbo(value: str) -> str:
    digits = digits_only(value)
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}" if len(digits) == 10 else value


def is_valid_national_number(value: str) -> bool:
    """Rijksregisternummer YYMMDDSSSCC; born from 2000 on: prefix '2' before mod 97."""
    digits = digits_only(value)
    if len(digits) != 11:
        return False
    base, check = digits[:9], int(digits[9:])
    return check in (97 - int(base) % 97, 97 - int("2" + base) % 97)
