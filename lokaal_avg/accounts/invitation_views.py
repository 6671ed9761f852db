"""Accepting an invitation from the link in the e-mail (no organisation in the URL: not a member yet)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from lokaal_avg.accounts import invitations
from lokaal_avg.accounts import services as accounts
from lokaal_avg.accounts.forms import new_password_fields

bp = Blueprint("invitations", __name__, url_prefix="/uitnodiging")


class NewAccountForm(FlaskForm):
    name = StringField(_l("Uw naam"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "name"})
    new_password, confirm = new_password_fields(_l("Kies een wachtwoord"))

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


@bp.route("/<token>", methods=["GET", "POST"])
def accept(token: str):
    invitation = invitations.by_token(token)
    if invitation is None:
        return render_template("accounts/link_invalid.html"), 404
    existing = accounts.find_user(invitation.email)
    if existing is None:
        return _accept_with_new_account(invitation)
    if not current_user.is_authenticated:
        # The invitee holds the link, so telling them to sign in reveals nothing to anyone else.
        return render_template("invitations/sign_in_first.html", invitation=invitation, token=token)
    if current_user.id != existing.id:
        return render_template("invitations/other_account.html", invitation=invitation), 403
    form = FlaskForm()
    if form.validate_on_submit():
        membership = invitations.accept_as(invitation, current_user)
        flash(_("Welkom bij %(org)s.", org=membership.organisation.name), "success")
        return redirect(url_for("overview.dashboard", org_slug=membership.organisation.slug))
    return render_template("invitations/accept.html", invitation=invitation, form=form)


def _accept_with_new_account(invitation):
    form = NewAccountForm(account_email=invitation.email)
    if form.validate_on_submit():
        try:
            user = invitations.accept_with_new_account(invitation, form.name.data, form.new_password.data)
        except invitations.InvitationError as exc:
            form.new_password.errors.append(str(exc))
        else:
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            login_user(user)
            accounts.complete_sign_in(user)
            flash(_("Welkom bij %(org)s. Uw account is klaar.", org=invitation.organisation.name), "success")
            return redirect(url_for("overview.dashboard", org_slug=invitation.organisation.slug))
    return render_template("invitations/new_account.html", invitation=invitation, form=form)
