"""PLOVER events and actor sides of short CAMEO-style sentences (sentences written for these tests)."""
from __future__ import annotations

import pytest

import sitrep
from sitrep.extract.plover_rules import in_condition, modifier_only
from sitrep.pipeline import load_nlp


def _extract(text: str):
    return sitrep.extract(text).events


def _primary(events):
    with_plover = [e for e in events if (e.plover or {}).get("event")]
    return max(with_plover, key=lambda e: e.confidence) if with_plover else None


def _side(events, roles) -> set:
    return {a.country for e in events for a in e.actors if a.role in roles and a.country}


SOURCE = ("perpetrator", "speaker")
TARGET = ("target", "victim")


@pytest.mark.parametrize("text, event, sources, targets", [
    # a hostile act announced for the future, with a condition: a threat
    ("Ghana said it will expel all Togolese traders unless Lome reopens the border.", "THREATEN",
     {"GHA"}, {"TGO"}),
    # a cooperative act announced for the future: a promise (AGREE)
    ("Canada will send food aid to Haiti next month, its foreign minister said.", "AGREE", {"CAN"}, {"HTI"}),
    # the act threatened is itself coded as the threat, with its target
    ("Armenia threatened to shell Azerbaijani villages near the border.", "THREATEN", {"ARM"}, {"AZE"}),
    # 'X said that Y must ...' is a demand on Y
    ("The Kenyan president said on Monday that Uganda must withdraw its troops from the disputed island.",
     "REQUEST", {"KEN"}, {"UGA"}),
    # verbs that name an interaction by their object
    ("Norway suspended economic aid to Nicaragua on Tuesday.", "SANCTION", {"NOR"}, {"NIC"}),
    ("Egypt lifted the curfew in Alexandria on Friday.", "CONCEDE", {"EGY"}, {"EGY"}),
    ("Spain withdrew its troops from Iraq.", "RETREAT", {"ESP"}, {"IRQ"}),
    # a refusal of a cooperative act in the future
    ("Turkey said it would not negotiate with the rebels.", "REJECT", {"TUR"}, set()),
])
def test_plover_event_and_sides(text, event, sources, targets):
    events = _extract(text)
    primary = _primary(events)
    assert primary is not None and primary.plover["event"] == event
    assert sources <= _side(events, SOURCE)
    assert targets <= _side(events, TARGET)


def test_conjoined_states_are_all_sources():
    events = _extract("Indian and Chinese officials held talks in Beijing.")
    assert {"IND", "CHN"} <= _side(events, SOURCE)


def test_unknown_official_takes_the_country_of_the_sentence():
    events = _extract("Judge Maria Lopez opened an investigation against three Bolivian ministers.")
    assert _primary(events).plover["event"] == "ACCUSE"
    assert "BOL" in _side(events, SOURCE)


def test_pronoun_subject_of_a_report_is_the_reporter():
    events = _extract("Japan said it had halted loans to Myanmar.")
    assert "JPN" in _side(events, SOURCE)
    assert "MMR" in _side(events, TARGET)


def test_targets_of_a_states_violence_do_not_take_its_country():
    events = _extract("Recent Israeli drone strikes killed five militants.")
    assert "ISR" in _side(events, SOURCE)
    assert "ISR" not in _side(events, TARGET)


def test_a_currency_is_not_an_actor():
    events = _extract("Ecuador accused the company of hiding US $3 million.")
    assert "USA" not in _side(events, TARGET)


def test_condition_clause_and_adjectival_participle():
    nlp = load_nlp()
    doc = nlp("Jordan will close its airspace if Israel attacks Iran.")
    attacks = next(t for t in doc if t.lower_ == "attacks")
    close = next(t for t in doc if t.lower_ == "close")
    assert in_condition(attacks) and not in_condition(close)
    doc = nlp("The army began its long-threatened invasion of the valley.")
    threatened = next(t for t in doc if t.lower_ == "threatened")
    began = next(t for t in doc if t.lower_ == "began")
    assert modifier_only(threatened) and not modifier_only(began)


def test_events_of_one_type_with_different_plover_codes_stay_apart():
    result = sitrep.extract("On Monday the governor lifted the curfew in the city. He also imposed a ban on "
                            "public gatherings in the city on Monday.", published="2020-03-03")
    assert sorted(e.plover["event"] for e in result.events) == ["COERCE", "CONCEDE"]


def test_a_threat_conditioned_on_an_attack_is_not_also_an_attack():
    events = _extract("Azerbaijan warned that it would respond with force if Armenian forces shelled its "
                      "border villages again.")
    assert [(e.plover["event"], e.status) for e in events] == [("THREATEN", "threatened")]
