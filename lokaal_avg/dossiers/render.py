"""Rendering a dossier to PDF/A-3 with WeasyPrint, the register embedded as JSON.

The HTML comes from templates/dossiers/pdf/ through a Jinja environment of its own: every
printed value passes a finalize step that removes soft hyphens and control characters from
user text (WeasyPrint 70 miscomputes table widths when a cell holds U+00AD) on top of the
usual autoescaping. Fonts and the stylesheet come from static/ through StaticOnlyFetcher.
Two more WeasyPrint 70 problems are handled here: the duplicated /AF entries it writes for
PDF/A-3 attachments (removed by a finisher before the file is serialised) and the sRGB
profile it leaves open (our own copy is declared in the stylesheet and named as output intent).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date
from jinja2 import Environment
from markupsafe import Markup
from weasyprint import HTML, Attachment

from lokaal_avg.dossiers import labels, tagging, weasyfix
from lokaal_avg.dossiers.collect import DossierData
from lokaal_avg.dossiers.export import ATTACHMENT_NAME, SCHEMA_VERSION, export_bytes
from lokaal_avg.dossiers.fetcher import StaticOnlyFetcher
from lokaal_avg.register import choices

PDF_VARIANT = "pdf/a-3u"
# Declared in static/css/dossier.css with @color-profile, so that it comes through our fetcher.
OUTPUT_INTENT = "--srgb"
LANG = "nl-BE"
Progress = Callable[[int, int, str | None], None]

# Soft hyphen, C0 controls except tab/newline/carriage return, DEL and C1 controls.
_UNPRINTABLE = re.compile("[\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")
# Not propagated (see lokaal_avg/dossiers/__init__.py); INFO so that our handler sees the pages.
_PROGRESS_LOGGER.setLevel(logging.INFO)
REPORT_INTERVAL = 0.5  # seconds; each report is a committed write in thread and rq mode
_ENV_KEY = "lokaal_avg.dossier_jinja"
weasyfix.apply()


@dataclass(frozen=True)
class RenderedDossier:
    pdf: bytes
    page_count: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def clean_text(value: Any) -> Any:
    """Printed values without soft hyphens or control characters (Markup stays Markup)."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        # Removing characters from already-escaped markup cannot create a tag.
        return Markup(_UNPRINTABLE.sub("", str(value)))  # noqa: S704
    if isinstance(value, str):
        return _UNPRINTABLE.sub("", value)
    return value


def css_string(value: Any) -> Markup:
    """A translated text as a CSS string literal (for page-margin content)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(f'"{text}"')  # noqa: S704 - quoted and escaped for CSS; "<" cannot close the <style>


def long_date(value: date | datetime | None) -> str:
    """29 november 2026: the written-out date of an official document."""
    if value is None:
        return "—"
    return format_date(value.date() if isinstance(value, datetime) else value, "d MMMM yyyy")


def page_of_pages(unit: str = "pagina") -> Markup:
    """CSS content for the footer: the translated "pagina X van Y" (or "blad X van Y") around the counters."""
    from flask_babel import gettext as _

    if unit == "blad":
        text = _("blad %(page)s van %(pages)s", page="\x01", pages="\x02")
    else:
        text = _("pagina %(page)s van %(pages)s", page="\x01", pages="\x02")
    parts = []
    for part in re.split("([\x01\x02])", text):
        if part == "\x01":
            parts.append("counter(page)")
        elif part == "\x02":
            parts.append("counter(pages)")
        elif part:
            parts.append(str(css_string(part)))
    return Markup(" ".join(parts))  # noqa: S704 - CSS string literals and counter() calls only


def dossier_env() -> Environment:
    """The application's Jinja environment with the dossier's finalize step and helpers."""
    app = current_app._get_current_object()
    env = app.extensions.get(_ENV_KEY)
    if env is None:
        env = app.jinja_env.overlay(finalize=clean_text)
        env.filters = {**app.jinja_env.filters, "css_string": css_string, "long_date": long_date}
        env.globals = {
            **app.jinja_env.globals,
            "labels": labels,
            "choices": choices,
            "label": choices.label,
            "page_of_pages": page_of_pages,
        }
        app.extensions[_ENV_KEY] = env
    return env


def static_root() -> Path:
    return Path(current_app.static_folder or "static")


def render_html(data: DossierData, fetcher: StaticOnlyFetcher) -> str:
    name = "dossiers/pdf/sheet.html" if data.scope.is_sheet else "dossiers/pdf/dossier.html"
    with force_locale("nl_BE"):
        return (
            dossier_env()
            .get_template(name)
            .render(
                d=data,
                lang=LANG,
                schema_version=SCHEMA_VERSION,
                attachment_name=ATTACHMENT_NAME,
                base=fetcher.base_url(),
            )
        )


def render_dossier(data: DossierData, progress: Progress | None = None, expected_pages: int = 1) -> RenderedDossier:
    """Render data to PDF/A-3 bytes; progress(done, total, message) follows the layout page by page.

    Everything that reads the database objects in data (the HTML and the JSON) happens before
    the first progress report: in a background job each report commits, which expires them.
    """
    fetcher = StaticOnlyFetcher(static_root())
    html = render_html(data, fetcher)
    attachment = Attachment(
        string=export_bytes(data),
        name=ATTACHMENT_NAME,
        description=f"Verwerkingsregister (art. 30 AVG), machineleesbaar, schema versie {SCHEMA_VERSION}",
        relationship="Data",
        created=data.generated_at,
        modified=data.generated_at,
        url_fetcher=fetcher,
    )
    if progress:
        progress(0, _with_writing(expected_pages), _message("start", 0))
    with _reporting(progress, expected_pages):
        document = HTML(string=html, base_url=fetcher.base_url(), url_fetcher=fetcher).render()
        # Pagination leaves cycles of discarded boxes in the oldest generation, where the collector
        # comes late; collecting them before the PDF is written lowers the peak memory of a
        # 300-activity dossier by about 50 MiB (at the price of a second of CPU).
        del html
        gc.collect()
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            attachments=[attachment],
            output_intent=OUTPUT_INTENT,
            finisher=finish_pdf,
        )
    return RenderedDossier(pdf, len(document.pages))


def finish_pdf(document: Any, pdf: Any) -> None:
    """write_pdf's finisher: one /AF entry per attachment, header scopes and artifacts in the tags."""
    unique_associated_files(document, pdf)
    tagging.finish_tags(pdf)


def unique_associated_files(document: Any, pdf: Any) -> None:
    """WeasyPrint 70 lists each PDF/A-3 attachment twice in the catalogue's /AF array; keep one.

    Runs as write_pdf's finisher, on the PDF objects before they are serialised, so the file
    is written once and its identifier stays a hash of its content.
    """
    associated = pdf.catalog.get("AF")
    if associated:
        unique = list(dict.fromkeys(associated))
        associated.clear()
        associated.extend(unique)


class _ThreadProgress(logging.Handler):
    """Turns WeasyPrint's progress log of this thread into job progress, at most twice a second."""

    def __init__(self, progress: Progress, expected_pages: int) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.expected = max(expected_pages, 1)
        self.thread = threading.get_ident()
        self.pages = 0
        self.reported_at = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        if record.msg == "Step 5 - Creating layout - Page %d":
            self.pages = max(self.pages, int(record.args[0]))  # type: ignore[index]
            now = time.monotonic()
            if now - self.reported_at >= REPORT_INTERVAL:
                self.reported_at = now
                self.progress(
                    self.pages, _with_writing(max(self.expected, self.pages + 1)), _message("layout", self.pages)
                )
        elif record.msg.startswith("Step 6"):
            self.progress(self.pages, _with_writing(self.pages), _message("write", self.pages))


def _with_writing(pages: int) -> int:
    """The progress bar's total: laying out the pages is about two thirds of the work."""
    return round(pages * 1.5)


def _message(step: str, pages: int) -> str:
    from flask_babel import gettext as _

    if step == "start":
        return _("Gegevens verzameld; de opmaak begint.")
    if step == "layout":
        return _("Opmaak: pagina %(n)d", n=pages)
    return _("PDF/A-bestand schrijven (%(n)d pagina's)…", n=pages)


@contextmanager
def _reporting(progress: Progress | None, expected_pages: int) -> Iterator[None]:
    if progress is None:
        yield
        return
    handler = _ThreadProgress(progress, expected_pages)
    _PROGRESS_LOGGER.addHandler(handler)
    try:
        yield
    finally:
        _PROGRESS_LOGGER.removeHandler(handler)
