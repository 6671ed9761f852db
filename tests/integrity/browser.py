"""A small stand-in for a person's browser: read a form from a page, change some fields, send it back."""

from __future__ import annotations

import lxml.html
from werkzeug.datastructures import MultiDict


def form_values(page: str, containing: str | None = None) -> MultiDict:
    """What a browser submits for the page's main form: the first with a field named `containing`,
    by default the edit or creation form (it carries loaded_version or form_token)."""
    document = lxml.html.fromstring(page)
    wanted = (containing,) if containing else ("loaded_version", "form_token")
    for name in wanted:
        for form in document.forms:
            if name in set(form.fields.keys()):
                return MultiDict(form.form_values())
    raise AssertionError(f"no form with a field {wanted} on the page")


def submit(client, url: str, page: str | None = None, changes: dict | None = None, containing: str | None = None):
    """Load the form at url (or use page, as loaded earlier), apply changes and post it as the browser would."""
    html = page if page is not None else client.get(url).get_data(as_text=True)
    values = form_values(html, containing)
    for name, value in (changes or {}).items():
        values.setlist(name, value if isinstance(value, list) else [value])
    return client.post(url, data=values, csrf=False)


def second_browser(app, user):
    """Another client (its own cookies and session), signed in as user."""
    from tests.conftest import TEST_PASSWORD

    other = app.test_client()
    response = other.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return other
