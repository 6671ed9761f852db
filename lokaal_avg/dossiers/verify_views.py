"""The page where anyone with access to the organisation checks a dossier file by uploading it."""

from __future__ import annotations

from flask import current_app, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge

from lokaal_avg.audit import services as audit
from lokaal_avg.core.uploads import accepts_upload
from lokaal_avg.dossiers import verify
from lokaal_avg.dossiers.blueprint import bp

# Room for the form fields around the file in the multipart body.
FORM_OVERHEAD = 64 * 1024


class VerifyForm(FlaskForm):
    dossier_file = FileField(
        _l("Dossierbestand (PDF)"),
        validators=[FileRequired(_l("Kies het bestand dat u wilt controleren."))],
        description=_l("Het bestand wordt niet bewaard: lokaal_avg berekent alleen de vingerafdruk."),
    )


def max_bytes() -> int:
    return int(current_app.config.get("DOSSIER_VERIFY_MAX_BYTES", verify.DEFAULT_MAX_BYTES))


def _too_large_message() -> str:
    limit = max_bytes()
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"
    return _(
        "Het bestand is groter dan %(size)s. Zo groot is geen dossier van lokaal_avg: controleer of u het "
        "juiste bestand koos.",
        size=size,
    )


def _too_large_page():
    form = VerifyForm(formdata=None)  # the body is never read
    form.dossier_file.errors = [_too_large_message()]
    return render_template("dossiers/verify.html", form=form, result=None), 413


@bp.route("/controleren", methods=["GET", "POST"])
@accepts_upload(lambda: max_bytes() + FORM_OVERHEAD, too_large=lambda: _too_large_page())
@login_required
def verify_file():
    # Refuse a huge upload before it is read, not after it was spooled to disk.
    request.max_content_length = max_bytes() + FORM_OVERHEAD
    form = VerifyForm()
    result, status = None, 200
    try:
        if form.validate_on_submit():
            result = verify.verify(g.org, form.dossier_file.data.stream, max_bytes())
            if result.dossier is not None:
                audit.record(g.org, current_user, "verify", result.dossier, {"sha256": [None, result.sha256]})
        elif form.is_submitted():
            status = 400
    except (RequestEntityTooLarge, verify.TooLarge):
        form.dossier_file.errors = [_too_large_message()]
        status = 413
    return render_template("dossiers/verify.html", form=form, result=result), status
