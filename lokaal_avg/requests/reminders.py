"""The requests part of the daily e-mail digest: for the lead to add to `send-reminders`.

`digest_section(user, day)` returns what to show (or None when nothing is due); the partials
templates/emails/_requests_due.txt and .html render it, given as `request_section`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lokaal_avg.accounts.models import User
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.remediation.notifications import external_url
from lokaal_avg.requests.models import SubjectRequest
from lokaal_avg.requests.queries import Due, due_for_user


@dataclass
class DigestSection:
    groups: list[tuple[Organisation, Due]]
    links: dict[int, str]
    today: date

    @property
    def count(self) -> int:
        return sum(len(due.overdue) + len(due.soon) for _org, due in self.groups)


def request_url(item: SubjectRequest) -> str:
    return external_url("requests.detail", org_slug=item.organisation.slug, request_id=item.id)


def digest_section(user: User, day: date) -> DigestSection | None:
    """The open requests this person handles that are overdue or due within 7 days."""
    groups = due_for_user(user, day)
    if not groups:
        return None
    links = {item.id: request_url(item) for _org, due in groups for item in (*due.overdue, *due.soon)}
    return DigestSection(groups, links, day)
