"""How a page hides a field from people: the way honeypots are recognised, whatever their name.

A spam trap is an input that sighted and keyboard users never reach: pushed off-screen, inside
a wrapper that the page's CSS hides, taken out of the tab order. Plain ``display:none`` alone is
not enough (form builders hide conditional fields that way until an answer shows them), so it
counts only together with a second sign that no visitor is meant to fill the field in.
"""

from __future__ import annotations

import re

import lxml.html

_OFF_SCREEN = re.compile(r"(?:left|margin-left|top|text-indent)\s*:\s*-\s*\d{3,}(?:\.\d+)?(?:px|em|rem)?", re.I)
_INVISIBLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)|"
    r"(?:height|max-height)\s*:\s*0(?:px)?\s*(?:;|$|!)",
    re.I,
)
# Wrapper classes that form plugins hide in their own stylesheet, for their spam trap only.
TRAP_CLASSES = {
    "gform_validation_container",  # Gravity Forms
    "wpforms-field-hp",  # WPForms
    "frm_verify",  # Formidable
    "ohnohoney",
    "honeypot",
    "hpot",
    "hp",
}
# A rule in the page's own <style>: ".cls { … display:none … }" or pushed off-screen.
_STYLE_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = re.compile(r"^\s*\.([\w-]+)\s*$")
LEVELS = 4  # the control and this many wrappers around it


def classes_hidden_by_style(root: lxml.html.HtmlElement) -> tuple[set[str], set[str]]:
    """(classes the page hides, classes the page pushes off-screen), from its inline <style> blocks."""
    hidden: set[str] = set()
    off_screen: set[str] = set()
    for style in root.iter("style"):
        for selectors, body in _STYLE_RULE.findall((style.text or "")[:200_000]):
            names = {m.group(1) for s in selectors.split(",") if (m := _CLASS_SELECTOR.match(s))}
            if _OFF_SCREEN.search(body):
                off_screen |= names
            elif _INVISIBLE.search(body):
                hidden |= names
    return hidden, off_screen


def is_trap(control: lxml.html.HtmlElement, hidden: set[str], off_screen: set[str]) -> bool:
    """Hidden from every visitor in a way that only a spam trap is."""
    if control.get("type", "").lower() in ("checkbox", "radio", "file"):
        return False  # custom tick boxes and upload buttons hide the real input behind a styled label
    invisible = False
    element = control
    for _level in range(LEVELS + 1):
        if element is None or element.tag == "form":
            break
        classes = set((element.get("class") or "").lower().split())
        style = element.get("style", "")
        if classes & TRAP_CLASSES or classes & off_screen or _OFF_SCREEN.search(style):
            return True
        if element.get("hidden") is not None or _INVISIBLE.search(style) or classes & hidden:
            invisible = True
        element = element.getparent()
    return invisible and _not_for_visitors(control)


def _not_for_visitors(control: lxml.html.HtmlElement) -> bool:
    """Second signs: out of the tab order, hidden from assistive technology, no autofill."""
    autocomplete = (control.get("autocomplete") or "").strip().lower()
    return (
        control.get("tabindex", "").strip() == "-1"
        or control.get("aria-hidden") == "true"
        or autocomplete in ("off", "new-password", "nope")
    )
