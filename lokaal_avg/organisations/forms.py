"""Forms for the organisation's details, departments and members."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, TelField, URLField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from lokaal_avg.core.concurrency import VersionedFormMixin
from lokaal_avg.core.forms import CheckboxListField, empty_to_none, kbo_validator, plausible_date
from lokaal_avg.core.roles import ROLE_LABELS, Role
from lokaal_avg.organisations.models import AUTHORITY_LABELS, ORGANISATION_KIND_LABELS

NONE_FILTERS = [empty_to_none]


class OrganisationForm(VersionedFormMixin, FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Soort bestuur"), choices=list(ORGANISATION_KIND_LABELS.items()))
    kbo_number = StringField(
        _l("Ondernemingsnummer (KBO)"),
        validators=[Optional(), kbo_validator],
        filters=NONE_FILTERS,
        description=_l("Tien cijfers, zoals 0123.456.749. We controleren het controlegetal."),
    )
    street = StringField(_l("Straat en nummer"), validators=[Optional(), Length(max=200)], filters=NONE_FILTERS)
    postal_code = StringField(_l("Postcode"), validators=[Optional(), Length(max=10)], filters=NONE_FILTERS)
    city = StringField(_l("Gemeente"), validators=[Optional(), Length(max=100)], filters=NONE_FILTERS)
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300)], filters=NONE_FILTERS)
    email = EmailField(_l("Algemeen e-mailadres"), validators=[Optional(), Email()], filters=NONE_FILTERS)
    phone = TelField(_l("Algemeen telefoonnummer"), validators=[Optional(), Length(max=50)], filters=NONE_FILTERS)
    language = SelectField(
        _l("Werktaal"),
        choices=lambda: list(current_app.config["LANGUAGES"].items()),
        description=_l("De standaardtaal van dossiers en van nieuwe leden; elk lid kiest zelf de taal van het scherm."),
    )
    supervisory_authority = SelectField(
        _l("Toezichthouder"),
        choices=list(AUTHORITY_LABELS.items()),
        description=_l("Voor Vlaamse lokale besturen is dat meestal de Vlaamse Toezichtcommissie (VTC)."),
    )
    dpo_name = StringField(
        _l("Naam functionaris (DPO)"), validators=[Optional(), Length(max=200)], filters=NONE_FILTERS
    )
    dpo_email = EmailField(_l("E-mail functionaris"), validators=[Optional(), Email()], filters=NONE_FILTERS)
    dpo_phone = TelField(_l("Telefoon functionaris"), validators=[Optional(), Length(max=50)], filters=NONE_FILTERS)
    dpo_appointed_on = DateField(_l("Functionaris aangesteld op"), validators=[Optional(), plausible_date])
    security_plan_date = DateField(
        _l("Datum huidig informatieveiligheidsplan"),
        validators=[Optional(), plausible_date],
        description=_l("Een informatieveiligheidsplan is verplicht voor lokale besturen."),
    )
    last_security_audit_date = DateField(
        _l("Datum laatste informatieveiligheidsaudit"), validators=[Optional(), plausible_date]
    )


class DepartmentForm(FlaskForm):
    name = StringField(_l("Naam van de dienst"), validators=[DataRequired(), Length(max=120)])


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=200)])
    # Least powerful first and by default: giving more rights must be a deliberate choice.
    role = SelectField(
        _l("Rol"), choices=[(r.value, lbl) for r, lbl in reversed(ROLE_LABELS.items())], default=Role.READER.value
    )
    departments = CheckboxListField(
        _l("Diensten (voor medewerkers)"),
        coerce=int,
        description=_l("Een medewerker bewerkt alleen verwerkingen van deze diensten."),
    )

    def __init__(self, org, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.departments.choices = [(d.id, d.name) for d in org.departments]

    def validate_departments(self, field) -> None:
        if self.role.data == "medewerker" and not field.data:
            raise ValidationError(_l("Kies minstens één dienst voor een medewerker."))


class MembershipEditForm(InviteForm):
    """Editing keeps the person; only role and departments change."""

    def __init__(self, org, *args, **kwargs):
        super().__init__(org, *args, **kwargs)
        del self.email


class TwoFactorPolicyForm(FlaskForm):
    require_two_factor = BooleanField(_l("Tweestapsverificatie verplicht voor beheerders en functionarissen"))


FIRST_ROLES = [("beheerder", _l("Beheerder")), ("functionaris", _l("Functionaris"))]


class NewOrganisationForm(FlaskForm):
    """The platform administrator's form: the organisation and its first beheerder or functionaris."""

    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Korte naam"),
        validators=[
            DataRequired(),
            Length(min=2, max=60),
            Regexp(r"^[a-z0-9][a-z0-9-]*$", message=_l("Alleen kleine letters, cijfers en koppeltekens.")),
        ],
        description=_l("Voor adressen en de opdrachtregel, bv. voorbeeldegem."),
    )
    kind = SelectField(_l("Soort bestuur"), choices=list(ORGANISATION_KIND_LABELS.items()))
    kbo_number = StringField(
        _l("Ondernemingsnummer (KBO)"),
        validators=[Optional(), kbo_validator],
        filters=NONE_FILTERS,
        description=_l("Tien cijfers, zoals 0123.456.749. We controleren het controlegetal."),
    )
    supervisory_authority = SelectField(_l("Toezichthouder"), choices=list(AUTHORITY_LABELS.items()))
    invite_email = EmailField(
        _l("E-mailadres van de eerste beheerder of functionaris"),
        validators=[DataRequired(), Email(), Length(max=200)],
        description=_l("Deze persoon krijgt een uitnodiging om een wachtwoord te kiezen."),
    )
    invite_role = SelectField(_l("Rol"), choices=FIRST_ROLES)


class PlatformInviteForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(), Length(max=200)])
    role = SelectField(_l("Rol"), choices=FIRST_ROLES)
