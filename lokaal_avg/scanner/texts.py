"""Dutch texts of the findings: (severity, title, risk, fix), per finding code.

Severities follow the table in DOMAIN.md. Placeholders in braces are filled from the
evidence. Written for a municipal employee, not for a security specialist.
"""

from __future__ import annotations

_VENDOR = (
    " Wordt de site of het formulier door een leverancier beheerd, vraag het dan schriftelijk aan die leverancier."
)

FINDING_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "no_https": (
        "kritiek",
        "De website is niet bereikbaar via een beveiligde verbinding (HTTPS)",
        "Alles wat een bezoeker leest of invult, gaat onversleuteld over het internet. Iedereen op "
        "hetzelfde (wifi-)netwerk of onderweg kan het meelezen of aanpassen.",
        "Activeer HTTPS met een geldig certificaat (bijvoorbeeld gratis via Let's Encrypt) en stuur "
        "alle http-adressen door naar https." + _VENDOR,
    ),
    "form_posts_http": (
        "kritiek",
        "Formulier verstuurt persoonsgegevens onversleuteld (http)",
        "Wat een burger in dit formulier invult ({categories}) gaat onversleuteld over het netwerk en "
        "kan onderweg worden meegelezen of gewijzigd, ook als de pagina zelf via https getoond wordt.",
        "Laat het formulier versturen naar een https-adres (het 'action'-adres) en bied ook de pagina "
        "zelf alleen via https aan." + _VENDOR,
    ),
    "cert_invalid": (
        "kritiek",
        "Het certificaat van de website is ongeldig",
        "Browsers tonen een waarschuwing. Wie die wegklikt, kan niet meer nagaan of hij met de echte "
        "website praat, en burgers leren zo om veiligheidswaarschuwingen te negeren.",
        "Installeer een geldig certificaat van een erkende uitgever voor precies deze domeinnaam, met de "
        "volledige keten (tussencertificaten), en volg de vervaldatum op." + _VENDOR,
    ),
    "cert_expiring": (
        "midden",
        "Het certificaat verloopt binnenkort ({days} dagen)",
        "Na de vervaldatum ({not_after}) tonen browsers een foutmelding en is de website, met haar "
        "formulieren, niet meer veilig bereikbaar.",
        "Vernieuw het certificaat nu en automatiseer de vernieuwing (bijvoorbeeld met ACME/Let's Encrypt)." + _VENDOR,
    ),
    "no_http_redirect": (
        "hoog",
        "Het http-adres stuurt niet door naar https",
        "Wie het adres zonder 'https://' intypt of een oude link volgt, komt op de onbeveiligde versie "
        "van de pagina terecht en vult daar misschien gegevens in.",
        "Stel een permanente doorverwijzing (HTTP 301) in van elk http-adres naar hetzelfde https-adres, "
        "en activeer daarna HSTS." + _VENDOR,
    ),
    "hsts_missing": (
        "midden",
        "HSTS ontbreekt",
        "Zonder de header Strict-Transport-Security kan een aanvaller een bezoeker ongemerkt terugzetten "
        "naar een onbeveiligde verbinding (downgrade-aanval).",
        "Stuur op alle https-antwoorden de header 'Strict-Transport-Security: max-age=31536000; "
        "includeSubDomains' mee." + _VENDOR,
    ),
    "hsts_short": (
        "midden",
        "HSTS geldt te kort",
        "De browser onthoudt maar kort dat deze site alleen via https mag; daarna is een "
        "downgrade-aanval opnieuw mogelijk.",
        "Zet max-age op minstens 31536000 seconden (één jaar)." + _VENDOR,
    ),
    "mixed_content_active": (
        "hoog",
        "Scripts of frames worden onbeveiligd geladen op een https-pagina",
        "Een script of frame dat via http binnenkomt, kan onderweg worden vervangen en zo de hele "
        "pagina overnemen, ook het formulier. Browsers blokkeren zulke inhoud vaak, waardoor de pagina "
        "ook slecht werkt.",
        "Laad alle scripts, stylesheets en frames via https, bij voorkeur van de eigen server." + _VENDOR,
    ),
    "mixed_content_passive": (
        "laag",
        "Afbeeldingen of media worden onbeveiligd geladen op een https-pagina",
        "Wie meekijkt op het netwerk, ziet welke pagina bezocht wordt en kan de afbeeldingen vervangen.",
        "Laad ook afbeeldingen en media via https.",
    ),
    "tracker_on_form_page": (
        "hoog",
        "{name} op een pagina met een formulier",
        "Bij het laden van deze pagina stuurt de browser van de bezoeker gegevens (IP-adres, bezochte "
        "pagina, vaak cookies) naar {company} ({country}). Op een pagina waar burgers persoonsgegevens "
        "invullen, vraagt dat een rechtsgrond (meestal toestemming), afspraken met die partij en, buiten "
        "de EU, bijkomende waarborgen.",
        "Haal {name} weg van formulierpagina's of laad het pas na uitdrukkelijke toestemming; host "
        "lettertypes en scripts zelf. Neem de ontvanger op in het verwerkingsregister." + _VENDOR,
    ),
    "third_party_on_form_page": (
        "hoog",
        "Externe partij {name} op een pagina met een formulier",
        "De browser van de bezoeker maakt verbinding met {name}, een andere partij dan de gemeente. "
        "Die partij ziet minstens het IP-adres en de bezochte pagina; verstuurt het formulier zelf "
        "naar die partij, dan krijgt zij ook alle ingevulde gegevens.",
        "Ga na wie deze partij is en waarom ze nodig is. Is het een verwerker, zorg dan voor een "
        "verwerkersovereenkomst en neem haar op in het register; anders: haal ze van de pagina.",
    ),
    "cookie_flags": (
        "midden",
        "Cookie '{name}' mist beveiligingsinstellingen ({missing})",
        "Zonder Secure kan de cookie over een onbeveiligde verbinding lekken, zonder HttpOnly kan een "
        "(extern) script hem uitlezen, zonder SameSite gaat hij mee met verzoeken van andere sites. Zo "
        "kan een sessie van een burger of medewerker worden overgenomen.",
        "Zet de cookie met de vlaggen Secure, HttpOnly en SameSite=Lax (of Strict)." + _VENDOR,
    ),
    "missing_security_headers": (
        "laag",
        "Beveiligingsheaders ontbreken",
        "Deze headers beperken de schade als er toch een fout in de website zit: ze verhinderen dat de "
        "pagina in een vreemde site wordt ingebed (clickjacking), dat bestanden als script worden "
        "uitgevoerd en dat volledige adressen naar andere sites lekken.",
        "Voeg deze headers toe: {headers}." + _VENDOR,
    ),
    "autocomplete_missing": (
        "laag",
        "Invulvelden zonder autocomplete-attribuut (WCAG 1.3.5)",
        "Websites van overheden moeten aan WCAG 2.1 AA voldoen. Zonder autocomplete kunnen browsers en "
        "hulpsoftware de velden niet automatisch invullen, wat het formulier moeilijker maakt voor "
        "mensen met een beperking.",
        "Geef deze velden het juiste autocomplete-token: {tokens}." + _VENDOR,
    ),
}
