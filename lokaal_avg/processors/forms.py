"""Form for a processor and its agreement."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from lokaal_avg.core.concurrency import VersionedFormMixin
from lokaal_avg.core.forms import empty_to_none, kbo_validator, long_text
from lokaal_avg.core.idempotency import OneTimeFormMixin

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
    third_country_details = TextAreaField(
        _l("Landen en waarborgen"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Bij verwerking buiten de EER: welke landen en welke waarborgen?"),
    )
    agreement_signed_on = DateField(
        _l("Verwerkersovereenkomst ondertekend op"),
        validators=[Optional()],
        description=_l("Art. 28 AVG: zonder ondertekende verwerkersovereenkomst mag de verwerker niet werken."),
    )
    agreement_expires_on = DateField(_l("Overeenkomst vervalt op"), validators=[Optional()])
    agreement_reference = StringField(
        _l("Referentie van de overeenkomst"), validators=[Optional(), Length(max=200)], filters=NONE
    )

    def validate_agreement_expires_on(self, field) -> None:
        if field.data and self.agreement_signed_on.data and field.data < self.agreement_signed_on.data:
            raise ValidationError(_l("De vervaldatum ligt vóór de datum van ondertekening."))

    def validate_third_country_details(self, field) -> None:
        if self.location.data == "derde_land" and not field.data:
            raise ValidationError(_l("Vermeld de landen en de waarborgen."))
