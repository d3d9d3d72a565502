"""Equipment losses (sentences written for these tests)."""
import pytest

from sitrep.extract.casualties import find_casualties
from sitrep.extract.materiel import find_materiel
from sitrep.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def mat(nlp, text):
    return [(m.item, m.count, m.status) for m in find_materiel(nlp(text))]


def test_destroying_list(nlp):
    text = "Drone strikes hit the column, destroying a tank and six infantry-fighting vehicles."
    assert mat(nlp, text) == [("tank", 1, "destroyed"), ("infantry fighting vehicle", 6, "destroyed")]
    first = find_materiel(nlp(text))[0]
    assert text[first.start:first.end] == first.text == "a tank"


@pytest.mark.parametrize("text, expected", [
    ("Air defence units shot down a drone near the base.", [("drone", 1, "downed")]),
    ("A helicopter was shot down near the town, killing its crew.", [("helicopter", 1, "downed")]),
    ("Rebels seized two armoured personnel carriers and a T-72 tank.",
     [("armoured personnel carrier", 2, "captured"), ("tank", 1, "captured")]),
    ("The strike damaged a howitzer and three pickup trucks.",
     [("howitzer", 1, "damaged"), ("pickup truck", 3, "damaged")]),
    ("Two enemy tanks destroyed in overnight fighting.", [("tank", 2, "destroyed")]),
    ("Ten vehicles were damaged when the depot was hit.", [("vehicle", 10, "damaged")]),
    ("The army said it blew up an ammunition depot.", [("ammunition depot", 1, "destroyed")]),
    ("Militants captured several armored vehicles.", [("armoured vehicle", 10, "captured")]),
    ("Over 20 tanks, armoured vehicles and cannons were destroyed.",
     [("tank", 20, "destroyed"), ("armoured vehicle", None, "destroyed"),
      ("artillery piece", None, "destroyed")]),
    ("The battery downed two warplanes and a Mi-8 helicopter.",
     [("aircraft", 2, "downed"), ("helicopter", 1, "downed")]),
])
def test_patterns(nlp, text, expected):
    assert mat(nlp, text) == expected


def test_attacker_equipment_is_not_a_loss(nlp):
    assert mat(nlp, "Turkish drones destroyed two Syrian tanks.") == [("tank", 2, "destroyed")]


@pytest.mark.parametrize("text", [
    "The tank fired at the village and five vehicles advanced.",
    "A convoy of 40 trucks reached the city.",
    "A car bomb exploded at the checkpoint.",
    "Two Turkish soldiers were killed and five others injured.",
    "The army destroyed the militants' hideouts in 2018.",
    "Su-24 jets struck the area on February 20.",
])
def test_no_materiel(nlp, text):
    assert mat(nlp, text) == []


def test_people_and_vehicles_do_not_mix(nlp):
    doc = nlp("The ambush killed four soldiers and destroyed three military vehicles.")
    assert [(m.item, m.count) for m in find_materiel(doc)] == [("military vehicle", 3)]
    assert [(c.group, c.killed) for c in find_casualties(doc)] == [("soldiers", 4)]


def test_title_words_are_not_modifiers(nlp):
    [m] = find_materiel(nlp("Rebels Celebrate in Town After Russian Helicopter Shot Down"))
    assert (m.item, m.count, m.status, m.text) == ("helicopter", 1, "downed", "Russian Helicopter")
