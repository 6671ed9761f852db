"""Forms for signing in, passwords and a user's own profile."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from lokaal_avg.accounts.passwords import MAX_PASSWORD_LENGTH, PASSWORD_HELP, StrongPassword


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email()], render_kw={"autocomplete": "username"})
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )


class SecondFactorForm(FlaskForm):
    code = StringField(
        _l("Code uit uw authenticator-app of een herstelcode"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


class ProfileForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "name"})
    locale = SelectField(_l("Taal"), choices=[("nl_BE", "Nederlands"), ("en", "English")])


def new_password_fields(label=None):
    """A new password and its repetition, checked against the password rule."""
    new = PasswordField(
        label or _l("Nieuw wachtwoord"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH), StrongPassword()],
        description=PASSWORD_HELP,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("De wachtwoorden verschillen."))],
        render_kw={"autocomplete": "new-password"},
    )
    return new, confirm


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    new_password, confirm = new_password_fields()

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email()], render_kw={"autocomplete": "username"})


class ResetPasswordForm(FlaskForm):
    new_password, confirm = new_password_fields()

    def __init__(self, *args, account_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_email = account_email
