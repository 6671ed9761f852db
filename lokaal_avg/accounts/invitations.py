"""Inviting people into an organisation by e-mail, and accepting.

The link works once and for seven days; resending makes a new link and kills the old one. The
inviting organisation never learns whether the address already has an account: the answer
and the mail are the same, and an existing account is attached only when its owner accepts.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from lokaal_avg.accounts import services as accounts
from lokaal_avg.accounts.models import Invitation, Membership, User
from lokaal_avg.accounts.passwords import password_problem
from lokaal_avg.audit import services as audit
from lokaal_avg.core import mail
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.core.roles import Role
from lokaal_avg.organisations.models import Department, Organisation

VALID_FOR = timedelta(days=7)


class InvitationError(ValueError):
    """A user-facing problem (message in Dutch)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invitation.token_hash, invitation.sent_at, invitation.expires_at = _hash(token), now, now + VALID_FOR
    return token


def invite(
    org: Organisation, actor: User | None, email: str, role: str, departments: list[Department] = ()
) -> tuple[Invitation, mail.Mail]:
    """Create an invitation and queue its mail (sent after commit). Returns both."""
    email = accounts.normalise_email(email)
    if not org.active:
        raise InvitationError(_("Deze organisatie is gedeactiveerd."))
    if _is_member(org, email):
        raise InvitationError(_("%(email)s is al lid van deze organisatie.", email=email))
    if pending_for(org, email) is not None:
        raise InvitationError(
            _("Er is al een openstaande uitnodiging voor %(email)s. Verstuur die opnieuw.", email=email)
        )
    invitation = Invitation(
        organisation=org, email=email, role=role, invited_by_id=actor.id if actor else None, expires_at=utcnow()
    )
    invitation.departments = list(departments) if role == Role.STAFF else []
    token = _new_token(invitation)
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        org,
        actor,
        "invitation_sent",
        invitation,
        {"email": [None, email], "role": [None, role], "departments": [None, [d.name for d in invitation.departments]]},
    )
    message = invitation_mail(invitation, actor, token)
    mail.queue(message)
    return invitation, message


def resend(org: Organisation, actor: User, invitation: Invitation) -> None:
    """A new link (the old one stops working) valid for another seven days."""
    if not invitation.is_pending:
        raise InvitationError(_("Deze uitnodiging is niet meer open."))
    token = _new_token(invitation)
    db.session.flush()
    audit.record(org, actor, "invitation_resent", invitation, {"expires_at": [None, invitation.expires_at]})
    mail.queue(invitation_mail(invitation, actor, token))


def withdraw(org: Organisation, actor: User, invitation: Invitation) -> None:
    if not invitation.is_pending:
        raise InvitationError(_("Deze uitnodiging is niet meer open."))
    invitation.withdrawn_at = utcnow()
    db.session.flush()
    audit.record(org, actor, "invitation_withdrawn", invitation)


def invitation_mail(invitation: Invitation, actor: User | None, token: str) -> mail.Mail:
    role_label = Role(invitation.role).label
    return mail.render_mail(
        "invitation",
        invitation.email,
        invitation.email,
        None,
        lambda: _("Uitnodiging voor %(org)s", org=invitation.organisation.name),
        invitation=invitation,
        inviter=actor.name if actor else _("De beheerder van lokaal_avg"),
        role_label=role_label,
        link=mail.external_url("invitations.accept", token=token),
        days=VALID_FOR.days,
    )


def _is_member(org: Organisation, email: str) -> bool:
    return (
        db.session.scalar(
            select(Membership.id)
            .join(Membership.user)
            .where(Membership.organisation_id == org.id, User.email == accounts.normalise_email(email))
        )
        is not None
    )


def pending_for(org: Organisation, email: str) -> Invitation | None:
    return db.session.scalars(
        select(Invitation).where(
            Invitation.organisation_id == org.id,
            Invitation.email == accounts.normalise_email(email),
            Invitation.accepted_at.is_(None),
            Invitation.withdrawn_at.is_(None),
        )
    ).first()


def pending_invitations(org: Organisation) -> list[Invitation]:
    from sqlalchemy.orm import selectinload

    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.organisation_id == org.id,
                Invitation.accepted_at.is_(None),
                Invitation.withdrawn_at.is_(None),
            )
            .options(selectinload(Invitation.departments))
            .order_by(Invitation.email)
        )
    )


def by_token(token: str) -> Invitation | None:
    """The usable invitation for this link: not accepted, withdrawn, expired or replaced."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalars(select(Invitation).where(Invitation.token_hash == _hash(token))).first()
    if invitation is None or not invitation.is_usable(utcnow()):
        return None
    return invitation


def accept_with_new_account(invitation: Invitation, name: str, password: str) -> User:
    """The invitee had no account: create it with their own name and password, and the membership."""
    if accounts.find_user(invitation.email) is not None:
        raise InvitationError(_("Er bestaat al een account voor dit adres: meld u aan om te aanvaarden."))
    problem = password_problem(password, invitation.email)
    if problem:
        raise InvitationError(problem)
    user = accounts.create_user(invitation.email, name, password)
    _attach(invitation, user)
    return user


def accept_as(invitation: Invitation, user: User) -> Membership:
    """A signed-in account accepts an invitation addressed to its own e-mail address."""
    if accounts.normalise_email(user.email) != invitation.email:
        raise InvitationError(_("Deze uitnodiging is voor een ander e-mailadres."))
    return _attach(invitation, user)


def _attach(invitation: Invitation, user: User) -> Membership:
    org = invitation.organisation
    membership = db.session.scalars(
        select(Membership).where(Membership.organisation_id == org.id, Membership.user_id == user.id)
    ).first()
    if membership is None:
        departments = list(invitation.departments)  # loaded before the new row joins the session
        membership = Membership(user=user, organisation=org, role=invitation.role, departments=departments)
        db.session.add(membership)
    invitation.accepted_at = utcnow()
    db.session.flush()
    audit.record(
        org,
        user,
        "invitation_accepted",
        invitation,
        {"user": [None, user.email], "role": [None, membership.role]},
        target_label=f"{user.name} ({membership.role})",
    )
    return membership
