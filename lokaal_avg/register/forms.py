"""The wizard steps of a processing activity; each step is also its edit form.

Help texts (description=) are shown beside every field in plain Dutch.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from lokaal_avg.core.concurrency import CONTROL_FIELDS, VersionedFormMixin
from lokaal_avg.core.forms import CheckboxListField, check_transfer, empty_to_none, long_text, plausible_date
from lokaal_avg.core.idempotency import OneTimeFormMixin
from lokaal_avg.core.transfers import TRANSFER_MECHANISMS, country_choices
from lokaal_avg.register.choices import (
    CHANNEL_TYPES,
    DPIA_CRITERIA,
    DPIA_STATUSES,
    ESTIMATED_SUBJECTS,
    LEGAL_BASES,
    RETENTION_END_ACTIONS,
    ROLES,
)

NONE = [empty_to_none]
EMPTY_CHOICE = [("", _l("— kies —"))]


def _choices(mapping: dict) -> list[tuple[str, object]]:
    return EMPTY_CHOICE + list(mapping.items())


class StepForm(VersionedFormMixin, FlaskForm):
    """A step knows the organisation (for its lists) and the member (for departments)."""

    def __init__(self, org, membership=None, *args, **kwargs):
        self.org = org
        self.membership = membership
        super().__init__(*args, **kwargs)
        self.setup_choices()

    def setup_choices(self) -> None:
        pass

    def activity_data(self) -> dict:
        """The values to store, by model attribute (relations resolved by the service)."""
        return {name: field.data for name, field in self._fields.items() if name not in CONTROL_FIELDS}


class BasicsForm(OneTimeFormMixin, StepForm):
    name = StringField(
        _l("Naam van de verwerking"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Kort en herkenbaar, bv. 'Inschrijving speelpleinwerking'."),
    )
    reference = StringField(
        _l("Referentie"),
        validators=[Optional(), Length(max=40)],
        filters=NONE,
        description=_l("Een eigen code om naar de verwerking te verwijzen, bv. VT-03."),
    )
    department_id = SelectField(
        _l("Dienst"), coerce=int, validators=[Optional()], description=_l("De dienst die de verwerking uitvoert.")
    )
    responsible_person = StringField(
        _l("Verantwoordelijke persoon"),
        validators=[Optional(), Length(max=200)],
        filters=NONE,
        description=_l("Wie kan vragen over deze verwerking beantwoorden?"),
    )
    description = TextAreaField(
        _l("Omschrijving"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Wat gebeurt er concreet, in twee of drie zinnen?"),
    )
    role = SelectField(
        _l("Rol van de organisatie"),
        choices=list(ROLES.items()),
        description=_l("Meestal bent u verwerkingsverantwoordelijke: u bepaalt doel en middelen."),
    )
    joint_controllers = TextAreaField(
        _l("Gezamenlijk verwerkingsverantwoordelijken"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l(
            "Verplicht bij gezamenlijke verantwoordelijkheid: naam en contactgegevens van de andere partijen."
        ),
    )

    def setup_choices(self) -> None:
        departments = self.org.departments
        if self.membership is not None and self.membership.role == "medewerker":
            allowed = {d.id for d in self.membership.departments}
            departments = [d for d in departments if d.id in allowed]
            self.department_id.choices = [(d.id, d.name) for d in departments]
            # A medewerker's entries always belong to one of their departments.
            self.department_id.validators = [InputRequired(message=_l("Kies een van uw diensten."))]
        else:
            self.department_id.choices = [(0, _l("— geen dienst —"))] + [(d.id, d.name) for d in departments]

    def activity_data(self) -> dict:
        data = super().activity_data()
        data["department_id"] = data["department_id"] or None
        return data


class PurposeForm(StepForm):
    purposes = TextAreaField(
        _l("Doeleinden"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l(
            "Waarom verwerkt u deze gegevens? Wees concreet: 'de aanvraag van een bewonerskaart "
            "behandelen', niet 'dienstverlening'. Verplicht (art. 30.1.b AVG)."
        ),
    )
    legal_basis = SelectField(
        _l("Rechtsgrond (art. 6.1 AVG)"),
        choices=_choices(LEGAL_BASES),
        validators=[Optional()],
        filters=NONE,
        description=_l(
            "Voor een lokaal bestuur meestal c) een wettelijke verplichting of e) een taak van "
            "algemeen belang. Gerechtvaardigd belang (f) kan niet voor uw wettelijke taken."
        ),
    )
    legal_reference = TextAreaField(
        _l("Wettelijke referentie"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Het artikel van de wet, het decreet of het reglement waarop de verwerking steunt."),
    )


class DataForm(StepForm):
    subject_categories = CheckboxListField(
        _l("Categorieën van betrokkenen"),
        coerce=int,
        description=_l("Over wie gaan de gegevens? Verplicht (art. 30.1.c AVG)."),
    )
    data_categories = CheckboxListField(
        _l("Categorieën van persoonsgegevens"),
        coerce=int,
        description=_l("Welke soorten gegevens? Bijzondere en strafrechtelijke gegevens zijn gemarkeerd. Verplicht."),
    )
    special_category_exception = TextAreaField(
        _l("Uitzondering art. 9.2 AVG"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l(
            "Nodig als u bijzondere categorieën verwerkt (gezondheid, religie, …), bv. 'art. 9.2.g AVG "
            "— zwaarwegend algemeen belang op grond van …'."
        ),
    )
    criminal_data_basis = TextAreaField(
        _l("Grondslag strafrechtelijke gegevens (art. 10 AVG)"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Nodig als u gegevens over veroordelingen of strafbare feiten verwerkt."),
    )
    national_number_basis = TextAreaField(
        _l("Grondslag gebruik rijksregisternummer"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Wettelijke basis, machtiging of protocol voor het gebruik van het rijksregisternummer."),
    )
    minors = BooleanField(
        _l("Er worden gegevens van minderjarigen verwerkt"),
        description=_l("Kinderen verdienen extra bescherming; dit telt mee in de DPIA-screening."),
    )
    source = TextAreaField(
        _l("Bron van de gegevens"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Van de betrokkene zelf, uit het Rijksregister, van een andere overheid, …"),
    )
    collection_channels = CheckboxListField(
        _l("Inzamelkanalen"),
        choices=list(CHANNEL_TYPES.items()),
        description=_l("Langs welke weg komen de gegevens binnen?"),
    )
    estimated_subjects = SelectField(
        _l("Geschat aantal betrokkenen"), choices=_choices(ESTIMATED_SUBJECTS), validators=[Optional()], filters=NONE
    )

    def setup_choices(self) -> None:
        from lokaal_avg.register.lists import data_category_choices, list_choices
        from lokaal_avg.register.models import SubjectCategory

        self.subject_categories.choices = list_choices(SubjectCategory, self.org)
        self.data_categories.choices = data_category_choices(self.org)


class RecipientsForm(StepForm):
    recipient_categories = CheckboxListField(
        _l("Categorieën van ontvangers"),
        coerce=int,
        description=_l("Aan wie worden de gegevens meegedeeld, ook binnen het bestuur? Verplicht (art. 30.1.d AVG)."),
    )
    recipients_details = TextAreaField(_l("Toelichting ontvangers"), validators=[Optional(), long_text()], filters=NONE)
    processors = CheckboxListField(
        _l("Verwerkers"),
        coerce=int,
        description=_l("Leveranciers die de gegevens in uw opdracht verwerken (software, hosting, drukker, …)."),
    )
    third_country_transfers = RadioField(
        _l("Doorgifte naar landen buiten de EER of internationale organisaties?"),
        choices=[("nee", _l("Nee")), ("ja", _l("Ja"))],
        validators=[Optional()],
        description=_l(
            "Verplicht te beantwoorden (art. 30.1.e AVG). Denk aan clouddiensten en "
            "nieuwsbriefsoftware van buiten Europa."
        ),
    )
    transfer_countries = SelectMultipleField(
        _l("Landen van bestemming"),
        description=_l("Alle landen buiten de EER waar de gegevens naartoe gaan of van waaruit ze bekeken worden."),
        render_kw={"size": 8},
    )
    transfer_mechanism = SelectField(
        _l("Waarborg voor de doorgifte"),
        choices=_choices(TRANSFER_MECHANISMS),
        # Optional() lets "— kies —" through here; validate() requires a mechanism when there is a transfer.
        validators=[Optional()],
        filters=NONE,
        description=_l("De grond van hoofdstuk V AVG waarop de doorgifte steunt."),
    )
    transfer_document = StringField(
        _l("Referentie van het document"),
        validators=[Length(max=300)],
        filters=NONE,
        description=_l(
            "Waar de waarborg te vinden is, bv. 'bijlage 3 bij de verwerkersovereenkomst (SCC module 2)' of "
            "'Uitvoeringsbesluit (EU) 2023/1795'. Verplicht bij modelcontractbepalingen, BCR of art. 49."
        ),
    )
    transfer_details = TextAreaField(
        _l("Toelichting bij de doorgifte"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Optioneel: wat er doorgegeven wordt, aan wie, en bijkomende maatregelen."),
    )

    def setup_choices(self) -> None:
        from lokaal_avg.register.lists import list_choices, processor_choices
        from lokaal_avg.register.models import RecipientCategory

        self.recipient_categories.choices = list_choices(RecipientCategory, self.org)
        self.processors.choices = processor_choices(self.org)
        self.transfer_countries.choices = country_choices()

    def process(self, formdata=None, obj=None, data=None, **kwargs):
        super().process(formdata, obj, data, **kwargs)
        if formdata is None and obj is not None:
            value = obj.third_country_transfers
            self.third_country_transfers.data = None if value is None else ("ja" if value else "nee")

    def activity_data(self) -> dict:
        data = super().activity_data()
        answer = data["third_country_transfers"]
        data["third_country_transfers"] = None if answer not in ("ja", "nee") else answer == "ja"
        if data["third_country_transfers"] is not True:
            # No transfer: nothing to say about where to or on which ground.
            data.update(transfer_countries=[], transfer_mechanism=None, transfer_document=None)
        return data

    def validate(self, extra_validators=None) -> bool:
        # Form-level, not validate_<field>: a field validator chain stops at Optional() on an empty
        # field, so "ja" without countries or safeguards used to be saved unchecked.
        valid = super().validate(extra_validators)
        if self.third_country_transfers.data != "ja":
            return valid
        return check_transfer(self.transfer_countries, self.transfer_mechanism, self.transfer_document) and valid


class CategoryRetentionForm(Form):
    """One data category's own retention period (a sub-form: the step's CSRF token covers it)."""

    category_id = HiddenField()
    period = StringField(validators=[Length(max=500)], filters=NONE)


class RetentionForm(StepForm):
    retention = TextAreaField(
        _l("Bewaartermijn"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l(
            "Hoe lang bewaart u de gegevens in het algemeen? Verplicht waar mogelijk (art. 30.1.f AVG). "
            "Volg de selectielijst van het archief."
        ),
    )
    category_retention = FieldList(
        FormField(CategoryRetentionForm),
        label=_l("Bewaartermijn per categorie van persoonsgegevens"),
        description=_l(
            "Art. 30.1.f AVG spreekt van de termijnen voor de verschillende categorieën. Vul in waar een "
            "categorie anders bewaard wordt dan de algemene termijn; leeg = de algemene termijn."
        ),
    )
    retention_end_action = SelectField(
        _l("Wat gebeurt er na de bewaartermijn?"),
        choices=_choices(RETENTION_END_ACTIONS),
        validators=[Optional()],
        filters=NONE,
    )
    security_measures = TextAreaField(
        _l("Technische en organisatorische beveiligingsmaatregelen"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l(
            "Algemene beschrijving: toegangsbeheer, logging, versleuteling, back-ups, "
            "vertrouwelijkheidsverklaringen, … Verplicht waar mogelijk (art. 30.1.g AVG)."
        ),
    )
    systems = TextAreaField(
        _l("Systemen en opslag"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("In welke toepassingen en waar staan de gegevens?"),
    )
    dpia_criteria = CheckboxListField(
        _l("DPIA-screening: welke criteria zijn van toepassing?"),
        choices=list(DPIA_CRITERIA.items()),
        description=_l(
            "Twee of meer criteria: een gegevensbeschermingseffectbeoordeling (DPIA) is waarschijnlijk "
            "verplicht (Europese richtsnoeren)."
        ),
    )
    dpia_status = SelectField(
        _l("Beslissing over de DPIA"), choices=_choices(DPIA_STATUSES), validators=[Optional()], filters=NONE
    )
    dpia_decision = TextAreaField(
        _l("Motivering van de beslissing"), validators=[Optional(), long_text()], filters=NONE
    )

    def __init__(self, org, membership=None, *args, **kwargs):
        super().__init__(org, membership, *args, **kwargs)
        activity = kwargs.get("obj")
        categories = list(activity.data_categories) if activity is not None else []
        names = {str(c.id): c.name for c in categories}
        if not self.is_submitted():
            stored = (activity.retention_by_category or {}) if activity is not None else {}
            while self.category_retention.entries:
                self.category_retention.pop_entry()
            for category in categories:
                self.category_retention.append_entry(
                    {"category_id": str(category.id), "period": stored.get(str(category.id), "")}
                )
        for entry in self.category_retention:
            entry.form.period.label.text = names.get(entry.form.category_id.data or "", _l("Onbekende categorie"))

    def activity_data(self) -> dict:
        data = super().activity_data()
        entries = data.pop("category_retention") or []
        data["retention_by_category"] = {
            str(e["category_id"]): e["period"] for e in entries if e.get("category_id") and e.get("period")
        }
        return data


class EndForm(FlaskForm):
    end_date = DateField(_l("Einddatum"), validators=[DataRequired(), plausible_date])
    replaced_by_id = SelectField(
        _l("Vervangen door"),
        coerce=int,
        validators=[Optional()],
        description=_l("Optioneel: de verwerking die deze vervangt."),
    )


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Toelichting"), validators=[Optional(), Length(max=2000)], filters=NONE)


STEPS: tuple[tuple[str, object, type[StepForm] | None], ...] = (
    ("basis", _l("Basis"), BasicsForm),
    ("doel", _l("Doel en rechtsgrond"), PurposeForm),
    ("gegevens", _l("Gegevens en betrokkenen"), DataForm),
    ("ontvangers", _l("Ontvangers en doorgifte"), RecipientsForm),
    ("bewaring", _l("Bewaring, beveiliging en DPIA"), RetentionForm),
    ("controle", _l("Nakijken"), None),
)
STEP_NAMES = [name for name, _label, _form in STEPS]


def step_form_class(step: str) -> type[StepForm] | None:
    for name, _label, form in STEPS:
        if name == step:
            return form
    raise KeyError(step)
