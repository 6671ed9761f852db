"""The dossier pages' blueprint; its routes live in views.py (make, list, download) and verify_views.py."""

from flask import Blueprint

bp = Blueprint("dossiers", __name__, url_prefix="/o/<org_slug>/dossiers")
