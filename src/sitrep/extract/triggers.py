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
    "demolish": _t("PROPERTY_DISTRUCT"),
    "withdraw": _t("NON_VIOL_TERRIT_TRANSFER", plover="RETREAT", weak=True),
    "withdrawal": _t("NON_VIOL_TERRIT_TRANSFER", plover="RETREAT", weak=True),
    "agreement": _t("AGREEMENT", plover="AGREE", weak=True), "deal": _t("AGREEMENT", plover="AGREE", weak=True),
    "ceasefire": _t("AGREEMENT", plover="AGREE", weak=True), "truce": _t("AGREEMENT", plover="AGREE", weak=True),
    "agree": _t("AGREEMENT", plover="AGREE", verbal=True), "sign": _t("AGREEMENT", plover="AGREE", weak=True),
    # disasters and crime
    "earthquake": _t("NATURAL_DISASTER"), "flood": _t("NATURAL_DISASTER"), "flooding": _t("NATURAL_DISASTER"),
    "cyclone": _t("NATURAL_DISASTER"), "landslide": _t("NATURAL_DISASTER"), "hurricane": _t("NATURAL_DISASTER"),
    "wildfire": _t("NATURAL_DISASTER"), "epidemic": _t("NATURAL_DISASTER"), "outbreak": _t("NATURAL_DISASTER"),
    "fire": _t("MAN_MADE_DISASTER", weak=True), "collapse": _t("MAN_MADE_DISASTER", weak=True),
    "crash": _t("MAN_MADE_DISASTER"), "derail": _t("MAN_MADE_DISASTER"), "capsize": _t("MAN_MADE_DISASTER"),
    "smuggle": _t("ORG_CRIME"), "trafficking": _t("ORG_CRIME"), "cartel": _t("ORG_CRIME", weak=True),
    # verbal and interaction events (PLOVER)
    "accuse": _t("ATTRIB", plover="ACCUSE", verbal=True), "blame": _t("ATTRIB", plover="ACCUSE", verbal=True),
    "condemn": _t("DIPLO", plover="ACCUSE", verbal=True), "criticize": _t("DIPLO", plover="ACCUSE", verbal=True),
    "criticise": _t("DIPLO", plover="ACCUSE", verbal=True), "denounce": _t("DIPLO", plover="ACCUSE", verbal=True),
    "concern": _t("DIPLO", plover="ACCUSE", verbal=True, nouns_only=True, weak=True),
    "deny": _t("ATTRIB", plover="REJECT", verbal=True), "reject": _t("DIPLO", plover="REJECT", verbal=True),
    "refuse": _t("DIPLO", plover="REJECT", verbal=True),
    "threaten": _t("DIPLO", plover="THREATEN", verbal=True), "warn": _t("DIPLO", plover="THREATEN", verbal=True),
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
}

# Multi-word triggers, matched on lower-case forms or lemmas of consecutive tokens.
PHRASES: dict[tuple[str, ...], Trigger] = {
    ("air", "strike"): _t("AIR_STRIKE"), ("air", "raid"): _t("AIR_STRIKE"), ("drone", "strike"): _t("AIR_STRIKE"),
    ("air", "attack"): _t("AIR_STRIKE"), ("aerial", "bombardment"): _t("AIR_STRIKE"),
    ("missile", "strike"): _t("ART_MISS_ATTACK"), ("rocket", "attack"): _t("ART_MISS_ATTACK"),
    ("artillery", "fire"): _t("ART_MISS_ATTACK"), ("mortar", "fire"): _t("ART_MISS_ATTACK"),
    ("car", "bomb"): _t("REM_EXPLOS", "SUIC_BOMB"), ("roadside", "bomb"): _t("REM_EXPLOS"),
    ("explosive", "device"): _t("REM_EXPLOS"), ("suicide", "bomber"): _t("SUIC_BOMB"),
    ("suicide", "bombing"): _t("SUIC_BOMB"), ("suicide", "attack"): _t("SUIC_BOMB"),
    ("open", "fire"): _t("ATTACK", "ARMED_CLASH", "FORCE_AGAINST_PROTEST"),
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
}

AGREEMENT_NOUNS = ("agreement", "deal", "memorandum", "accord", "pact", "treaty", "ceasefire", "truce",
                   "protocol", "armistice")
for _noun in AGREEMENT_NOUNS:
    for _verb in ("sign", "reach", "strike", "conclude", "seal", "agree"):
        PHRASES[(_verb, _noun)] = _t("AGREEMENT", plover="AGREE")
        for _det in ("a", "an", "the"):
            PHRASES[(_verb, _det, _noun)] = _t("AGREEMENT", plover="AGREE")

# Words that push an ambiguous trigger towards a type when they occur in the sentence.
CONTEXT: dict[str, tuple[str, ...]] = {
    "AIR_STRIKE": ("aircraft", "jet", "jets", "warplane", "warplanes", "air", "aerial", "aerospace", "drone",
                   "drones", "helicopter", "helicopters", "bomber", "bombers", "sortie", "su-24", "su-34",
                   "f-16", "airstrike", "airstrikes", "planes", "plane", "air force"),
    "ART_MISS_ATTACK": ("artillery", "shell", "shells", "shelling", "mortar", "mortars", "rocket", "rockets",
                        "missile", "missiles", "howitzer", "howitzers", "barrage", "tank fire"),
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
                   "wake", "terms", "framework", "text", "implementation", "part"}

# Strikes, attacks and shots that are not violence.
NON_VIOLENT_CONTEXT = ("workers", "union", "unions", "labour", "labor", "wage", "wages", "goal", "match",
                       "striker", "midfielder", "league", "football", "cricket", "tournament", "bombshell",
                       "hunger strike", "general strike", "teachers", "nurses", "heart attack", "panic attack")
