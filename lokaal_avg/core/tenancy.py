"""Tenant resolution and scoped loading.

Every organisation-scoped URL starts with /o/<org_slug>/. The slug is resolved once per
request against the current user's memberships: a user who is not a member gets a 404,
the same answer as for an organisation that does not exist. Views then load objects only
through get_for_org_or_404(), so another organisation's object is a 404 as well.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, request
from flask_login import current_user
from sqlalchemy import select

from lokaal_avg.core.extensions import db, login_manager
from lokaal_avg.core.roles import Role

ModelT = TypeVar("ModelT")


# URL arguments that name an organisation-owned object: name -> model, or a function of the
# URL values that returns the model. Registered by the features (see register_scoped_arg).
SCOPED_ARGS: dict[str, Any] = {}


def register_scoped_arg(name: str, model: Any) -> None:
    """Declare that URL argument `name` is the id of an object owned by the organisation.

    Every such argument is checked against g.org before the view runs, so a foreign id is
    a 404 for every role, whatever the view's own checks.
    """
    SCOPED_ARGS[name] = model


MembershipLoader = Callable[[Any, str], Any]


def init_tenancy(app: Flask, find_membership: MembershipLoader) -> None:
    """find_membership(user, slug) returns the user's membership of that organisation, or None.

    The accounts package provides it: core knows no feature, the memberships live above it.
    """
    app.extensions["lokaal_avg.find_membership"] = find_membership
    app.url_value_preprocessor(_resolve_organisation)
    app.url_defaults(_add_organisation_slug)


def _resolve_organisation(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if not values or "org_slug" not in values:
        return
    slug = values.pop("org_slug")
    if not _plausible_slug(slug):  # NUL, control characters or a page of text: no organisation is called that
        abort(404)
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    membership = current_app.extensions["lokaal_avg.find_membership"](current_user, slug)
    if membership is None:
        abort(404)
    g.membership = membership
    g.org = membership.organisation
    if not g.org.active and request.method not in ("GET", "HEAD", "OPTIONS"):
        abort(_read_only_response())
    for name, target in SCOPED_ARGS.items():
        if name in values:
            model = target if isinstance(target, type) else target(values)
            if model is None or not _owned(model, values[name], g.org.id):
                abort(404)


MAX_SLUG_LENGTH = 60  # the column's size


def _plausible_slug(slug: str) -> bool:
    return 0 < len(slug) <= MAX_SLUG_LENGTH and slug.isprintable()


def _read_only_response():
    """A deactivated organisation is kept and readable, but nothing in it changes any more."""
    from flask import make_response, render_template
    from flask_babel import gettext as _

    page = render_template(
        "errors/error.html",
        title=_("Organisatie gedeactiveerd"),
        message=_("Deze organisatie is gedeactiveerd: u kunt alles nog lezen en downloaden, maar niets wijzigen."),
    )
    return make_response(page, 403)


# Ids are 32-bit integers in the database; anything outside that range cannot exist.
MAX_ID = 2**31 - 1


def valid_id(value: Any) -> bool:
    return isinstance(value, int) and 1 <= value <= MAX_ID


def _owned(model: Any, object_id: Any, org_id: int) -> bool:
    if not valid_id(object_id):
        return False
    return db.session.scalar(select(model.id).where(model.id == object_id, model.organisation_id == org_id)) is not None


def _add_organisation_slug(endpoint: str, values: dict[str, Any]) -> None:
    if "org_slug" in values or not g.get("org"):
        return
    rules = current_app.url_map._rules_by_endpoint.get(endpoint, [])
    if any("org_slug" in rule.arguments for rule in rules):
        values["org_slug"] = g.org.slug


def get_for_org_or_404(model: type[ModelT], object_id: int, org: Any | None = None) -> ModelT:
    """Load model by id within the organisation; anything else is a 404."""
    org = org or g.org
    if not valid_id(object_id):
        abort(404)
    obj = db.session.scalars(
        select(model).where(model.id == object_id, model.organisation_id == org.id)  # type: ignore[attr-defined]
    ).first()
    if obj is None:
        abort(404)
    return obj


def role_required(*roles: Role) -> Callable:
    """Coarse gate for organisation-scoped views: the member's role must be one of roles."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.membership.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def has_role(*roles: Role) -> bool:
    membership = g.get("membership")
    return membership is not None and membership.role in roles


def int_arg(name: str, default: int | None = None, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """An integer query parameter, or default when it is absent, malformed or out of range."""
    from flask import request

    value = request.args.get(name, type=int)
    if value is None or not minimum <= value <= maximum:
        return default
    return value
