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


# ---------------------------------------------------------------- where the event is, not the source

def _event_place(nlp, text, marker, actors=()):
    from sitrep.extract.where import event_place
    doc = nlp(text)
    sent = next(s for s in doc.sents if marker in s.text)
    return event_place(doc, geoparse(doc), [], list(actors), sent, 0)


def test_dateline_and_speaker_places_are_not_the_event_place(nlp):
    text = "ANKARA\n\nTwo Turkish soldiers were killed in Syria on Monday, President Erdogan told reporters in Istanbul."
    loc = _event_place(nlp, text, "killed")
    assert (loc.name, loc.precision) == ("Syria", "country")
    text = "BEIRUT, Lebanon\n\nShells hit a market in Aleppo on Friday, the governor of Homs province said."
    loc = _event_place(nlp, text, "Shells")
    assert (loc.name, loc.country) == ("Aleppo", "SY")


def test_source_place_is_used_when_nothing_else_places_the_event(nlp):
    text = "KHARKIV, Ukraine (AP) — Rockets slammed into apartment blocks overnight, officials said."
    loc = _event_place(nlp, text, "Rockets")
    assert loc.name.startswith("Kharkiv") and loc.country == "UA"


def test_speaker_place_cues(nlp):
    from sitrep.extract.where import speaker_place

    def spoken(text, name):
        doc = nlp(text)
        return speaker_place(doc, by_text(geoparse(doc), name))
    assert spoken("The governor of Hatay said two rockets fell on a school.", "Hatay")
    assert spoken("Jets struck a convoy, Erdogan told reporters in Istanbul.", "Istanbul")
    assert spoken("Speaking at a news conference in Moscow, Lavrov said the talks had failed.", "Moscow")
    assert not spoken("Jets struck a convoy near Aleppo, the ministry said.", "Aleppo")
    assert not spoken("The ministry announced an offensive in Aleppo.", "Aleppo")
    assert not spoken("Officials said the talks amid fighting in Idlib had stalled.", "Idlib")


def test_places_that_name_agreements_topics_or_governments_are_not_locations(nlp):
    from sitrep.extract.where import locative_places
    doc = nlp("Talks at Ankara's request revived the Sochi memorandum, and a report about Hatay angered "
              "officials, while fighting went on in Aleppo.")
    names = [p.text for p in locative_places(doc, geoparse(doc))]
    assert names == ["Aleppo"]


def test_dateline_end():
    from sitrep.extract.where import dateline_end
    for text, head in [("HOMS, Syria\n\nShelling killed", "HOMS, Syria\n"),
                       ("ANKARA/MOSCOW, Feb 28 (Reuters) - At least", "ANKARA/MOSCOW, Feb 28 (Reuters) - "),
                       ("KHARKIV, Ukraine (AP) — Rockets", "KHARKIV, Ukraine (AP) — "),
                       ("Shelling killed five people in Homs.\nMore", ""),
                       ("Five killed in Homs\nHOMS", "")]:
        assert text[:dateline_end(text)] == head


def test_tail_of_a_longer_arabic_name_is_not_a_place(nlp):
    places = parse(nlp, "The army shelled villages in the Jabal al-Zawiya area of southern Idlib.")
    assert "LY" not in {p.country for p in places}          # not Az Zawiyah in Libya
    # the whole name is a region of its own (kb/data/places.yaml), its tail is none
    assert [p.name for p in places if p.country == "SY"] == ["Jabal al-Zawiya", "Idlib"]


def test_arabic_compound_names_and_area_cues(nlp):
    places = parse(nlp, "Syrian troops took control of Maarat al-Numan on Tuesday after fighting in the "
                        "Saraqib area.")
    maarat = [p for p in places if p.text == "Maarat al-Numan"]
    assert maarat and maarat[0].country == "SY"
    assert by_text(places, "Saraqib").country == "SY"


def test_village_in_a_country_named_only_as_a_people_is_a_namesake(nlp):
    text = ("MOSCOW, March 9. /TASS/. Russian military police said gunmen blocked the road near Nayrab, "
            "east of Idlib city in Syria.")
    places = parse(nlp, text)
    assert "RU" not in {p.country for p in places if p.kind == "toponym" and p.text != "MOSCOW"}
    assert by_text(places, "Idlib").country == "SY"


def test_a_province_named_unlike_its_capital_is_a_division(nlp):
    # Hatay's capital is Antakya: the province is named through the capital's other names
    places = parse(nlp, "Rockets hit a village in Hatay province on Monday, Turkish officials said.")
    hatay = next(p for p in places if p.text.startswith("Hatay"))
    assert (hatay.name, hatay.feature, hatay.country, hatay.admin1) == ("Hatay", "ADM1", "TR", "Hatay")


def test_a_three_letter_arabic_name_is_a_place_not_an_abbreviation(nlp):
    places = parse(nlp, "Gunmen attacked a checkpoint in the northern Syrian city of al-Bab on Sunday.")
    assert ("Al Bāb", "SY") in {(p.name, p.country) for p in places}


def test_a_common_word_that_only_sounds_like_a_far_place_is_no_place(nlp):
    places = parse(nlp, "HAMA, Syria (Example Agency) - Shelling hit two villages on Sunday.")
    assert all(p.country == "SY" for p in places), [(p.text, p.name, p.country) for p in places]


def test_a_time_zone_is_no_place(nlp):
    places = parse(nlp, "Militants attacked army posts near Saraqib at around 14:00 Moscow time on Thursday.")
    assert "Moscow" not in {p.text for p in places}
    assert "Saraqib" in {p.text for p in places}


def test_a_town_of_one_name_in_a_report_from_another_capital_is_still_a_place(nlp):
    places = parse(nlp, "Moscow said on Friday that its aircraft had hit militant depots near Saraqib.")
    assert [p.country for p in places if p.text == "Saraqib"] == ["SY"]


def test_a_town_near_which_fighting_happens_is_a_place_even_when_tagged_as_an_organisation(nlp):
    doc = nlp("Fighting raged around Saraqib in Idlib province.")
    assert [e.label_ for e in doc.ents if e.text == "Saraqib"] == ["ORG"]    # the small model's reading
    places = geoparse(doc)
    assert [p.country for p in places if p.text == "Saraqib"] == ["SY"]


def test_big_city_parsed_as_an_organisation_is_a_place():
    """The small model tags 'Homs' in 'shelled Homs' as an organisation and a common noun."""
    nlp = load_nlp()
    assert [p.name for p in geoparse(nlp("Government forces shelled Homs on Tuesday."))] == ["Homs"]


@pytest.mark.parametrize("text, name, country", [
    ("Government troops clashed with fighters in Tigray on Monday.", "Tigray", "ET"),
    ("Two militants were shot dead in Kashmir on Friday.", "Kashmir", "IN"),
    ("A roadside bomb killed four soldiers in Helmand on Sunday.", "Helmand", "AF"),
    ("Fighting resumed in Nagorno-Karabakh on Sunday.", "Nagorno-Karabakh", "AZ"),
])
def test_conflict_regions_beat_far_namesakes(text, name, country):
    """Regions GeoNames' cities list lacks (kb/data/places.yaml), hyphenated names read whole."""
    places = geoparse(load_nlp()(text))
    assert [(p.name, p.country) for p in places if p.kind == "toponym"] == [(name, country)]


def test_organisation_and_person_names_are_no_places():
    nlp = load_nlp()
    assert [p.name for p in geoparse(nlp("He once belonged to the Kurdistan Workers Party, police said."))] == []
    assert [p.name for p in geoparse(nlp("The funeral of Eva Mitchell-Smith drew dozens of mourners."))] == []


def test_a_namesake_matched_only_by_its_spelling_key_yields_to_the_story_country(nlp):
    """'Mare' north of Aleppo is the Syrian town, not Male in the Maldives (whose GeoNames readings
    include a lower-case 'mare'); 'Fuaa' is no Egyptian Fuwwah; exonyms as written still count."""
    places = parse(nlp, "Shells fired by militants hit Mare north of Aleppo on Tuesday, the Syrian army said.")
    assert by_text(places, "Mare").country == "SY"
    places = parse(nlp, "Rebels shelled Fuaa and Kafraya in Idlib province on Tuesday.")
    assert not [p for p in places if p.country == "EG"]
    places = parse(nlp, "Envoys from Kiev and Damascus met in Geneva.")
    assert (by_text(places, "Kiev").country, by_text(places, "Geneva").country) == ("UA", "CH")


def test_a_headline_word_written_in_lower_case_elsewhere_is_no_place(nlp):
    places = parse(nlp, "Syrian Army Kills 20 Militants Near Aleppo Turkey Says. Turkish officials said the army "
                        "kills militants near the border every week.")
    assert not [p for p in places if p.text == "Kills"]


def test_a_town_the_small_model_calls_a_person_is_a_place_by_its_cues(nlp):
    """'Goma, the capital of North Kivu' (an apposition), 'in Bakhmut and Soledar' (a list of places)."""
    places = parse(nlp, "Rebels captured Goma, the capital of North Kivu, on Tuesday.")
    assert by_text(places, "Goma").country == "CD"
    places = parse(nlp, "Fighting flared in Bakhmut and Soledar in the Donetsk region on Tuesday.")
    assert by_text(places, "Soledar").country == "UA"
