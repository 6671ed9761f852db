"""lokaal_avg's values as W3C Data Privacy Vocabulary (DPV 2.x) terms.

Looked up in the DPV specification (w3c/dpv, release 2.3: dpv.ttl, pd/pd.ttl,
legal/eu/gdpr/eu-gdpr.ttl). Every code lokaal_avg ships is mapped; where DPV has no term
the value keeps lokaal_avg's own IRI (LOKAAL) and is typed with the nearest DPV class.
"""

from __future__ import annotations

DPV = "https://w3id.org/dpv#"
PD = "https://w3id.org/dpv/pd#"
EU_GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
LOKAAL = "urn:lokaal-avg:vocab:"

CONTEXT = {
    "dpv": DPV,
    "pd": PD,
    "eu-gdpr": EU_GDPR,
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "lokaal": LOKAAL,
}

# Art. 6(1) GDPR
LEGAL_BASES = {
    "a": "eu-gdpr:A6-1-a",
    "b": "eu-gdpr:A6-1-b",
    "c": "eu-gdpr:A6-1-c",
    "d": "eu-gdpr:A6-1-d",
    "e": "eu-gdpr:A6-1-e",
    "f": "eu-gdpr:A6-1-f",
}

# Catalogue codes of data categories (catalogue/lists.json) -> pd: terms
DATA_CATEGORIES = {
    "identificatie": ["pd:Identifying", "pd:Name"],
    "contact": ["pd:Contact"],
    "rijksregisternummer": ["pd:OfficialID"],
    "identiteitsdocument": ["pd:OfficialID", "pd:Passport"],
    "geboortedatum": ["pd:BirthDate", "pd:Age"],
    "geslacht": ["pd:Gender"],
    "nationaliteit": ["pd:Nationality"],
    "gezinssamenstelling": ["pd:FamilyStructure", "pd:MaritalStatus"],
    "financieel": ["pd:Financial"],
    "elektronische_identificatie": ["pd:IPAddress", "pd:Username", "pd:Tracking"],
    "locatie": ["pd:Location"],
    "beeld_geluid": ["pd:Picture", "pd:VoiceCommunicationRecording"],
    "opleiding_beroep": ["pd:Education", "pd:Professional"],
    "woning": ["pd:HouseOwned"],
    "voertuig": ["pd:Vehicle"],
    "vrije_tekst": ["pd:Communication"],
    "gezondheid": ["pd:Health"],
    "etnische_afkomst": ["pd:Race", "pd:EthnicOrigin"],
    "politieke_opvattingen": ["pd:PoliticalOpinion"],
    "religie": ["pd:Religion", "pd:PhilosophicalBelief"],
    "vakbondslidmaatschap": ["pd:TradeUnionMembership"],
    "genetisch": ["pd:Genetic"],
    "biometrisch": ["pd:Biometric"],
    "seksuele_geaardheid": ["pd:Sexual", "pd:SexualPreference"],
    "strafrechtelijk": ["pd:CriminalConviction", "pd:CriminalOffence"],
    "gas_sancties": ["pd:Criminal"],
}

SUBJECT_CATEGORIES = {
    "inwoners": ["dpv:Citizen"],
    "aanvragers": ["dpv:Applicant"],
    "minderjarigen": ["dpv:Child"],
    "personeel": ["dpv:Employee"],
    "sollicitanten": ["dpv:JobApplicant"],
    "mandatarissen": ["dpv:DataSubject"],  # DPV has no elected-official class
    "leveranciers": ["dpv:DataSubject"],  # nor one for suppliers' contacts
    "clienten_sociale_dienst": ["dpv:Client"],
    "leerlingen": ["dpv:Student"],
    "websitebezoekers": ["dpv:User"],
    "vrijwilligers": ["dpv:DataSubject"],
    "verenigingsleden": ["dpv:Member"],
    "bezoekers": ["dpv:Visitor"],
}

RECIPIENT_CATEGORIES = {
    "interne_diensten": ["dpv:Recipient"],
    "federale_overheid": ["dpv:NationalAuthority"],
    "vlaamse_overheid": ["dpv:RegionalAuthority"],
    "politie": ["dpv:LawEnforcementOrganisation"],
    "andere_lokale_besturen": ["dpv:GovernmentalOrganisation"],
    "verwerkers": ["dpv:DataProcessor"],
    "rechtbanken": ["dpv:JudicialOrganisation"],
    "publiek": ["dpv:Recipient"],
    "banken": ["dpv:Organisation"],
    "verzekeraars": ["dpv:Organisation"],
}

# What happens at the end of the retention period (register.choices.RETENTION_END_ACTIONS)
END_ACTIONS = {"vernietigen": "dpv:Erase", "anonimiseren": "dpv:Anonymise", "archiveren": "lokaal:Archive"}

# Purposes per department prefix of the catalogue code; the organisation's own text is kept beside it.
PURPOSE_BY_PREFIX = {
    "BZ": "dpv:ServiceProvision",
    "SD": "dpv:ServiceProvision",
    "PE": "dpv:HumanResourceManagement",
    "FI": "dpv:PaymentManagement",
    "OM": "dpv:ServiceProvision",
    "MA": "dpv:ServiceProvision",
    "MO": "dpv:ServiceProvision",
    "VE": "dpv:ProtectionOfPublicSecurity",
    "VT": "dpv:ServiceProvision",
    "ON": "dpv:ServiceProvision",
    "CO": "dpv:CommunicationManagement",
    "SE": "dpv:PublicPolicyMaking",
    "ICT": "dpv:EnforceSecurity",
    "BG": "dpv:ServiceProvision",
    "LE": "dpv:ServiceProvision",
}
PURPOSE_BY_CODE = {
    "FI-03": "dpv:VendorManagement",
    "PE-02": "dpv:PersonnelHiring",
    "PE-01": "dpv:PersonnelManagement",
    "CO-02": "dpv:CommunicationManagement",
    "CO-03": "dpv:ServiceUsageAnalytics",
    "SE-02": "dpv:RecordManagement",
    "SE-06": "dpv:DataSubjectRightsManagement",
}

ROLES = {
    "verwerkingsverantwoordelijke": "dpv:DataController",
    "gezamenlijk_verantwoordelijke": "dpv:JointDataControllers",
    "verwerker": "dpv:DataProcessor",
}


def purpose_term(catalogue_code: str | None) -> str:
    if not catalogue_code:
        return "dpv:Purpose"
    if catalogue_code in PURPOSE_BY_CODE:
        return PURPOSE_BY_CODE[catalogue_code]
    return PURPOSE_BY_PREFIX.get(catalogue_code.split("-")[0], "dpv:Purpose")


def list_terms(table: dict[str, list[str]], code: str, fallback: str) -> list[str]:
    return table.get(code, [fallback])
