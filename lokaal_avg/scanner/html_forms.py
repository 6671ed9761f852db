"""Reading an HTML page: parsing hostile markup safely and extracting forms and their fields.

No JavaScript runs: forms built by scripts are invisible here (the result says so).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from lokaal_avg.scanner.concealment import classes_hidden_by_style, is_trap

SKIPPED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
KNOWN_INPUT_TYPES = {
    "text",
    "email",
    "tel",
    "date",
    "datetime-local",
    "month",
    "week",
    "time",
    "number",
    "file",
    "password",
    "checkbox",
    "radio",
    "search",
    "url",
    "color",
    "range",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASSES = {
    "hp",
    "honeypot",
    "hidden",
    "d-none",
    "hide",
    "is-hidden",
    "visually-hidden",
    "sr-only",
    "screen-reader-text",
    "ohnohoney",
}
_SPACE = re.compile(r"\s+")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MAX_TEXT = 200


@dataclass
class FormField:
    """One data-entry control as the classifier sees it (a radio group counts as one field)."""

    tag: str
    type: str
    name: str | None = None
    id: str | None = None
    label: str = ""
    aria_label: str | None = None
    placeholder: str | None = None
    title: str | None = None
    autocomplete: str | None = None
    legend: str = ""
    context: str = ""
    options: tuple[str, ...] = ()
    hidden_hint: bool = False
    required: bool = False
    trap: bool = False  # hidden the way only spam traps are (see concealment.py)
    heading: str = ""  # the nearest heading before the field: the weakest hint of all

    @property
    def key(self) -> str:
        """How the field is referred to: its name, else its id."""
        return self.name or self.id or ""


@dataclass
class ExtractedForm:
    index: int
    method: str
    action: str | None
    resolved_action: str
    fields: list[FormField] = field(default_factory=list)
    fields_truncated: bool = False


@dataclass
class ExtractedPage:
    forms: list[ExtractedForm]
    form_count: int
    forms_truncated: bool


def parse_html(body: bytes, charset: str | None = None) -> lxml.html.HtmlElement | None:
    """Parse bytes leniently; None when there is no document at all."""
    return parse_html_checked(body, charset)[0]


def parse_html_checked(body: bytes, charset: str | None = None) -> tuple[lxml.html.HtmlElement | None, bool]:
    """(root, cut_off): cut_off when libxml2 stopped at its nesting limit and dropped the rest.

    The limit (256 levels) protects the scanner; a page past it must not read as "no forms".
    """
    encoding = _pick_encoding(body, charset)
    parser = lxml.html.HTMLParser(encoding=encoding, remove_comments=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(body, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None, _hit_limit(parser)
    return root, _hit_limit(parser)


def _hit_limit(parser: lxml.html.HTMLParser) -> bool:
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)


def _pick_encoding(body: bytes, charset: str | None) -> str:
    """Header charset if Python knows it, else UTF-8 when the bytes are valid UTF-8, else cp1252."""
    if charset:
        try:
            return codecs.lookup(charset.strip().strip("\"'")).name
        except LookupError:
            pass
    sniffed = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", body[:4096], re.I)
    if sniffed:
        try:
            return codecs.lookup(sniffed.group(1).decode("ascii")).name
        except LookupError:
            pass
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def text_of(element: lxml.html.HtmlElement, skip_controls: bool = True) -> str:
    """Visible text of an element, without the text of nested selects, options and textareas."""
    parts: list[str] = []
    _collect_text(element, parts, skip_controls)
    return _SPACE.sub(" ", "".join(parts)).strip()[:MAX_TEXT]


def _collect_text(element: lxml.html.HtmlElement, parts: list[str], skip_controls: bool) -> None:
    if not isinstance(element.tag, str) or element.tag in ("script", "style"):
        return
    if skip_controls and element.tag in ("select", "textarea", "option"):
        return
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect_text(child, parts, skip_controls)
        if child.tail:
            parts.append(child.tail)


class _PageIndex:
    """Look-ups built once per page so that a page with many fields stays linear."""

    def __init__(self, root: lxml.html.HtmlElement) -> None:
        self.by_id: dict[str, lxml.html.HtmlElement] = {}
        self.labels_for: dict[str, list[str]] = {}
        self.outside_controls: dict[str, list[lxml.html.HtmlElement]] = {}
        self.headings: dict[lxml.html.HtmlElement, str] = {}  # control → nearest heading before it
        self.hidden_classes, self.off_screen_classes = classes_hidden_by_style(root)
        heading = ""
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag in _HEADINGS:
                heading = text_of(element)
            elif element.tag in ("input", "select", "textarea"):
                self.headings[element] = heading
            element_id = element.get("id")
            if element_id and element_id not in self.by_id:
                self.by_id[element_id] = element
            if element.tag == "label" and element.get("for"):
                self.labels_for.setdefault(element.get("for"), []).append(text_of(element))
            if element.get("form") and element.tag in ("input", "select", "textarea"):
                self.outside_controls.setdefault(element.get("form"), []).append(element)


def extract_forms(
    root: lxml.html.HtmlElement, base_url: str, max_forms: int = 50, max_fields: int = 500
) -> ExtractedPage:
    """All forms of a page; beyond ``max_forms`` forms or ``max_fields`` fields they are only counted."""
    base_href = root.find(".//base[@href]")
    if base_href is not None:
        base_url = urljoin(base_url, base_href.get("href", "").strip())
    index = _PageIndex(root)
    forms: list[ExtractedForm] = []
    budget = max_fields
    count = 0
    for count, form in enumerate(root.iter("form"), start=1):
        if count > max_forms:
            continue
        extracted = _extract_form(form, count - 1, base_url, index, budget)
        budget -= len(extracted.fields)
        forms.append(extracted)
    return ExtractedPage(forms=forms, form_count=count, forms_truncated=count > max_forms)


def _extract_form(
    form: lxml.html.HtmlElement, position: int, base_url: str, index: _PageIndex, budget: int
) -> ExtractedForm:
    action = form.get("action")
    action = action.strip() if action is not None else None
    extracted = ExtractedForm(
        index=position,
        method=(form.get("method") or "get").strip().lower(),
        action=action,
        resolved_action=urljoin(base_url, action or ""),
    )
    groups: dict[str, FormField] = {}
    for control in _controls(form, index):
        field_ = _to_field(control, index)
        if field_ is None:
            continue
        group_key = field_.name if field_.type in ("radio", "checkbox") and field_.name else None
        if group_key and group_key in groups:
            _merge_option(groups[group_key], field_)
            continue
        if len(extracted.fields) >= budget:
            extracted.fields_truncated = True
            break
        if group_key:
            groups[group_key] = field_
        extracted.fields.append(field_)
    for grouped in groups.values():
        _finish_group(grouped)
    return extracted


def _controls(form: lxml.html.HtmlElement, index: _PageIndex) -> Iterator[lxml.html.HtmlElement]:
    yield from form.iter("input", "select", "textarea")
    form_id = form.get("id")
    if form_id:
        yield from index.outside_controls.get(form_id, [])


def _to_field(control: lxml.html.HtmlElement, index: _PageIndex) -> FormField | None:
    tag = control.tag
    if tag == "input":
        kind = (control.get("type") or "text").strip().lower()
        if kind in SKIPPED_INPUT_TYPES:
            return None
        kind = kind if kind in KNOWN_INPUT_TYPES else "text"
    else:
        kind = tag
    own_label = _label_text(control, index)
    return FormField(
        tag=tag,
        type=kind,
        name=_attr(control, "name"),
        id=_attr(control, "id"),
        label=own_label,
        aria_label=_attr(control, "aria-label"),
        placeholder=_attr(control, "placeholder") or _placeholder_option(control),
        title=_attr(control, "title"),
        autocomplete=_attr(control, "autocomplete"),
        legend=_legend(control),
        context=_context(control, kind, own_label),
        options=_select_options(control) if tag == "select" else (),
        hidden_hint=_looks_hidden(control),
        required=control.get("required") is not None or control.get("aria-required") == "true",
        trap=is_trap(control, index.hidden_classes, index.off_screen_classes),
        heading=index.headings.get(control, ""),
    )


def _attr(element: lxml.html.HtmlElement, name: str) -> str | None:
    value = element.get(name)
    if value is None:
        return None
    value = _SPACE.sub(" ", value).strip()
    return value[:MAX_TEXT] or None


def _label_text(control: lxml.html.HtmlElement, index: _PageIndex) -> str:
    texts: list[str] = []
    for ref in (control.get("aria-labelledby") or "").split():
        if ref in index.by_id:
            texts.append(text_of(index.by_id[ref]))
    control_id = control.get("id")
    if control_id:
        texts.extend(index.labels_for.get(control_id, []))
    wrapper = next((a for a in control.iterancestors("label")), None)
    if wrapper is not None and not (control_id and wrapper.get("for") == control_id):
        texts.append(text_of(wrapper))
    return " | ".join(t for t in texts if t)[:MAX_TEXT]


def _legend(control: lxml.html.HtmlElement) -> str:
    for fieldset in control.iterancestors("fieldset"):
        legend = fieldset.find("legend")
        if legend is not None:
            return text_of(legend)
    return ""


def _context(control: lxml.html.HtmlElement, kind: str, own_label: str) -> str:
    """For radio buttons and checkboxes the question they answer; else nearby text if unlabelled."""
    if kind in ("radio", "checkbox"):
        return _group_question(control)
    return "" if own_label else _nearby_text(control)


def _group_question(control: lxml.html.HtmlElement) -> str:
    name = control.get("name")
    for ancestor in control.iterancestors():
        if ancestor.tag == "form":
            break
        if ancestor.get("role") in ("radiogroup", "group") and ancestor.get("aria-label"):
            return ancestor.get("aria-label", "")[:MAX_TEXT]
        if ancestor.tag == "fieldset":
            names = {c.get("name") for c in ancestor.iter("input", "select", "textarea")}
            legend = ancestor.find("legend")
            if names == {name} and legend is not None:
                return text_of(legend)
            break
    anchor = next(control.iterancestors("label"), control)
    return _nearby_text(anchor)


def _nearby_text(control: lxml.html.HtmlElement) -> str:
    """Text just before an unlabelled control, as long as no other control sits in between."""
    element = control
    for _level in range(3):
        previous = element.getprevious()
        while previous is not None:
            tail = (previous.tail or "").strip()
            if re.search(r"\w", tail):
                return tail[-MAX_TEXT:]
            if previous.tag in ("input", "select", "textarea"):
                if _has_own_label(previous):
                    return ""  # that text belongs to the field before: never inherit its label
                # An unlabelled sibling in the same row (dag / maand / jaar): look further back.
                previous = previous.getprevious()
                continue
            if _has_controls(previous) or previous.tag in _HEADINGS:
                return ""  # headings are kept apart, as the weakest hint (FormField.heading)
            if previous.tag == "label" and previous.get("for") and previous.get("for") != control.get("id"):
                return ""  # a label that names another field
            text = text_of(previous)
            if text:
                return text[-MAX_TEXT:]
            previous = previous.getprevious()
        parent = element.getparent()
        if parent is None or parent.tag == "form":
            break
        if (parent.text or "").strip():
            return parent.text.strip()[-MAX_TEXT:]
        element = parent
    return ""


def _has_own_label(control: lxml.html.HtmlElement) -> bool:
    if control.get("aria-label") or control.get("aria-labelledby"):
        return True
    if next(control.iterancestors("label"), None) is not None:
        return True
    control_id = control.get("id")
    previous = control.getprevious()
    return bool(control_id) and previous is not None and previous.tag == "label" and previous.get("for") == control_id


def _has_controls(element: lxml.html.HtmlElement) -> bool:
    if element.tag in ("input", "select", "textarea"):
        return True
    return next(element.iter("input", "select", "textarea"), None) is not None


def _placeholder_option(control: lxml.html.HtmlElement) -> str | None:
    """The first option of a select when it has no value: '-- Gezinssamenstelling --'."""
    if control.tag != "select":
        return None
    first = next(control.iter("option"), None)
    if first is None or (first.get("value") is None or first.get("value", "").strip()):
        return None
    return text_of(first, skip_controls=False) or None


def _select_options(control: lxml.html.HtmlElement) -> tuple[str, ...]:
    options = [text_of(option, skip_controls=False) for option in control.iter("option")]
    return tuple(o for o in options[:60] if o)


def _looks_hidden(control: lxml.html.HtmlElement) -> bool:
    """Hidden from sighted users or from keyboard users: a honeypot signal."""
    if control.get("tabindex", "").strip() == "-1":
        return True
    element = control
    for _level in range(4):
        if element is None or element.tag == "form":
            break
        if element.get("hidden") is not None or element.get("aria-hidden") == "true":
            return True
        if _HIDDEN_STYLE.search(element.get("style", "")):
            return True
        if _HIDDEN_CLASSES & set((element.get("class") or "").lower().split()):
            return True
        element = element.getparent()
    return False


def _merge_option(group: FormField, member: FormField) -> None:
    """A further radio button or checkbox of a group: its label becomes an option of the group."""
    if member.label:
        group.options = (*group.options, member.label)
    group.required = group.required or member.required


def _finish_group(group: FormField) -> None:
    """A group's own label is the question, not the first option: move that label to the options."""
    if len(group.options) == 0:
        return
    group.options = (group.label, *group.options) if group.label else group.options
    group.label = group.context
