"""The register's fields as they appear in spreadsheets: recognised by header title.

One table serves import and export: every field has its Dutch export title and the titles
seen in the supervisory authority's model, the simplified models and municipalities' own
sheets, in Dutch, French and English (see docs/register-exchange.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Field:
    key: str
    label: object  # lazy string shown in the mapping screen
    kind: str = "text"  # text, list, legal_basis, date, bool, coded, department, processors, ...
    multiple: bool = False  # several columns may feed it (their texts are joined)

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in TITLES[self.key].replace("\n", "|").split("|") if t.strip())


# Titles per field, "|" between titles, wrapped freely (line breaks separate titles too).
TITLES = {
    "reference": """
        nummer|nr|referentie|id|intern nummer|volgnummer|code|numero|n|reference|numero interne|number
        no|internal number|ref
    """,
    "name": """
        naam verwerking|naam van de verwerking|verwerking|benaming|functionele omschrijving|naam
        verwerkingsactiviteit|nom du traitement|traitement|denomination|description fonctionnelle|nom
        name of processing|name of the processing|processing activity|processing|name
    """,
    "description": "omschrijving|beschrijving|toelichting verwerking|description|description du traitement",
    "business_process": "bedrijfsproces|proces|processus|processus metier|business process",
    "department": """
        dienst|afdeling|eigenaar|eigenaar proces|eigenaar van het proces|service|departement
        proprietaire|proprietaire du processus|department|owner|process owner|owner of the process
    """,
    "responsible_person": """
        verantwoordelijke|verantwoordelijke persoon|contactpersoon|responsable|responsible
        responsible person
    """,
    "role": "rol|rol van de organisatie|hoedanigheid|role|qualite|role of the organisation",
    "joint_controllers": """
        gezamenlijk verantwoordelijken|gezamenlijk verwerkingsverantwoordelijken
        gezamenlijke verwerkingsverantwoordelijke|responsables conjoints|joint controllers
    """,
    "purposes": """
        doeleinden|doeleinde|doel|doelen|doel van de verwerking|finalites|finalite|purposes|purpose
        purpose of processing
    """,
    "legal_basis": """
        rechtsgrond|rechtsgronden|grondslag|rechtsgrond art 6|base juridique|fondement
        fondement juridique|liceite|legal basis|lawful basis|lawfulness
    """,
    "legal_reference": """
        wettelijke basis|reglementering|wetgeving|wettelijke referentie|base legale|reference legale
        reglementation|legal reference|statute|legislation
    """,
    "data_categories": """
        categorieen persoonsgegevens|categorieen van persoonsgegevens|gegevenscategorie
        gegevenscategorieen|avg categorie|functionele gegevenscategorie|persoonsgegevens
        categories de donnees|donnees|categories de donnees a caractere personnel|data categories
        gdpr data categories|categories of personal data|personal data
    """,
    "special_categories": """
        bijzondere categorieen|bijzondere categorieen van persoonsgegevens|bijzondere persoonsgegevens
        gevoelige gegevens|donnees sensibles|categories particulieres|special categories
        special categories of personal data|sensitive data
    """,
    "special_category_exception": """
        uitzondering art 9|uitzondering art 9 2|exception art 9|exception article 9|article 9 exception
        art 9 2 exception
    """,
    "criminal_data_basis": """
        basis strafrechtelijke gegevens|strafrechtelijke gegevens|donnees penales|criminal data
        criminal offence data
    """,
    "national_number": """
        rijksregisternummer|insz|gebruik rijksregisternummer|numero de registre national|niss
        registre national|national register number|national number
    """,
    "subject_categories": """
        betrokkenen|categorieen betrokkenen|categorieen van betrokkenen|personnes concernees
        categories de personnes concernees|data subjects|categories of data subjects
    """,
    "minors": "minderjarigen|gegevens van minderjarigen|mineurs|minors|children",
    "source": "bron|bron van de gegevens|herkomst|source|source des donnees|data source",
    "estimated_subjects": """
        aantal betrokkenen|geschat aantal betrokkenen|nombre de personnes concernees
        number of data subjects
    """,
    "collection_channels": "kanalen|inzamelkanalen|verzamelkanalen|canaux|collection channels|channels",
    "recipient_categories": """
        ontvangers|categorieen ontvangers|categorieen van ontvangers|destinataires
        categories de destinataires|recipients|categories of recipients
    """,
    "recipients_details": "toelichting ontvangers|details ontvangers|precisions destinataires|recipient details",
    "processors": "verwerker|verwerkers|sous traitant|sous traitants|processor|processors",
    "third_country_transfers": """
        doorgifte|doorgiften|derde land|derde landen|doorgifte naar derde landen|doorgifte derde landen
        transfert|transferts|pays tiers|transfer|transfers|third countries|third country
        third countries or international organisations
    """,
    "transfer_details": """
        waarborgen|passende waarborgen|garanties|garanties appropriees|safeguards|appropriate safeguards
    """,
    "retention": """
        bewaartermijn|bewaring|bewaartermijnen|termijn voor wissen|duree de conservation|conservation
        retention|retention period|time limits for erasure
    """,
    "retention_end_action": "na de bewaartermijn|einde bewaartermijn|action en fin de conservation|after retention",
    "security_measures": """
        beveiligingsmaatregelen|technische en organisatorische beveiligingsmaatregelen
        technische en organisatorische maatregelen|beveiliging|mesures de securite
        mesures techniques et organisationnelles|security measures|technical and organisational measures
        security
    """,
    "systems": "systemen|systemen en opslag|toepassingen|applicaties|systemes|applications|systems",
    "dpia": """
        dpia|geb|gegevensbeschermingseffectbeoordeling|dpia status|aipd|analyse d impact
        impact assessment|data protection impact assessment
    """,
    "dpia_decision": "dpia beslissing|motivering dpia|decision aipd|dpia decision",
    "dpia_criteria": "dpia criteria|criteres aipd|dpia criteria met",
    "end_date": """
        einddatum|einddatum verwerking|einde|date de fin|date de fin du traitement|end date
        end date of processing
    """,
    "replaced_by": """
        plaatsvervangende verwerking|vervangen door|traitement de remplacement|remplace par
        replacement processing|replaced by
    """,
}

FIELDS: tuple[Field, ...] = (
    Field("reference", _l("Referentie"), "reference"),
    Field("name", _l("Naam van de verwerking"), "name"),
    Field("description", _l("Omschrijving"), "text", multiple=True),
    Field("business_process", _l("Bedrijfsproces"), "text"),
    Field("department", _l("Dienst"), "department"),
    Field("responsible_person", _l("Verantwoordelijke"), "text"),
    Field("role", _l("Rol van de organisatie"), "role"),
    Field("joint_controllers", _l("Gezamenlijk verwerkingsverantwoordelijken"), "text"),
    Field("purposes", _l("Doeleinden"), "text", multiple=True),
    Field("legal_basis", _l("Rechtsgrond (art. 6)"), "legal_basis"),
    Field("legal_reference", _l("Wettelijke basis (referentie)"), "text"),
    Field("data_categories", _l("Categorieën van persoonsgegevens"), "list:gegevens"),
    Field("special_categories", _l("Bijzondere categorieën"), "list:bijzonder"),
    Field("special_category_exception", _l("Uitzondering art. 9.2"), "text"),
    Field("criminal_data_basis", _l("Basis strafrechtelijke gegevens (art. 10)"), "text"),
    Field("national_number", _l("Rijksregisternummer"), "national_number"),
    Field("subject_categories", _l("Categorieën van betrokkenen"), "list:betrokkenen"),
    Field("minors", _l("Minderjarigen"), "bool"),
    Field("source", _l("Bron van de gegevens"), "text"),
    Field("estimated_subjects", _l("Aantal betrokkenen"), "coded:estimated"),
    Field("collection_channels", _l("Kanalen"), "coded_list:channels"),
    Field("recipient_categories", _l("Categorieën van ontvangers"), "list:ontvangers"),
    Field("recipients_details", _l("Toelichting ontvangers"), "text"),
    Field("processors", _l("Verwerkers"), "processors"),
    Field("third_country_transfers", _l("Doorgifte naar derde landen"), "transfer"),
    Field("transfer_details", _l("Waarborgen"), "text"),
    Field("retention", _l("Bewaartermijn"), "text"),
    Field("retention_end_action", _l("Na de bewaartermijn"), "coded:end_actions"),
    Field("security_measures", _l("Beveiligingsmaatregelen"), "text"),
    Field("systems", _l("Systemen en opslag"), "text"),
    Field("dpia", _l("DPIA"), "dpia"),
    Field("dpia_decision", _l("DPIA-beslissing"), "text"),
    Field("dpia_criteria", _l("DPIA-criteria"), "coded_list:dpia_criteria"),
    Field("end_date", _l("Einddatum"), "date"),
    Field("replaced_by", _l("Plaatsvervangende verwerking"), "replacement"),
)

FIELDS_BY_KEY = {f.key: f for f in FIELDS}
IGNORE = "-"


def normalise(text: object) -> str:
    """Lower case, no accents, no punctuation or line breaks: 'Doeleinde(n)\\n' -> 'doeleinden'."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    value = re.sub(r"\((\w{1,2})\)", r"\1", value)  # doeleinde(n), finalite(s)
    value = re.sub(r"[^a-z0-9]+", " ", value)
    return " ".join(value.split())


_TITLES: list[tuple[str, str]] = sorted(
    ((normalise(title), f.key) for f in FIELDS for title in f.titles), key=lambda item: -len(item[0])
)
_EXACT = dict(reversed(_TITLES))  # the first-listed field wins a shared title


def recognise(title: object) -> str | None:
    """The field a column title names, or None: exact titles first, then the longest title it contains."""
    text = normalise(title)
    if not text:
        return None
    if text in _EXACT:
        return _EXACT[text]
    padded = f" {text} "
    for candidate, key in _TITLES:
        if len(candidate) >= 4 and f" {candidate} " in padded:
            return key
    return None
