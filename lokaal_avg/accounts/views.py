"""Signing in (with a second factor) and out, forgotten passwords, choosing an organisation, the profile."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from lokaal_avg.accounts import reset, services, two_factor
from lokaal_avg.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    ResetPasswordForm,
    SecondFactorForm,
)
from lokaal_avg.accounts.models import Membership, User
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


# The password step leaves this in the cookie while the second factor is asked.
PENDING = "pending_sign_in"
PENDING_VALID_SECONDS = 300
PENDING_MAX_TRIES = 5


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            result = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        except services.AccountLocked as exc:
            flash(str(exc), "danger")
            return render_template("accounts/login.html", form=form), 429
        if result is None:
            # 200, not 401: the failure and its count must be committed (4xx rolls back).
            flash(_("Onbekend e-mailadres of verkeerd wachtwoord."), "danger")
            return render_template("accounts/login.html", form=form)
        next_page = safe_next(request.args.get("next"))
        session.clear()  # a fresh session on login prevents session fixation
        if result.second_factor:
            session[PENDING] = {"user": result.user.id, "at": int(time.time()), "tries": 0, "next": next_page}
            return redirect(url_for("accounts.second_factor"))
        return _signed_in(result.user, next_page)
    return render_template("accounts/login.html", form=form)


def _signed_in(user: User, next_page: str | None):
    login_user(user)
    services.complete_sign_in(user)
    return redirect(next_page or url_for("accounts.home"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_VALID_SECONDS:
        return None
    user = db.session.get(User, pending.get("user"))
    return user if user is not None and user.active and user.has_two_factor else None


@bp.route("/login/tweede-stap", methods=["GET", "POST"])
def second_factor():
    """The second step: a code from the authenticator app, or a recovery code."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_("Meld u opnieuw aan."), "info")
        return redirect(url_for("accounts.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        if two_factor.verify_second_factor(user, form.code.data):
            next_page = session[PENDING].get("next")
            session.clear()
            return _signed_in(user, safe_next(next_page))
        services.record_failed_sign_in(user.email, request.remote_addr, user, "second_factor")
        pending = session[PENDING]
        pending["tries"] += 1
        if pending["tries"] >= PENDING_MAX_TRIES:
            session.pop(PENDING, None)
            flash(_("Te veel verkeerde codes. Meld u opnieuw aan."), "danger")
            return redirect(url_for("accounts.login"))
        session[PENDING] = pending
        form.code.errors.append(_("Deze code klopt niet of werd al gebruikt."))
        return render_template("accounts/second_factor.html", form=form)  # 200: the count is committed
    return render_template("accounts/second_factor.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    services.sign_out(current_user)
    logout_user()
    session.clear()
    flash(_("U bent afgemeld."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset.request_reset(form.email.data)
        # The same answer for every address: a redirect to one page, whatever happened.
        return redirect(url_for("accounts.reset_requested"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.get("/wachtwoord-vergeten/verstuurd")
def reset_requested():
    return render_template("accounts/reset_requested.html")


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    row = reset.valid_token(token)
    if row is None:
        return render_template("accounts/link_invalid.html"), 404
    form = ResetPasswordForm(account_email=row.user.email)
    if form.validate_on_submit():
        try:
            reset.complete_reset(row, form.new_password.data)
        except services.AccountError as exc:
            form.new_password.errors.append(str(exc))
        else:
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash(_("Uw wachtwoord is gewijzigd. Al uw sessies zijn afgemeld; meld u aan."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, email=row.user.email)


@bp.get("/")
@login_required
def home():
    memberships = services.memberships_of(current_user)
    if not memberships and current_user.is_platform_admin:
        return redirect(url_for("platform.index"))
    if len(memberships) == 1:
        return redirect(url_for("overview.dashboard", org_slug=memberships[0].organisation.slug))
    return render_template("accounts/choose.html", memberships=memberships)


@bp.route("/profiel", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    password_form = PasswordChangeForm(prefix="pw", account_email=current_user.email)
    if form.validate_on_submit() and "save_profile" in request.form:
        changes = audit.populate(current_user, {"name": form.name.data, "locale": form.locale.data})
        if changes:
            db.session.flush()
            audit.record(None, current_user, "update", current_user, changes)
        flash(_("Uw profiel is bewaard."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form, **_security_context())


@bp.post("/profiel/wachtwoord")
@login_required
def change_password():
    form = ProfileForm(obj=current_user)
    password_form = PasswordChangeForm(prefix="pw", account_email=current_user.email)
    if password_form.validate_on_submit():
        try:
            ended = services.change_password(
                current_user, password_form.current_password.data, password_form.new_password.data
            )
        except services.AccountError as exc:
            password_form.current_password.errors.append(str(exc))
        else:
            flash(
                ngettext(
                    "Uw wachtwoord is gewijzigd. %(num)s andere sessie is afgemeld.",
                    "Uw wachtwoord is gewijzigd. %(num)s andere sessies zijn afgemeld.",
                    ended,
                )
                if ended
                else _("Uw wachtwoord is gewijzigd."),
                "success",
            )
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form, **_security_context()), 400


def _security_context() -> dict:
    """What the profile shows about two-factor sign-in."""
    return {
        "two_factor_required": services.two_factor_required(current_user),
        "recovery_left": two_factor.remaining_recovery_codes(current_user) if current_user.has_two_factor else 0,
    }


@bp.post("/taal/<code>")
def set_language(code: str):
    """Language choice for visitors who are not signed in (the login page)."""
    from flask import current_app

    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["locale"] = code
    return redirect(safe_next(request.form.get("next")) or url_for("accounts.login"))
