"""The wording of official readouts in English, French and Spanish, as regular expressions.

Each table maps what the extractor looks for (a speech act, a side event, an instrument type) to the
phrases governments use for it. Person, post, state and topic names are not here: they come from
the graph (sources/readouts/gazetteer.py).
"""

from __future__ import annotations

MONTHS = {
    "en": "january february march april may june july august september october november december",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
}

# A date written out: "8 August 2025", "August 8, 2025", "le 08 août 2025", "el 8 de agosto de 2025"; of a range
# ("les 5 et 6 juin 2025", "5-6 June 2025") the first day.
DATE = {
    "en": r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:-|–|and|to)\s*\d{1,2}(?:st|nd|rd|th)?)?"
    r"\s+(?P<m1>{months})\s*,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>{months})\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))",
    "fr": r"(?P<d1>\d{1,2})(?:er)?(?:\s*(?:-|–|et|au)\s*\d{1,2})?\s+(?P<m1>{months})\s+(?P<y1>\d{4})",
    "es": r"(?P<d1>\d{1,2})(?:\s*(?:-|–|y|al)\s*\d{1,2})?\s+de\s+(?P<m1>{months})\s+(?:de|del)\s+(?P<y1>\d{4})",
}

# A clock time: "11:45", "11h45", "at 11.45 a.m.", "a las 11:45 horas".
TIME = r"(?<![\d/])(?P<h>\d{1,2})\s*(?:h|:|\.)\s*(?P<min>\d{2})\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?(?!\d)"

# "for about 45 minutes", "pendant près de 45 minutes", "d'une cinquantaine de minutes", "durante unos 30 minutos".
DURATION = {
    "en": r"(?P<approx>about|approximately|around|some|nearly|roughly)?\s*(?P<n>\d+)\s*(?:-\s*)?minutes?",
    "fr": r"(?P<approx>près de|environ|quelque|plus de)?\s*(?P<n>\d+)\s*minutes"
    r"|(?P<approx2>une?\s+)(?P<word>dizaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine)\s+de\s+minutes",
    "es": r"(?P<approx>cerca de|unos|unas|aproximadamente|alrededor de)?\s*(?P<n>\d+)\s*minutos",
}
APPROXIMATE_NUMBER_WORDS = {
    "dizaine": 10, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60,
}  # fmt: skip

FORMAT = {
    "telephone": r"telephone|phone call|téléphon|entretien téléphonique|telef[oó]nic|llamada|\bcall with\b"
    r"|\bspoke (?:to|with)\b",
    "video": r"video ?conference|video call|virtual summit|visioconférence|vidéoconférence|videoconferencia"
    r"|en ligne|online",
}

# Who is received where: "official visit to Japan", "en visite officielle au Japon", "visita oficial al Perú".
VISIT = {
    "en": r"(?P<level>state|official working|official|working) visit to (?:the )?"
    r"(?P<place>[A-Z][^,.;()]+)",
    "fr": r"visite (?P<level>d[’'][ÉE]tat|officielle de travail|officielle|de travail) (?:au|en|à|aux) "
    r"(?P<place>[A-ZÉ][\w\-]+)",
    "es": r"visita (?P<level>de Estado|oficial de trabajo|oficial|de trabajo) (?:a|al|en) (?:la |el )?"
    r"(?P<place>[A-ZÁÉÍÓÚ][\w\-]+)",
}
VISITING = {
    "en": r"(?:(?:is|was) (?:currently )?visiting|(?:his|her) visit to) (?:the )?(?P<place>[A-Z][^,.;()]+)",
    "fr": r"en (?:visite|déplacement) (?:au|en|à|aux) (?P<place>[A-ZÉ][\w\-]+)",
    "es": r"(?:de|en) visita (?:a|al|en) (?:la |el )?(?P<place>[A-ZÁÉÍÓÚ][\w\-]+)",
}
"""A visit without its level: "who is visiting the Republic of Peru"."""

VISIT_LEVELS = {
    "state": "state", "d'état": "state", "d'etat": "state", "d’état": "state", "de estado": "state",
    "official working": "official-working", "officielle de travail": "official-working",
    "oficial de trabajo": "official-working", "official": "official", "officielle": "official",
    "oficial": "official", "working": "working", "de travail": "working", "de trabajo": "working",
}  # fmt: skip

SIDE_EVENTS = {
    "welcome ceremony": r"welcome ceremony|cérémonie (?:officielle )?d[’']accueil|"
    r"ceremonia (?:oficial )?de (?:bienvenida|recibimiento)",
    "signing ceremony": r"signing(?: and exchange)? ceremony|cérémonie de signature|ceremonia de (?:firma|suscripción)",
    "press conference": r"(?:joint )?press (?:conference|statements?|announcement)|conférence de presse|"
    r"déclarations? à la presse|rueda de prensa|conferencia de prensa|declaración a la prensa",
    "working meal": r"working (?:lunch|dinner|breakfast)|(?:déjeuner|dîner|petit-déjeuner) de travail|"
    r"(?:almuerzo|cena|desayuno) de trabajo|(?:official |state )?(?:banquet|dinner|luncheon)|dîner d[’']État|banquete",
}
SIDE_EVENT_LABELS = {
    "welcome ceremony": {"en": "Welcome ceremony", "fr": "Cérémonie d'accueil", "es": "Ceremonia de bienvenida"},
    "signing ceremony": {"en": "Signing ceremony", "fr": "Cérémonie de signature", "es": "Ceremonia de firma"},
    "press conference": {"en": "Press conference", "fr": "Conférence de presse", "es": "Conferencia de prensa"},
    "working meal": {"en": "Working meal", "fr": "Repas de travail", "es": "Comida de trabajo"},
}
FROM_TIME = r"(?:from|starting at|à partir de|dès|a partir de las?|desde las?)\s+"

INSTRUMENTS = {
    "memorandum of cooperation": r"memorand(?:um|a) of (?:cooperation|understanding)|\bMoC\b|\bMoU\b|"
    r"mémorandum (?:de coopération|d[’']entente)|memor[aá]ndum de (?:cooperaci[oó]n|entendimiento)|"
    r"\bm[ée]morand(?:um|a)\b|\bmemor[aá]ndum\b",
    "exchange of notes": r"exchange of (?:diplomatic )?notes|notes diplomatiques|[ée]change de notes|canje de notas",
    "joint statement": r"joint (?:statement|declaration)|déclaration conjointe|declaraci[oó]n conjunta",
    "instrument": r"\bmemorand(?:ums|a)\b",
    "treaty": r"\btreaty\b|\btraité\b|\btratado\b|\bagreement\b|\baccord\b|\bacuerdo\b|\bconvention\b|\bconvenio\b",
    "cooperation framework": r"road ?map|feuille de route|hoja de ruta|action plan|plan d[’']action|plan de acci[oó]n",
}
CONCLUDED = {
    "signed": r"\bsign(?:ed|ing)\b|\bsign[ée]s?\b|signature|\bfirm(?:ado|aron|a)\b|suscri",
    "exchanged": r"exchang|[ée]change|canje|intercambi",
    "adopted": r"adopt|issued|publi[ée]|emiti",
    "welcomed": r"welcomed|a salué|ont salué|se felicit|acogi",
}

# Speech acts: the verb phrases of readouts, most specific first.
ACTS = {
    "en": [
        ("welcome", r"\bwelcomed\b|\bpraised\b"),
        ("condemn", r"\bcondemned\b"),
        ("thank", r"\bthanked\b|expressed (?:his|her|their) (?:gratitude|appreciation|thanks)"),
        (
            "congratulate",
            r"\bcongratulated\b|(?:offered|expressed) (?:his|her|their)? ?(?:heartfelt |warm )?congratulations",
        ),
        ("express-concern", r"expressed (?:his|her|their|serious|grave)? ?concerns?|\bconcerned\b"),
        ("express-satisfaction", r"expressed (?:his|her|their)? ?satisfaction|\bwelcomed the progress\b"),
        ("express-support", r"expressed (?:his|her|their)? ?support|\bsupported\b|\band (?:received|obtained)\b"),
        ("request", r"\b(?:requested|asked|called (?:on|for)|urged)\b"),
        ("invite", r"\binvited\b"),
        ("agree", r"\bagreed\b|\bconcurred\b|shared the view"),
        ("confirm", r"\bconfirmed\b|\b(?:re)?affirmed\b|\breiterated\b|\brestated\b"),
        ("exchange-views", r"exchanged (?:views|opinions)|\bdiscussed\b|\breflected on\b|\btalked about\b"),
        ("express-wish", r"\blook(?:ed|s)? forward to\b"),
        (
            "express-intent",
            r"\b(?:intends?|would like|wishe[sd]|hopes?d?) to\b"
            r"|expressed (?:his|her|their)? ?(?:intention|desire|hope)",
        ),
        (
            "state",
            r"\b(?:stated|said|noted|explained|emphasi[sz]ed|underlined|underscored|highlighted|stressed|responded"
            r"|replied|spoke about)\b",
        ),
    ],
    "fr": [
        ("welcome", r"souhait(?:é|ant) la bienvenue|a accueilli|\ba salué\b|\bont salué\b"),
        ("thank", r"\bremerci[ée]"),
        ("congratulate", r"\bfélicit"),
        ("express-concern", r"préoccupation|inquiétude"),
        ("express-satisfaction", r"satisfaite?s?\b|s[’']est félicitée?"),
        ("express-support", r"\bobtenu\b|soutien (?:de|du|à)|a soutenu|apporté son soutien"),
        ("request", r"\ba demandé\b|ont demandé|a appelé|a sollicité|a prié"),
        ("invite", r"\ba invité\b"),
        ("agree", r"\bsont convenu(?:e)?s\b|se sont accordé|ont convenu"),
        ("confirm", r"\bconfirmé\b|\bréaffirmé\b"),
        ("exchange-views", r"\bont échangé\b|\bont discuté\b|ont eu un échange|ont aussi discuté"),
        ("express-wish", r"exprimé son souhait|souhaité que|a exprimé l[’']espoir"),
        ("express-intent", r"(?:a déclaré|a ajouté|a dit) vouloir|\bvouloir\b|sa volonté|la volonté|son intention"),
        ("state", r"\ba déclaré\b|\ba indiqué\b|\ba souligné\b|\ba expliqué\b"),
    ],
    "es": [
        ("welcome", r"dio la bienvenida|dieron la bienvenida"),
        ("thank", r"\bagradeci[óo]\b|agradecieron|\bha(?:n)? agradecido\b"),
        ("congratulate", r"\bfelicit[óo]\b|\bha(?:n)? felicitado\b"),
        ("express-concern", r"preocupaci[oó]n"),
        ("express-satisfaction", r"satisfacci[oó]n|se felicit[óo]"),
        ("express-support", r"\bapoyo\b|respald"),
        (
            "request",
            r"\bsolicit[óo]\b|\bpidi[óo]\b|\binst[óo]\b|\binsisti[óo]\b|\bha insistido\b|\bpregunt[óo]\b"
            r"|hizo preguntas",
        ),
        ("invite", r"\binvit[óo]\b"),
        ("agree", r"\bacordaron\b|coincidieron|convinieron|\bhan (?:acordado|coincidido|convenido)\b"),
        ("confirm", r"\bconfirmaron\b|\bconfirm[óo]\b|reafirm|\breiter[óo]\b"),
        (
            "exchange-views",
            r"intercambiaron|dialogaron|conversaron|abordaron|revisaron|analizaron|repasaron|hablaron"
            r"|\bhan (?:abordado|conversado|dialogado|analizado|repasado|hablado)\b",
        ),
        ("express-wish", r"expres[óo] (?:su )?deseo|espera que"),
        ("express-intent", r"voluntad|intenci[oó]n"),
        (
            "state",
            r"\bseñal[óo]\b|\bafirm[óo]\b|\bdestac[óo]\b|\bexplic[óo]\b|\bindic[óo]\b|\bdijo\b|\bsubray[óo]\b"
            r"|\bha(?:n)? (?:señalado|destacado|afirmado|manifestado|subrayado|explicado|indicado|trasladado)\b",
        ),
    ],
}

# Subjects that mean both sides ("Les deux parties", "The two leaders", "Ambos cancilleres").
BOTH = {
    "en": r"^(?:the )?(?:two|both) (?:leaders|sides|ministers|parties|foreign ministers)|^they\b|^both\b"
    r"|^the (?:leaders|ministers|presidents|prime ministers)\b|^(?:he|she) and\b",
    "fr": r"^(?:les )?deux (?:parties|dirigeants|ministres|chefs|présidents)|^(?:elles|ils)\b"
    r"|^les (?:dirigeants|ministres|présidents)\b",
    "es": r"^(?:ambos|los dos) (?:mandatarios|cancilleres|líderes|ministros|presidentes)|^ambas partes"
    r"|^los (?:mandatarios|cancilleres|ministros|presidentes|líderes)\b|^las (?:autoridades|delegaciones)\b",
}
AND = r"\s+(?:and|et|y)\s+"
"""Two speakers named together ("Foreign Secretary Truss and Foreign Minister Marsudi reaffirmed") speak as both."""

# The publisher's own leader goes unnamed ("The Prime Minister spoke to ..."): the office holder of the
# publisher's state on the date. Domains of governments' sites → the state; titles → words of the post's label.
PUBLISHER_DOMAINS = {
    "gov.uk": "GB", "gov.in": "IN", "nic.in": "IN", "elysee.fr": "FR", "gouv.fr": "FR", "gob.es": "ES",
    "gob.mx": "MX", "gob.cl": "CL", "gob.ar": "AR", "gob.pe": "PE", "gov.br": "BR", "gov.au": "AU",
    "go.jp": "JP", "state.gov": "US", "whitehouse.gov": "US",
}  # fmt: skip
UNNAMED_TITLES = {
    "en": [
        (r"\b[Tt]he Prime Minister\b(?!\s+of\b|\s+[A-Z])", "prime minister"),
        (r"\b[Tt]he Foreign Secretary\b(?!\s+of\b|\s+[A-Z])", "secretary of state for foreign"),
        (r"\b[Tt]he President\b(?!\s+of\b|\s+[A-Z])", "president"),
    ],
    "fr": [
        (r"\b[Ll]e [Pp]résident de la République\b(?!\s+(?:du|de|d[’']))|\b[Ll]e chef de l[’'][ÉE]tat\b", "president"),
        (r"\b[Ll]e Premier ministre\b(?!\s+(?:du|de|d[’'])|\s+[A-Z])", "premier ministre"),
        (r"\b[Ll]e ministre de l[’']Europe et des [Aa]ffaires étrangères\b", "affaires etrangeres"),
    ],
    "es": [
        (r"\b[Ee]l [Pp]residente del Gobierno\b(?!\s+de\b)", "president"),
        (r"\b[Ee]l [Pp]residente de la República\b(?!\s+de\b)", "president"),
        (r"\b[Ee]l (?:[Mm]inistro de Asuntos Exteriores|[Cc]anciller)\b(?!\s+de\b|\s+[A-Z])", "foreign"),
    ],
}  # fmt: skip

PRONOUN = {"en": r"^(?:he|she)\b", "fr": r"^(?:il|elle)\b", "es": r"^(?:él|ella)\b"}

# A community abroad: "around 250,000 nikkeijin", "près de 250 000 Nikkei", "unos 100 000 descendientes".
DIASPORA = (
    r"(?P<approx>près de|environ|about|around|some|approximately|nearly|unos|cerca de)?\s*"
    r"(?P<n>\d{1,3}(?:[ ,.\u202f\u00a0]\d{3})+|\d+)\s+"
    r"(?P<who>nikkei\w*|japonais|japanese|descendientes|ressortissants|nationals)"
)
