"""The platform administrator's screens: organisations, their first members, accounts.

A platform administrator runs the installation; the flag gives no access to any organisation's
register (that still needs a membership), only to these screens.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from lokaal_avg.accounts import invitations, members
from lokaal_avg.accounts import services as accounts
from lokaal_avg.accounts.models import Invitation, Membership, User
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations import services
from lokaal_avg.organisations.forms import NewOrganisationForm, PlatformInviteForm
from lokaal_avg.organisations.models import Organisation

bp = Blueprint("platform", __name__, url_prefix="/platform")


def platform_admin_required(view: Callable) -> Callable:
    """Anyone else gets a 404: the screens do not exist for them."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_platform_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def _organisation(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id) if 0 < org_id < 2**31 else None
    if org is None:
        abort(404)
    return org


def _invitation(org: Organisation, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id) if 0 < invitation_id < 2**31 else None
    if invitation is None or invitation.organisation_id != org.id:
        abort(404)
    return invitation


def organisations_overview() -> list[tuple[Organisation, int, int]]:
    """Every organisation with its number of members and of open invitations (platform screen)."""
    members = (
        select(func.count()).select_from(Membership).where(Membership.organisation_id == Organisation.id)
    ).scalar_subquery()
    invited = (
        select(func.count())
        .select_from(Invitation)
        .where(
            Invitation.organisation_id == Organisation.id,
            Invitation.accepted_at.is_(None),
            Invitation.withdrawn_at.is_(None),
        )
    ).scalar_subquery()
    rows = db.session.execute(select(Organisation, members, invited).order_by(Organisation.name))
    return [(org, n_members, n_invited) for org, n_members, n_invited in rows]


@bp.get("/")
@platform_admin_required
def index():
    return render_template("platform/index.html", rows=organisations_overview())


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
@platform_admin_required
def new_organisation():
    form = NewOrganisationForm()
    if form.validate_on_submit():
        try:
            org = services.create_organisation(
                form.slug.data,
                form.name.data.strip(),
                actor=current_user,
                kind=form.kind.data,
                kbo_number=form.kbo_number.data,
                supervisory_authority=form.supervisory_authority.data,
            )
            invitations.invite(org, current_user, form.invite_email.data, form.invite_role.data)
        except (services.OrganisationError, invitations.InvitationError) as exc:
            db.session.rollback()
            form.slug.errors.append(str(exc))
        else:
            flash(
                _(
                    "%(org)s aangemaakt; uitnodiging verstuurd naar %(email)s.",
                    org=org.name,
                    email=form.invite_email.data,
                ),
                "success",
            )
            return redirect(url_for(".organisation", org_id=org.id))
        return render_template("platform/new_organisation.html", form=form), 400
    return render_template("platform/new_organisation.html", form=form)


@bp.get("/organisaties/<int:org_id>")
@platform_admin_required
def organisation(org_id: int):
    org = _organisation(org_id)
    return _organisation_page(org, PlatformInviteForm())


def _organisation_page(org: Organisation, form: PlatformInviteForm, status: int = 200):
    return (
        render_template(
            "platform/organisation.html",
            org=org,
            form=form,
            members=members.members_of(org),
            pending=invitations.pending_invitations(org),
            now_utc=utcnow(),
        ),
        status,
    )


@bp.post("/organisaties/<int:org_id>/uitnodigen")
@platform_admin_required
def invite(org_id: int):
    org = _organisation(org_id)
    form = PlatformInviteForm()
    if not form.validate_on_submit():
        return _organisation_page(org, form, 400)
    try:
        invitations.invite(org, current_user, form.email.data, form.role.data)
    except invitations.InvitationError as exc:
        form.email.errors.append(str(exc))
        return _organisation_page(org, form, 400)
    flash(_("Uitnodiging verstuurd naar %(email)s.", email=form.email.data.strip().lower()), "success")
    return redirect(url_for(".organisation", org_id=org.id))


@bp.post("/organisaties/<int:org_id>/uitnodigingen/<int:invitation_id>/opnieuw")
@platform_admin_required
def resend(org_id: int, invitation_id: int):
    org = _organisation(org_id)
    invitation = _invitation(org, invitation_id)
    try:
        invitations.resend(org, current_user, invitation)
    except invitations.InvitationError as exc:
        flash(str(exc), "danger")
    else:
        flash(
            _("Uitnodiging opnieuw verstuurd naar %(email)s; de vorige link werkt niet meer.", email=invitation.email),
            "success",
        )
    return redirect(url_for(".organisation", org_id=org.id))


@bp.post("/organisaties/<int:org_id>/uitnodigingen/<int:invitation_id>/intrekken")
@platform_admin_required
def withdraw(org_id: int, invitation_id: int):
    org = _organisation(org_id)
    invitation = _invitation(org, invitation_id)
    try:
        invitations.withdraw(org, current_user, invitation)
    except invitations.InvitationError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Uitnodiging voor %(email)s ingetrokken.", email=invitation.email), "success")
    return redirect(url_for(".organisation", org_id=org.id))


@bp.route("/organisaties/<int:org_id>/deactiveren", methods=["GET", "POST"])
@platform_admin_required
def deactivate_organisation(org_id: int):
    org = _organisation(org_id)
    if request.method == "GET":
        return render_template("platform/confirm_deactivate_org.html", org=org)
    services.set_active(org, current_user, False)
    flash(
        _("%(org)s is gedeactiveerd: alles blijft bewaard en leesbaar, niets kan nog wijzigen.", org=org.name),
        "success",
    )
    return redirect(url_for(".organisation", org_id=org.id))


@bp.post("/organisaties/<int:org_id>/heractiveren")
@platform_admin_required
def reactivate_organisation(org_id: int):
    org = _organisation(org_id)
    services.set_active(org, current_user, True)
    flash(_("%(org)s is opnieuw actief.", org=org.name), "success")
    return redirect(url_for(".organisation", org_id=org.id))


@bp.get("/accounts")
@platform_admin_required
def accounts_list():
    query = (request.args.get("q") or "").strip().lower()[:200]
    users: list[User] = []
    if query:
        users = list(
            db.session.scalars(
                select(User)
                .where(
                    func.lower(User.email).contains(query, autoescape=True)
                    | func.lower(User.name).contains(query, autoescape=True)
                )
                .order_by(User.email)
                .limit(100)
            )
        )
    return render_template("platform/accounts.html", users=users, query=query)


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        abort(404)
    return user


# Security events of an account, as the audit trail holds them (who, when, from which address).
SECURITY_LOG_LIMIT = 100


@bp.get("/accounts/<int:user_id>")
@platform_admin_required
def account(user_id: int):
    from lokaal_avg.audit.models import AuditEntry

    user = _user(user_id)
    about_user = (AuditEntry.target_type == "User") & (
        (AuditEntry.target_id == user.id) | (AuditEntry.target_label == user.email)
    )
    entries = db.session.scalars(
        select(AuditEntry).where(about_user).order_by(AuditEntry.id.desc()).limit(SECURITY_LOG_LIMIT)
    ).all()
    memberships = db.session.scalars(
        select(Membership).where(Membership.user_id == user.id).join(Membership.organisation)
    ).all()
    return render_template("platform/account.html", account=user, entries=entries, memberships=memberships)


@bp.route("/accounts/<int:user_id>/deactiveren", methods=["GET", "POST"])
@platform_admin_required
def deactivate_account(user_id: int):
    user = _user(user_id)
    if request.method == "GET":
        count = db.session.scalar(select(func.count()).select_from(Membership).where(Membership.user_id == user.id))
        return render_template("platform/confirm_deactivate_account.html", account=user, memberships=count)
    try:
        accounts.deactivate_user(current_user, user)
    except accounts.AccountError as exc:
        flash(str(exc), "danger")
    else:
        flash(_("Het account %(email)s is gedeactiveerd; alle sessies zijn beëindigd.", email=user.email), "success")
    return redirect(url_for(".accounts_list", q=user.email))


@bp.post("/accounts/<int:user_id>/heractiveren")
@platform_admin_required
def reactivate_account(user_id: int):
    user = _user(user_id)
    accounts.reactivate_user(current_user, user)
    flash(_("Het account %(email)s is opnieuw actief.", email=user.email), "success")
    return redirect(url_for(".accounts_list", q=user.email))
