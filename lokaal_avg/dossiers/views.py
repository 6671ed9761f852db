"""Views of this feature (being built)."""

from flask import Blueprint

bp = Blueprint("dossiers", __name__, url_prefix="/o/<org_slug>/dossiers")
