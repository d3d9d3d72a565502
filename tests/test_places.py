"""Geoparsing: gazetteer keys, recognition, disambiguation, demonyms, event location."""
import math

import pytest

from sitrep.extract.gazetteer import gazetteer, name_key
from sitrep.extract.places import demonym_places, event_location, geoparse
from sitrep.model import Place
from sitrep.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def parse(nlp, text):
    return geoparse(nlp(text))


def km(a_lat, a_lon, b_lat, b_lon):
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b_lon - a_lon) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def by_text(places, text):
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not recognised in {[p.text for p in places]}"
    return found[0]


@pytest.mark.parametrize("variants", [
    ["Maarat al-Numan", "Ma'arrat an-Nu'man", "Maarrat al-Nu'man"],
    ["Idleb", "Idlib"],
    ["Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr"],
    ["Raqqa", "Raqqah"],
    ["Latakia", "Lattakia"],
    ["Kyiv", "Kiev"],
])
def test_transliterations_share_a_key(variants):
    assert len({name_key(v) for v in variants}) == 1


@pytest.mark.parametrize("name,country,admin1", [
    ("Kafranbel", "SY", "Idlib"), ("Kafr Nabl", "SY", "Idlib"), ("Hassakeh", "SY", "Al-Hasakah"),
    ("Deraa", "SY", "Daraa"), ("Dar'a", "SY", "Daraa"), ("Halab", "SY", "Aleppo"),
    ("Homs", "SY", "Homs"), ("Hama", "SY", "Hama"), ("Rif Dimashq", "SY", "Rif Dimashq"),
])
def test_lookup_resolves_spelling_variants(name, country, admin1):
    top = gazetteer.lookup(name, fuzzy=True)[0]
    assert (top.country, top.admin1) == (country, admin1)


def test_unknown_word_has_no_entry():
    assert gazetteer.lookup("Qwxzvbnm") == []


def test_capital_beats_homonyms_without_context(nlp):
    places = parse(nlp, "Officials in Damascus and Paris commented on the talks.")
    assert by_text(places, "Damascus").country == "SY"
    assert by_text(places, "Damascus").feature == "PPLC"
    assert by_text(places, "Paris").country == "FR"


def test_qualifier_after_comma_picks_the_us_town(nlp):
    places = parse(nlp, "The rodeo in Paris, Texas, drew a large crowd on Saturday.")
    paris = by_text(places, "Paris")
    assert (paris.country, paris.admin1) == ("US", "Texas")
    assert by_text(places, "Texas").feature == "ADM1"


def test_one_sense_per_document(nlp):
    text = ("LONDON, Ky. - A fire destroyed a barn outside London on Friday night. "
            "Firefighters from London worked until dawn.")
    londons = [p for p in parse(nlp, text) if p.text.lower() == "london"]
    assert len(londons) == 3
    assert all(p.country == "US" and p.admin1 == "Kentucky" for p in londons)


def test_georgia_state_with_us_context_and_country_with_caucasus_context(nlp):
    us = parse(nlp, "Storms hit Alabama and Georgia, and Florida declared an emergency.")
    assert by_text(us, "Georgia").country == "US"
    caucasus = parse(nlp, "Talks between Armenia, Azerbaijan and Georgia resumed in Tbilisi.")
    assert by_text(caucasus, "Georgia").country == "GE"


def test_person_named_jordan_is_not_a_place(nlp):
    places = parse(nlp, "Michael Jordan said on Tuesday that Jordan would open a new gym in Chicago.")
    assert not [p for p in places if p.text == "Jordan"]
    assert by_text(places, "Chicago").country == "US"


def test_country_jordan_is_a_place(nlp):
    places = parse(nlp, "Refugees crossed from Syria into Jordan last week.")
    assert by_text(places, "Jordan").country == "JO"


def test_city_cue_and_direction_and_province(nlp):
    text = ("Southeast of the city of Idlib, in northwestern Syria, shelling hit Kafranbel. "
            "Later, drones struck Idlib province again.")
    places = parse(nlp, text)
    city = by_text(places, "Idlib")
    assert city.feature.startswith("PPL") and city.admin1 == "Idlib"
    assert km(city.lat, city.lon, 35.93, 36.63) < 20
    assert by_text(places, "Syria").feature == "PCLI"
    province = [p for p in places if p.text.startswith("Idlib province")]
    assert province and province[0].feature == "ADM1" and province[0].admin1 == "Idlib"
    assert by_text(places, "Kafranbel").admin1 == "Idlib"


def test_admin1_names_are_recognised(nlp):
    places = parse(nlp, "Fighting spread across the Donetsk region and the Eastern Ghouta "
                        "area of Rif Dimashq, while Aleppo governorate stayed calm.")
    ghouta = [p for p in places if "Ghouta" in p.text]
    assert ghouta and ghouta[0].country == "SY" and ghouta[0].admin1 == "Rif Dimashq"
    assert any(p.text.startswith("Donetsk") and p.country == "UA" and p.feature == "ADM1" for p in places)
    assert any(p.text.startswith("Aleppo") and p.feature == "ADM1" for p in places)


def test_demonyms_are_places_of_kind_demonym(nlp):
    doc = nlp("Turkish forces shelled positions held by Russian-backed fighters.")
    dems = demonym_places(doc)
    turkish = by_text(dems, "Turkish")
    assert (turkish.kind, turkish.country, turkish.feature) == ("demonym", "TR", "PCLI")
    assert by_text(dems, "Russian").country == "RU"
    assert not [p for p in geoparse(doc, include_demonyms=False) if p.kind == "demonym"]


def test_sentence_initial_common_words_are_not_demonyms_or_places(nlp):
    places = parse(nlp, "The talks ended. They resumed later. Most delegates left early.")
    assert places == []


def test_places_are_sorted_and_offsets_hold(nlp):
    text = "Strikes hit Homs and Hama before reaching Aleppo."
    places = parse(nlp, text)
    assert [p.text for p in places] == ["Homs", "Hama", "Aleppo"]
    assert all(text[p.start:p.end] == p.text for p in places)


def place(text, start, feature, admin1="Idlib", country="SY"):
    return Place(text=text, start=start, end=start + len(text), name=text, geonameid=1, lat=35.9,
                 lon=36.6, country=country, admin1=admin1, feature=feature)


def test_event_location_prefers_the_most_specific_place_in_the_sentence():
    places = [place("Syria", 0, "PCLI", admin1=None), place("Idlib province", 10, "ADM1"),
              place("Kafranbel", 40, "PPL"), place("Turkish", 60, "PCLI", admin1=None, country="TR")]
    places[-1].kind = "demonym"
    loc = event_location(places, 0, 80)
    assert (loc.name, loc.precision, loc.admin1) == ("Kafranbel", "town", "Idlib")
    region = event_location(places, 0, 39)
    assert (region.precision, region.admin1) == ("region", "Idlib")
    assert event_location(places, 0, 9).precision == "country"


def test_event_location_falls_back_to_context_and_unknown():
    context = [place("Syria", 0, "PCLI", admin1=None), place("Saraqib", 20, "PPL"),
               place("Saraqib", 50, "PPL"), place("Binnish", 80, "PPL")]
    loc = event_location([], 100, 150, context=context)
    assert (loc.name, loc.precision) == ("Saraqib", "town")
    only_demonym = [place("Turkish", 0, "PCLI", admin1=None, country="TR")]
    only_demonym[0].kind = "demonym"
    assert event_location(only_demonym, 0, 50).precision == "unknown"
    assert event_location([], 0, 10).name is None
