"""Other names for the catalogue's list items, as the authority's model and older registers write them.

The authority's lists sheet (inherited from the Privacy Commission's declarations) and
municipalities' own sheets name the same categories differently; a value found here links to
the organisation's item with that catalogue code instead of being proposed as a new item.
"""

from __future__ import annotations

from lokaal_avg.exchange.fields import normalise

DATA_CATEGORIES = {
    "identificatie": (
        "persoonlijke identificatiegegevens",
        "identificatiegegevens",
        "naam",
        "naam en voornaam",
        "donnees d identification",
        "donnees d identification personnelles",
        "identification data",
        "identification",
    ),
    "contact": (
        "contactgegevens",
        "adres",
        "adresgegevens",
        "e mailadres",
        "telefoonnummer",
        "coordonnees",
        "donnees de contact",
        "contact details",
        "contact data",
    ),
    "rijksregisternummer": (
        "rijksregisternummer",
        "insz",
        "insz nummer",
        "identificatienummer van de sociale zekerheid",
        "numero de registre national",
        "niss",
        "national register number",
    ),
    "identiteitsdocument": (
        "identiteitskaart",
        "gegevens identiteitskaart",
        "paspoort",
        "carte d identite",
        "identity card",
        "id card",
    ),
    "geboortedatum": ("geboortedatum", "leeftijd", "date de naissance", "age", "date of birth"),
    "geslacht": ("geslacht", "sexe", "gender", "sex"),
    "nationaliteit": ("nationaliteit", "nationalite", "nationality"),
    "gezinssamenstelling": (
        "samenstelling van het gezin",
        "gezinssamenstelling",
        "burgerlijke staat",
        "composition du menage",
        "etat civil",
        "household composition",
        "civil status",
    ),
    "financieel": (
        "financiele bijzonderheden",
        "financiele gegevens",
        "rekeningnummer",
        "bankrekeningnummer",
        "inkomen",
        "particularites financieres",
        "donnees financieres",
        "financial data",
        "financial details",
        "bank account",
    ),
    "elektronische_identificatie": (
        "elektronische identificatiegegevens",
        "ip adres",
        "cookies",
        "logingegevens",
        "donnees d identification electroniques",
        "adresse ip",
        "electronic identification data",
        "ip address",
    ),
    "locatie": ("locatiegegevens", "geolocatie", "donnees de localisation", "location data"),
    "beeld_geluid": (
        "beeldopnamen",
        "geluidsopnamen",
        "camerabeelden",
        "foto s",
        "images",
        "enregistrements d images",
        "photos",
        "video",
        "camera images",
    ),
    "opleiding_beroep": (
        "opleiding en vorming",
        "beroep en betrekking",
        "opleiding",
        "beroep",
        "education et formation",
        "profession et emploi",
        "education and training",
        "profession and employment",
    ),
    "woning": ("woningkenmerken", "kenmerken van de woning", "caracteristiques du logement", "housing"),
    "voertuig": ("nummerplaat", "voertuiggegevens", "plaque d immatriculation", "number plate", "licence plate"),
    "gezondheid": (
        "gezondheidsgegevens",
        "medische gegevens",
        "donnees de sante",
        "donnees relatives a la sante",
        "health data",
        "medical data",
    ),
    "etnische_afkomst": (
        "raciale of etnische gegevens",
        "ras of etnische afkomst",
        "origine raciale ou ethnique",
        "racial or ethnic origin",
    ),
    "politieke_opvattingen": ("politieke opvattingen", "opinions politiques", "political opinions"),
    "religie": (
        "filosofische of religieuze overtuigingen",
        "religieuze overtuiging",
        "levensbeschouwing",
        "convictions religieuses ou philosophiques",
        "religious or philosophical beliefs",
    ),
    "vakbondslidmaatschap": (
        "vakbondsgegevens",
        "vakbondslidmaatschap",
        "appartenance syndicale",
        "trade union membership",
    ),
    "genetisch": ("genetische gegevens", "donnees genetiques", "genetic data"),
    "biometrisch": ("biometrische gegevens", "donnees biometriques", "biometric data"),
    "seksuele_geaardheid": (
        "seksuele gegevens",
        "seksleven",
        "seksuele geaardheid",
        "vie sexuelle",
        "orientation sexuelle",
        "sex life",
        "sexual orientation",
    ),
    "strafrechtelijk": (
        "gerechtelijke gegevens",
        "strafrechtelijke gegevens",
        "strafregister",
        "donnees judiciaires",
        "condamnations penales",
        "criminal convictions",
        "criminal records",
    ),
    "gas_sancties": ("gas", "gemeentelijke administratieve sancties", "sanctions administratives communales"),
}

SUBJECT_CATEGORIES = {
    "inwoners": ("inwoners", "burgers", "bewoners", "habitants", "citoyens", "residents", "citizens"),
    "aanvragers": ("aanvragers", "demandeurs", "applicants"),
    "minderjarigen": ("minderjarigen", "kinderen", "mineurs", "enfants", "minors", "children"),
    "personeel": (
        "personeel",
        "personeelsleden",
        "werknemers",
        "medewerkers",
        "personnel",
        "membres du personnel",
        "employes",
        "staff",
        "employees",
    ),
    "sollicitanten": ("sollicitanten", "kandidaten", "candidats", "job applicants", "candidates"),
    "mandatarissen": ("mandatarissen", "gemeenteraadsleden", "mandataires", "elected officials"),
    "leveranciers": ("leveranciers", "fournisseurs", "suppliers"),
    "clienten_sociale_dienst": ("clienten", "clienten van het ocmw", "clients du cpas", "social service clients"),
    "leerlingen": ("leerlingen", "eleves", "pupils", "students"),
    "websitebezoekers": ("websitebezoekers", "bezoekers van de website", "visiteurs du site", "website visitors"),
    "vrijwilligers": ("vrijwilligers", "benevoles", "volunteers"),
    "verenigingsleden": ("leden van verenigingen", "verenigingen", "membres d associations", "association members"),
    "bezoekers": ("bezoekers", "visiteurs", "visitors"),
}

RECIPIENT_CATEGORIES = {
    "interne_diensten": ("interne diensten", "intern", "services internes", "internal departments", "internal"),
    "federale_overheid": ("federale overheid", "fod", "rijksregister", "autorites federales", "federal government"),
    "vlaamse_overheid": ("vlaamse overheid", "autorites flamandes", "flemish government"),
    "politie": ("politie", "police"),
    "andere_lokale_besturen": (
        "andere gemeenten",
        "andere lokale besturen",
        "autres communes",
        "other local authorities",
    ),
    "verwerkers": ("verwerkers", "sous traitants", "processors"),
    "rechtbanken": ("rechtbanken", "justitie", "tribunaux", "justice", "courts"),
    "publiek": ("publiek", "het publiek", "public", "the public"),
    "banken": ("banken", "banques", "banks"),
    "verzekeraars": ("verzekeraars", "verzekeringsmaatschappijen", "assureurs", "insurers"),
}

BY_KIND = {"gegevens": DATA_CATEGORIES, "betrokkenen": SUBJECT_CATEGORIES, "ontvangers": RECIPIENT_CATEGORIES}
CODE_OF = {
    kind: {normalise(n): code for code, names in table.items() for n in names} for kind, table in BY_KIND.items()
}


def catalogue_code(kind: str, text: str) -> str | None:
    return CODE_OF[kind].get(normalise(text))
