"""The confirmation step before a member is removed.

Removing a member takes away their access at once, so the list links here first; the page
says what will happen and holds the real (POST) button. It works without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import login_required

from lokaal_avg.accounts.models import Membership
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import get_for_org_or_404, role_required

bp = Blueprint("members", __name__, url_prefix="/o/<org_slug>/leden")


@bp.get("/<int:membership_id>/verwijderen")
@login_required
@role_required(Role.ADMIN)
def confirm_remove(membership_id: int):
    membership = get_for_org_or_404(Membership, membership_id)
    return render_template("organisations/member_remove.html", membership=membership, org=g.org)
