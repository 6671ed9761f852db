"""The remediation blueprint: organisation pages under /o/<org_slug>/acties, and personal pages.

No url_prefix: the personal pages (the cross-organisation "Mijn acties", the DPO's portfolio,
the calendar feed) live outside any organisation, while the nav expects `remediation.plan`.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("remediation", __name__)

ORG = "/o/<org_slug>/acties"


@bp.record_once
def _template_helpers(state) -> None:
    """Labels for every template, and the "Acties" block of a register entry."""
    from lokaal_avg.remediation import choices
    from lokaal_avg.remediation.finding_texts import finding_text, scan_status_text
    from lokaal_avg.remediation.queries import actions_of_activity

    state.app.add_template_global(choices, "remediation_choices")
    state.app.add_template_global(actions_of_activity, "remediation_actions_of_activity")
    # A finding's title, risk or fix in the reader's language, also for the finding summaries a scan keeps.
    state.app.add_template_global(finding_text, "finding_text")
    state.app.add_template_global(scan_status_text, "scan_status_text")
