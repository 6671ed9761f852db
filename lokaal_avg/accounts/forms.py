"""Forms for signing in and for a user's own profile."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

MIN_PASSWORD_LENGTH = 12


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email()], render_kw={"autocomplete": "username"})
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )


class ProfileForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "name"})
    locale = SelectField(_l("Taal"), choices=lambda: list(current_app.config["LANGUAGES"].items()))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    new_password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l(
            "Minstens %(n)s tekens. Een zin van enkele woorden is sterk en goed te onthouden.", n=MIN_PASSWORD_LENGTH
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("De wachtwoorden verschillen."))],
        render_kw={"autocomplete": "new-password"},
    )
