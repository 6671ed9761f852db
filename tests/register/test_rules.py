"""The register rules of DOMAIN.md, as the user sees them beside the entry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lokaal_avg.core.db import utcnow
from lokaal_avg.register import rules
from lokaal_avg.register.models import DataCategory, ProcessingActivity, RecipientCategory, SubjectCategory


def complete_activity(**overrides) -> ProcessingActivity:
    values = dict(
        name="Bewonerskaarten",
        reference="MO-01",
        department_id=1,
        responsible_person="Dienst mobiliteit",
        description="Aanvragen van bewonerskaarten.",
        role="verwerkingsverantwoordelijke",
        purposes="Parkeren.",
        legal_basis="e",
        legal_reference="Gemeentelijk reglement",
        source="Betrokkene",
        collection_channels=["e_loket"],
        estimated_subjects="1000-10000",
        third_country_transfers=False,
        retention="5 jaar",
        retention_end_action="vernietigen",
        security_measures="Toegangsbeheer",
        systems="Parkeertoepassing",
        dpia_status="niet_nodig",
        dpia_criteria=[],
        status="concept",
        status_changed_at=utcnow(),
    )
    values.update(overrides)
    activity = ProcessingActivity(**values)
    activity.subject_categories = [SubjectCategory(code="inwoners", name="Inwoners")]
    activity.data_categories = [DataCategory(code="identificatie", name="Identificatie")]
    activity.recipient_categories = [RecipientCategory(code="interne_diensten", name="Interne diensten")]
    return activity


def test_complete_entry_scores_100():
    result = rules.completeness(complete_activity())
    assert result.score == 100
    assert result.mandatory_complete


def test_missing_mandatory_field_weighs_more_than_recommended():
    without_retention = rules.completeness(complete_activity(retention=None))
    without_reference = rules.completeness(complete_activity(reference=None))
    assert [r.field for r in without_retention.missing_mandatory] == ["retention"]
    assert without_reference.mandatory_complete
    assert without_retention.score < without_reference.score < 100


def test_unanswered_transfer_question_is_missing_but_no_is_an_answer():
    assert "third_country_transfers" in [
        r.field for r in rules.completeness(complete_activity(third_country_transfers=None)).missing_mandatory
    ]
    yes_without_details = complete_activity(third_country_transfers=True, transfer_details=None)
    assert "third_country_transfers" in [r.field for r in rules.completeness(yes_without_details).missing_mandatory]


def test_joint_controllers_required_only_for_joint_role():
    joint = complete_activity(role="gezamenlijk_verantwoordelijke", joint_controllers=None)
    assert [r.field for r in rules.completeness(joint).missing_mandatory] == ["joint_controllers"]


def codes(activity) -> set[str]:
    return {w.code for w in rules.warnings(activity)}


def test_legitimate_interest_is_flagged_for_a_government():
    assert "legitimate_interest" in codes(complete_activity(legal_basis="f"))
    assert "legitimate_interest" not in codes(complete_activity(legal_basis="e"))


@pytest.mark.parametrize(
    ("flag", "basis_field", "code"),
    [
        ("special", "special_category_exception", "special_without_exception"),
        ("criminal", "criminal_data_basis", "criminal_without_basis"),
        ("national_number", "national_number_basis", "national_number_without_basis"),
    ],
)
def test_sensitive_categories_need_their_basis(flag, basis_field, code):
    activity = complete_activity()
    activity.data_categories = [DataCategory(code="x", name="X", **{flag: True})]
    assert code in codes(activity)
    setattr(activity, basis_field, "Art. 9.2.g AVG juncto decreet")
    assert code not in codes(activity)


def test_two_dpia_criteria_make_a_dpia_likely_until_a_decision_is_recorded():
    one = complete_activity(dpia_criteria=["grote_schaal"], dpia_status=None)
    two = complete_activity(dpia_criteria=["grote_schaal", "kwetsbare_betrokkenen"], dpia_status=None)
    assert "dpia_needed" not in codes(one)
    assert "dpia_needed" in codes(two)
    two.dpia_status = "gepland"
    assert "dpia_needed" not in codes(two)


def test_review_due_after_twelve_months_for_approved_entries():
    fresh = complete_activity(status="goedgekeurd", last_reviewed_at=utcnow() - timedelta(days=30))
    stale = complete_activity(status="goedgekeurd", last_reviewed_at=utcnow() - timedelta(days=400))
    concept = complete_activity(status="concept", last_reviewed_at=utcnow() - timedelta(days=400))
    assert not rules.review_due(fresh)
    assert rules.review_due(stale)
    assert not rules.review_due(concept)


def test_register_score_ignores_ended_entries():
    ended = complete_activity(status="beeindigd", retention=None, security_measures=None)
    assert rules.register_score([complete_activity(), ended]) == 100
    assert rules.register_score([]) is None


def test_still_to_assess_is_no_dpia_decision_and_not_needed_needs_reasons():
    activity = complete_activity(dpia_criteria=["grote_schaal", "koppeling_datasets"], dpia_status="te_beoordelen")
    assert "dpia_needed" in codes(activity)
    activity.dpia_status = "niet_nodig"
    assert "dpia_needed" in codes(activity)
    activity.dpia_decision = "Enkel geaggregeerde cijfers; geen profilering."
    assert "dpia_needed" not in codes(activity)


def test_minors_and_special_data_count_in_the_dpia_screening():
    activity = complete_activity(minors=True, dpia_criteria=[], dpia_status=None)
    activity.data_categories = [DataCategory(code="gezondheid", name="Gezondheid", special=True)]
    activity.special_category_exception = "Art. 9.2.h AVG"
    assert rules.dpia_criteria_met(activity) == {"kwetsbare_betrokkenen", "gevoelige_gegevens"}
    assert "dpia_needed" in codes(activity)
