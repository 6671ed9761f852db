"""The patterns of the field classifier (the vocabulary of kinds and tokens is in vocabulary.py).

Patterns run over *normalised* text: accents removed, lower case, every character other than
a-z, 0-9, ° and @ replaced by a space (so "E-mail" → "e mail", "né(e) le" → "ne e le").
Rules are tried in order and the first match wins, so specific rules (rijksregisternummer,
ondernemingsnummer, nummerplaat) come before generic ones (nummer → house number), and rules
that say "this is *not* a person's data" (naam van de vereniging, adres van het evenement)
come before the person rules they would otherwise trigger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern[str]


def _rule(kind: str, pattern: str) -> Rule:
    return Rule(kind, re.compile(pattern))


# Fields that are not data about the visitor at all; checked before anything else.
CSRF = re.compile(
    r"csrf|xsrf|authenticity token|request ?verification ?token|^ ?token ?$|form ?key|"
    r"^ ?nonce|form build id|form token"
)
CAPTCHA = re.compile(
    r"captcha|turnstile|antispam|anti spam|spam ?check|rekensom|beveiligingsvraag|"
    r"controlevraag|anti ?robot|ik ben geen robot|not a robot|question de securite|"
    r"hoeveel is \d|combien (font|fait) \d|what is \d+ (plus|\+)|how much is \d"
)
HONEYPOT = re.compile(
    r"honey|\bhp\b|hpot|leeg laten|laat (dit )?(veld )?leeg|niet invullen|"
    r"leave (this )?(field )?(empty|blank)|ne pas remplir|ne rien (mettre|inscrire)|"
    r"do not fill|ohnohoney"
)
HONEYPOT_NAMES = re.compile(
    r"^ ?(website|url|homepage|home page|company website|fax|nickname|"
    r"address ?2|email ?2|e ?mail ?confirm|your ?website|web ?site) ?$"
)
SEARCH = re.compile(
    r"^ ?(q|s|query|search|zoek|zoeken|zoekterm|keywords?|searchword|recherche|"
    r"search ?text|search ?query)( ?input| ?field)? ?$|\bzoek |zoeken|^ ?zoek|"
    r"\bsearch\b|rechercher"
)
CONSENT = re.compile(
    r"akkoord|toestemming|accepteer|aanvaard|voorwaarden|gelezen|privacy|"
    r"\bconsent|\bagree|\baccept|\bj accepte|conditions|confidentialite|"
    r"bevestig|verklaar|erewoord|op de hoogte|nieuwsbrief|newsletter|"
    r"inschrijven op|\bmag\b|\bmogen\b|\bmay\b|\bpermission|"
    r"\bautoris|\bd accord|\bi confirm|je confirme|\bje certifie|i declare|"
    r"keep me informed|tenir informe"
)
DATE_PART = re.compile(
    r"^ ?(dag|maand|jaar|jour|mois|annee|day|month|year|dd|mm|jj|jjjj|yyyy|"
    r"aaaa|jj mm aaaa|dd mm jjjj|dd mm yyyy)( \d+)? ?$"
)
BIRTH = re.compile(
    r"geboorte|geboren|gebdat|\bgeb\b|naissance|\bne e? le\b|\bnee le\b|birth|\bdob\b|"
    r"bday|verjaardag|anniversaire"
)

# Ordered strong rules: specific before generic, "not personal" before the person rule.
STRONG_RULES: tuple[Rule, ...] = (
    _rule(
        "gas_sanction",
        r"\bgas ?(boete|sanctie|melding|vaststell|procedure|reglement|feit)|"
        r"administratieve sanctie|"
        r"overtreder|overtreding|inbreuk|\bdader|contrevenant|infraction|offender|"
        r"sanction administrative|amende administrative",
    ),
    _rule(
        "criminal",
        r"strafregister|strafblad|veroordeel|veroordeling|goed gedrag|misdrijf|"
        r"casier judiciaire|condamn|criminal|conviction|bonne vie|bonne conduite|"
        r"proces ?verbaal|\bpv\b|pv ?nummer|police report|plainte penale",
    ),
    _rule(
        "health",
        r"medisch|medicatie|medicijn|geneesmiddel|allergi|allergeen|ziekte|\bziek\b|"
        r"ziekenfonds|mutualiteit|handicap|beperking|zorgnood|zorgbehoefte|gezondheid|dieet|"
        r"diabet|epilep|astma|huisarts|\bdokter|medecin|\barts\b|\bsante\b|\bmedic|allerg|maladie|"
        r"mutuelle|regime alimentaire|health|disabilit|illness|\bdiet|doctor|"
        r"physician|special needs|zorgprofiel|thuisverpleging|hulpmiddel|rolstoel|"
        r"wheelchair|fauteuil roulant|intoleran|inenting|vaccin|zwanger|pregnan|enceinte|"
        r"incontinen|bedplas|zindelijk|\bsoins\b|besoins particuliers|zorgen nodig",
    ),
    _rule("ethnicity", r"etnisch|ethni|\bafkomst\b|huidskleur"),
    _rule(
        "political",
        r"politiek|politieke partij|partijlid|political|parti politique|"
        r"opinion politique",
    ),
    _rule(
        "religion",
        r"religie|godsdienst|\bgeloof\b|levensbeschouw|religio|confession|\bculte\b|"
        r"\bfaith\b|erediens|zedenleer|cours philosophique|philosophical belief",
    ),
    _rule("union", r"vakbond|syndica|trade union|labou?r union"),
    _rule("genetic", r"genetisch|\bdna\b|genetic|genetique"),
    _rule("biometric", r"vingerafdruk|fingerprint|biometr|empreinte|gezichtsherkenning|face ?id"),
    _rule("sexual_orientation", r"seksuele|geaardheid|sexual|sexuelle"),
    _rule(
        "national_number",
        r"rijksregister|rijksreg|\brrn\b|\binsz\b|nationaal nummer|"
        r"national (register|number|id)|numero (de )?(registre )?national|registre national|"
        r"\bniss\b|\brrnr\b|bis ?nummer|social security number|\bssn\b|"
        r"identificatienummer (van de )?sociale zekerheid|\bnn\b",
    ),
    _rule(
        "id_card_number",
        r"identiteitskaart|\bid ?kaart|\beid|paspoort|passport|passeport|"
        r"carte d ?identite|identity card|\bid card|verblijfskaart|verblijfsvergunning|"
        r"titre de sejour|residence permit|rijbewijs|permis de conduire|driving licen[cs]e|"
        r"driver s licen[cs]e|documentnummer|document number|numero de (carte|document)|"
        r"identity document|piece d identite",
    ),
    _rule(
        "member_number",
        r"library card|lenerspas|bibliotheekkaart|member(ship)? card|loyalty card|"
        r"carte (de )?(bibliotheque|membre|lecteur)",
    ),
    _rule(
        "card_number",
        r"bankkaart|kredietkaart|credit ?card|carte (bancaire|de credit)|\bcvc|"
        r"\bcvv|card number|betaalkaart",
    ),
    _rule(
        "enterprise_number",
        r"ondernemingsnummer|\bkbo|\bbtw|\bvat\b|\btva\b|"
        r"numero d entreprise|company (number|registration)|enterprise number|"
        r"business number|\bbce\b|handelsregister",
    ),
    _rule(
        "iban",
        r"iban|\bbic\b|rekeningnummer|rekening ?nr|bankrekening|bank ?account|"
        r"account number|numero de compte|compte bancaire|rekeninghouder|titulaire du compte|"
        r"account holder|\bswift|\brekening\b",
    ),
    _rule(
        "income",
        r"inkomen|inkomsten|\bloon\b|salaris|revenu|\bincome|salary|\bwedde\b|"
        r"uitkering|leefloon|pensioen|retraite|belastbaar|schulden|\bdebt|dettes|"
        r"aanslagbiljet|loonfiche|fiche de paie|payslip|tax return|kinderbijslag|groeipakket|"
        r"verhoogde tegemoetkoming|sociaal tarief|tarif social|statut bim|\bomnio\b|^ ?(factuur|facture|invoice)|"
        r"attest (van het )?ocmw",
    ),
    _rule(
        "license_plate",
        r"nummerplaat|nummer ?plaat|kenteken|inschrijvingsplaat|immatriculation|"
        r"licen[cs]e ?plate|number ?plate|registration plate|\bplaque\b|vehicle registration|"
        r"chassis|automerk|wagen\b|voertuig|vehicule|vehicle|\bcars?\b|"
        r"merk (en|of) (type|model) van",
    ),
    _rule("photo", r"\bfoto|pasfoto|\bphoto|picture|afbeelding|\bimage|\bbeeld"),
    _rule(
        "geolocation",
        r"\bgps\b|coordinat|co ?ordonn|latitude|longitude|breedtegraad|"
        r"lengtegraad|geolocat|huidige locatie|current location|localisation actuelle",
    ),
    _rule(
        "birth_place",
        r"geboorteplaats|geboorteland|geboortegemeente|plaats van geboorte|"
        r"geboren te|lieu de naissance|pays de naissance|\bne e? a\b|place of birth|birthplace|"
        r"country of birth|city of birth",
    ),
    _rule("birth_date", BIRTH.pattern),
    _rule(
        "place",
        r"(adres|straat|plaats|locatie|ligging|gemeente|lieu|adresse|location|address|"
        r"waar)\b.*\b(evenement|event|melding|probleem|incident|defect|activiteit|manifestation|"
        r"probleme|zaal|werf|werken|inname|signalement|huwelijk|ceremonie|mariage|wedding|"
        r"feest|fuif|markt|schade|feiten|faits|facts|the issue|the problem)|waar bevindt|waar is het|waar gaat|"
        r"where is|ou se trouve|^ ?(locatie|location|lieu|ligging)\b|locatie van|lieu de l|"
        r"location of|lieu du|waar (precies|situeert)",
    ),
    _rule("age", r"leeftijd|\bages?\b|jaar oud|how old|quel age|leeftijdscategorie"),
    _rule("gender", r"geslacht|gender|\bsexe\b|\bsex\b|\bm v( x)?\b"),
    _rule("salutation", r"aanspreking|aanspreektitel|civilite|salutation"),
    _rule("language", r"\btaal\b|voertaal|taalvoorkeur|language|\blangue\b|sprache"),
    _rule(
        "nationality",
        r"nationaliteit|nationalite|nationality|citizenship|staatsburger|"
        r"land van herkomst|pays d origine|country of origin|\bherkomst",
    ),
    _rule(
        "civil_status",
        r"burgerlijke staat|\bgehuwd|samenwonend|etat civil|"
        r"situation (familiale|matrimoniale)|marital|civil status|relationship status",
    ),
    _rule(
        "household",
        r"gezinssamenstelling|gezinsleden|gezinslid|aantal kinderen|ten laste|"
        r"composition (de|du) menage|personnes a charge|household|dependants|dependents|"
        r"number of children|nombre d enfants|samenstelling van het gezin|inwonende|"
        r"relatie tot|verwantschap|verhuist mee|band met|lien de parente|lien avec|relationship to|"
        r"relation to|hoedanigheid|meeverhuiz|verhuizen mee|woont (de persoon |u |hij |zij )?alleen|"
        r"alleenstaand|vivez seul|live alone|lives alone|\bgezin\b|gezinsgrootte|household size|taille du menage",
    ),
    _rule(
        "education",
        r"naam (van )?(de )?school|schoolnaam|school van|\becole\b|school name|"
        r"which school|welke school",
    ),
    _rule(
        "organisation_name",
        r"(bedrijfs|organisatie|verenigings|club|firma|handels)naam|buurtcomite|"
        r"naam (van )?(de |het |uw |je )?(bedrijf|organisatie|vereniging|onderneming|club|firma|"
        r"instelling|vzw|organisator|jeugdbeweging|aannemer|installateur|leverancier|evenement|activiteit|"
        r"project|kamp|zaal|hond|kat|huisdier|dier)|\b(aannemer|installateur|contractor|supplier|"
        r"fournisseur|entrepreneur)\b|name of (the |your )?(event|pet|dog)|"
        r"nom (de l |du )(evenement|chien|animal)|(company|organi[sz]ation|association|club|business) name|"
        r"name of (the |your )?(company|organi[sz]ation|association|club)|"
        r"nom de (l |la |le )?(association|entreprise|organisation|societe|club)|raison sociale|"
        r"^ ?(bedrijf|organisatie|vereniging|company|organi[sz]ation|association|entreprise|"
        r"societe|firma|onderneming)( optioneel)? ?$",
    ),
    _rule(
        "occupation",
        r"beroep|\bjob\b|\bfunctie\b|werkgever|employer|profession|occupation|"
        r"\bemploi\b|metier|\bfonction\b|job title|opleiding|diploma|studie|\bschool|\bklas\b|"
        r"leerjaar|onderwijs|education|degree|\betude|\bclasse\b|annee scolaire|werksituatie|"
        r"statuut|werkloos|ervaring|experience|competenties|skills|qualification|brevet",
    ),
    _rule(
        "housing",
        r"woning|eigenaar (of|\/) huurder|eigenaar ?(bewoner|verhuurder)|huurder|huurprijs|\bhuur\b|bouwjaar|"
        r"kadastra|perceel|"
        r"logement|proprietaire|locataire|\bloyer|housing|dwelling|tenant|landlord|homeowner|"
        r"huisvesting|\bepc\b|dakisolatie|isolatie|verwarming|huurcontract|eigendomsakte|\bbail\b|tenancy",
    ),
    _rule(
        "username",
        r"gebruikersnaam|username|user name|\blogin\b|nom d utilisateur|identifiant|"
        r"gebruikers id|user id",
    ),
    _rule(
        "password",
        r"wachtwoord|paswoord|password|mot de passe|pincode|pin code|\bpin\b|"
        r"security (question|answer)|secret (question|answer)|question secrete|geheime vraag",
    ),
    _rule(
        "member_number",
        r"lidnummer|lidkaart|klantnummer|kaartnummer|bibliotheekkaart|"
        r"lenersnummer|lenerskaart|barcode|numero (de )?(membre|lecteur|carte)|membership|"
        r"member (number|id)|library card|customer number|client number|numero client|"
        r"pasnummer|uitpas|bewonerskaart|parkeerkaart",
    ),
    _rule(
        "reference",
        r"dossiernummer|referentie|reference|numero de dossier|case number|"
        r"\bticket|factuurnummer|invoice|bestelnummer|order number",
    ),
    _rule(
        "website",
        r"website|webadres|webpagina|\burl\b|site web|homepage|\bsite internet|"
        r"facebook|instagram|linkedin",
    ),
    _rule("email", r"e ?mail|\bmail\b|mailadres|courriel|adresse electronique|e ?post\b"),
    _rule(
        "phone",
        r"telefoon|\btel\b|\btelnr|telefon|\bgsm|mobiel|\bmobile|phone|telephone|"
        r"\bportable\b|\bfax\b|cellphone|\bcell\b|contactnummer|numero de contact",
    ),
    _rule(
        "postal_code",
        r"postcode|postnummer|post code|code postal|postal ?code|\bzip|\bcp\b|"
        r"\bnpa\b|postleitzahl|\bpc\b",
    ),
    _rule("quantity", r"\baantal\b|hoeveel|number of|\bnombre d|quantit|how many|combien"),
    _rule(
        "box",
        r"\bbus\b|busnummer|\bbus ?nr|\bboite\b|\bbte\b|\bbox\b|appartement|\bapt\b|"
        r"\bappt\b|postbus|verdieping|\betage\b",
    ),
    _rule(
        "house_number",
        r"huisnummer|huisnr|\bhuis ?nr|house ?(number|no)|street number|"
        r"numero (de )?(maison|rue|habitation)",
    ),
    _rule(
        "street",
        r"straat|\brue\b|street|\badres|\badresse|address|\blaan\b|domicil|"
        r"verblijfplaats|\bavenue\b|chaussee|steenweg|\bdreef\b|\bplein\b|facturatieadres|factuuradres|"
        r"billing address|adresse de facturation",
    ),
    _rule(
        "city",
        r"\bgemeente\b|woonplaats|\bstad\b|\bplaats\b|deelgemeente|localite|\bcommune\b|"
        r"\bville\b|\bcity\b|\btown\b|municipality|woonachtig",
    ),
    _rule("country", r"\bland\b|\bpays\b|\bcountry\b|landcode"),
    _rule(
        "given_name",
        r"voornaam|voornamen|roepnaam|prenom|first ?name|given ?name|forename|"
        r"\bfname\b|vorname|^ ?first ?$",
    ),
    _rule(
        "family_name",
        r"familienaam|achternaam|nom de famille|last ?name|surname|family ?name|"
        r"\blname\b|nachname|nom de naissance|meisjesnaam|^ ?last ?$",
    ),
    _rule(
        "full_name",
        r"\bnaam\b|volledige naam|\bname\b|\bnom\b|contactpersoon|contact person|"
        r"personne de contact|ondertekenaar|signataire|\bnamen\b|wie mag .*ophalen",
    ),
)

# Weak rules: generic words, used only when nothing specific matched anywhere.
WEAK_RULES: tuple[Rule, ...] = (
    _rule(
        "free_text",
        r"bericht|opmerking|\bvraag\b|omschrijving|beschrijving|toelichting|"
        r"message|commentaire|remarque|question|description|comment|details|motivatie|"
        r"motivation|uitleg|explication|explanation|bijkomende informatie|informations "
        r"complementaires|additional information|meer info",
    ),
    _rule("subject", r"onderwerp|\bsubject\b|\bobjet\b|\btitel\b|\btitle\b|\btitre\b"),
    _rule("house_number", r"\bnr\b|\bn°|\bno\b|\bnummer\b|\bnumero\b|\bnumber\b|\bnum\b"),
    _rule("date", r"datum|\bdate\b|\bdag\b|\bjour\b|\bday\b|tijdstip|\buur\b|\bheure\b|\btime\b"),
)
