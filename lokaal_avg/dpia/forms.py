"""Forms of the DPIA: content, a risk, the DPO's advice, the controller's decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lokaal_avg.core.forms import empty_to_none, long_text
from lokaal_avg.dpia.scale import LIKELIHOOD_LABELS, SCALE, SEVERITY_LABELS

NONE = [empty_to_none]
DECISION_LABELS = {
    "doorgaan": _l("Doorgaan met de verwerking, met de maatregelen"),
    "raadpleging": _l("Doorgaan na voorafgaande raadpleging van de toezichthouder (art. 36)"),
    "niet_doorgaan": _l("Niet doorgaan met de verwerking"),
}


def _scale_choices(labels) -> list[tuple[int, str]]:
    return [(n, f"{n} – {labels[n]}") for n in SCALE]


class ContentForm(FlaskForm):
    description = TextAreaField(
        _l("Systematische beschrijving van de verwerking"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Art. 35, lid 7, a: wat er gebeurt met welke gegevens, van wie, met welke middelen."),
    )
    purposes = TextAreaField(_l("Doeleinden"), validators=[Optional(), long_text()], filters=NONE)
    necessity = TextAreaField(
        _l("Noodzaak"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Art. 35, lid 7, b: waarom de verwerking nodig is voor het doel, en waarom zo veel gegevens."),
    )
    proportionality = TextAreaField(
        _l("Evenredigheid"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Bewaartermijn, informatie aan de betrokkenen, hun rechten, minder ingrijpende alternatieven."),
    )
    review_on = DateField(
        _l("Herbeoordelen op"),
        validators=[Optional()],
        description=_l("Herbeoordeel ook eerder wanneer het risico verandert."),
    )
    consultation_sent_on = DateField(_l("Toezichthouder geraadpleegd op"), validators=[Optional()])
    consultation_reference = StringField(
        _l("Referentie van de raadpleging"), validators=[Optional(), Length(max=100)], filters=NONE
    )
    consultation_outcome = TextAreaField(
        _l("Antwoord van de toezichthouder"), validators=[Optional(), long_text()], filters=NONE
    )

    def content_data(self) -> dict:
        return {
            name: getattr(self, name).data
            for name in (
                "description",
                "purposes",
                "necessity",
                "proportionality",
                "review_on",
                "consultation_sent_on",
                "consultation_reference",
                "consultation_outcome",
            )
        }


class RiskForm(FlaskForm):
    title = StringField(
        _l("Risico"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("Voor de betrokkenen, bv. 'Onrechtmatige toegang tot camerabeelden'."),
    )
    description = TextAreaField(_l("Toelichting"), validators=[Optional(), long_text()], filters=NONE)
    likelihood = RadioField(_l("Waarschijnlijkheid"), coerce=int, choices=_scale_choices(LIKELIHOOD_LABELS), default=2)
    severity = RadioField(_l("Ernst"), coerce=int, choices=_scale_choices(SEVERITY_LABELS), default=2)
    measures = TextAreaField(
        _l("Maatregelen"),
        validators=[Optional(), long_text()],
        filters=NONE,
        description=_l("Wat het risico wegneemt of verkleint (art. 35, lid 7, d)."),
    )
    residual_likelihood = RadioField(
        _l("Waarschijnlijkheid na maatregelen"), coerce=int, choices=_scale_choices(LIKELIHOOD_LABELS), default=1
    )
    residual_severity = RadioField(
        _l("Ernst na maatregelen"), coerce=int, choices=_scale_choices(SEVERITY_LABELS), default=1
    )

    def risk_data(self) -> dict:
        return {
            name: getattr(self, name).data
            for name in (
                "title",
                "description",
                "likelihood",
                "severity",
                "measures",
                "residual_likelihood",
                "residual_severity",
            )
        }


class AdviceForm(FlaskForm):
    dpo_advice = TextAreaField(
        _l("Advies van de functionaris voor gegevensbescherming"),
        validators=[DataRequired(message=_l("Schrijf het advies uit.")), long_text()],
        description=_l("Art. 35, lid 2: de verwerkingsverantwoordelijke vraagt het advies van de functionaris."),
    )


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Beslissing van de verwerkingsverantwoordelijke"),
        choices=list(DECISION_LABELS.items()),
        validators=[DataRequired(message=_l("Kies een beslissing."))],
    )
    decision_reasons = TextAreaField(
        _l("Motivering"), validators=[DataRequired(message=_l("Motiveer de beslissing.")), long_text()]
    )
    review_on = DateField(
        _l("Herbeoordelen op"),
        validators=[Optional()],
        description=_l("Leeg: over een jaar."),
    )
