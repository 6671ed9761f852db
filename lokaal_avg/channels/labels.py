"""Labels for the fixed values of channels, fields, scans and findings (Dutch first)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

AUTHENTICATION_LABELS = {
    "geen": _l("Geen aanmelding"),
    "eid_itsme": _l("eID of itsme"),
    "eigen_account": _l("Eigen account (gebruikersnaam en wachtwoord)"),
}

SCAN_FREQUENCY_LABELS = {
    "dagelijks": _l("Elke dag"),
    "wekelijks": _l("Elke week"),
    "maandelijks": _l("Elke maand"),
    "handmatig": _l("Alleen als iemand een scan start"),
}

FIELD_SOURCE_LABELS = {
    "manueel": _l("manueel ingevoerd"),
    "scan": _l("gevonden door een scan"),
}

# How the scanner recognised a field (docs/scan-json.md, field "method").
DETECTION_METHOD_LABELS = {
    "autocomplete": _l("herkend aan het autocomplete-attribuut"),
    "type": _l("herkend aan het veldtype"),
    "pattern": _l("herkend aan naam, label of placeholder"),
    "fallback": _l("vrij tekstveld of bijlage: kan van alles bevatten"),
    "default": _l("niet herkend als persoonsgegeven"),
    "ignored": _l("genegeerd (technisch veld)"),
}

# What an upload's label says it holds (the classifier's kind); other kinds show the data category.
DOCUMENT_TYPE_LABELS = {
    "photo": _l("foto"),
    "health": _l("medisch document"),
    "id_card_number": _l("identiteitsdocument"),
    "income": _l("financieel document"),
    "iban": _l("bankgegevens"),
    "occupation": _l("cv, diploma of attest"),
    "housing": _l("document over de woning"),
    "license_plate": _l("voertuigdocument"),
    "criminal": _l("strafregister"),
    "national_number": _l("document met rijksregisternummer"),
}

IGNORED_KIND_LABELS = {
    "csrf": _l("beveiligingscode (CSRF)"),
    "honeypot": _l("lokveld tegen spam"),
    "captcha": _l("captcha"),
    "search": _l("zoekveld"),
    "consent": _l("toestemmingsvakje"),
}

# One set of severity labels and colours for the whole application (templates read them from here).
from lokaal_avg.core.severity import SEVERITY_BADGES, SEVERITY_LABELS, SEVERITY_ORDER  # noqa: E402, F401

# Short labels of the engine's scan statuses for lists; the scan page shows the full message.
SCAN_STATUS_LABELS = {
    "ok": _l("geslaagd"),
    "http_error": _l("foutcode van de server"),
    "dns_error": _l("domeinnaam onbekend"),
    "connect_error": _l("geen verbinding"),
    "timeout": _l("time-out"),
    "tls_error": _l("geen beveiligde verbinding"),
    "too_large": _l("pagina te groot"),
    "too_many_redirects": _l("te veel doorverwijzingen"),
    "redirect_loop": _l("doorverwijzingslus"),
    "not_html": _l("geen webpagina"),
    "blocked_private_address": _l("intern adres geweigerd"),
    "invalid_url": _l("ongeldig adres"),
    "internal_error": _l("fout in de scanner"),
    "incomplete": _l("gedeeltelijk geanalyseerd"),
}

SCAN_STATUS_BADGES = {
    "ok": "success",
    "http_error": "warning",
    "incomplete": "warning",
    "not_html": "secondary",
    "too_large": "secondary",
}

SECURITY_HEADER_LABELS = {
    "content-security-policy": "Content-Security-Policy",
    "x-content-type-options": "X-Content-Type-Options",
    "x-frame-options": "X-Frame-Options",
    "referrer-policy": "Referrer-Policy",
    "strict-transport-security": "Strict-Transport-Security (HSTS)",
}

THIRD_PARTY_KIND_LABELS = {
    "script": _l("script"),
    "iframe": _l("ingebed venster (iframe)"),
    "img": _l("afbeelding"),
    "link": _l("stylesheet of lettertype"),
    "form": _l("formulier verstuurt hierheen"),
    "object": _l("ingebed object"),
    "media": _l("audio of video"),
    "inline-script": _l("genoemd in een script op de pagina"),
}

CERTIFICATE_ERROR_LABELS = {
    "expired": _l("verlopen"),
    "not_yet_valid": _l("nog niet geldig"),
    "self_signed": _l("zelf ondertekend"),
    "untrusted_issuer": _l("uitgever niet vertrouwd of keten onvolledig"),
    "hostname_mismatch": _l("hoort niet bij deze domeinnaam"),
    "revoked": _l("ingetrokken"),
    "invalid": _l("ongeldig"),
}

# Keys of a finding's evidence (the scanner's and the gap analysis'), for the "Bewijs" lists.
EVIDENCE_LABELS = {
    "url": _l("Adres"),
    "page_url": _l("Pagina"),
    "final_url": _l("Eindadres"),
    "error": _l("Foutmelding"),
    "error_reason": _l("Reden"),
    "host": _l("Server"),
    "subject": _l("Certificaat voor"),
    "issuer": _l("Uitgever"),
    "not_after": _l("Geldig tot"),
    "days_remaining": _l("Dagen geldig"),
    "hostname_matches": _l("Hoort bij de domeinnaam"),
    "form_index": _l("Formulier (volgnummer, vanaf 0)"),
    "action": _l("Action-attribuut"),
    "resolved_action": _l("Verstuurt naar"),
    "categories": _l("Categorieën"),
    "fields": _l("Velden"),
    "urls": _l("Adressen"),
    "kinds": _l("Soort"),
    "tracker": _l("Tracker"),
    "company": _l("Bedrijf"),
    "country": _l("Land"),
    "cookie": _l("Cookie"),
    "missing": _l("Ontbreekt"),
    "present": _l("Aanwezig"),
    "domain": _l("Domein"),
    "strict-transport-security": "Strict-Transport-Security",
    "max_age": _l("max-age (seconden)"),
    "category": _l("Categorie"),
    "activities": _l("Gekoppelde verwerkingen"),
    "ended_activities": _l("Beëindigde gekoppelde verwerkingen"),
    "vendor": _l("Leverancier"),
    "signed_on": _l("Ondertekend op"),
    "expires_on": _l("Vervalt op"),
    "status": _l("Status"),
    "message": _l("Melding"),
    "scan_id": _l("Scan"),
}
