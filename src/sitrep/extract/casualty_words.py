"""Words and patterns the casualty reader uses: person nouns, outcome triggers, and a small
fallback that gives a victim group a country and a sector when no knowledge base is at hand."""
from __future__ import annotations

import re

# --- lexicon -------------------------------------------------------------------------------
PERSON = set(["people", "persons", "person", "individuals", "individual", "others", "civilians", "civilian", "residents", "resident", "inhabitants", "villagers", "citizens", "children", "child", "kids", "kid", "boys", "boy", "girls", "girl", "women", "woman", "men", "man", "babies", "baby", "infants", "infant", "minors", "minor", "teenagers", "teenager", "youths", "youth", "students", "student", "family", "families", "relatives", "members", "member", "soldiers", "soldier", "troops", "trooper", "servicemen", "serviceman", "personnel", "forces", "officers", "officer", "policemen", "policeman", "policewomen", "police", "gendarmes", "guards", "guard", "militants", "militant", "rebels", "rebel", "fighters", "fighter", "insurgents", "insurgent", "terrorists", "terrorist", "jihadists", "jihadist", "gunmen", "gunman", "attackers", "attacker", "militiamen", "militiaman", "extremists", "extremist", "combatants", "combatant", "mercenaries", "mercenary", "recruits", "recruit", "commanders", "commander", "leaders", "leader", "officials", "official", "workers", "worker", "journalists", "journalist", "reporters", "reporter", "photographers", "doctors", "doctor", "nurses", "nurse", "medics", "medic", "paramedics", "volunteers", "volunteer", "peacekeepers", "peacekeeper", "pilots", "pilot", "crew", "crewmen", "passengers", "passenger", "pilgrims", "worshippers", "worshipers", "protesters", "protester", "demonstrators", "demonstrator", "detainees", "prisoners", "prisoner", "refugees", "refugee", "migrants", "migrant", "displaced", "victims", "victim", "elderly", "adults", "adult", "brothers", "brother", "sisters", "sister", "sons", "son", "daughters", "daughter", "fathers", "father", "mothers", "mother", "husband", "wife", "wives", "shepherds", "shepherd", "farmers", "farmer", "fishermen", "teachers", "teacher", "engineers", "engineer", "employees", "staff", "contractors", "contractor", "advisers", "advisors", "adviser", "advisor", "marines", "marine", "sailors", "sailor", "paratroopers", "commandos", "commando", "snipers", "sniper", "bodyguards", "bodyguard", "wardens", "hostages", "hostage", "tourists", "tourist", "foreigners", "foreigner", "nationals", "national", "shiites", "sunnis", "alawites", "christians", "kurds", "turks", "arabs", "syrians", "iraqis", "afghans", "russians", "americans", "israelis", "palestinians",
                "entourage", "drivers", "driver", "elements", "element", "companions", "comrades", "colleagues", "escorts", "aides", "emir", "emirs", "cousins",
                # office-holders and trades a report names its dead by ('killed the mayor and his two bodyguards')
                "mayor", "mayors", "governor", "governors", "judge", "judges", "imam", "imams", "priest", "priests",
                "cleric", "clerics", "minister", "ministers", "lawmaker", "lawmakers", "politician", "politicians",
                "councillor", "councillors", "councilor", "councilors", "activist", "activists", "lawyer", "lawyers",
                "candidate", "candidates", "elders", "tribesman", "tribesmen", "herder", "herders", "miner", "miners",
                "trader", "traders", "shopkeeper", "shopkeepers", "diplomat", "diplomats", "ambassador", "colonel",
                "captain", "lieutenant", "sergeant", "villager", "aid worker", "spokesman"])
#: nouns whose count is an outcome by itself ("12 deaths", "3 wounded")
OUTCOME_NOUNS = {
    "dead": "killed", "deaths": "killed", "death": "killed", "fatalities": "killed",
    "fatality": "killed", "martyrs": "killed", "martyr": "killed", "bodies": "killed",
    "corpses": "killed", "killed": "killed", "casualties": "casualties", "casualty": "casualties",
    "wounded": "injured", "injured": "injured", "injuries": "injured", "injury": "injured",
    "missing": "missing", "captives": "captured", "hostages": "captured", "lives": "killed",
}
PERSON_SUFFIXES = ("ers", "ists", "ians", "ants", "ees", "men", "ites", "ards", "ics")
NOT_PERSON = set(["helicopters", "containers", "launchers", "centers", "centres", "towers", "shelters", "quarters", "headquarters", "borders", "letters", "papers", "layers", "computers", "trailers", "bombers", "fighters-jets", "tankers", "carriers", "howitzers", "barrels", "rounds", "shells", "rockets", "missiles", "vehicles", "tanks", "villages", "towns", "cities", "areas", "km", "kilometres", "kilometers", "miles", "meters", "metres", "years", "months", "weeks", "days", "hours", "minutes", "seconds", "times", "percent", "dollars", "euros", "pounds", "liras", "points", "fronts", "positions", "sites", "buildings", "homes", "houses", "schools", "hospitals", "mosques", "churches", "markets", "checkpoints", "bases", "posts", "airstrikes", "strikes", "raids", "attacks", "explosions", "bombs", "cars", "trucks", "planes", "jets", "aircraft", "drones", "boats", "ships"])
MONTHS = set(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"])
TIME_WORDS = MONTHS | set(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight", "overnight", "earlier", "later", "last", "this"])
SUPERSEDED_TOLL = re.compile(r"\b(?:earlier|previous|initial|preliminary|old)\s+(?:death\s+)?"
                              r"toll\s+(?:\S+\s+){0,4}?(?:of|at|was)\s*$", re.I)
FRACTION = re.compile(r"\b(?:quarter|half|third|fraction)\s+(?:of\s+)?$", re.I)
UNIT_WORDS = set(["brigade", "division", "regiment", "battalion", "corps", "squadron", "resolution", "article", "route", "highway", "road", "flight", "no", "no.", "number", "page", "room", "unit", "platoon", "sector", "zone", "phase", "chapter", "paragraph", "item", "model", "version", "aged", "age", "gate", "block", "building", "apartment", "km", "tel", "phone"])
YEAR_PREPS = {"in", "since", "of", "until", "till", "by", "during", "from", "year", "early",
               "late", "mid", "before", "after", "to", "and", "-"}

#: verbs whose subject or object suffers ('were killed', 'died', 'hurt in the strike')
HARM_LEMMAS = {"kill", "die", "injure", "wound", "hurt", "maim", "perish"}

# The sides name the same armed men differently ('jihadists', 'terrorists', 'Islamic State fighters'): when a
# figure is told twice, these sectors are one.
NON_STATE_SECTORS = {"rebels", "militia", "terrorist_group"}


def sector_family(sector: str | None) -> str | None:
    """The sector a repeated figure is compared by: the non-state armed sectors are one."""
    return "non_state" if sector in NON_STATE_SECTORS else sector


# --- outcome triggers ---------------------------------------------------------------------
AUX = (r"(?:were|was|have|has|had|been|be|are|is|being|got|get|reportedly|also|all|both|"
        r"later|reported|believed|feared|confirmed|said|thought|known|to|subsequently|"
        r"allegedly|apparently|initially|immediately|instantly|in\s+total|in\s+all|each|"
        r"who|that|which|seriously|critically|severely|lightly|slightly|moderately|fatally|"
        r"mortally|badly|now|so\s+far|already|officially|were\s+left|left|remain|remained|"
        r"still|went|gone|either|respectively|may|might|could|would|will|likely|probably|"
        r"possibly|feared|understood|presumed|not\s+yet|more)")
POST_TRIGGERS: list[tuple[str, str]] = [
    ("killed", r"shot\s+dead|shot\s+and\s+killed|gunned\s+down|burn(?:ed|t)\s+to\s+death|"
               r"stabbed\s+to\s+death|beaten\s+to\s+death|lost\s+(?:their|his|her)\s+li(?:ves|fe)|"
               r"killed|dead|died|die|perished|martyred|slain|slaughtered|massacred|executed|"
               r"beheaded|drowned|suffocated|succumbed|deaths|fatalities"),
    ("injured", r"(?:sustained|suffered|received)\s+(?:\w+\s+)?(?:injuries|wounds)|"
                r"injured|wounded|hurt|maimed|injuries"),
    ("neutralized", r"neutrali[sz]ed"),
    ("missing", r"missing|unaccounted\s+for|disappeared"),
    ("captured", r"taken\s+(?:as\s+)?(?:prisoners?|captives?|hostages?)|held\s+(?:hostage|captive)|"
                 r"captured|abducted|kidnapped|prisoners?|hostages?|captives?"),
]
POST_RES = [(outcome, re.compile(
    rf"^(?:\s*[,(\-–—])?(?:\s*(?:including|among\s+them|incl\.?|(?:most|many|all|some|half|several)\s+of\s+them|"
    rf"mostly|mainly)\s+[^.;:,()\-–—]{{0,60}}?\s*[,)\-–—]?)?"
    rf"(?:\s+(?:from|of|in|inside|near|\w+ing\s+(?:for|with|at|in|on|as))\s+(?:[^\s\d,.;]+\s+){{0,4}}?"
    rf"[^\s\d,.;]+(?=\s+(?:were|was|have|had|has)\b))?"
    rf"(?P<aux>(?:\s+{AUX})*)\s+(?P<trig>{pattern})\b", re.IGNORECASE))
    for outcome, pattern in POST_TRIGGERS]
TRANSITIVE = re.compile(r"^(killed|wounded|injured|captured|abducted|kidnapped|executed|"
                         r"slaughtered|massacred|hurt|shot and killed|gunned down)$", re.IGNORECASE)
GAP = r"(?:\s+(?:a\s+total\s+of|another|an\s+additional|a\s+further|also|a|all|the|its|their|his|her))?"
PRE_TRIGGERS: list[tuple[str, re.Pattern]] = [(outcome, re.compile(rf"\b(?:{p}){GAP}\s*$", re.IGNORECASE))
                                               for outcome, p in [
    ("killed", r"killing|killed|kill|kills|slaying|slew|massacring|executing|executed|beheading|beheaded|"
               r"slit(?:ting)?\s+the\s+throats?\s+of|"
               r"claim(?:ed|ing|s)?\s+the\s+lives?\s+of|t(?:ook|aking|akes?)\s+the\s+lives?\s+of|"
               r"(?:the\s+)?deaths?\s+of|(?:the\s+)?killing\s+of|martyrdom\s+of|"
               r"among\s+the\s+(?:dead|killed|victims|fatalities)\s+(?:were|are|was|is)|"
               r"(?:death|casualty|fatality)?\s*toll\b(?:(?!toll\b)[^.;\d]){0,60}?\b(?:to|at|of|reached|hit|is|"
               r"was|stands\s+at|stood\s+at|now)|"
               r"number\s+of\s+(?:the\s+)?(?:dead|deaths|killed|fatalities|victims|martyrs|"
               r"people\s+killed|those\s+killed|persons\s+killed|casualties)\b[^.;\d]{0,40}?"
               r"\b(?:to|at|of|reached|hit|is|was|stands\s+at|stood\s+at)|"
               r"number\s+of\s+(?:[\w'-]+\s+){1,3}?(?:killed|dead|martyred|who\s+(?:died|were\s+killed))\b"
               r"[^.;\d]{0,160}?\b(?:risen|rose|climbed|jumped|reached|increased|stands\s+at|stood\s+at)"
               r"(?:\s+to)?"),
    ("injured", r"wounding|injuring|maiming|wounded|injured|"
                r"number\s+of\s+(?:the\s+)?(?:wounded|injured|injuries)\b[^.;\d]{0,40}?"
                r"\b(?:to|at|of|reached|is|was|stands\s+at|stood\s+at)"),
    ("neutralized", r"neutrali[sz](?:ed|ing|es?)"),
    ("eliminated", r"destroy(?:ed|ing|s)?|eliminat(?:ed|ing|es?)|liquidat(?:ed|ing|es?)"),
    ("captured", r"capturing|captured|abducting|abducted|kidnapping|kidnapped|"
                 r"(?:the\s+)?(?:capture|abduction|kidnapping)\s+of"),
]]
SUBSET_PRE = re.compile(r"\b(?:including|among\s+them|among\s+whom|amongst\s+them|incl\.?|"
                         r"mostly|mainly|"
                         r"of\s+whom|of\s+them)\s*\(?\s*$", re.IGNORECASE)
COMBINED_POST = re.compile(r"^\s+(?:and|or|and/or)\s+(?:injured|wounded|hurt|injuring|wounding)\b", re.I)
COMBINED_PRE = re.compile(r"\b(?:kill\w*|martyr\w*|dead)\s+(?:and|or|and/or)\s+(?:injur\w*|wound\w*)"
                           r"(?:\s+(?:a\s+total\s+of|another|all))?\s*$", re.I)
SUPERSEDED_RE = re.compile(r"\b(?:earlier|previous|initial|initially|preliminary|old)\b", re.IGNORECASE)
SUBSET_POST = re.compile(r"^\s+(?:of\s+(?:whom|them|those)|among\s+them)\b", re.IGNORECASE)
SINGULAR_RE = re.compile(r"(?<![\w-])(?:an?|the|another)(?=\s)", re.IGNORECASE)
ZERO_RE = re.compile(r"(?<![\w-])(?:no\s+one|nobody|none|no)(?=\s)", re.IGNORECASE)
CONJ_RE = re.compile(r"^\s*(?:,\s*)?(?:and|as\s+well\s+as|plus|,)\s*$", re.IGNORECASE)

# --- group country / sector fallback (sitrep.kb does this properly) --------------------------
DEMONYMS = {
    "turkish": "TUR", "turk": "TUR", "turks": "TUR", "syrian": "SYR", "syrians": "SYR",
    "russian": "RUS", "russians": "RUS", "american": "USA", "u.s.": "USA", "us": "USA",
    "iraqi": "IRQ", "iraqis": "IRQ", "iranian": "IRN", "israeli": "ISR", "israelis": "ISR",
    "palestinian": "PSE", "palestinians": "PSE", "lebanese": "LBN", "afghan": "AFG",
    "afghans": "AFG", "pakistani": "PAK", "ukrainian": "UKR", "yemeni": "YEM", "saudi": "SAU",
    "egyptian": "EGY", "libyan": "LBY", "nigerian": "NGA", "somali": "SOM", "malian": "MLI",
    "french": "FRA", "british": "GBR", "indian": "IND", "jordanian": "JOR",
}
SECTOR_WORDS = [  # checked in this order; the first hit wins
    ("terrorist_group", {"isis", "isil", "daesh", "is", "islamic", "nusra", "qaeda", "al-qaeda", "taliban",
                         "shabaab", "terrorists", "terrorist", "jihadists", "jihadist"}),
    ("police", {"police", "policemen", "policeman", "gendarmes", "policewomen"}),
    ("media", {"journalists", "journalist", "reporters", "reporter", "photographers"}),
    ("international", {"peacekeepers", "peacekeeper", "un", "u.n."}),
    ("militia", {"militiamen", "militiaman", "militia", "militias"}),
    ("military", {"soldiers", "soldier", "troops", "army", "servicemen", "serviceman", "marines",
                  "personnel", "forces", "officers", "officer", "pilots", "pilot", "military",
                  "paratroopers", "commandos", "sailors", "regime", "conscripts"}),
    ("rebels", {"militants", "militant", "rebels", "rebel", "fighters", "fighter", "insurgents",
                "insurgent", "gunmen", "gunman", "combatants", "opposition"}),
    ("government", {"officials", "official", "ministers", "minister", "governor", "mayor"}),
    ("civilians", {"civilians", "civilian", "children", "child", "women", "woman", "residents",
                   "people", "villagers", "boys", "boy", "girls", "girl", "babies", "family",
                   "students", "worshippers", "passengers", "farmers", "shepherds", "persons",
                   "person", "man", "men", "pilgrims", "refugees", "workers", "doctors",
                   "teachers", "teacher", "nurses", "kids", "infants", "youths"}),
]


def default_resolve_group(text: str) -> tuple[str | None, str | None]:
    """Small local fallback: demonym -> ISO3, noun -> contract sector."""
    words = [w.strip(".,'\"()") for w in text.lower().replace("-", " - ").split()]
    country = next((DEMONYMS[w] for w in words if w in DEMONYMS), None)
    sector = next((s for s, vocab in SECTOR_WORDS if any(w in vocab for w in words)), None)
    return country, sector
