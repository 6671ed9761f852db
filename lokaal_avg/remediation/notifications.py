"""E-mail to the people who do the work: on assignment, on reopening, and a daily digest.

Sending, the after-commit outbox and links live in lokaal_avg.core.mail; this module composes
the remediation messages and decides who gets them. A mail failure never breaks the request or
the job: it is logged, and in a request the user sees a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from lokaal_avg.accounts.models import User
from lokaal_avg.core.mail import Mail, MailError, external_url, queue, queued, render_mail, send_now
from lokaal_avg.remediation.models import Action

# Re-exported: the remediation CLI and register checks use them through this module.
__all__ = ["Mail", "MailError", "queued", "send_now"]


def action_url(action: Action) -> str:
    return external_url("remediation.detail", org_slug=action.organisation.slug, action_id=action.id)


# --- composing -----------------------------------------------------------------------------------


def _render(template: str, user: User, subject: Callable[[], str], **context: Any) -> Mail:
    """Both parts of one message, in the recipient's language (subject is built in it too)."""
    return render_mail(template, user.name, user.email, user.locale, subject, user=user, **context)


def assignment_mail(action: Action, actor: User | None) -> Mail:
    return _render(
        "action_assigned",
        action.assignee,
        lambda: _("Actie voor jou: %(title)s", title=action.title),
        action=action,
        actor=actor,
        link=action_url(action),
    )


def reopened_mail(action: Action) -> Mail:
    return _render(
        "action_reopened",
        action.assignee,
        lambda: _("Actie heropend: %(title)s", title=action.title),
        action=action,
        link=action_url(action),
    )


def digest_mail(user: User, groups: list[tuple[Any, list[Action]]], today: date) -> Mail:
    """One reminder for all of a person's actions that are overdue or due within a week."""
    count = sum(len(actions) for _org, actions in groups)
    return _render(
        "reminder_digest",
        user,
        lambda: ngettext(
            "Herinnering: %(num)s actie met een deadline", "Herinnering: %(num)s acties met een deadline", count
        ),
        groups=groups,
        today=today,
        links={a.id: action_url(a) for _org, actions in groups for a in actions},
        overview=external_url("remediation.my_everywhere"),
    )


# --- what the services call ----------------------------------------------------------------------


def notify_assigned(action: Action, actor: User | None) -> None:
    """Tell the new assignee, unless they assigned it to themselves."""
    if action.assignee is None or (actor is not None and action.assignee_id == actor.id):
        return
    if not action.assignee.active:
        return
    queue(assignment_mail(action, actor))


def notify_assigned_many(actions: list[Action], actor: User | None) -> None:
    """A batch for one assignee (actions made in bulk from findings): one message."""
    if len(actions) == 1:
        notify_assigned(actions[0], actor)
        return
    assignee = actions[0].assignee if actions else None
    if assignee is None or not assignee.active or (actor is not None and assignee.id == actor.id):
        return
    queue(
        _render(
            "actions_assigned",
            assignee,
            lambda: ngettext("%(num)s actie voor jou", "%(num)s acties voor jou", len(actions)),
            actions=actions,
            actor=actor,
            links={a.id: action_url(a) for a in actions},
        )
    )


def notify_reopened(actions: Iterable[Action]) -> None:
    for action in actions:
        if action.assignee is not None and action.assignee.active:
            queue(reopened_mail(action))
