"""The trigger lexicon: words that name an event, with the event types they can carry.

Each entry maps a lower-case word form or lemma to a :class:`Trigger`. ``types`` lists the
contract types the word can express, most likely first; the sentence classifier and the
context words choose among them. ``plover`` is set for verbal and interaction triggers whose
PLOVER event does not follow from the type. ``weak`` triggers ("hit", "target", "kill") only
make an event when the sentence classifier agrees that the sentence reports one.
"""
from __future__ import annotations

from dataclasses import dataclass

VIOLENT = ("ARMED_CLASH", "ATTACK", "AIR_STRIKE", "ART_MISS_ATTACK")


@dataclass(frozen=True)
class Trigger:
    types: tuple[str, ...]
    plover: str | None = None
    mode: str | None = None
    verbal: bool = False
    weak: bool = False
    nouns_only: bool = False
    verbs_only: bool = False


def _t(*types, **kw) -> Trigger:
    return Trigger(types=tuple(types), **kw)


# Single-word triggers by lemma or lower-case form.
WORDS: dict[str, Trigger] = {
    # remote violence
    "airstrike": _t("AIR_STRIKE"), "air-strike": _t("AIR_STRIKE"), "airstrikes": _t("AIR_STRIKE"),
    "bombard": _t("AIR_STRIKE", "ART_MISS_ATTACK"), "bombardment": _t("AIR_STRIKE", "ART_MISS_ATTACK"),
    "bomb": _t("AIR_STRIKE", "REM_EXPLOS", verbs_only=True), "bombing": _t("AIR_STRIKE", "REM_EXPLOS", "SUIC_BOMB"),
    "raid": _t("AIR_STRIKE", "ARMED_CLASH", "ARREST"),
    "strike": _t("AIR_STRIKE", "ART_MISS_ATTACK", weak=True),
    "hit": _t("AIR_STRIKE", "ART_MISS_ATTACK", "ARMED_CLASH", weak=True, verbs_only=True),
    "pound": _t("AIR_STRIKE", "ART_MISS_ATTACK", weak=True, verbs_only=True),
    "target": _t("AIR_STRIKE", "ART_MISS_ATTACK", "ATTACK", weak=True, verbs_only=True),
    "shell": _t("ART_MISS_ATTACK", verbs_only=True), "shelling": _t("ART_MISS_ATTACK"),
    "barrage": _t("ART_MISS_ATTACK"), "mortar": _t("ART_MISS_ATTACK", nouns_only=True),
    "rocket": _t("ART_MISS_ATTACK", nouns_only=True, weak=True),
    "missile": _t("ART_MISS_ATTACK", nouns_only=True, weak=True),
    "artillery": _t("ART_MISS_ATTACK", nouns_only=True, weak=True),
    "explosion": _t("REM_EXPLOS", "SUIC_BOMB", "MAN_MADE_DISASTER"),
    "blast": _t("REM_EXPLOS", "SUIC_BOMB", "MAN_MADE_DISASTER"),
    "explode": _t("REM_EXPLOS", "SUIC_BOMB"), "detonate": _t("REM_EXPLOS", "SUIC_BOMB"),
    "ied": _t("REM_EXPLOS"), "landmine": _t("REM_EXPLOS"), "mine": _t("REM_EXPLOS", nouns_only=True, weak=True),
    "grenade": _t("GRENADE"), "suicide": _t("SUIC_BOMB", weak=True),
    "chlorine": _t("CHEM_WEAP"), "sarin": _t("CHEM_WEAP"), "chemical": _t("CHEM_WEAP", weak=True),
    # battles
    "clash": _t("ARMED_CLASH"), "fighting": _t("ARMED_CLASH"), "fight": _t("ARMED_CLASH", weak=True),
    "battle": _t("ARMED_CLASH"), "offensive": _t("ARMED_CLASH"), "skirmish": _t("ARMED_CLASH"),
    "firefight": _t("ARMED_CLASH"), "ambush": _t("ARMED_CLASH", "ATTACK"), "assault": _t("ARMED_CLASH", "ATTACK"),
    "attack": _t("ARMED_CLASH", "ATTACK", "AIR_STRIKE", "ART_MISS_ATTACK"),
    "repel": _t("ARMED_CLASH"), "repulse": _t("ARMED_CLASH"), "counterattack": _t("ARMED_CLASH"),
    "recapture": _t("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"),
    "retake": _t("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"),
    "regain": _t("GOV_REGAINS_TERIT", verbs_only=True), "liberate": _t("GOV_REGAINS_TERIT"),
    "capture": _t("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT", "ABDUCT_DISSAP", weak=True),
    "seize": _t("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT", "DISR_WEAP", weak=True),
    "overrun": _t("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT"),
    # violence against civilians
    "kill": _t("ATTACK", "ARMED_CLASH", "AIR_STRIKE", "ART_MISS_ATTACK", weak=True),
    "massacre": _t("ATTACK"), "execute": _t("ATTACK", weak=True), "behead": _t("ATTACK"),
    "shoot": _t("ATTACK", "ARMED_CLASH", weak=True), "gun": _t("ATTACK", verbs_only=True),
    "stab": _t("ATTACK"), "lynch": _t("MOB_VIOL"),
    "rape": _t("SEX_VIOL"), "abduct": _t("ABDUCT_DISSAP"), "kidnap": _t("ABDUCT_DISSAP"),
    "abduction": _t("ABDUCT_DISSAP"), "kidnapping": _t("ABDUCT_DISSAP"),
    # protests and riots
    "protest": _t("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR"),
    "demonstrate": _t("PEACE_PROTEST", "VIOL_DEMONSTR"), "demonstration": _t("PEACE_PROTEST", "VIOL_DEMONSTR"),
    "rally": _t("PEACE_PROTEST"), "march": _t("PEACE_PROTEST", weak=True), "riot": _t("VIOL_DEMONSTR"),
    "sit-in": _t("PEACE_PROTEST"), "mob": _t("MOB_VIOL", nouns_only=True),
    # strategic developments
    "arrest": _t("ARREST"), "detain": _t("ARREST"), "apprehend": _t("ARREST"),
    "defuse": _t("DISR_WEAP"), "dismantle": _t("DISR_WEAP", weak=True), "intercept": _t("DISR_WEAP"),
    "loot": _t("PROPERTY_DISTRUCT"), "torch": _t("PROPERTY_DISTRUCT", verbs_only=True),
    "vandalise": _t("PROPERTY_DISTRUCT"), "vandalize": _t("PROPERTY_DISTRUCT"),
    "demolish": _t("PROPERTY_DISTRUCT"), "bulldoze": _t("PROPERTY_DISTRUCT"), "raze": _t("PROPERTY_DISTRUCT"),
    "ransack": _t("PROPERTY_DISTRUCT"), "pillage": _t("PROPERTY_DISTRUCT"),
    "withdraw": _t("NON_VIOL_TERRIT_TRANSFER", plover="RETREAT", weak=True),
    "withdrawal": _t("NON_VIOL_TERRIT_TRANSFER", plover="RETREAT", weak=True),
    "agreement": _t("AGREEMENT", plover="AGREE", weak=True), "deal": _t("AGREEMENT", plover="AGREE", weak=True),
    "ceasefire": _t("AGREEMENT", plover="AGREE", weak=True), "truce": _t("AGREEMENT", plover="AGREE", weak=True),
    "agree": _t("AGREEMENT", plover="AGREE", verbal=True), "sign": _t("AGREEMENT", plover="AGREE", weak=True),
    # ACLED codes surrenders and prisoner exchanges as agreements; defections change a group
    "surrender": _t("AGREEMENT", plover="CONCEDE"), "defect": _t("CHANGE_TO_GROUP_ACT", verbs_only=True),
    "defection": _t("CHANGE_TO_GROUP_ACT"),
    # disasters and crime
    "earthquake": _t("NATURAL_DISASTER"), "flood": _t("NATURAL_DISASTER"), "flooding": _t("NATURAL_DISASTER"),
    "cyclone": _t("NATURAL_DISASTER"), "landslide": _t("NATURAL_DISASTER"), "hurricane": _t("NATURAL_DISASTER"),
    "wildfire": _t("NATURAL_DISASTER"), "epidemic": _t("NATURAL_DISASTER"), "outbreak": _t("NATURAL_DISASTER"),
    "fire": _t("MAN_MADE_DISASTER", weak=True, nouns_only=True), "collapse": _t("MAN_MADE_DISASTER", weak=True),
    "crash": _t("MAN_MADE_DISASTER"), "derail": _t("MAN_MADE_DISASTER"), "capsize": _t("MAN_MADE_DISASTER"),
    "leak": _t("MAN_MADE_DISASTER", weak=True), "leakage": _t("MAN_MADE_DISASTER", weak=True),
    "collision": _t("MAN_MADE_DISASTER"), "collide": _t("MAN_MADE_DISASTER", verbs_only=True),
    "smuggle": _t("ORG_CRIME"), "trafficking": _t("ORG_CRIME"), "cartel": _t("ORG_CRIME", weak=True),
    # verbal and interaction events (PLOVER)
    "accuse": _t("ATTRIB", plover="ACCUSE", verbal=True), "blame": _t("ATTRIB", plover="ACCUSE", verbal=True),
    "condemn": _t("DIPLO", plover="ACCUSE", verbal=True), "criticize": _t("DIPLO", plover="ACCUSE", verbal=True),
    "criticise": _t("DIPLO", plover="ACCUSE", verbal=True), "denounce": _t("DIPLO", plover="ACCUSE", verbal=True),
    "concern": _t("DIPLO", plover="ACCUSE", verbal=True, nouns_only=True, weak=True),
    "deny": _t("ATTRIB", plover="REJECT", verbal=True), "reject": _t("DIPLO", plover="REJECT", verbal=True),
    "refuse": _t("DIPLO", plover="REJECT", verbal=True),
    "threaten": _t("DIPLO", plover="THREATEN", verbal=True), "warn": _t("DIPLO", plover="THREATEN", verbal=True),
    "retaliate": _t("ARMED_CLASH", "ATTACK", verbs_only=True),    # 'vowed to retaliate': a threat (plover_rules)
    "threat": _t("DIPLO", plover="THREATEN", verbal=True, weak=True),
    "ultimatum": _t("DIPLO", plover="THREATEN", verbal=True),
    "demand": _t("DIPLO", plover="REQUEST", verbal=True), "urge": _t("DIPLO", plover="REQUEST", verbal=True),
    "appeal": _t("DIPLO", plover="REQUEST", verbal=True),
    "request": _t("DIPLO", plover="REQUEST", verbal=True, verbs_only=True),
    "meet": _t("DIPLO", plover="CONSULT", verbal=True, verbs_only=True),
    "talk": _t("DIPLO", plover="CONSULT", verbal=True, nouns_only=True, weak=True),
    "visit": _t("DIPLO", plover="CONSULT", verbal=True), "negotiate": _t("DIPLO", plover="CONSULT", verbal=True),
    "telephone": _t("DIPLO", plover="CONSULT", verbal=True, verbs_only=True),
    "discuss": _t("DIPLO", plover="CONSULT", verbal=True, weak=True),
    "summit": _t("DIPLO", plover="CONSULT", verbal=True), "host": _t("DIPLO", plover="CONSULT", verbal=True, weak=True),
    "sanction": _t("DIPLO", plover="SANCTION", verbal=True), "expel": _t("DIPLO", plover="SANCTION", verbal=True),
    "praise": _t("DIPLO", plover="SUPPORT", verbal=True), "endorse": _t("DIPLO", plover="SUPPORT", verbal=True),
    "aid": _t("OTHER", plover="AID", weak=True), "reinforce": _t("OTHER", plover="MOBILIZE", weak=True),
    "deploy": _t("OTHER", plover="MOBILIZE", weak=True), "mobilize": _t("OTHER", plover="MOBILIZE"),
    "mobilise": _t("OTHER", plover="MOBILIZE"),
    # more CAMEO-style interactions between states (PLOVER)
    "meeting": _t("DIPLO", plover="CONSULT", verbal=True, nouns_only=True),
    "mediate": _t("DIPLO", plover="CONSULT", mode="mediate", verbal=True),
    "mediation": _t("DIPLO", plover="CONSULT", mode="mediate", verbal=True),
    "welcome": _t("DIPLO", plover="SUPPORT", verbal=True, verbs_only=True),
    "hail": _t("DIPLO", plover="SUPPORT", verbal=True, verbs_only=True),
    "applaud": _t("DIPLO", plover="SUPPORT", verbal=True), "commend": _t("DIPLO", plover="SUPPORT", verbal=True),
    "forgive": _t("DIPLO", plover="SUPPORT", verbal=True),
    "resign": _t("OTHER", plover="RETREAT", verbs_only=True),
    "donate": _t("OTHER", plover="AID"),
    "deport": _t("OTHER", "ARREST", plover="COERCE", mode="expel"),
    "hack": _t("OTHER", plover="COERCE", mode="cyber", verbs_only=True),
    "ban": _t("OTHER", "CHANGE_TO_GROUP_ACT", plover="COERCE", mode="ban", verbs_only=True),
    "torture": _t("ATTACK"), "invade": _t("ARMED_CLASH"), "invasion": _t("ARMED_CLASH"),
    "jail": _t("ARREST", verbs_only=True), "imprison": _t("ARREST"),
    "sue": _t("DIPLO", plover="ACCUSE", mode="sue", verbal=True),
    "lawsuit": _t("DIPLO", plover="ACCUSE", mode="sue", verbal=True),
    "investigate": _t("ATTRIB", "DIPLO", plover="ACCUSE", mode="investigate", verbal=True, verbs_only=True),
    "investigation": _t("ATTRIB", "DIPLO", plover="ACCUSE", mode="investigate", verbal=True),
    "boycott": _t("DIPLO", plover="PROTEST", mode="boycott", verbal=True),
    "pressure": _t("DIPLO", plover="REQUEST", verbal=True, verbs_only=True),
    "renege": _t("DIPLO", plover="REJECT", verbal=True), "veto": _t("DIPLO", plover="REJECT", verbal=True),
    "oppose": _t("DIPLO", plover="REJECT", verbal=True),
    "offer": _t("DIPLO", plover="AGREE", verbal=True, verbs_only=True),
    "promise": _t("DIPLO", plover="AGREE", verbal=True, verbs_only=True),
    "complain": _t("DIPLO", plover="ACCUSE", verbal=True),
    "blockade": _t("OTHER", plover="COERCE", mode="blockade", verbs_only=True),
}

# Multi-word triggers, matched on lower-case forms or lemmas of consecutive tokens.
PHRASES: dict[tuple[str, ...], Trigger] = {
    ("air", "strike"): _t("AIR_STRIKE"), ("air", "raid"): _t("AIR_STRIKE"), ("drone", "strike"): _t("AIR_STRIKE"),
    ("air", "attack"): _t("AIR_STRIKE"), ("aerial", "bombardment"): _t("AIR_STRIKE"),
    ("barrel", "bomb"): _t("AIR_STRIKE"),  # dropped from helicopters (ACLED: air/drone strike)
    ("missile", "strike"): _t("ART_MISS_ATTACK"), ("rocket", "attack"): _t("ART_MISS_ATTACK"),
    ("artillery", "fire"): _t("ART_MISS_ATTACK"), ("mortar", "fire"): _t("ART_MISS_ATTACK"),
    ("car", "bomb"): _t("REM_EXPLOS", "SUIC_BOMB"), ("roadside", "bomb"): _t("REM_EXPLOS"),
    ("bomb", "attack"): _t("REM_EXPLOS", "SUIC_BOMB"), ("bomb", "blast"): _t("REM_EXPLOS", "SUIC_BOMB"),
    ("explosive", "device"): _t("REM_EXPLOS"), ("suicide", "bomber"): _t("SUIC_BOMB"),
    ("suicide", "bombing"): _t("SUIC_BOMB"), ("suicide", "attack"): _t("SUIC_BOMB"),
    ("open", "fire"): _t("ATTACK", "ARMED_CLASH", "FORCE_AGAINST_PROTEST"),
    ("fire", "on"): _t("ARMED_CLASH", "ATTACK", "FORCE_AGAINST_PROTEST", verbs_only=True),   # 'troops fired on Tartar'
    ("fire", "at"): _t("ARMED_CLASH", "ATTACK", "FORCE_AGAINST_PROTEST", verbs_only=True),
    ("return", "fire"): _t("ARMED_CLASH", "ART_MISS_ATTACK", "AIR_STRIKE"),
    # crowd-control means used on demonstrators: ACLED's protest with intervention
    ("tear", "gas"): _t("PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR"),
    ("water", "cannon"): _t("PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR"),
    ("rubber", "bullet"): _t("PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR"),
    # the subject undergoes these ('troops came under fire'): see roles.UNDERGOING
    ("come", "under", "fire"): _t("ARMED_CLASH", "ART_MISS_ATTACK", "AIR_STRIKE"),
    ("come", "under", "attack"): _t("ARMED_CLASH", "ATTACK", "ART_MISS_ATTACK", "AIR_STRIKE"),
    ("come", "under", "shelling"): _t("ART_MISS_ATTACK"), ("come", "under", "bombardment"): _t("ART_MISS_ATTACK", "AIR_STRIKE"),
    ("prisoner", "exchange"): _t("AGREEMENT", plover="AGREE"), ("prisoner", "swap"): _t("AGREEMENT", plover="AGREE"),
    ("run", "aground"): _t("MAN_MADE_DISASTER"),
    ("set", "fire"): _t("PROPERTY_DISTRUCT"), ("shoot", "down"): _t("DISR_WEAP", "AIR_STRIKE"),
    ("take", "control"): _t("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT"),
    ("claim", "responsibility"): _t("ATTRIB", plover="ASSAULT", verbal=True),
    ("call", "on"): _t("DIPLO", plover="REQUEST", verbal=True),
    ("call", "for"): _t("DIPLO", plover="REQUEST", verbal=True),
    ("express", "concern"): _t("DIPLO", plover="ACCUSE", verbal=True),
    ("strike", "a", "deal"): _t("AGREEMENT", plover="AGREE"), ("strike", "deal"): _t("AGREEMENT", plover="AGREE"),
    ("reach", "an", "agreement"): _t("AGREEMENT", plover="AGREE"),
    ("sign", "an", "agreement"): _t("AGREEMENT", plover="AGREE"),
    ("peace", "talks"): _t("DIPLO", plover="CONSULT", verbal=True),
    ("phone", "call"): _t("DIPLO", plover="CONSULT", verbal=True),
    ("armed", "clash"): _t("ARMED_CLASH"), ("gun", "battle"): _t("ARMED_CLASH"),
    ("ethnic", "cleansing"): _t("ATTACK"), ("beat", "up"): _t("ATTACK", "MOB_VIOL"),
    ("step", "down"): _t("OTHER", plover="RETREAT"),
    ("war", "games"): _t("OTHER", plover="COOPERATE", mode="military"),
    ("collect", "signatures"): _t("PEACE_PROTEST", plover="PROTEST"),
    ("collect", "signature"): _t("PEACE_PROTEST", plover="PROTEST"),
    ("committed", "to"): _t("DIPLO", plover="AGREE", verbal=True),
    ("willing", "to"): _t("DIPLO", plover="AGREE", verbal=True),
}
for _adj in ("joint", "military", "naval"):
    for _noun in ("exercise", "exercises", "drill", "drills", "maneuvers", "manoeuvres"):
        PHRASES[(_adj, _noun)] = _t("OTHER", plover="COOPERATE", mode="military")

# Verbs that name an interaction only with certain objects: lemma -> ((object words, trigger), ...).
# The object words are looked for in the direct object ('halted economic aid'), or, for a noun
# trigger, in its 'of' phrase ('the withdrawal of troops').
AID_OBJECTS = frozenset({"aid", "assistance", "food", "supplies", "medicine", "medicines", "relief", "loan", "loans",
                         "credit", "credits", "funds", "money", "weapons", "arms", "intelligence", "photographs",
                         "equipment", "material", "materiel", "goods", "grain", "help", "asylum"})
TIES = frozenset({"aid", "assistance", "loan", "loans", "credit", "credits", "deliveries", "shipments", "cooperation",
                  "ties", "relations", "talks", "trade", "imports", "exports", "flights", "program", "programme",
                  "funding", "mediation", "contacts", "negotiations", "dialogue"})
RESTRICTIONS = frozenset({"curfew", "restrictions", "ban", "emergency", "sanctions", "embargo", "blockade", "siege",
                          "martial", "controls", "limits"})
HELPERS = frozenset({"inspectors", "peacekeepers", "peacekeeping", "observers", "monitors", "workers", "diplomats", "ambassador",
                     "envoy", "staff", "mission", "personnel"})
FORCES = frozenset({"troops", "forces", "soldiers", "army", "units", "force", "presence", "garrison", "military",
                    "warships", "battalions", "tanks"})
PASSAGES = frozenset({"border", "borders", "bridge", "crossing", "crossings", "corridor", "airspace", "port",
                      "ports", "frontier"})
_sanction = _t("DIPLO", plover="SANCTION", verbal=True)
_concede = _t("OTHER", plover="CONCEDE")
_aid = _t("OTHER", plover="AID")
_retreat = _t("NON_VIOL_TERRIT_TRANSFER", plover="RETREAT", mode="withdraw")
_mobilize = _t("CHANGE_TO_GROUP_ACT", "OTHER", plover="MOBILIZE", mode="troops")
OBJECT_TRIGGERS: dict[str, tuple[tuple[frozenset, Trigger], ...]] = {
    **{verb: ((TIES, _sanction),) for verb in ("halt", "suspend", "cut", "freeze", "stop", "withhold", "sever",
                                               "break", "downgrade")},
    **{verb: ((RESTRICTIONS, _concede),) for verb in ("lift", "ease", "relax", "cancel", "remove", "shorten",
                                                      "loosen")},
    "end": ((RESTRICTIONS, _concede), (TIES, _sanction)),
    **{verb: ((frozenset({"ties", "relations"}), _t("DIPLO", plover="SUPPORT", verbal=True)),)
       for verb in ("upgrade", "restore", "establish", "normalize", "normalise", "resume")},
    "share": ((frozenset({"intelligence", "information", "evidence", "expertise", "data", "technology",
                          "experience", "know-how"}), _t("OTHER", plover="COOPERATE")),),
    "evacuate": ((frozenset({"wounded", "injured", "sick", "civilians", "refugees", "children", "casualties"}),
                  _aid),),
    "summon": ((frozenset({"ambassador", "envoy", "diplomat", "charge"}),
                _t("DIPLO", plover="ACCUSE", verbal=True)),),
    "meet": ((frozenset({"demands", "demand", "conditions"}), _t("DIPLO", plover="CONCEDE", verbal=True)),),
    **{verb: ((AID_OBJECTS, _aid),) for verb in ("provide", "give", "deliver", "supply", "offer", "pledge",
                                                  "grant", "extend", "airlift")},
    "send": ((FORCES, _mobilize), (AID_OBJECTS, _aid)),
    "ship": ((HELPERS, _sanction), (FORCES, _retreat), (AID_OBJECTS, _aid)),
    "impose": ((frozenset({"sanctions", "embargo", "blockade", "tariff", "tariffs", "penalties", "restrictions"}),
                _sanction), (frozenset({"curfew", "martial", "emergency", "siege", "ban"}),
                             _t("OTHER", plover="COERCE"))),
    "institute": ((frozenset({"curfew", "martial", "emergency", "siege", "ban"}), _t("OTHER", plover="COERCE")),),
    "declare": ((frozenset({"curfew", "martial", "emergency", "siege"}), _t("OTHER", plover="COERCE")),),
    "tighten": ((frozenset({"sanctions", "embargo", "blockade", "restrictions", "siege"}), _sanction),),
    "recall": ((frozenset({"ambassador", "envoy", "diplomats"}), _sanction),),
    "close": ((PASSAGES | {"embassy", "consulate"}, _sanction),),
    "open": ((PASSAGES, _retreat),), "reopen": ((PASSAGES, _retreat),),
    "withdraw": ((HELPERS, _sanction), (FORCES, _retreat)), "withdrawal": ((HELPERS, _sanction), (FORCES, _retreat)),
    "pull": ((FORCES, _retreat),),
    "down": ((frozenset({"aircraft", "plane", "planes", "jet", "jets", "warplane", "warplanes", "helicopter",
                         "helicopters", "drone", "drones", "bomber", "bombers", "fighter", "su-24", "su-22",
                         "airliner"}), _t("DISR_WEAP", "AIR_STRIKE")),),   # 'downed two warplanes'
    "launch": ((frozenset({"operation", "operations", "incursion", "invasion", "counteroffensive"}),
                _t("ARMED_CLASH", plover="ASSAULT")),),
    **{verb: ((frozenset({"prisoners", "detainees", "captives", "hostages", "bodies", "remains"}),
               _t("AGREEMENT", plover="AGREE")),) for verb in ("exchange", "swap", "trade")},
    "strengthen": ((FORCES, _mobilize),), "reinforce": ((FORCES, _mobilize),), "bolster": ((FORCES, _mobilize),),
    "boost": ((FORCES, _mobilize),), "mass": ((FORCES, _mobilize),),
    "accept": ((frozenset({"demands", "demand", "conditions", "terms", "ultimatum"}), _t("DIPLO", plover="CONCEDE",
                                                                                         verbal=True)),
               (frozenset({"proposal", "offer", "plan", "invitation", "mediation"}),
                _t("DIPLO", plover="AGREE", verbal=True))),
    "block": ((frozenset({"road", "roads", "bridge", "highway", "motorway", "railway", "street", "streets",
                          "entrance", "traffic"}), _t("PEACE_PROTEST", plover="PROTEST", mode="block")),),
}

AGREEMENT_NOUNS = ("agreement", "deal", "memorandum", "accord", "pact", "treaty", "ceasefire", "truce",
                   "protocol", "armistice")
for _noun in AGREEMENT_NOUNS:
    for _verb in ("sign", "reach", "strike", "conclude", "seal", "agree"):
        PHRASES[(_verb, _noun)] = _t("AGREEMENT", plover="AGREE")
        for _det in ("a", "an", "the"):
            PHRASES[(_verb, _det, _noun)] = _t("AGREEMENT", plover="AGREE")

# Words that push an ambiguous trigger towards a type when they occur in the sentence.
RETALIATION = ("retaliated", "retaliation", "retaliatory", "responded by", "in response to the attack", "military targets",
               "regime targets", "militant targets")
CONTEXT: dict[str, tuple[str, ...]] = {
    "MAN_MADE_DISASTER": ("gas", "chemical", "chlorine", "ammonia", "toxic", "fumes", "pipeline", "factory",
                          "reactor", "radiation", "oil spill"),
    "AIR_STRIKE": ("aircraft", "jet", "jets", "warplane", "warplanes", "air", "aerial", "aerospace", "drone",
                   "drones", "helicopter", "helicopters", "bomber", "bombers", "sortie", "su-24", "su-34",
                   "f-16", "airstrike", "airstrikes", "planes", "plane", "air force", *RETALIATION),
    "ART_MISS_ATTACK": ("artillery", "shell", "shells", "shelling", "mortar", "mortars", "rocket", "rockets",
                        "missile", "missiles", "howitzer", "howitzers", "barrage", "tank fire", *RETALIATION),
    "ATTACK": ("civilians", "civilian", "villagers", "residents", "worshippers", "children", "women",
               "unarmed", "passers-by", "gunmen", "shoppers", "students", "pilgrims"),
    "ARMED_CLASH": ("clashes", "fighters", "militants", "rebels", "troops", "soldiers", "army", "forces",
                    "insurgents", "positions", "offensive", "repel", "repelled", "defenses", "defences"),
    "SUIC_BOMB": ("suicide", "self-detonated", "blew himself", "blew herself", "vest"),
    "REM_EXPLOS": ("ied", "roadside", "landmine", "explosive device", "car bomb", "booby"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("militants", "rebels", "insurgents", "jihadists", "fighters"),
    "GOV_REGAINS_TERIT": ("army", "government forces", "troops", "regime", "security forces"),
    "PROTEST_WITH_INTER": ("dispersed", "disperse", "tear gas", "teargas", "water cannon", "detained"),
    "FORCE_AGAINST_PROTEST": ("fired on", "opened fire", "live ammunition", "killed protesters"),
    "VIOL_DEMONSTR": ("stones", "torched", "vandalised", "vandalized", "rioters", "clashed", "burned"),
    "DISR_WEAP": ("defused", "seized weapons", "cache", "intercepted", "shot down", "bomb disposal"),
}

# Verbs that carry an event noun as object: "launched strikes", "carried out an attack".
LIGHT_VERBS = {"launch", "carry", "conduct", "deliver", "stage", "mount", "make", "unleash", "perform",
               "execute", "begin", "start", "continue", "resume", "intensify", "step"}

# Nouns that refer to an already known event rather than report one: "a violation of the agreement".
REFERRING_HEADS = {"violation", "breach", "anniversary", "memory", "memorial", "commemoration", "aftermath",
                   "wake", "terms", "framework", "text", "implementation", "part", "discovery"}

# Strikes, attacks and shots that are not violence.
NON_VIOLENT_CONTEXT = ("workers", "union", "unions", "labour", "labor", "wage", "wages", "goal", "match",
                       "striker", "midfielder", "league", "football", "cricket", "tournament", "bombshell",
                       "hunger strike", "general strike", "teachers", "nurses", "heart attack", "panic attack")
