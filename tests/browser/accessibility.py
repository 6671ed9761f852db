"""axe-core in the page: run it and describe what it finds in words a developer can act on.

axe.min.js comes from the axe-playwright-python package (a packaged copy of axe-core 4.x);
nothing is fetched from the internet at test time.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

# WCAG 2.0/2.1 A and AA, the level Flemish public bodies must meet.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("critical", "serious")


@cache
def axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """The critical and serious WCAG 2.1 AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "opts => axe.run(document, opts)",
        {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]},
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict], where: str) -> list[str]:
    """One line per offending element: page, rule, impact, CSS target and axe's summary."""
    lines = []
    for violation in violations:
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")[:200]
            lines.append(f"{where}: {violation['id']} ({violation['impact']}) op {target} — {summary}")
    return lines
