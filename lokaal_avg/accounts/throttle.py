"""Throttling failed sign-ins per account from an address, per address, and per account.

- an account from one address: 5 failures in 15 minutes block that pair for 15 minutes;
- one address, any accounts: 30 failures in 15 minutes block the address (password spraying);
- one account, all addresses: 50 failures in an hour block password-only sign-in to it for an
  hour, but the right password with a valid second factor still gets in.

So an attacker can neither guess quickly nor lock the real user out: the user at another
address is untouched by the first two, and the last one is passed by the second factor.
Keys are hashed e-mail addresses (existing or not, so a block reveals nothing about which
accounts exist) and client addresses.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.exc import IntegrityError

from lokaal_avg.accounts.models import SignInThrottle
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db


class Scope(StrEnum):
    PAIR = "pair"
    ADDRESS = "addr"
    ACCOUNT = "acct"


@dataclass(frozen=True)
class Limit:
    failures: int
    window: timedelta
    block: timedelta


LIMITS = {
    Scope.PAIR: Limit(5, timedelta(minutes=15), timedelta(minutes=15)),
    Scope.ADDRESS: Limit(30, timedelta(minutes=15), timedelta(minutes=15)),
    Scope.ACCOUNT: Limit(50, timedelta(hours=1), timedelta(hours=1)),
}


def _keys(email: str, address: str | None) -> dict[Scope, str]:
    def digest(value: str) -> str:
        return hashlib.sha256(value.encode()).hexdigest()

    address = address or "-"
    email = email.strip().lower()
    return {
        Scope.PAIR: f"pair:{digest(email + '|' + address)}",
        Scope.ADDRESS: f"addr:{digest(address)}",
        Scope.ACCOUNT: f"acct:{digest(email)}",
    }


def blocked_scopes(email: str, address: str | None) -> set[Scope]:
    """The scopes currently blocked for this account from this address."""
    now = utcnow()
    found = set()
    for scope, key in _keys(email, address).items():
        row = db.session.get(SignInThrottle, key)
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            found.add(scope)
    return found


def _row(key: str) -> SignInThrottle:
    row = db.session.get(SignInThrottle, key)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():  # two requests at once may both insert: the loser reloads
            row = SignInThrottle(key=key, failures=0, window_start=utcnow())
            db.session.add(row)
    except IntegrityError:
        row = db.session.get(SignInThrottle, key)
    return row


def record_failure(email: str, address: str | None) -> set[Scope]:
    """Count one failure everywhere; returns the scopes that became blocked by it."""
    now = utcnow()
    started = set()
    for scope, key in _keys(email, address).items():
        limit, row = LIMITS[scope], _row(key)
        if now - row.window_start >= limit.window:
            row.failures, row.window_start = 0, now
        row.failures += 1
        if row.failures >= limit.failures and not (row.blocked_until and row.blocked_until > now):
            row.blocked_until = now + limit.block
            row.failures, row.window_start = 0, now
            started.add(scope)
    db.session.flush()
    return started


def record_success(email: str, address: str | None) -> None:
    """The right credentials from this address: its pair counter starts again."""
    row = db.session.get(SignInThrottle, _keys(email, address)[Scope.PAIR])
    if row is not None:
        row.failures, row.blocked_until = 0, None
