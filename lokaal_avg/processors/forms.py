"""Form for a processor and its agreement."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, SelectMultipleField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from lokaal_avg.core.concurrency import VersionedFormMixin
from lokaal_avg.core.forms import check_transfer, empty_to_none, kbo_validator, long_text, plausible_date
from lokaal_avg.core.idempotency import OneTimeFormMixin
from lokaal_avg.core.transfers import TRANSFER_MECHANISMS, country_choices

NONE = [empty_to_none]


class ProcessorForm(OneTimeFormMixin, VersionedFormMixin, FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    kbo_number = StringField(_l("Ondernemingsnummer (KBO)"), validators=[Optional(), kbo_validator], filters=NONE)
    contact_name = StringField(_l("Contactpersoon"), validators=[Optional(), Length(max=200)], filters=NONE)
    contact_email = EmailField(_l("E-mail contactpersoon"), validators=[Optional(), Email()], filters=NONE)
    contact_phone = TelField(_l("Telefoon contactpersoon"), validators=[Optional(), Length(max=50)], filters=NONE)
    services = TextAreaField(
        _l("Diensten"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Wat doet deze verwerker voor u? bv. hosting van het e-loket."),
    )
    location = SelectField(
        _l("Plaats van verwerking"), choices=[("eu", _l("Binnen de EER")), ("derde_land", _l("(Ook) buiten de EER"))]
    )
    third_countries = SelectMultipleField(
        _l("Landen buiten de EER"),
        description=_l("Waar de verwerker (of een subverwerker) de gegevens verwerkt of bekijkt."),
        render_kw={"size": 8},
    )
    transfer_mechanism = SelectField(_l("Waarborg voor de doorgifte"), validators=[Optional()], filters=NONE)
    transfer_document = StringField(
        _l("Referentie van het document"),
        validators=[Length(max=300)],
        filters=NONE,
        description=_l("Bv. 'bijlage 3 bij de verwerkersovereenkomst (SCC module 2)'."),
    )
    third_country_details = TextAreaField(
        _l("Toelichting bij de verwerking buiten de EER"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Optioneel: welke diensten, welke subverwerkers, bijkomende maatregelen."),
    )
    agreement_signed_on = DateField(
        _l("Verwerkersovereenkomst ondertekend op"),
        validators=[Optional(), plausible_date],
        description=_l("Art. 28 AVG: zonder ondertekende verwerkersovereenkomst mag de verwerker niet werken."),
    )
    agreement_expires_on = DateField(_l("Overeenkomst vervalt op"), validators=[Optional(), plausible_date])
    agreement_reference = StringField(
        _l("Referentie van de overeenkomst"), validators=[Optional(), Length(max=200)], filters=NONE
    )

    def validate_agreement_expires_on(self, field) -> None:
        if field.data and self.agreement_signed_on.data and field.data < self.agreement_signed_on.data:
            raise ValidationError(_l("De vervaldatum ligt vóór de datum van ondertekening."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.third_countries.choices = country_choices()
        self.transfer_mechanism.choices = [("", _l("— kies —")), *TRANSFER_MECHANISMS.items()]

    def validate(self, extra_validators=None) -> bool:
        # Form-level: Optional() on an empty field stops its chain, so a field validator never ran.
        valid = super().validate(extra_validators)
        if self.location.data != "derde_land":
            return valid
        return check_transfer(self.third_countries, self.transfer_mechanism, self.transfer_document) and valid
