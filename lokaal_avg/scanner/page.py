"""From the HTML of a page to analysed forms and resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lokaal_avg.scanner.classify import autocomplete_kind, classify_field
from lokaal_avg.scanner.html_forms import ExtractedForm, FormField, extract_forms, parse_html_checked
from lokaal_avg.scanner.resources import PageResources, analyse_resources
from lokaal_avg.scanner.result import FieldResult, FormResult
from lokaal_avg.scanner.sites import same_site


@dataclass
class PageAnalysis:
    forms: list[FormResult] = field(default_factory=list)
    form_count: int = 0
    forms_truncated: bool = False
    resources: PageResources = field(default_factory=PageResources)
    too_deep: bool = False  # the parser stopped at its nesting limit: part of the page is unread


def analyse_html(body: bytes, charset: str | None, url: str, max_forms: int, max_fields: int) -> PageAnalysis:
    """Forms (classified) and resources of one HTML page; an unparsable page yields nothing."""
    root, too_deep = parse_html_checked(body, charset)
    if root is None:
        return PageAnalysis(too_deep=too_deep)
    extracted = extract_forms(root, url, max_forms=max_forms, max_fields=max_fields)
    resources = analyse_resources(root, url)
    return PageAnalysis(
        forms=[form_result(form, url) for form in extracted.forms],
        form_count=extracted.form_count,
        forms_truncated=extracted.forms_truncated,
        resources=resources,
        too_deep=too_deep,
    )


def form_result(form: ExtractedForm, page_url: str = "") -> FormResult:
    """Classify every field of an extracted form; name what it sends when it posts to another site."""
    fields = [field_result(f) for f in form.fields]
    action_host = urlsplit(form.resolved_action).hostname or ""
    page_host = urlsplit(page_url).hostname or ""
    third_party = bool(page_host and action_host and not same_site(action_host, page_host))
    missing = sum(1 for f in fields if f.category and f.autocomplete_suggestion and f.method != "autocomplete")
    return FormResult(
        index=form.index,
        method=form.method,
        action=form.action,
        resolved_action=form.resolved_action,
        insecure_action=urlsplit(form.resolved_action).scheme == "http",
        fields=fields,
        fields_without_autocomplete=missing,
        fields_truncated=form.fields_truncated,
        third_party_host=action_host if third_party else None,
        sent_categories=sorted({f.category for f in fields if f.category}) if third_party else [],
    )


def field_result(field_: FormField) -> FieldResult:
    classification = classify_field(field_)
    # Only a purpose that WCAG 1.3.5 lists gets a suggestion; a valid token needs none.
    suggestion = classification.suggested_autocomplete
    if autocomplete_kind(field_.autocomplete):
        suggestion = None
    return FieldResult(
        name=field_.name,
        id=field_.id,
        type=field_.type,
        tag=field_.tag,
        label=field_.label or field_.context or None,
        autocomplete=field_.autocomplete,
        placeholder=field_.placeholder,
        aria_label=field_.aria_label,
        kind=classification.kind,
        category=classification.category,
        method=classification.method,
        confidence=classification.confidence,
        required=field_.required,
        autocomplete_suggestion=suggestion if classification.category else None,
        upload=field_.type == "file",
        document_type=_document_type(field_, classification.kind),
    )


def _document_type(field_: FormField, kind: str) -> str | None:
    """What an upload's label says it holds ("photo", "health", …); None for a plain attachment."""
    if field_.type != "file" or kind in ("attachment", "free_text", "other"):
        return None
    return kind
