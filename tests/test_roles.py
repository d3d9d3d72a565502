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
