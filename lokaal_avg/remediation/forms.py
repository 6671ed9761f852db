"""Forms of the action plan. Choices come from the organisation only, so a foreign id is refused."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lokaal_avg.accounts.models import Membership
from lokaal_avg.channels.models import Channel
from lokaal_avg.core.concurrency import VersionedFormMixin
from lokaal_avg.core.extensions import db
from lokaal_avg.core.forms import empty_to_none, long_text, plausible_date
from lokaal_avg.core.idempotency import OneTimeFormMixin
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import ProcessingActivity, Status
from lokaal_avg.remediation.choices import PRIORITY_LABELS, SEVERITY_LABELS, STATUS_LABELS

NONE_CHOICE = (0, _l("— geen —"))
NOBODY_CHOICE = (0, _l("— nog niemand —"))


def member_choices(members: list[Membership], empty=NOBODY_CHOICE) -> list[tuple[int, Any]]:
    return [empty] + [(m.user_id, f"{m.user.name} ({m.role_label})") for m in members]


class ActionForm(OneTimeFormMixin, VersionedFormMixin, FlaskForm):
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(), Length(max=300)],
        description=_l(
            "Wat moet er gebeuren, kort en concreet, bv. 'Verwerkersovereenkomst met Loketwerk vernieuwen'."
        ),
    )
    description = TextAreaField(
        _l("Omschrijving"),
        validators=[Optional(), long_text()],
        filters=[empty_to_none],
        description=_l("Wat is het probleem, wat is de oplossing en hoe toont u aan dat het klaar is?"),
    )
    activity_id = SelectField(_l("Verwerking"), coerce=int, validators=[Optional()])
    channel_id = SelectField(_l("Kanaal"), coerce=int, validators=[Optional()])
    processor_id = SelectField(_l("Verwerker"), coerce=int, validators=[Optional()])
    department_id = SelectField(
        _l("Dienst"),
        coerce=int,
        validators=[Optional()],
        description=_l("Leeg laten: de dienst van de gekozen verwerking of het gekozen kanaal."),
    )
    assignee_id = SelectField(
        _l("Toegewezen aan"),
        coerce=int,
        validators=[Optional()],
        description=_l("Die persoon krijgt een e-mail met een link naar de actie."),
    )
    priority = SelectField(
        _l("Prioriteit"),
        choices=list(PRIORITY_LABELS.items()),
        default="midden",
        description=_l("Bepaalt de standaarddeadline: hoog 30 dagen, midden 90 dagen, laag 180 dagen."),
    )
    due_date = DateField(
        _l("Deadline"),
        validators=[Optional(), plausible_date],
        description=_l("Leeg laten: de deadline volgt uit de prioriteit (hoog 30, midden 90, laag 180 dagen)."),
    )

    def __init__(self, org: Organisation, members: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = kwargs.get("obj")
        current_activity = action.activity_id if action is not None else None
        self.activity_id.choices = [NONE_CHOICE] + [
            (a.id, str(a))
            for a in db.session.scalars(
                select(ProcessingActivity)
                .where(
                    ProcessingActivity.organisation_id == org.id,
                    # an ended entry stays selectable for the action that already points at it
                    (ProcessingActivity.status != Status.ENDED) | (ProcessingActivity.id == current_activity),
                )
                .order_by(ProcessingActivity.name)
            )
        ]
        self.channel_id.choices = [NONE_CHOICE] + [
            (c.id, c.name)
            for c in db.session.scalars(select(Channel).where(Channel.organisation_id == org.id).order_by(Channel.name))
        ]
        self.processor_id.choices = [NONE_CHOICE] + [
            (p.id, p.name)
            for p in db.session.scalars(
                select(Processor).where(Processor.organisation_id == org.id).order_by(Processor.name)
            )
        ]
        self.department_id.choices = [NONE_CHOICE] + [(d.id, d.name) for d in org.departments]
        self.assignee_id.choices = member_choices(members)
        if action is not None and action.assignee_id and action.assignee_id not in {m.user_id for m in members}:
            # Shown, not silently dropped: saving asks for someone who can still work on it.
            self.assignee_id.choices.append(
                (action.assignee_id, _l("%(name)s (kan geen acties meer uitvoeren)", name=action.assignee.name))
            )

    def action_data(self) -> dict[str, Any]:
        """Values by model attribute; 0 in a select means none."""
        data = {name: self[name].data for name in ("title", "description", "priority", "due_date")}
        for name in ("activity_id", "channel_id", "processor_id", "department_id", "assignee_id"):
            data[name] = self[name].data or None
        return data


class StatusForm(FlaskForm):
    status = SelectField(_l("Nieuwe status"), validators=[DataRequired()])
    note = TextAreaField(
        _l("Toelichting"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Verplicht bij 'niet van toepassing' (de motivering). Anders bewaard als opmerking."),
    )

    def __init__(self, allowed: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="status", **kwargs)
        # No preselected status: a stray click on "bewaren" must not change anything.
        self.status.choices = [("", _l("— kies —"))] + [(s, STATUS_LABELS[s]) for s in allowed]


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Opmerking"), validators=[DataRequired(), Length(max=5000)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="comment", **kwargs)


class BulkForm(FlaskForm):
    severity = SelectField(_l("Ernst"), choices=list(SEVERITY_LABELS.items()), default="kritiek")
    source = SelectField(
        _l("Bron"),
        choices=[
            ("", _l("Scans en registercontrole")),
            ("scan", _l("Alleen scans")),
            ("register", _l("Alleen register")),
        ],
        default="",
    )
    assignee_id = SelectField(_l("Toewijzen aan"), coerce=int, validators=[Optional()])

    def __init__(self, members: list[Membership], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="bulk", **kwargs)
        self.assignee_id.choices = member_choices(members)
