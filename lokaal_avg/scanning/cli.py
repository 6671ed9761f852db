"""`flask --app app scan URL [--json]` and `flask --app app scan --org SLUG`.

Exit codes: 0 the scan ran (whatever it found); 1 the page could not be reached or analysed
(one or more channels with --org); 2 invalid input (a malformed URL, an unknown organisation).
"""

from __future__ import annotations

import json
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from lokaal_avg.channels.labels import (
    CERTIFICATE_ERROR_LABELS,
    DETECTION_METHOD_LABELS,
    SCAN_STATUS_LABELS,
    SECURITY_HEADER_LABELS,
)
from lokaal_avg.core.extensions import db
from lokaal_avg.organisations.models import Organisation

REACHED = ("ok", "incomplete", "http_error", "not_html", "too_large")
NO_JAVASCRIPT = (
    "De scanner voert geen JavaScript uit: formulieren die pas door scripts op de pagina verschijnen, zijn niet "
    "gecontroleerd."
)


@click.command("scan")
@click.argument("url", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print het resultaat als JSON (zie docs/scan-json.md).")
@click.option("--org", "org_slug", help="Scan alle actieve kanalen van deze organisatie (korte naam) en bewaar ze.")
@click.pass_context
@with_appcontext
def scan_command(ctx: click.Context, url: str | None, as_json: bool, org_slug: str | None) -> None:
    """Scan één webadres, of met --org alle kanalen van een organisatie.

    Zonder --org wordt niets bewaard. LOKAAL_AVG_SCAN_ALLOW_PRIVATE=1 laat interne adressen toe.
    Exitcode 0: gescand; 1: pagina niet bereikbaar of niet te analyseren; 2: ongeldige invoer.
    """
    if org_slug and (url or as_json):
        raise click.UsageError("Geef een URL of --org, niet allebei (en --json alleen met een URL).")
    if org_slug:
        ctx.exit(_scan_organisation(org_slug))
    if not url:
        raise click.UsageError("Geef een webadres om te scannen, bv. https://www.voorbeeldegem.be/contact, of --org.")
    ctx.exit(_scan_url(url, as_json))


def _scan_url(url: str, as_json: bool) -> int:
    from lokaal_avg.scanning.services import run_engine, scan_settings

    result = run_engine(url, scan_settings())
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif result["status"] == "invalid_url":
        raise click.UsageError(
            f"Ongeldig adres: {url!r}. Geef een volledig http- of https-adres, bv. https://www.voorbeeldegem.be/contact."
        )
    else:
        click.echo(format_summary(result))
    if result["status"] == "invalid_url":
        return 2
    return 0 if result["status"] in REACHED else 1


def _scan_organisation(slug: str) -> int:
    from lokaal_avg.scanning.services import scan_channels, scannable_channels

    org = db.session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if org is None:
        raise click.UsageError(f"Onbekende organisatie: {slug!r}.")
    channels = scannable_channels([org.id])
    if not channels:
        click.echo(f"{org.name} heeft geen actieve kanalen met een webadres om te scannen.")
        return 0
    click.echo(f"{org.name}: {len(channels)} kanalen worden gescand…")

    def scanned(done: int, total: int, channel, scan) -> None:
        db.session.commit()  # each scan is kept, even if a later one is interrupted
        status = SCAN_STATUS_LABELS.get(scan.status, scan.status)
        click.echo(
            f"[{done}/{total}] {channel.name} — {scan.url}: {status}; {scan.critical} kritiek, {scan.high} hoog, "
            f"{scan.medium} midden, {scan.low} laag"
        )

    def skipped(channel, reason: str) -> None:
        click.echo(f"{channel.name} niet gescand: {reason}")

    scans = scan_channels(channels, on_scanned=scanned, on_started=db.session.commit, on_skipped=skipped)
    db.session.commit()
    failed = [s for s in scans if s.status not in REACHED]
    click.echo(f"Klaar: {len(scans)} kanalen gescand, scans en bevindingen bewaard.")
    if failed:
        click.echo(f"{len(failed)} kanalen konden niet bereikt of geanalyseerd worden.")
        return 1
    return 0


def _yes(value: bool | None) -> str:
    return "onbekend" if value is None else ("ja" if value else "nee")


def format_summary(result: dict[str, Any]) -> str:
    """A readable Dutch summary of a scan result for the terminal."""
    lines = [f"Scan van {result['url']}", f"Status: {SCAN_STATUS_LABELS.get(result['status'], result['status'])}"]
    lines.append(f"  {result['status_message']}")
    if result["status"] == "blocked_private_address":
        lines.append("  Een eigen testserver of intranet scannen? Zet LOKAAL_AVG_SCAN_ALLOW_PRIVATE=1.")
    if result.get("final_url"):
        lines.append(f"Eindadres: {result['final_url']} (HTTP {result.get('http_status')})")
    lines += _transport_lines(result)
    lines += _form_lines(result)
    lines += _content_lines(result)
    findings = result.get("findings", [])
    lines.append(f"Bevindingen: {len(findings)}")
    for finding in findings:
        lines.append(f"  [{finding['severity']}] {finding['title']}")
        lines.append(f"      Risico: {finding['risk']}")
        lines.append(f"      Oplossing: {finding['fix']}")
    lines.append(NO_JAVASCRIPT)
    return "\n".join(lines)


def _transport_lines(result: dict[str, Any]) -> list[str]:
    https = result.get("https") or {}
    lines = [
        f"HTTPS beschikbaar: {_yes(https.get('available'))}" + (f" ({https['error']})" if https.get("error") else "")
    ]
    lines.append(f"http stuurt door naar https: {_yes(result.get('redirect_to_https'))}")
    hsts = result.get("hsts") or {}
    if hsts.get("present"):
        days = (hsts.get("max_age") or 0) // 86400
        lines.append(f"HSTS: aanwezig, max-age {hsts.get('max_age')} s ({days} dagen)")
    else:
        lines.append("HSTS: ontbreekt")
    cert = result.get("certificate")
    if cert:
        state = (
            "geldig"
            if cert.get("valid")
            else "ONGELDIG: " + str(CERTIFICATE_ERROR_LABELS.get(cert.get("error_reason"), cert.get("error") or ""))
        )
        lines.append(
            f"Certificaat: {state}; uitgever {cert.get('issuer') or '?'}; vervalt {cert.get('not_after') or '?'} "
            f"({cert.get('days_remaining')} dagen); {cert.get('tls_version') or '?'}"
        )
    return lines


def _form_lines(result: dict[str, Any]) -> list[str]:
    forms = result.get("forms", [])
    lines = [f"Formulieren: {result.get('form_count', len(forms))}"]
    for form in forms:
        flag = "  ONVEILIG: verstuurt via http" if form.get("insecure_action") else ""
        lines.append(f"  Formulier {form['index'] + 1}: {form['method'].upper()} {form['resolved_action']}{flag}")
        for field in form.get("fields", []):
            name = field.get("label") or field.get("name") or field.get("id") or "?"
            category = field.get("category") or "geen persoonsgegeven"
            how = DETECTION_METHOD_LABELS.get(field.get("method"), field.get("method"))
            token = (
                f", autocomplete ontbreekt (voorstel: {field['autocomplete_suggestion']})"
                if field.get("autocomplete_suggestion")
                else ""
            )
            lines.append(f"    - {name}: {category} ({how}){token}")
    return lines


def _content_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    mixed = result.get("mixed_content") or {}
    if mixed.get("active") or mixed.get("passive"):
        lines.append(f"Gemengde inhoud: {len(mixed.get('active', []))} actief, {len(mixed.get('passive', []))} passief")
    for party in result.get("third_parties", []):
        tracker = (
            f" — tracker {party['tracker']} ({party['tracker_company']}, {party['tracker_country']})"
            if party.get("tracker")
            else ""
        )
        lines.append(f"Externe partij: {party['host']} ({', '.join(party['kinds'])}){tracker}")
    for cookie in result.get("cookies", []):
        lines.append(
            f"Cookie {cookie['name']}: Secure {_yes(cookie['secure'])}, HttpOnly {_yes(cookie['httponly'])}, "
            f"SameSite {cookie.get('samesite') or 'ontbreekt'}"
        )
    headers = result.get("headers") or {}
    missing = [label for key, label in SECURITY_HEADER_LABELS.items() if key in headers and not headers.get(key)]
    if missing:
        lines.append("Ontbrekende beveiligingsheaders: " + ", ".join(missing))
    return lines


commands = [scan_command]
