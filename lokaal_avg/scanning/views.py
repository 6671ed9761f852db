"""Views of this feature (being built)."""

from flask import Blueprint

bp = Blueprint("scanning", __name__, url_prefix="/o/<org_slug>/scanning")
