"""Tests of the bundled knowledge base and its matcher (sentences written for these tests)."""
from __future__ import annotations

import itertools

import pytest

from sitrep.kb import Entry, KnowledgeBase, Mention, iso2_to_iso3, iso3_to_iso2, load_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load_nlp

    return load_nlp()


def found(kb, nlp, text):
    """(mention text, entry) pairs of a sentence."""
    return [(m.text, m.entry) for m in kb.match(nlp(text))]


def entry_for(kb, nlp, text, span):
    for m in kb.match(nlp(text)):
        if m.text == span:
            assert text[m.start:m.end] == span
            return m.entry
    raise AssertionError(f"{span!r} not matched in {[m.text for m in kb.match(nlp(text))]}")


# -- countries, demonyms, capitals ---------------------------------------------------------------------

def test_iso_helpers():
    assert iso3_to_iso2("SYR") == "SY" and iso2_to_iso3("tr") == "TUR"
    assert iso3_to_iso2("XXX") is None and iso2_to_iso3(None) is None


def test_every_country_is_known(kb):
    import pycountry

    countries = {e.country for e in kb.entries if e.kind == "country"}
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in countries]
    assert missing == []


@pytest.mark.parametrize("text,iso3", [
    ("Syria", "SYR"), ("Russia", "RUS"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Iran", "IRN"),
    ("the US", "USA"), ("U.S.", "USA"), ("America", "USA"), ("UK", "GBR"), ("Britain", "GBR"),
    ("South Korea", "KOR"), ("North Korea", "PRK"), ("Ivory Coast", "CIV"), ("Myanmar", "MMR"),
    ("Turkish", "TUR"), ("Syrian", "SYR"), ("Israeli", "ISR"), ("Ukrainian", "UKR"), ("British", "GBR"),
    ("Iraqis", "IRQ"), ("Burkinabe", "BFA"), ("Ankara", "TUR"), ("Moscow", "RUS"), ("Tehran", "IRN"),
    ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Beijing", "CHN"), ("Washington", "USA"), ("Sanaa", "YEM"),
    ("SY", "SYR"), ("TUR", "TUR"),
])
def test_country_of(kb, text, iso3):
    assert kb.country_of(text) == iso3


def test_demonyms_exist_for_sovereign_states(kb):
    with_demonym = {e.country for e in kb.entries if e.kind == "demonym"}
    for iso3 in ("AFG", "MLI", "NER", "SOM", "YEM", "LBY", "MMR", "PAK", "IND", "NGA", "COD", "SSD", "ERI"):
        assert iso3 in with_demonym


def test_kurdish_is_ethnic_not_a_country(kb):
    entry = kb.lookup("Kurdish")
    assert entry.kind == "ethnic" and entry.country is None
    assert kb.country_of("Kurdish") is None
    fighters = kb.lookup("Kurdish fighters")
    assert fighters.country is None and fighters.ethnicity == "Kurdish" and fighters.label == "fighters"


def test_capital_is_the_government(kb, nlp):
    text = "After the talks, Moscow urged Ankara to restrain its proxies near Damascus."
    moscow = entry_for(kb, nlp, text, "Moscow")
    assert (moscow.kind, moscow.country, moscow.sector) == ("capital", "RUS", "government")
    assert entry_for(kb, nlp, text, "Ankara").country == "TUR"


# -- composites ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,iso3,sector", [
    ("Turkish forces", "TUR", "military"),
    ("Syrian government forces", "SYR", "military"),
    ("Turkish self-propelled howitzer battery", "TUR", "military"),
    ("four Syrian soldiers", "SYR", "military"),
    ("Syrian civilians", "SYR", "civilians"),
    ("the Russian Defence Ministry", "RUS", "government"),
    ("Iran's Foreign Ministry", "IRN", "government"),
    ("the Ministry of Defence of Ukraine", "UKR", "government"),
    ("Israeli warplanes", "ISR", "military"),
    ("Nigerian police", "NGA", "police"),
    ("Malian troops", "MLI", "military"),
    ("Pakistani officials", "PAK", "government"),
])
def test_composites(kb, text, iso3, sector):
    entry = kb.lookup(text)
    assert entry is not None, text
    assert (entry.country, entry.sector) == (iso3, sector)


def test_canonical_names_of_institutions(kb):
    assert kb.lookup("Turkey's Defense Ministry").name == "Ministry of National Defence (Turkey)"
    assert kb.lookup("Russian Su-24 strike aircraft").name == "Russian Aerospace Forces"
    assert kb.lookup("the Syrian Arab Army").name == "Syrian Arab Army"
    assert kb.lookup("Syrian army").name == "Syrian Arab Army"
    assert kb.lookup("Turkish forces").name == "Turkish Armed Forces"
    assert kb.lookup("the Russian Reconciliation Centre for Syria").country == "RUS"
    assert kb.lookup("the Russian Reconciliation Centre for Syria").sector == "military"


def test_possessives_in_text(kb, nlp):
    text = "Turkey’s Defense Ministry said rebels broke through the Syrian army's defenses overnight."
    ministry = entry_for(kb, nlp, text, "Turkey’s Defense Ministry")
    assert ministry.country == "TUR" and ministry.sector == "government"
    army = entry_for(kb, nlp, text, "Syrian army")
    assert army.country == "SYR" and army.sector == "military"


def test_mentions_do_not_overlap_and_use_char_offsets(kb, nlp):
    text = "Russian jets struck positions held by Hayat Tahrir al-Sham, the monitor SOHR said."
    mentions = kb.match(nlp(text))
    assert all(isinstance(m, Mention) for m in mentions)
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start
    assert [m.text for m in mentions] == ["Russian jets", "Hayat Tahrir al-Sham", "SOHR"]
    assert all(text[m.start:m.end] == m.text for m in mentions)


def test_provenance_and_sponsors(kb):
    assert kb.lookup("Russian-made rockets").kind == "demonym"          # the maker is not the actor
    backed = kb.lookup("Turkish-backed rebels")
    assert backed.country is None and backed.backer == "TUR" and backed.label == "rebels"
    led = kb.lookup("Saudi-led coalition")
    assert led.country == "SAU" and led.backer == "SAU"


def test_sponsored_group_keeps_its_identity(kb, nlp):
    text = "Overnight, US-backed SDF fighters pushed east while Iran-backed militias held the bridge."
    sdf = entry_for(kb, nlp, text, "US-backed SDF fighters")
    assert (sdf.name, sdf.country, sdf.backer) == ("Syrian Democratic Forces", "SYR", "USA")
    assert kb.lookup("SDF").backer is None                      # the shared entry is not modified
    militias = entry_for(kb, nlp, text, "Iran-backed militias")
    assert (militias.label, militias.country, militias.backer) == ("militias", None, "IRN")


def test_ethnic_use_of_a_demonym(kb):
    entry = kb.lookup("ethnic Albanians")
    assert entry.kind == "ethnic" and entry.country is None


# -- people, groups, generic actors ----------------------------------------------------------------------

@pytest.mark.parametrize("text,name,iso3", [
    ("Zakharova", "Maria Zakharova", "RUS"), ("Erdoğan", "Recep Tayyip Erdogan", "TUR"),
    ("Erdogan", "Recep Tayyip Erdogan", "TUR"), ("Assad", "Bashar al-Assad", "SYR"),
    ("Putin", "Vladimir Putin", "RUS"), ("Lavrov", "Sergey Lavrov", "RUS"), ("Peskov", "Dmitry Peskov", "RUS"),
    ("Shoigu", "Sergei Shoigu", "RUS"), ("Hulusi Akar", "Hulusi Akar", "TUR"),
    ("Çavuşoğlu", "Mevlut Cavusoglu", "TUR"), ("Zelensky", "Volodymyr Zelensky", "UKR"),
    ("Netanyahu", "Benjamin Netanyahu", "ISR"), ("Haftar", "Khalifa Haftar", "LBY"),
])
def test_people(kb, text, name, iso3):
    entry = kb.lookup(text)
    assert entry.kind == "person" and entry.name == name and entry.country == iso3


def test_people_in_context(kb, nlp):
    text = "Speaking in Moscow, Zakharova said that President Assad had asked for help."
    assert entry_for(kb, nlp, text, "Zakharova").role == "spokesperson"
    assert entry_for(kb, nlp, text, "Assad").country == "SYR"
    # another member of a family is not the president
    names = [e.name for _, e in found(kb, nlp, "Hafez al-Assad ruled Syria for three decades.")]
    assert "Bashar al-Assad" not in names


@pytest.mark.parametrize("text,name,sector", [
    ("HTS", "Hayat Tahrir al-Sham", "terrorist_group"), ("Jabhat al-Nusra", "Jabhat al-Nusra", "terrorist_group"),
    ("Nusra Front", "Jabhat al-Nusra", "terrorist_group"), ("Al Nusra", "Jabhat al-Nusra", "terrorist_group"),
    ("Al-Qaeda", "al-Qaeda", "terrorist_group"), ("ISIL", "Islamic State", "terrorist_group"),
    ("Daesh", "Islamic State", "terrorist_group"), ("SDF", "Syrian Democratic Forces", "rebels"),
    ("YPG", "People's Protection Units", "rebels"), ("PKK", "Kurdistan Workers' Party", "terrorist_group"),
    ("Ansar Allah", "Houthis", "rebels"), ("al-Shabaab", "al-Shabaab", "terrorist_group"),
    ("ISWAP", "Islamic State West Africa Province", "terrorist_group"),
    ("JNIM", "Jama'at Nasr al-Islam wal Muslimin", "terrorist_group"), ("Wagner", "Wagner Group", "militia"),
    ("Hezbollah", "Hezbollah", "militia"), ("National Liberation Front", "National Liberation Front", "rebels"),
])
def test_group_aliases(kb, text, name, sector):
    entry = kb.lookup(text)
    assert entry.kind == "group" and entry.name == name and entry.sector == sector


def test_group_links_stay_separate(kb):
    sdf, ypg, pkk = kb.lookup("SDF"), kb.lookup("YPG"), kb.lookup("PKK")
    assert len({sdf.name, ypg.name, pkk.name}) == 3
    assert "People's Protection Units" in sdf.links and "Kurdistan Workers' Party" in ypg.links


def test_group_with_generic_noun_is_the_group(kb, nlp):
    text = "IS fighters attacked a checkpoint, and it is unclear how many died."
    mentions = found(kb, nlp, text)
    assert mentions[0][0] == "IS fighters" and mentions[0][1].name == "Islamic State"
    assert all(e.name != "Islamic State" for t, e in mentions[1:])


@pytest.mark.parametrize("text,label,sector", [
    ("militants", "militants", "rebels"), ("terrorists", "terrorists", "terrorist_group"),
    ("the terrorist units", "terrorists", "terrorist_group"), ("rebels", "rebels", "rebels"),
    ("insurgents", "insurgents", "rebels"), ("gunmen", "gunmen", "militia"),
    ("the advancing armed groups", "armed groups", "rebels"), ("the armed opposition", "armed opposition", "rebels"),
    ("protesters", "protesters", "civilians"), ("villagers", "civilians", "civilians"),
    ("unidentified attackers", "unidentified attackers", "other"),
])
def test_generic_labels_are_kept(kb, text, label, sector):
    entry = kb.lookup(text)
    assert entry.kind == "generic" and entry.label == label and entry.name == label
    assert entry.sector == sector and entry.country is None


def test_generic_labels_with_a_demonym(kb, nlp):
    text = "Syrian rebels and Russian terrorists were named in the statement."
    rebels = entry_for(kb, nlp, text, "Syrian rebels")
    assert (rebels.label, rebels.country, rebels.sector) == ("rebels", "SYR", "rebels")
    terrorists = entry_for(kb, nlp, text, "Russian terrorists")
    assert terrorists.label == "terrorists" and terrorists.sector == "terrorist_group"   # never rewritten


# -- outlets -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,canonical,iso3,state_run,alignment", [
    ("TASS", "TASS", "RUS", True, "RUS"), ("RT", "RT", "RUS", True, "RUS"), ("Sputnik", "Sputnik", "RUS", True, "RUS"),
    ("SANA", "SANA", "SYR", True, "SYR"), ("Anadolu Agency", "Anadolu Agency", "TUR", True, "TUR"),
    ("AA", "Anadolu Agency", "TUR", True, "TUR"), ("anadolu agency", "Anadolu Agency", "TUR", True, "TUR"),
    ("Daily Sabah", "Daily Sabah", "TUR", False, "TUR"), ("Press TV", "Press TV", "IRN", True, "IRN"),
    ("Xinhua", "Xinhua", "CHN", True, "CHN"), ("Associated Press", "Associated Press", "USA", False, "international"),
    ("Agence France-Presse", "Agence France-Presse", "FRA", False, "international"),
    ("SOHR", "Syrian Observatory for Human Rights", "GBR", False, "monitor"),
    ("Kyiv Independent", "Kyiv Independent", "UKR", False, "UKR"), ("Haaretz", "Haaretz", "ISR", False, "ISR"),
])
def test_outlets(kb, name, canonical, iso3, state_run, alignment):
    entry = kb.outlet(name)
    assert entry is not None and entry.kind == "outlet"
    assert (entry.name, entry.country, entry.state_run, entry.alignment) == (canonical, iso3, state_run, alignment)


def test_outlet_only_returns_outlets(kb):
    assert kb.outlet("Zakharova") is None and kb.outlet("Turkey") is None
    assert kb.source("OCHA").sector == "international" and kb.outlet("OCHA") is None


def test_outlets_in_text_are_case_aware(kb, nlp):
    text = "The strike killed two, TASS reported, while an aa battery and a Kyiv Independent reporter were nearby."
    kinds = {t: e.kind for t, e in found(kb, nlp, text)}
    assert kinds.get("TASS") == "outlet" and kinds.get("Kyiv Independent") == "outlet"
    assert "aa" not in kinds and "Kyiv" not in kinds


# -- hard negatives ------------------------------------------------------------------------------------

def test_person_named_like_a_country_is_not_the_country(kb, nlp):
    mentions = found(kb, nlp, "Jordan Henderson scored twice before Chad Smith came on.")
    assert all(e.kind not in ("country", "capital") for _, e in mentions)
    assert kb.lookup("Jordan Henderson") is None
    assert kb.lookup("Jordan").country == "JOR"


def test_common_words_are_not_entities(kb, nlp):
    text = "It is what it is: we saw a turkey, and the us of it is rare in china cups."
    assert found(kb, nlp, text) == []
    assert kb.lookup("it is") is None


def test_mixed_case_aliases_need_their_case(kb, nlp):
    assert found(kb, nlp, "Let the talks begin, the envoy said.") == []
    assert kb.lookup("LeT militants").name == "Lashkar-e-Taiba"


def test_deputy_is_not_the_head_of_government(kb):
    assert kb.lookup("Turkish Prime Minister").name == "Prime Minister of Turkey"
    deputy = kb.lookup("the Turkish Deputy Prime Minister")
    assert deputy.name == "Government of Turkey" and deputy.country == "TUR"


def test_stoplist_blocks_inner_matches(kb, nlp):
    text = "Officials in New Mexico and sailors on the Indian Ocean were unaffected."
    assert all(e.country not in ("MEX", "IND") for _, e in found(kb, nlp, text))


def test_all_caps_headline_does_not_yield_is(kb, nlp):
    assert all(e.name != "Islamic State" for _, e in found(kb, nlp, "WHAT IS NEXT FOR THE REGION"))


# -- extensibility -------------------------------------------------------------------------------------

USER_YAML = """
people:
  - {name: Aleksandr Testov, country: BLR, role: spokesperson}
groups:
  - {name: Brigade of the Northern Hills, country: MLI, sector: militia, aliases: [BNH, Northern Hills Brigade]}
outlets:
  - {name: Sahel Wire, country: NER, state_run: false, alignment: NER, aliases: [SW News]}
  - {name: TASS, country: RUS, state_run: true, alignment: RUS, aliases: [TASS wire]}
generic:
  - {label: raiders, sector: militia, forms: [raiders, raider]}
"""


def test_user_yaml_extends_the_kb(tmp_path, nlp, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text(USER_YAML, encoding="utf-8")
    monkeypatch.delenv("SITREP_KB", raising=False)
    kb = load_kb(extra=[path])
    assert kb.lookup("Testov").country == "BLR"
    assert kb.lookup("BNH").name == "Brigade of the Northern Hills"
    assert kb.outlet("SW News").alignment == "NER"
    assert kb.outlet("TASS wire").name == "TASS" and kb.outlet("ITAR-TASS").name == "TASS"   # aliases united
    raiders = kb.lookup("Malian raiders")
    assert (raiders.label, raiders.country) == ("raiders", "MLI")
    text = "The Northern Hills Brigade said raiders hit the market, Sahel Wire reported."
    assert [t for t, _ in found(kb, nlp, text)] == ["Northern Hills Brigade", "raiders", "Sahel Wire"]
    assert load_kb().lookup("BNH") is None                 # the cached bundled KB is untouched


def test_env_var_extends_the_kb(tmp_path, monkeypatch):
    path = tmp_path / "env.yaml"
    path.write_text("groups:\n  - {name: Envtest Front, country: TCD, sector: rebels}\n", encoding="utf-8")
    monkeypatch.setenv("SITREP_KB", str(path))
    assert load_kb().lookup("Envtest Front").country == "TCD"
    monkeypatch.delenv("SITREP_KB")
    assert load_kb().lookup("Envtest Front") is None


def test_bad_yaml_is_a_clear_error(tmp_path):
    from sitrep.kb import KBError

    bad = tmp_path / "bad.yaml"
    bad.write_text("nonsense_section: [1, 2]\n", encoding="utf-8")
    with pytest.raises(KBError, match="nonsense_section"):
        load_kb(extra=bad)


def test_entry_is_a_dataclass(kb):
    entry = kb.lookup("TASS")
    assert isinstance(entry, Entry) and entry.to_dict()["name"] == "TASS"


# -- leaders, 1990-2026 (kb/data/leaders.yaml) -----------------------------------------------------------

@pytest.mark.parametrize("text,span,name,iso3", [
    ("Speaking in Sharm el-Sheikh, Mubarak urged both sides to return to talks.", "Mubarak", "Hosni Mubarak", "EGY"),
    ("Bouteflika promised an amnesty to fighters who lay down their arms.", "Bouteflika", "Abdelaziz Bouteflika", "DZA"),
    ("Yeltsin sacked his prime minister on Monday.", "Yeltsin", "Boris Yeltsin", "RUS"),
    ("President Omar Hassan al-Bashir lifted the state of emergency.", "Omar Hassan al-Bashir", "Omar al-Bashir", "SDN"),
    ("Talks between Kim Dae-jung and the northern delegation ended early.", "Kim Dae-jung", "Kim Dae-jung", "KOR"),
    ("Kim Jong-il received the envoy in Pyongyang.", "Kim Jong-il", "Kim Jong-il", "PRK"),
    ("Vajpayee took a bus to Lahore to meet Nawaz Sharif.", "Vajpayee", "Atal Bihari Vajpayee", "IND"),
    ("Musharraf said the army would stay neutral.", "Musharraf", "Pervez Musharraf", "PAK"),
    ("Milošević rejected the ultimatum, Belgrade radio said.", "Milošević", "Slobodan Milosevic", "SRB"),
    ("Aliyev and Pashinyan met in Brussels.", "Pashinyan", "Nikol Pashinyan", "ARM"),
    ("Jiang Zemin arrived in Washington for a state visit.", "Jiang Zemin", "Jiang Zemin", "CHN"),
    ("Chancellor Kohl telephoned the French president.", "Kohl", "Helmut Kohl", "DEU"),
])
def test_leaders_resolve_to_their_country(kb, nlp, text, span, name, iso3):
    entry = entry_for(kb, nlp, text, span)
    assert (entry.kind, entry.name, entry.country, entry.sector) == ("person", name, iso3, "government")


def test_leader_names_administration_and_government(kb):
    assert kb.lookup("the Clinton administration").name == "Government of the United States"
    assert kb.lookup("the Yeltsin government").country == "RUS"


@pytest.mark.parametrize("surname", ["Kim", "Singh", "Khan", "Ali", "Hussein", "Sharif", "Al Thani", "Saleh", "Abdullah"])
def test_ambiguous_surnames_alone_name_nobody(kb, nlp, surname):
    assert kb.lookup(surname) is None
    text = f"Later that day {surname} told reporters that the talks had failed."
    assert all(e.kind != "person" for _, e in found(kb, nlp, text))


def test_no_surname_names_people_of_two_countries(kb):
    """A one-word alias that names several people must not point at different countries."""
    clashes = {}
    for key, (_, patterns) in kb.trie.root.items():
        for pat in patterns:
            countries = {e.country for e in pat.entries if e.kind == "person"}
            if len(countries) > 1:
                clashes[key] = countries
    assert clashes == {}


@pytest.mark.parametrize("text,span,name,iso3", [
    ("The Israeli prime minister flew to Cairo.", "Israeli prime minister", "Prime Minister of Israel", "ISR"),
    ("Pakistan's foreign minister cancelled the visit.", "Pakistan's foreign minister",
     "Ministry of Foreign Affairs (Pakistan)", "PAK"),
    ("The Egyptian president received the delegation.", "Egyptian president", "President of Egypt", "EGY"),
    ("The Iraqi defence minister inspected the troops.", "Iraqi defence minister", None, "IRQ"),
])
def test_title_with_a_demonym_resolves(kb, nlp, text, span, name, iso3):
    entry = entry_for(kb, nlp, text, span)
    assert entry.country == iso3 and entry.sector == "government"
    assert name is None or entry.name == name


def test_international_officials_have_no_country(kb):
    for text, group in [("Kofi Annan", "United Nations"), ("Boutros Boutros-Ghali", "United Nations"),
                        ("Javier Solana", "NATO"), ("Amre Moussa", None), ("Aboul Gheit", "Arab League")]:
        entry = kb.lookup(text)
        assert entry is not None and entry.kind == "person", text
        if group is not None:
            assert (entry.country, entry.sector, entry.group) == (None, "international", group)


def test_leaders_file_is_well_formed(kb):
    import yaml

    from sitrep.kb.loader import DATA_DIR

    people = yaml.safe_load((DATA_DIR / "leaders.yaml").read_text(encoding="utf-8"))["people"]
    assert len(people) > 500
    for item in people:
        assert item.get("role"), item["name"]
        if item.get("country") is None:
            assert item.get("sector") == "international" and item.get("group"), item["name"]
        else:
            assert item["country"] in kb.countries, item["name"]
        assert kb.by_name(item["name"], "person") is not None


def test_a_first_name_before_a_leader_surname_is_another_person(kb, nlp):
    text = "The piece was edited by Stephen Powell, and Abe Lindqvist, who chairs the board, approved it."
    names = [e.name for _, e in found(kb, nlp, text)]
    assert "Colin Powell" not in names and "Shinzo Abe" not in names
    text = "Secretary of State Powell met Abe in Tokyo, and Recep Erdogan joined them by phone."
    people = [e.name for _, e in found(kb, nlp, text) if e.kind == "person"]
    assert people == ["Colin Powell", "Shinzo Abe", "Recep Tayyip Erdogan"]


def test_a_pro_state_group_is_backed_by_that_state_not_of_it():
    import sitrep
    result = sitrep.extract("Pro-Russian separatists shelled Avdiivka overnight.", published="2021-02-02")
    perpetrators = [a for e in result.events for a in e.actors if a.role == "perpetrator"]
    assert perpetrators and all(a.country != "RUS" for a in perpetrators)
    plain = sitrep.extract("Russian separatists shelled Avdiivka overnight.", published="2021-02-02")
    assert any(a.country == "RUS" for e in plain.events for a in e.actors if a.role == "perpetrator")


def test_regime_is_a_generic_government_unless_a_set_of_rules():
    """'the regime' is the word a source chose for a government (its label is kept); 'the sanctions
    regime' is a set of rules, no actor."""
    import sitrep
    called = sitrep.extract("The minister called on the regime to withdraw its troops.", published="2020-03-01")
    [event] = called.events
    assert [(a.role, a.label or a.name, a.sector) for a in event.actors if a.role == "target"] == \
        [("target", "regime", "government")]
    rules = sitrep.extract("The sanctions regime against the country was tightened on Monday.", published="2020-03-01")
    assert not [a for e in rules.events for a in e.actors if (a.label or a.name) == "regime"]
