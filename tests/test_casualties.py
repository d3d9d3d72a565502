"""Casualty figures and number parsing (sentences written for these tests)."""
import pytest

from sitrep.extract.casualties import find_casualties
from sitrep.extract.numbers import Quantity, parse_quantity
from sitrep.extract.toll_periods import is_cumulative_toll, running_period
from sitrep.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def cas(nlp, text, **kw):
    return find_casualties(nlp(text), **kw)


def killed(nlp, text):
    return sum(c.killed or 0 for c in cas(nlp, text))


# --- numbers ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("7", Quantity(7, None, "exact")),
    ("1,250", Quantity(1250, None, "exact")),
    ("seven", Quantity(7, None, "exact")),
    ("twenty-three", Quantity(23, None, "exact")),
    ("one hundred and five", Quantity(105, None, "exact")),
    ("a dozen", Quantity(12, None, "exact")),
    ("two dozen", Quantity(24, None, "exact")),
    ("at least 40", Quantity(40, None, "at_least")),
    ("more than forty", Quantity(40, None, "at_least")),
    ("over 9", Quantity(9, None, "at_least")),
    ("upwards of 300", Quantity(300, None, "at_least")),
    ("60+", Quantity(60, None, "at_least")),
    ("about 15", Quantity(15, None, "about")),
    ("nearly 200", Quantity(200, None, "about")),
    ("some 30", Quantity(30, None, "about")),
    ("an estimated 2,000", Quantity(2000, None, "about")),
    ("almost a dozen", Quantity(12, None, "about")),
    ("up to 50", Quantity(50, None, "at_most")),
    ("as many as 80", Quantity(80, None, "at_most")),
    ("between 10 and 15", Quantity(10, 15, "range")),
    ("10 to 15", Quantity(10, 15, "range")),
    ("10-15", Quantity(10, 15, "range")),
    ("three or four", Quantity(3, 4, "range")),
    ("dozens", Quantity(12, None, "vague")),
    ("hundreds", Quantity(100, None, "vague")),
    ("tens", Quantity(10, None, "vague")),
    ("scores", Quantity(20, None, "vague")),
    ("several", Quantity(10, None, "vague")),
    ("a few", Quantity(3, None, "vague")),
    ("tens of thousands", Quantity(10000, None, "vague")),
])
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["Su-24", "12-year-old", "3.5", "40%", "847/940", "soldiers",
                                  "", "the", "10:30"])
def test_parse_quantity_rejects(text):
    assert parse_quantity(text) is None


# --- casualty patterns --------------------------------------------------------------------

def test_killed_and_others_injured_one_group(nlp):
    [c] = cas(nlp, "Three Iraqi soldiers were killed and four others injured near the border.")
    assert (c.group, c.country, c.sector) == ("Iraqi soldiers", "IRQ", "military")
    assert (c.killed, c.injured, c.qualifier) == (3, 4, "exact")
    doc_text = "Three Iraqi soldiers were killed and four others injured near the border."
    assert doc_text[c.start:c.end] == c.text
    assert c.text.startswith("Three Iraqi soldiers were killed")


def test_active_voice_killing(nlp):
    [c] = cas(nlp, "A roadside bomb exploded in the market, killing eleven civilians.")
    assert (c.killed, c.group, c.sector) == (11, "civilians", "civilians")
    assert c.text == "killing eleven civilians"


def test_active_voice_subject_is_not_victim(nlp):
    out = cas(nlp, "Four gunmen killed two policemen at a checkpoint.")
    assert [(c.group, c.killed, c.sector) for c in out] == [("policemen", 2, "police")]


def test_left_dead_and_wounded(nlp):
    [c] = cas(nlp, "The car bomb left 14 people dead and 30 wounded in the town centre.")
    assert (c.killed, c.injured) == (14, 30)


def test_bare_killed_wounded(nlp):
    [c] = cas(nlp, "Officials said 6 killed, 21 wounded after the blast.")
    assert (c.killed, c.injured) == (6, 21)


def test_death_toll(nlp):
    [c] = cas(nlp, "By evening the death toll had risen to 48, hospital staff said.")
    assert (c.killed, c.qualifier) == (48, "exact")
    assert "toll" in c.text


def test_superseded_toll_not_counted(nlp):
    assert killed(nlp, "The monitor said 26 were killed, updating an earlier toll of 19.") == 26


@pytest.mark.parametrize("text, expected", [
    ("Nine people lost their lives when the ferry was shelled.", 9),
    ("The strike claimed the lives of 17 villagers.", 17),
    ("At least 70 people died in the gas attack.", 70),
    ("Some 25 fighters were reportedly killed in the ambush.", 25),
    ("Twenty-three soldiers have been killed since Monday.", 23),
    ("Two soldiers were shot dead at the gate.", 2),
    ("A soldier was killed and another was wounded.", 1),
    ("The raid killed a child in the village.", 1),
    ("A 9-year-old girl was killed by sniper fire.", 1),
    ("All five crew members were killed when the helicopter crashed.", 5),
    ("The ministry said the army eliminated 40 terrorists near the town.", 40),
    ("Masked men beheaded three truck drivers at the checkpoint.", 3),
    ("Gunmen slit the throats of nine farmers in the orchard.", 9),
    ("Clashes left 23 civilians - including seven children - dead.", 23),
    ("Seven villagers from one family were killed in the shelling.", 7),
])
def test_killed_totals(nlp, text, expected):
    assert killed(nlp, text) == expected


def test_two_groups(nlp):
    out = cas(nlp, "Five soldiers and three civilians were killed in the shelling.")
    assert {(c.group, c.killed, c.sector) for c in out} == {
        ("soldiers", 5, "military"), ("civilians", 3, "civilians")}


def test_two_groups_active(nlp):
    out = cas(nlp, "The shelling killed six soldiers and two civilians.")
    assert {(c.group, c.killed) for c in out} == {("soldiers", 6), ("civilians", 2)}


def test_subset_not_counted_twice(nlp):
    assert killed(nlp, "Twelve people including four children were killed in the strike.") == 12
    assert killed(nlp, "The explosion killed 8 people, 3 of whom were women.") == 8
    assert killed(nlp, "The shelling killed 10 civilians, including two children, "
                       "and wounded 25 others.") == 10


def test_among_the_dead_is_part_of_a_total(nlp):
    assert cas(nlp, "Among the dead were 11 children.") == []


def test_headline_repeat_counted_once(nlp):
    text = "Air strike kills 14 in northern town Fourteen people were killed in an air strike."
    assert killed(nlp, text) == 14


def test_range_and_qualifiers(nlp):
    [c] = cas(nlp, "Between 10 and 15 fighters died in the clashes.")
    assert (c.killed, c.killed_high, c.qualifier) == (10, 15, "range")
    [c] = cas(nlp, "Up to 40 people may have been killed in the attack.")
    assert (c.killed, c.qualifier) == (40, "at_most")
    [c] = cas(nlp, "More than 200 people were injured in the riots.")
    assert (c.injured, c.killed, c.qualifier) == (200, None, "at_least")


def test_vague(nlp):
    [c] = cas(nlp, "Dozens of civilians were killed in the bombardment.")
    assert (c.killed, c.qualifier) == (12, "vague")
    [c] = cas(nlp, "The barrage killed hundreds of people.")
    assert (c.killed, c.qualifier) == (100, "vague")


def test_missing_and_captured(nlp):
    [c] = cas(nlp, "Eight people lost their lives and 14 are still missing.")
    assert (c.killed, c.missing) == (8, 14)
    [c] = cas(nlp, "Three police officers were taken prisoner by the rebels.")
    assert (c.captured, c.sector) == (3, "police")
    out = cas(nlp, "Gunmen killed a farmer and abducted two teachers.")
    assert {(c.group, c.killed, c.captured) for c in out} == {
        ("farmer", 1, None), ("teachers", None, 2)}


def test_wounding(nlp):
    [c] = cas(nlp, "The mortar round hit a school, wounding 9 students.")
    assert (c.injured, c.killed) == (9, None)


def test_no_casualties_is_zero(nlp):
    [c] = cas(nlp, "No casualties were reported after the rocket landed.")
    assert c.killed == 0
    [c] = cas(nlp, "No one was hurt in the explosion.")
    assert c.injured == 0 and not c.killed


def test_doc_input_reads_every_sentence(nlp):
    doc = nlp("Two soldiers were killed on Monday. On Tuesday four more died.")
    assert [c.killed for c in find_casualties(doc)] == [2, 4]


def test_resolve_group_callable(nlp):
    [c] = cas(nlp, "Seven Ruritanian troops were killed.", resolve_group=lambda t: ("RUR", "military"))
    assert (c.country, c.sector, c.group) == ("RUR", "military", "Ruritanian troops")


# --- hard negatives -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "In 2018 the conflict entered its eighth year.",
    "The talks resumed on February 20 in Geneva.",
    "Page 847/940 of the report lists the incidents.",
    "Soldiers of the 25th Division attacked the village.",
    "Brigade 93 was redeployed to the front.",
    "Su-24 and F-16 aircraft flew over the area.",
    "Unemployment reached 40 percent in the province.",
    "Turnout was 62% in the district.",
    "The aid package is worth $50 million.",
    "The convoy left at 10:30 and travelled 10 km.",
    "Rebels captured 12 villages and 3 hills.",
    "The army destroyed 5 tanks and 14 vehicles.",
    "Resolution 2254 calls for a ceasefire.",
    "Call 0044 207 946 0000 for information.",
    "Civilians were killed in the attack, residents said.",
    "The army killed the rebel commander's plan.",
    "Five militants attacked the checkpoint.",
])
def test_not_casualties(nlp, text):
    assert [c for c in cas(nlp, text) if c.killed or c.injured or c.captured or c.missing] == []


def test_age_is_not_a_count(nlp):
    [c] = cas(nlp, "A 12-year-old boy was killed when the shell hit his home.")
    assert c.killed == 1


def test_perpetrator_count_is_not_victims(nlp):
    assert killed(nlp, "Five militants killed three soldiers in an ambush.") == 3


def test_cumulative_toll_flag(nlp):
    background = nlp("More than 300,000 people have been killed since the war began in 2011.")
    assert is_cumulative_toll(background)
    incident = nlp("At least 12 people were killed in an air strike on Monday.")
    assert not is_cumulative_toll(incident)


def test_killed_and_injured_together_is_not_a_death_toll(nlp):
    assert killed(nlp, "The rockets killed and injured seven civilians.") == 0
    assert killed(nlp, "Fifteen people were killed or wounded in the blast.") == 0


def test_fraction_of_a_million_is_not_a_million(nlp):
    assert killed(nlp, "Nearly half a million people have been killed in the war.") == 0


def test_previous_toll_dropped(nlp):
    assert killed(nlp, "The monitor now says 40 people died, up from a previous toll of 31 dead.") == 40


def test_casualties_word(nlp):
    assert cas(nlp, "The shelling caused 25 casualties in the camp.") == []
    [c] = cas(nlp, "The raid caused no casualties.")
    assert (c.killed, c.injured) == (0, 0)


def test_coordinated_as_well_as(nlp):
    assert killed(nlp, "Troops killed a militia leader as well as four of his bodyguards.") == 5


@pytest.mark.parametrize("text", [
    "More than 250,000 people have died since then, the agency said.",
    "Hundreds were killed in a similar attack last month.",
    "Some 40 people died in the crisis, which erupted in 2011.",
    "The war has killed tens of thousands and left millions displaced.",
])
def test_cumulative_cues(nlp, text):
    assert is_cumulative_toll(nlp(text))


def test_a_participle_phrase_between_group_and_outcome(nlp):
    found = cas(nlp, "Three guards and an engineer working for the garrison were killed at dawn, and a driver "
                     "serving with the convoy was wounded.")
    assert sum(c.killed or 0 for c in found) == 4
    assert sum(c.injured or 0 for c in found) == 1


def test_members_of_a_force_are_named_by_the_force(nlp):
    [row] = cas(nlp, "Eleven members of the Syrian army died when their post was shelled.")
    assert row.killed == 11 and row.group == "members of the Syrian army" and row.sector == "military"


def test_deadliest_since_a_year_is_a_comparison_not_a_background_toll(nlp):
    sent = nlp("At least 19 soldiers were killed in the raid, the deadliest attack on the army since its "
               "deployment to the region in 2014.")
    assert not is_cumulative_toll(sent[:])
    assert is_cumulative_toll(nlp("More than 9,000 soldiers have been killed in the region since 2014.")[:])


def test_a_toll_that_has_risen_to_a_number(nlp):
    assert killed(nlp, "The number of Iraqi soldiers killed in Tuesday's bombing of the barracks north of "
                       "Baghdad has risen to 27, the ministry said.") == 27


def test_the_toll_of_the_event_that_caused_this_one_is_not_counted(nlp):
    assert killed(nlp, "The army launched a new offensive after the ambush that killed 14 soldiers last week.") == 0
    assert killed(nlp, "Rebels shelled the town in response to the killing of 6 fighters.") == 0
    assert killed(nlp, "Four civilians were killed after the attack on the market.") == 4


def test_a_figure_inside_a_condition_is_no_toll(nlp):
    assert killed(nlp, "The army will respond if two more soldiers are killed near the border.") == 0
    assert killed(nlp, "Three soldiers were killed when rebels attacked the post, if the monitor is right.") == 3


def test_a_definite_or_owned_group_after_the_verb_is_counted(nlp):
    assert killed(nlp, "Militants downed an army transport plane near Deir ez-Zor, killing the three crew members.") == 3
    assert killed(nlp, "A roadside bomb hit a police truck in Kirkuk, killing its four passengers.") == 4
    assert killed(nlp, "The ministry confirmed the deaths of the two engineers in the blast.") == 2


def test_a_parenthetical_about_the_victims_does_not_hide_the_verb(nlp):
    assert killed(nlp, "Eleven villagers, most of them shepherds, were killed by a landmine near Kirkuk.") == 11
    assert killed(nlp, "Six policemen, all of them recruits, died in the ambush.") == 6


def test_neutralised_is_an_upper_bound_on_deaths(nlp):
    """'Neutralised' counts the killed, wounded and captured together: at most that many dead."""
    [row] = cas(nlp, "The ministry said 640 enemy fighters had been neutralised near the dam.")
    assert (row.killed, row.killed_high, row.qualifier) == (None, 640, "at_most")
    [row] = cas(nlp, "Our units neutralised 18 gunmen in the hills on Tuesday.")
    assert (row.killed, row.killed_high) == (None, 18)
    assert cas(nlp, "Four armoured trucks were neutralised at the crossing.") == []
    assert killed(nlp, "Our units eliminated 18 gunmen in the hills on Tuesday.") == 18


@pytest.mark.parametrize("text, period", [
    ("At least 41 fighters have died since Tuesday evening, the monitor said.", "since Tuesday evening"),
    ("He added that 900 gunmen had been neutralised over the same period.", "over the same period"),
    ("More than 5,000 people have died since 2014, and 12 since Monday.", None),   # long background
    ("Twelve villagers were killed on Monday.", None),
    ("Thirty people were killed in the past three days.", None),   # coders take it as the toll
])
def test_running_period(nlp, text, period):
    assert running_period(nlp(text)[:]) == period


@pytest.mark.parametrize("text, long_period", [
    ("In the past two weeks more than 300 civilians have been killed in the enclave, the monitor said.", True),
    ("Ten days of fighting in the desert have left more than 90 fighters dead.", True),
    ("At least 140 people have been killed since the offensive began three weeks ago.", True),
    ("A month of infighting between the factions has killed nearly 200 men.", True),
    ("Over the last fortnight 61 soldiers died on the southern front.", True),
    ("Four days of fighting left 20 fighters dead near the dam.", False),     # a few days: one event's toll
    ("Thirty people were killed in the past three days.", False),
    ("Nine people were killed when the offensive began on Monday.", False),
])
def test_a_toll_over_a_week_or_more_is_no_incident_toll(nlp, text, long_period):
    """ACLED and UCDP code events of a day or a few days; a toll summed over weeks is background."""
    assert is_cumulative_toll(nlp(text)[:]) is long_period



def test_office_holders_are_counted_by_their_title(nlp):
    assert killed(nlp, "Gunmen killed the mayor and two of his bodyguards on Friday.") == 3
    assert killed(nlp, "A colonel and two soldiers died in the ambush.") == 3
