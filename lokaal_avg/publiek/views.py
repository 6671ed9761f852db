"""The public register without login: /publiek/<slug>/ as a page, as JSON and as JSON-LD (DPV).

Served from the database with validators (ETag, Last-Modified) and a short public cache
lifetime; in the reader's language (Accept-Language, or ?lang=); printable.
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import force_locale
from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.exchange.export import jsonld_document
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.publiek import services

bp = Blueprint("publiek", __name__, url_prefix="/publiek")
CACHE_SECONDS = 300


def _published_org(public_slug: str) -> Organisation:
    org = db.session.scalars(select(Organisation).where(Organisation.slug == public_slug)).first()
    if org is None or not services.is_published(org):
        abort(404)
    return org


def _reader_locale() -> str:
    languages = list(current_app.config["LANGUAGES"])
    chosen = request.args.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _cached(body: str | bytes, mimetype: str, org: Organisation, activities) -> Response:
    response = Response(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(body if isinstance(body, bytes) else body.encode()).hexdigest())
    response.last_modified = services.last_modified(org, activities)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    response.vary.add("Accept-Language")
    return response.make_conditional(request)


@bp.get("/<public_slug>/")
def register(public_slug: str):
    org = _published_org(public_slug)
    activities = services.public_activities(org)
    locale = _reader_locale()
    with force_locale(locale):
        views = [services.citizen_view(a) for a in activities]
        html = render_template(
            "publiek/register.html", org=org, views=views, rights=services.rights_text(), locale=locale
        )
    return _cached(html, "text/html", org, activities)


@bp.get("/<public_slug>/register.json")
def register_json(public_slug: str):
    org = _published_org(public_slug)
    activities = services.public_activities(org)
    with force_locale(_reader_locale()):
        body = json.dumps(services.public_document(org, activities), ensure_ascii=False, indent=2)
    return _cached(body, "application/json", org, activities)


@bp.get("/<public_slug>/register.jsonld")
def register_jsonld(public_slug: str):
    org = _published_org(public_slug)
    activities = services.public_activities(org)
    document = jsonld_document(org, activities, public=True)
    document.pop("dct:issued", None)  # the same register gives the same bytes (and ETag)
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return _cached(body, "application/ld+json", org, activities)
