"""Setting up, renewing and switching off two-factor sign-in, from the profile."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from lokaal_avg.accounts import services, sessions, two_factor
from lokaal_avg.core.roles import Role

bp = Blueprint("two_factor", __name__, url_prefix="/profiel/tweestapsverificatie")


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code uit uw authenticator-app"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class DisableForm(FlaskForm):
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    code = StringField(
        _l("Code uit uw authenticator-app of een herstelcode"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code"},
    )


@bp.before_app_request
def finish_two_factor_setup_first():
    """While a second factor is required but missing, only its setup (and signing out) is open.

    Required at sign-in (platform administrators, organisations that ask it), or from the moment
    the organisation of the page asks it for the member's role: no need to wait for a new sign-in.
    """
    if request.endpoint in OPEN_ENDPOINTS or not current_user.is_authenticated or current_user.has_two_factor:
        return None
    membership = g.get("membership")
    required_here = (
        membership is not None
        and g.org.require_two_factor
        and membership.role in (Role.ADMIN, Role.DPO)
        and not current_user.two_factor_exempt
    )
    if required_here or sessions.needs_two_factor_setup():
        return redirect(url_for("two_factor.setup"))
    return None


OPEN_ENDPOINTS = {"two_factor.setup", "two_factor.confirm", "accounts.logout", "static"}


def _page(status: int = 200, **forms):
    context = {
        "required": services.two_factor_required(current_user),
        "must_set_up": sessions.needs_two_factor_setup(),
        "confirm_form": forms.get("confirm_form") or CodeForm(prefix="setup"),
        "disable_form": forms.get("disable_form") or DisableForm(prefix="off"),
        "renew_form": forms.get("renew_form") or CodeForm(prefix="renew"),
    }
    if current_user.has_two_factor:
        context["recovery_left"] = two_factor.remaining_recovery_codes(current_user)
    else:
        secret = two_factor.pending_secret(current_user)
        uri = two_factor.provisioning_uri(current_user)
        context.update(secret=secret, qr=two_factor.qr_svg(uri))
    return render_template("accounts/two_factor.html", **context), status


@bp.get("")
@login_required
def setup():
    return _page()


@bp.post("/bevestigen")
@login_required
def confirm():
    form = CodeForm(prefix="setup")
    if current_user.has_two_factor:
        return redirect(url_for(".setup"))
    if form.validate_on_submit():
        codes = two_factor.confirm_setup(current_user, form.code.data)
        if codes is not None:
            sessions.two_factor_set_up()
            flash(_("Tweestapsverificatie staat aan."), "success")
            return render_template("accounts/recovery_codes.html", codes=codes)
        form.code.errors.append(_("Deze code klopt niet. Controleer de tijd op uw telefoon en probeer opnieuw."))
    return _page(400, confirm_form=form)


@bp.post("/herstelcodes")
@login_required
def renew_codes():
    form = CodeForm(prefix="renew")
    if form.validate_on_submit() and current_user.has_two_factor:
        codes = two_factor.regenerate_recovery_codes(current_user, form.code.data)
        if codes is not None:
            flash(_("Nieuwe herstelcodes gemaakt; de oude werken niet meer."), "success")
            return render_template("accounts/recovery_codes.html", codes=codes)
        form.code.errors.append(_("Deze code klopt niet of werd al gebruikt."))
    return _page(400, renew_form=form)


@bp.post("/uitschakelen")
@login_required
def disable():
    form = DisableForm(prefix="off")
    if services.two_factor_required(current_user):
        flash(_("Tweestapsverificatie is verplicht voor uw account en kan niet uitgeschakeld worden."), "danger")
        return _page(403)
    if form.validate_on_submit() and current_user.has_two_factor:
        if two_factor.disable(current_user, form.password.data, form.code.data):
            flash(_("Tweestapsverificatie staat uit."), "success")
            return redirect(url_for("accounts.profile"))
        form.code.errors.append(_("Het wachtwoord of de code klopt niet."))
    return _page(400, disable_form=form)
