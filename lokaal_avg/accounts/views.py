"""Signing in and out, choosing an organisation, the DPO portfolio and the profile."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lokaal_avg.accounts import services
from lokaal_avg.accounts.forms import LoginForm, PasswordChangeForm, ProfileForm
from lokaal_avg.accounts.models import Membership
from lokaal_avg.audit import services as audit
from lokaal_avg.core.extensions import db

bp = Blueprint("accounts", __name__)


@bp.app_template_global()
def current_memberships() -> list[Membership]:
    """The signed-in user's memberships (navigation, profile), loaded once per request."""
    if not current_user.is_authenticated:
        return []
    if "memberships" not in g:
        g.memberships = services.memberships_of(current_user)
    return g.memberships


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths: an open redirect would help phishing.

    Browsers treat a backslash like a slash, so "/\\evil.example" is refused too.
    """
    if not target or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.AccountLocked as exc:
            flash(str(exc), "danger")
            return render_template("accounts/login.html", form=form), 429
        if user is None:
            flash(_("Onbekend e-mailadres of verkeerd wachtwoord."), "danger")
        else:
            session.clear()  # a fresh session on login prevents session fixation
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("accounts.home"))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    flash(_("Je bent afgemeld."), "info")
    return redirect(url_for("accounts.login"))


@bp.get("/")
@login_required
def home():
    memberships = services.memberships_of(current_user)
    if len(memberships) == 1:
        return redirect(url_for("overview.dashboard", org_slug=memberships[0].organisation.slug))
    return render_template("accounts/choose.html", memberships=memberships)


@bp.route("/profiel", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    password_form = PasswordChangeForm(prefix="pw")
    if form.validate_on_submit() and "save_profile" in request.form:
        changes = audit.populate(current_user, {"name": form.name.data, "locale": form.locale.data})
        if changes:
            db.session.flush()
            audit.record(None, current_user, "update", current_user, changes)
        flash(_("Je profiel is bewaard."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form)


@bp.post("/profiel/wachtwoord")
@login_required
def change_password():
    form = ProfileForm(obj=current_user)
    password_form = PasswordChangeForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            services.change_password(current_user, password_form.current_password.data, password_form.new_password.data)
        except services.AccountError as exc:
            password_form.current_password.errors.append(str(exc))
        else:
            flash(_("Je wachtwoord is gewijzigd."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form), 400


@bp.post("/taal/<code>")
def set_language(code: str):
    """Language choice for visitors who are not signed in (the login page)."""
    from flask import current_app

    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["locale"] = code
    return redirect(safe_next(request.form.get("next")) or url_for("accounts.login"))
