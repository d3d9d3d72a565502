"""Actor roles around a participle that follows its noun (sentences written for these tests)."""
import sitrep


def _roles(text: str) -> set:
    result = sitrep.extract(text, published="2020-03-04")
    return {(a.role, a.country) for e in result.events for a in e.actors}


def test_a_noun_with_a_past_participle_undergoes_the_act():
    roles = _roles("Seven Hezbollah fighters, killed when a drone struck their convoy near Saraqib on Tuesday, "
                   "were buried on Wednesday.")
    assert ("victim", "LBN") in roles
    assert ("perpetrator", "LBN") not in roles


def test_a_noun_with_a_present_participle_does_the_act():
    assert ("perpetrator", "SYR") in _roles("Syrian rebels attacking an army base near Hama on Monday lost four men.")


def test_a_headline_without_a_main_verb_keeps_its_speaker():
    # the small parser reads 'called' as a participle of 'newspaper' here; the newspaper still speaks
    roles = _roles("An official Syrian newspaper called on Arab states to unite against Israel on Thursday.")
    assert ("speaker", "SYR") in roles


def test_a_dateline_place_is_never_an_actor():
    for text in ("Hama, SANA - Army units on Sunday restored control over three villages in the northern "
                 "countryside of Hama, a military source said.",
                 "HAMA, Syria\n\nGovernment forces took three villages in northern Hama on Sunday, a monitor said."):
        result = sitrep.extract(text, published="2020-02-24")
        assert result.events
        assert all(a.start is None or a.start > 5 for e in result.events for a in e.actors), text


def test_place_and_agency_before_a_dash_is_a_dateline():
    from sitrep.extract.where import dateline_end
    text = "Hama, SANA - Army units restored control over three villages."
    assert text[:dateline_end(text)] == "Hama, SANA - "
    assert dateline_end("Army units, SANA said - restored control.") == 0


def test_the_subject_of_came_under_fire_is_the_target():
    roles = _roles("A Turkish convoy came under fire from government forces near Saraqib on Monday.")
    assert ("target", "TUR") in roles
    assert ("perpetrator", "TUR") not in roles
    assert ("perpetrator", None) in roles      # 'government forces' of no named state


def test_a_relative_pronoun_stands_for_its_noun():
    result = sitrep.extract("Kurdish militants who attacked a Turkish border post near Afrin on Friday were killed.",
                            published="2020-03-04")
    attack = next(e for e in result.events if e.evidence.trigger == "attacked")
    assert ("perpetrator", "militants") in {(a.role, a.label or a.name) for a in attack.actors}


def test_shells_counted_in_dozens_still_belong_to_the_firing_verb():
    roles = _roles("Iraqi troops fired dozens of mortar shells at militant positions near Mosul on Sunday.")
    assert ("perpetrator", "IRQ") in roles


def test_a_death_in_shelling_gives_the_dead_no_agent_role():
    result = sitrep.extract("The monitor has documented the death of nine members of the regime forces in Turkish "
                            "shelling on their positions in the countryside of Saraqib and in the western countryside "
                            "of Aleppo on Monday.", published="2020-03-04")
    perpetrators = {a.country for e in result.events for a in e.actors if a.role == "perpetrator"}
    assert perpetrators == {"TUR"}


def test_the_agent_of_another_clause_is_no_fallback_target():
    result = sitrep.extract("Turkish artillery pounded the hills near Afrin, while Russian jets continued "
                            "their raids further south on Tuesday.", published="2020-03-04")
    pounding = next(e for e in result.events if e.evidence.trigger.lower().startswith(("pound", "artillery")))
    assert ("target", "RUS") not in {(a.role, a.country) for a in pounding.actors}


def test_strikes_blamed_on_a_state_name_it_as_perpetrator_and_the_speaker_is_not():
    result = sitrep.extract("At least nine Iraqi soldiers were killed in drone strikes blamed on Turkey near Sinjar, "
                            "Iraqi officials said on Friday, in the deadliest single attack on the army this year.",
                            published="2020-03-06")
    perpetrators = {a.country for e in result.events for a in e.actors if a.role == "perpetrator"}
    assert "TUR" in perpetrators and "IRQ" not in perpetrators


def test_the_agent_of_a_participle_on_the_object_is_not_the_perpetrator():
    roles = _roles("Jets targeted a convoy and a depot used by Turkish forces near Ariha on Thursday.")
    assert ("perpetrator", "TUR") not in roles


def test_returning_fire_is_an_act_of_the_subject():
    for text in ("Iraqi troops returned fire on militant positions near Tikrit on Sunday.",
                 "Iraqi units immediately returned fire on militant positions, the ministry added."):
        events = sitrep.extract(text, published="2020-03-04").events
        assert [e.type for e in events] == ["ARMED_CLASH"], text
        assert ("perpetrator", "IRQ") in {(a.role, a.country) for a in events[0].actors}


def test_what_is_set_on_fire_is_the_target():
    roles = _roles("Rioters set fire to the offices of a Turkish charity in the city centre on Sunday.")
    assert ("target", "TUR") in roles


def test_a_threat_targets_the_threatened_not_the_speakers_own_state():
    result = sitrep.extract("The Greek prime minister warned that Greece would sink Turkish ships if they entered "
                            "its waters.", published="2020-03-04")
    threat = next(e for e in result.events if e.plover.get("event") == "THREATEN")
    targets = {a.country for a in threat.actors if a.role == "target"}
    assert "TUR" in targets and "GRC" not in targets


def test_those_who_died_in_an_attack_are_its_victims_and_its_owns_them():
    result = sitrep.extract("Earlier, Iraq said several of its soldiers had died in the shelling near Sinjar.",
                            published="2020-03-04")
    [event] = result.events
    assert {(a.role, a.country) for a in event.actors} == {("victim", "IRQ")}
    assert [c.country for c in event.casualties] == ["IRQ"]


def test_those_who_flee_the_fighting_are_not_its_agents():
    result = sitrep.extract("Thousands of families fleeing the fighting in western Aleppo arrived at crowded camps "
                            "near the Turkish border on Monday, aid groups said.", published="2020-03-04")
    assert result.events
    assert not any(a.role == "perpetrator" for e in result.events for a in e.actors)


def test_the_speakers_capital_acting_in_the_warning_is_not_its_target():
    result = sitrep.extract("President Aliyev warned that Baku would respond more forcefully to any further "
                            "attacks.", published="2020-10-04")
    threat = next(e for e in result.events if e.plover.get("event") == "THREATEN")
    assert not [a for a in threat.actors if a.role == "target" and a.country == "AZE"]


def _violent_actors(text: str, published: str = "2020-03-04") -> set:
    result = sitrep.extract(text, published=published)
    return {(a.role, a.name) for e in result.events if e.type not in ("ATTRIB", "DIPLO") for a in e.actors}


def test_the_accused_party_is_the_perpetrator_of_the_act_it_is_accused_of():
    cases = [
        "Iraq accused the PKK of shelling a border village in Duhok on Friday.",
        "The PKK was accused of shelling a border village in Duhok on Friday.",
        "Baghdad blamed the PKK for a rocket attack on a border village in Duhok.",
        "Baghdad held the PKK responsible for the rocket attack on a border village.",
        "Baghdad blamed the rocket attack on the border village on the PKK.",
    ]
    for text in cases:
        actors = _violent_actors(text)
        perpetrators = {name for role, name in actors if role == "perpetrator"}
        assert any("Kurdistan Workers" in name for name in perpetrators), (text, actors)
        assert not any(role == "target" and "Kurdistan Workers" in name for role, name in actors), text
        assert not any("Iraq" in name for name in perpetrators), (text, actors)


def test_a_party_blamed_without_naming_the_act_did_the_act_of_the_sentence():
    actors = _violent_actors("A car bomb went off outside a bakery in Azaz, killing nine people, the Turkish "
                             "interior ministry said, blaming the PKK.")
    assert any(role == "perpetrator" and "Kurdistan Workers" in name for role, name in actors), actors
    assert not any(role == "target" and "Kurdistan Workers" in name for role, name in actors), actors


def test_the_accusing_state_is_not_the_author_of_the_act():
    actors = _violent_actors("The Syrian foreign ministry blamed Israel for missile strikes near Damascus airport.")
    assert ("perpetrator", "Government of Israel") in actors or any(
        role == "perpetrator" and "Israel" in name for role, name in actors), actors
    assert not any(role == "perpetrator" and "Syria" in name for role, name in actors), actors


def test_its_fighters_belong_to_the_subject_of_the_clause_above():
    result = sitrep.extract("The PKK rejected Iraqi claims that its militants had ambushed a border patrol near "
                            "Zakho.", published="2020-03-04")
    ambush = [e for e in result.events if e.type not in ("ATTRIB", "DIPLO")]
    assert ambush
    perpetrators = {a.name for e in ambush for a in e.actors if a.role == "perpetrator"}
    assert any("Kurdistan Workers" in name for name in perpetrators), perpetrators
    denial = [e for e in result.events if e.type in ("ATTRIB", "DIPLO")]
    assert not any(a.role == "target" and "militants" in (a.text or "") for e in denial for a in e.actors)


def test_its_jets_of_a_state_body_are_that_states_forces():
    result = sitrep.extract("Jordan's army denied reports that its jets had bombed a camp near the Syrian border.",
                            published="2020-03-04")
    bombing = [e for e in result.events if e.type == "AIR_STRIKE"]
    assert bombing
    assert any(a.role == "perpetrator" and a.country == "JOR" and a.sector == "military"
               for e in bombing for a in e.actors)


def test_the_subject_of_the_main_clause_does_the_act_of_its_by_gerund():
    result = sitrep.extract("Israel responded by striking Hamas positions in Gaza overnight, the army said.",
                            published="2021-05-12")
    strikes = [e for e in result.events if e.type in ("AIR_STRIKE", "ART_MISS_ATTACK")]
    assert strikes, [e.type for e in result.events]
    assert any(a.role == "perpetrator" and a.country == "ISR" for e in strikes for a in e.actors)
    assert not any(a.role == "target" and a.country == "ISR" for e in strikes for a in e.actors)
