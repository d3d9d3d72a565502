"""Related-links boxes in scraped text: other stories' headlines are no events of this report."""
from sitrep import extract
from sitrep.extract.chrome import link_boxes

STORY = ("A roadside bomb hit a police car in Qamishli on Monday, wounding three officers, the interior "
         "ministry said. ")
BOX = ("Related Stories Rebels Shell Army Post Near Hama Killing 40 Soldiers Jets Pound Villages in Idlib "
       "Countryside Tags bombing police Syria")


def test_a_closed_box_of_headlines_is_found_with_the_tag_list_that_ends_the_page():
    [(start, end)] = link_boxes(STORY + BOX)
    assert (STORY + BOX)[start:end].startswith("Related Stories Rebels") and end == len(STORY + BOX)
    text = STORY + BOX + ". " + STORY
    [(start, end)] = link_boxes(text)
    assert text[end:].startswith("Tags bombing")


def test_no_box_without_a_closing_line_or_with_prose_inside():
    assert link_boxes(STORY + "Related Stories Rebels Shell Army Post Near Hama Killing 40 Soldiers") == []
    assert link_boxes(STORY + "Related Coverage Troops moved north. The army said it held the town. Tags army") == []
    assert link_boxes("Related to the talks, the envoy said the ceasefire held. Tags none") == []


def test_headlines_in_a_box_make_no_event_or_toll():
    events = extract(STORY + BOX, published="2021-05-04").events
    assert not [e for e in events if any(c.killed for c in e.casualties)]
    assert not [e for e in events if e.evidence.trigger_start >= len(STORY)]
    assert [e for e in events if e.type == "REM_EXPLOS"]
