"""Hostile values in every field of every POST route: a clear 4xx or a normal answer, never a 500,
and a refused post writes nothing.

The routes come from app.url_map; the fields of each from the form its page shows (the page with
the same address, or the page that links to it), plus every field any form of the application
declares. One field at a time gets a hostile value while the others keep what the page showed,
so the other fields' validation does not hide a problem with this one.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote_from_bytes

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from lokaal_avg import create_app
from lokaal_avg.core.db import Base
from lokaal_avg.core.extensions import db
from lokaal_avg.jobs.models import Job
from tests.test_tenancy import build_path, objects_in, plain_args  # noqa: F401 - fixtures used below

HOSTILE = {
    "nul": "voor\x00na",
    "long": "x" * 100_000,
    "huge_number": "9" * 40,
    "negative": "-2147483649",
    "far_future": "99999-12-31",
    "far_past": "0001-01-01",
    "control": "\x1b[2J\u202e\ufeff",
}
TEN_MB = "y" * (10 * 1024 * 1024)
INVALID_UTF8 = b"\xff\xfe\xc3\x28"

# Tables that a refused post may still touch: none. Job and dossier tables are included on purpose.
SKIP_LOGIN_ROUTES = {"/login", "/logout"}


def post_rules() -> list:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "ARGON2_PROFILE": "CHEAPEST"})
    rules = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.rule not in SKIP_LOGIN_ROUTES:
            rules.append(pytest.param(rule.rule, id=rule.rule))
    return rules


def all_form_field_names() -> set[str]:
    """Every field name any form of the application declares (import the form modules first)."""
    import flask_wtf

    import lokaal_avg.accounts.forms
    import lokaal_avg.channels.forms
    import lokaal_avg.organisations.forms
    import lokaal_avg.processors.forms
    import lokaal_avg.register.forms
    import lokaal_avg.register.list_views
    import lokaal_avg.remediation.forms  # noqa: F401

    names: set[str] = set()
    stack = list(flask_wtf.FlaskForm.__subclasses__())
    while stack:
        form_class = stack.pop()
        stack.extend(form_class.__subclasses__())
        names.update(n for n in dir(form_class) if hasattr(getattr(form_class, n, None), "field_class"))
    return names - {"csrf_token"}


def snapshot() -> str:
    """A digest of every row of every table."""
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        for row in db.session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def baseline(client, path: str) -> MultiDict | None:
    """What the form that posts to this address sends as shown: on its own page or on the page above it."""
    import lxml.html

    parts = path.rstrip("/").split("/")
    above = ["/".join(parts[:n]) for n in range(len(parts) - 1, 1, -1)]
    candidates = [path, *(p + suffix for p in above for suffix in ("", "/"))]
    for candidate in candidates:
        response = client.get(candidate)
        if response.status_code != 200:
            continue
        for form in lxml.html.fromstring(response.get_data(as_text=True)).forms:
            action = form.get("action") or candidate
            if action.rstrip("/") == path.rstrip("/"):
                return MultiDict(form.form_values())
    return None


def post_raw(client, path: str, fields: MultiDict, hostile_name: str, raw: bytes):
    body = "&".join(
        f"{quote_from_bytes(k.encode())}={quote_from_bytes(v.encode('utf-8', 'surrogatepass'))}"
        for k, v in fields.items(multi=True)
        if k != hostile_name
    )
    body += f"&{quote_from_bytes(hostile_name.encode())}={quote_from_bytes(raw)}"
    return client.post(path, data=body, content_type="application/x-www-form-urlencoded", csrf=False)


@pytest.fixture
def hostile_world(app, client, login, create_org, create_user, objects_in, plain_args):  # noqa: F811
    org = create_org(slug="vijandig")
    ids = objects_in(org)
    user = create_user(org=org, role="beheerder")
    login(user)
    with app.app_context():
        failed = Job(kind="dossier", organisation_id=org.id, created_by_id=user.id, state="mislukt", params={})
        db.session.add(failed)
        db.session.commit()
        ids["job_id"] = failed.id
    # Routes outside the organisation (tokens, platform administration): unknown tokens and ids of
    # this world; a beheerder is no platform administrator, so those are refused without writing.
    outside = {"token": "onbekend-token-" + "x" * 32, "org_id": org.id, "user_id": user.id, "invitation_id": 1}
    return org, {**plain_args, **outside, **ids, "code": "en"}


def body_limit(app, rule: str) -> int:
    endpoint = next(r.endpoint for r in app.url_map.iter_rules() if r.rule == rule)
    limit, _too_large = getattr(app.view_functions[endpoint], "max_request_bytes", (None, None))
    if limit is None:
        return app.config["MAX_CONTENT_LENGTH"]
    with app.app_context():
        return limit() if callable(limit) else limit


def has_own_too_large_page(app, rule: str) -> bool:
    endpoint = next(r.endpoint for r in app.url_map.iter_rules() if r.rule == rule)
    return getattr(app.view_functions[endpoint], "max_request_bytes", (None, None))[1] is not None


class Witness:
    """Keeps the database's digest; a refused post must leave it as it was."""

    def __init__(self, app) -> None:
        self.app = app
        self.digest = self._take()

    def _take(self) -> str:
        with self.app.app_context():
            return snapshot()

    def check(self, response, what: str) -> None:
        assert response.status_code < 500, f"{what}: {response.status_code}"
        now = self._take()
        if response.status_code >= 400:
            assert now == self.digest, f"{what}: refused with {response.status_code} but wrote to the database"
        self.digest = now


@pytest.mark.slow
@pytest.mark.parametrize("rule", post_rules())
def test_hostile_values_never_crash_or_half_write(app, client, hostile_world, rule):
    org, values = hostile_world
    path = build_path(rule, org.slug, values)
    witness = Witness(app)
    # A body larger than the limit (an upload route's own one where larger) is refused as a whole, with a page
    # that says so.
    body = TEN_MB if body_limit(app, rule) < len(TEN_MB) else "y" * (body_limit(app, rule) + 1024 * 1024)
    huge = client.post(path, data={"csrf_token": client.csrf_token(), "description": body}, csrf=False)
    assert huge.status_code == 413
    if not has_own_too_large_page(app, rule):
        assert "Te veel gegevens in één keer" in huge.get_data(as_text=True)
    witness.check(huge, f"{rule} 10 MB body")

    start = baseline(client, path)
    witness = Witness(app)  # showing a page may write (a dashboard's daily figures): start counting after it
    if start is None:
        # A button-only route: each hostile value goes into every field name any form knows, at once.
        for label, value in HOSTILE.items():
            fields = MultiDict(dict.fromkeys(all_form_field_names(), value))
            fields["csrf_token"] = client.csrf_token()
            witness.check(client.post(path, data=fields, csrf=False), f"{rule} every field={label}")
        return
    for name in sorted(start.keys()):
        if name.endswith("csrf_token"):
            continue
        for label, value in HOSTILE.items():
            fields = MultiDict(start)
            fields.setlist(name, [value])
            witness.check(client.post(path, data=fields, csrf=False), f"{rule} {name}={label}")
        witness.check(post_raw(client, path, start, name, INVALID_UTF8), f"{rule} {name}=invalid utf-8")


def test_nul_byte_in_an_organisation_slug_is_not_found(client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    for path in (f"/o/{org.slug}%00/register/", "/o/%00/register/", f"/o/{'a' * 5000}/register/"):
        assert client.get(path).status_code == 404
        assert client.post(path).status_code in (404, 405)


def test_too_long_text_gets_a_clear_message_and_keeps_the_stored_text(
    app, client, login, create_org, create_user, create_activity
):
    from lokaal_avg.register.models import ProcessingActivity

    org = create_org()
    activity = create_activity(org, purposes="Bestaand doel")
    login(create_user(org=org, role="beheerder"))
    response = client.post(f"/o/{org.slug}/register/{activity.id}/stap/doel", data={"purposes": "z" * 10_001})
    assert response.status_code == 200
    assert "Hoogstens 10000 tekens; u typte er 10001." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ProcessingActivity, activity.id).purposes == "Bestaand doel"
