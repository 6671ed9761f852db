"""Import (upload, map, preview, confirm) and export of the register, for beheerder and functionaris."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from lokaal_avg.audit import services as audit
from lokaal_avg.core.roles import Role
from lokaal_avg.core.tenancy import int_arg, register_scoped_arg, role_required
from lokaal_avg.core.uploads import accepts_upload
from lokaal_avg.exchange import export, services
from lokaal_avg.exchange.fields import FIELDS, IGNORE
from lokaal_avg.exchange.models import RegisterImport
from lokaal_avg.exchange.preview import DEPARTMENTS, LEAVE_OUT, NEW
from lokaal_avg.exchange.reader import MAX_FILE_BYTES, ImportFileError
from lokaal_avg.register.list_views import KIND_TITLES
from lokaal_avg.register.lists import LIST_KINDS, items_of
from lokaal_avg.register.queries import filtered_rows

bp = Blueprint("exchange", __name__, url_prefix="/o/<org_slug>/register")


ACTION_LABELS = {
    "nieuw": _l("Nieuw (concept)"),
    "bijwerken": _l("Bijwerken"),
    "ongewijzigd": _l("Ongewijzigd"),
    "overslaan": _l("Overgeslagen"),
}
CONTROLLER_LABELS = {
    "kbo_number": _l("Ondernemingsnummer (KBO)"),
    "dpo_name": _l("Functionaris voor gegevensbescherming"),
    "dpo_email": _l("E-mail functionaris"),
    "dpo_phone": _l("Telefoon functionaris"),
}
FIELD_LABELS = {
    **{f.key: f.label for f in FIELDS},
    "department_id": _l("Dienst"),
    "national_number_basis": _l("Rijksregisternummer"),
    "dpia_status": _l("DPIA"),
    "replaced_by_id": _l("Plaatsvervangende verwerking"),
}


class UploadForm(FlaskForm):
    file = FileField(_l("Bestand (.xlsx, .xlsm, .ods of .csv)"), validators=[FileRequired(_l("Kies een bestand."))])


def _upload_or_404(import_id: int) -> RegisterImport:
    upload = services.pending_import(g.org, current_user, import_id)
    if upload is None:
        abort(404)
    return upload


@bp.route("/importeren", methods=["GET", "POST"])
@accepts_upload(MAX_FILE_BYTES + 64 * 1024)  # the file and the form fields around it
@login_required
@role_required(Role.ADMIN, Role.DPO)
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        content = form.file.data.read(MAX_FILE_BYTES + 1)
        try:
            started, _plan = services.start_import(g.org, current_user, form.file.data.filename, content)
        except ImportFileError as exc:
            flash(str(exc), "danger")
            return render_template("exchange/upload.html", form=form, error=str(exc)), 422
        return redirect(url_for(".preview", import_id=started.id))
    status = 400 if request.method == "POST" else 200
    return render_template("exchange/upload.html", form=form, error=None), status


@bp.route("/importeren/<int:import_id>", methods=["GET", "POST"])
@login_required
@role_required(Role.ADMIN, Role.DPO)
def preview(import_id: int):
    pending = _upload_or_404(import_id)
    form = FlaskForm()
    try:
        if request.method == "POST":
            if not form.validate_on_submit():
                abort(400)
            mapping = {k.removeprefix("kolom_"): v for k, v in request.form.items() if k.startswith("kolom_")}
            decisions = {k.removeprefix("waarde_"): v for k, v in request.form.items() if k.startswith("waarde_")}
            services.choose(g.org, pending, mapping, decisions)
            return redirect(url_for(".preview", import_id=pending.id))
        plan = services.plan_of(g.org, pending)
    except (ImportFileError, services.RegisterImportError) as exc:
        flash(str(exc), "danger")
        return redirect(url_for(".upload"))
    list_items = {kind: items_of(model, g.org) for kind, (model, _link) in LIST_KINDS.items()}
    list_items[DEPARTMENTS] = sorted(g.org.departments, key=lambda d: d.name.lower())
    return render_template(
        "exchange/preview.html",
        upload=pending,
        plan=plan,
        form=form,
        fields=FIELDS,
        ignore=IGNORE,
        new=NEW,
        leave_out=LEAVE_OUT,
        list_items=list_items,
        list_titles={**KIND_TITLES, DEPARTMENTS: _l("Diensten")},
        controller_labels=CONTROLLER_LABELS,
        action_labels=ACTION_LABELS,
        field_labels=FIELD_LABELS,
    )


@bp.post("/importeren/<int:import_id>/bevestigen")
@login_required
@role_required(Role.ADMIN, Role.DPO)
def confirm(import_id: int):
    pending = _upload_or_404(import_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        plan = services.confirm(g.org, current_user, g.membership, pending)
    except (ImportFileError, services.RegisterImportError) as exc:
        flash(str(exc), "danger")
        return redirect(url_for(".preview", import_id=pending.id))
    flash(
        _(
            "Import van %(file)s uitgevoerd: %(created)s nieuwe en %(updated)s bijgewerkte verwerkingen, als concept.",
            file=pending.filename,
            created=plan.count("nieuw"),
            updated=plan.count("bijwerken"),
        ),
        "success",
    )
    return redirect(url_for("register.index"))


@bp.get("/exporteren/<fmt>")
@login_required
def download(fmt: str):
    """The register as filtered on the register page, in one of the export formats."""
    if fmt not in export.FORMATS:
        abort(404)
    rows = filtered_rows(g.org, request.args, int_arg("dienst"))
    activities = [r.activity for r in rows]
    content = export.export_register(g.org, activities, fmt)
    filename = export.filename_for(g.org, fmt)
    audit.record(
        g.org,
        current_user,
        "export",
        g.org,
        {"format": [None, fmt], "activities": [None, len(activities)]},
        target_label=filename,
    )
    mimetype = export.FORMATS[fmt][0]
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


register_scoped_arg("import_id", RegisterImport)
