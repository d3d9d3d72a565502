"""End-to-end extraction on reports written for these tests."""
from __future__ import annotations

import pytest

from sitrep import extract

VIOLENT = {"ARMED_CLASH", "ATTACK", "AIR_STRIKE", "ART_MISS_ATTACK", "SUIC_BOMB", "REM_EXPLOS", "GRENADE"}

REPORT = (
    "Russian warplanes struck militant positions near Saraqib on Monday, destroying two tanks and a pickup "
    "truck, the Russian Defence Ministry said.\n"
    "Turkey's Defence Ministry said the raids killed three Turkish soldiers and wounded seven others.\n"
    "The Turkish Foreign Ministry accused Russia of violating the truce in Idlib.\n"
    "Back in 2019, Moscow and Ankara signed a memorandum on the province."
)


@pytest.fixture(scope="module")
def report():
    return extract(REPORT, published="2020-03-04", outlet="Reuters", id="t1")


def _events(result, types):
    return [e for e in result.events if e.type in types]


def test_air_strike_with_perpetrator_date_and_materiel(report):
    strikes = _events(report, {"AIR_STRIKE"})
    assert strikes, [e.type for e in report.events]
    strike = strikes[0]
    assert any(a.role == "perpetrator" and a.country == "RUS" for a in strike.actors)
    assert strike.date.start == "2020-03-02"  # the Monday before the report
    items = {(m.item, m.count) for e in strikes for m in e.materiel}
    assert ("tank", 2) in items
    assert strike.evidence.start <= strike.evidence.trigger_start < strike.evidence.end


def test_casualties_attributed_to_the_turkish_ministry(report):
    with_losses = [e for e in report.events if any(c.country == "TUR" for c in e.casualties)]
    assert with_losses
    losses = [c for e in with_losses for c in e.casualties if c.country == "TUR"]
    assert any(c.killed == 3 and c.injured == 7 for c in losses)
    chain = with_losses[0].attribution
    assert any("defen" in (s.name + s.text).lower() and s.affiliation == "TUR" for s in chain)
    assert chain[-1].name == "Reuters"


def test_accusation_between_states(report):
    accusations = [e for e in report.events if e.plover.get("event") == "ACCUSE"]
    assert accusations
    accusation = accusations[0]
    assert any(a.role in ("speaker", "perpetrator") and a.country == "TUR" for a in accusation.actors)
    assert any(a.role == "target" and a.country == "RUS" for a in accusation.actors)


def test_background_agreement_is_historical(report):
    deals = _events(report, {"AGREEMENT"})
    assert deals and all(e.status == "historical" for e in deals)
    assert all(e.date.start.startswith("2019") for e in deals)


def test_output_follows_the_contract_shape(report):
    data = report.to_dict()
    assert data["id"] == "t1" and data["outlet"] == "Reuters"
    event = data["events"][0]
    for key in ("id", "type", "plover", "status", "confidence", "date", "location", "actors",
                "casualties", "materiel", "attribution", "evidence"):
        assert key in event
    assert event["id"].startswith("t1#")
    assert all(isinstance(p["geonameid"], int) for p in data["places"])


@pytest.mark.parametrize("text", [
    "The striker scored twice as the home side attacked relentlessly in the second half.",
    "Thousands of teachers went on strike over pay on Tuesday, closing schools across the region.",
    "The newspaper published a bombshell report about the minister's finances.",
    "Shares of the company fired higher after a blowout quarter.",
])
def test_hard_negatives_make_no_violent_event(text):
    result = extract(text, published="2021-05-05")
    assert not [e for e in result.events if e.type in VIOLENT and e.confidence > 0.5], \
        [(e.type, e.confidence, e.evidence.trigger) for e in result.events]


def test_anniversary_is_not_news():
    result = extract("Veterans gathered on Sunday to mark the 75th anniversary of the bombing of the city.",
                     published="2020-05-10")
    assert not [e for e in result.events if e.type in VIOLENT and e.status == "asserted"]


def test_denial_is_linked_to_what_it_denies():
    result = extract("Russia denied that its aircraft had bombed the market in Ariha in Idlib province on Thursday.",
                     published="2020-01-31")
    denied = [e for e in result.events if e.status == "denied"]
    denials = [e for e in result.events if e.plover.get("event") == "REJECT"]
    assert denied and denials
    assert denials[0].refers_to == denied[0].id


def test_threat_and_plan():
    threat = extract("The president threatened on Wednesday to launch a new offensive against the town.",
                     published="2020-02-20")
    assert any(e.plover.get("event") == "THREATEN" and e.status == "threatened" for e in threat.events)
    plan = extract("The army plans to launch an assault on the town next week.", published="2020-02-20")
    assert plan.events and all(e.status in ("planned", "threatened") for e in plan.events)


def test_two_events_in_one_sentence():
    result = extract("Rebels shelled the town of Khan Shaykhun while government jets bombed their positions.",
                     published="2019-08-10")
    types = {e.type for e in result.events}
    assert {"ART_MISS_ATTACK", "AIR_STRIKE"} <= types


def test_one_event_told_over_three_sentences_is_one_event():
    text = ("Jets struck the village of Kafr Nabl on Friday. The strike destroyed a school. "
            "The strike killed four civilians, a rescue group said.")
    result = extract(text, published="2019-06-01")
    strikes = _events(result, {"AIR_STRIKE"})
    assert len(strikes) == 1, [(e.type, e.evidence.trigger) for e in result.events]


def test_bad_input_is_an_error_record_not_a_crash():
    assert extract("   ", id="blank").error
    assert extract("abc\x00\x00def", id="nul").error


def test_reference_to_an_old_agreement_is_not_a_new_one():
    result = extract("The shelling was a clear violation of the 2019 ceasefire agreement, the ministry said.",
                     published="2020-03-01")
    assert not [e for e in result.events if e.type == "AGREEMENT" and e.status == "asserted"]


def test_counterfactual_is_not_an_event():
    result = extract("Under the deal, the rebels should have withdrawn their heavy weapons from the zone.",
                     published="2020-03-01")
    assert not [e for e in result.events if e.type == "NON_VIOL_TERRIT_TRANSFER" and e.status == "asserted"]


def test_generic_labels_are_kept_as_the_source_wrote_them():
    result = extract("Government jets struck terrorists near Ariha in Idlib province on Monday.",
                     published="2020-03-04")
    targets = [a for e in result.events for a in e.actors if a.role in ("target", "victim")]
    assert any(a.label == "terrorists" for a in targets)


def test_rejected_claims_are_denied_not_alleged():
    result = extract("The defence ministry rejected claims that its drones had killed farmers near Afrin on Sunday.",
                     published="2020-03-03")
    denied = [e for e in result.events if e.status == "denied"]
    assert denied and not [e for e in result.events if e.status == "alleged"]
    assert any(e.refers_to == denied[0].id and e.type == "ATTRIB" for e in result.events)


def test_no_deaths_on_its_own_is_the_toll_of_the_strike_before():
    text = ("Jets struck a clinic in the town of Atarib on Tuesday, local sources said. "
            "The clinic closed after the strike. No deaths were reported.")
    result = extract(text, published="2020-02-18")
    violent = [e for e in result.events if e.type in ("AIR_STRIKE", "ATTACK")]
    assert any(c.killed == 0 for e in violent for c in e.casualties)
    hit = extract("Jets struck a clinic in Atarib on Tuesday, killing two nurses. No deaths were reported "
                         "in Darat Izza.", published="2020-02-18")
    assert sorted(c.killed for e in hit.events for c in e.casualties) == [2]   # a figure is not overwritten


def test_the_lead_carries_the_news():
    text = ("Government artillery shelled the town of Ariha on Monday, killing four civilians, rescuers said. "
            "The town has been hit repeatedly this month. Schools were closed. "
            "Rebels shelled an army post near Saraqib on Sunday, a monitor said.")
    events = sorted(extract(text, published="2020-01-28").events, key=lambda e: e.evidence.start)
    lead, later = events[0], events[-1]
    assert lead.type == later.type == "ART_MISS_ATTACK"
    assert later.confidence < lead.confidence
    # the position weight: three sentences down costs about a quarter; the type certainty keeps no trace of it
    assert later.confidence / later.type_confidence < 0.8 < lead.confidence / lead.type_confidence


def test_who_takes_a_town_decides_the_territory_code():
    rebels = extract("Opposition fighters said on Friday they had recaptured the town of Kafr Nabl from "
                     "government forces.", published="2020-02-28").events
    army = extract("Government forces recaptured the town of Kafr Nabl from rebels on Friday.",
                   published="2020-02-28").events
    assert [e.type for e in rebels if "captur" in e.evidence.trigger] == ["NON_STATE_ACTOR_OVERTAKES_TER"]
    assert [e.type for e in army if "captur" in e.evidence.trigger] == ["GOV_REGAINS_TERIT"]


def test_a_claim_nobody_made_is_no_event():
    result = extract("A roadside bomb killed two police officers in Tal Abyad on Monday. No group claimed "
                     "responsibility for the attack.", published="2020-03-03")
    assert not [e for e in result.events if e.type == "ATTRIB"]
    assert [e.type for e in extract("Rebels claimed responsibility for the attack in Tal Abyad on Monday.",
                                    published="2020-03-03").events].count("ATTRIB") == 1


def test_attacks_being_planned_are_planned_not_asserted():
    result = extract("Police said the cell was preparing attacks on churches in Alexandria.", published="2020-02-20")
    attacks = [e for e in result.events if e.evidence.trigger.lower().startswith("attack")]
    assert attacks and all(e.status == "planned" for e in attacks)
    done = extract("Police said the cell carried out attacks on churches in Alexandria.", published="2020-02-20")
    assert any(e.status == "asserted" for e in done.events)


def test_a_retaliatory_strike_is_an_attack_and_a_strike_by_workers_is_not():
    retaliation = extract("Armenia retaliated by striking military targets across the line.", published="2020-10-04")
    assert any(e.type in ("AIR_STRIKE", "ART_MISS_ATTACK") for e in retaliation.events)
    labour = extract("Dock workers walked out on strike in retaliation for unpaid wages.", published="2020-10-04")
    assert not any(e.type in ("AIR_STRIKE", "ART_MISS_ATTACK") for e in labour.events)


def test_a_rejection_in_a_relative_clause_is_said_by_its_own_subject():
    result = extract("Baghdad blamed Kurdish rebels for the attack, an accusation the PKK rejected.",
                     published="2020-02-20", outlet="Reuters")
    rejection = next(e for e in result.events if e.evidence.trigger == "rejected")
    assert "Kurdistan Workers" in rejection.attribution[0].name
    assert not any("Iraq" in link.name for link in rejection.attribution)
    accusation = next(e for e in result.events if e.evidence.trigger == "blamed")
    assert not any(a.role == "target" and "Kurdistan Workers" in a.name for a in accusation.actors)


def test_nobody_is_no_source_and_an_unclaimed_attack_still_happened():
    result = extract("No faction claimed the ambush on the army convoy near Homs.", published="2020-02-20",
                     outlet="Reuters")
    assert result.events, "the ambush happened; only the claim did not"
    assert all([link.name for link in e.attribution] == ["Reuters"] for e in result.events)


def test_two_sides_in_one_sentence_are_two_claims_with_their_own_sources_and_figures():
    result = extract("Baku said its artillery had hit military depots near Khojavend, but Yerevan said the "
                     "shelling killed four civilians.", published="2020-10-10", outlet="Reuters")
    shelling = [e for e in result.events if e.type == "ART_MISS_ATTACK"]
    assert len(shelling) == 2, [(e.type, e.evidence.trigger) for e in result.events]
    by_side = {e.attribution[0].affiliation: e for e in shelling}
    assert set(by_side) == {"AZE", "ARM"}
    assert not by_side["AZE"].casualties
    assert [c.killed for c in by_side["ARM"].casualties] == [4]
    assert not any(a.role == "perpetrator" and a.country == "ARM" for a in by_side["ARM"].actors)


def test_a_while_clause_has_its_own_source_and_is_not_alleged_by_the_other():
    result = extract("Al-Shabaab claimed responsibility for the mortar attack on the base, while the army said "
                     "it repelled the assault.", published="2020-10-10", outlet="Reuters")
    repelled = next(e for e in result.events if e.evidence.trigger == "repelled")
    assert [link.name for link in repelled.attribution][-1] == "Reuters"
    assert not any("Shabaab" in link.name for link in repelled.attribution)
    assert repelled.status == "asserted"
    attack = next(e for e in result.events if e.type == "ART_MISS_ATTACK")
    assert any(a.role == "perpetrator" and "Shabaab" in a.name for a in attack.actors)


def test_an_ambiguous_strike_word_with_an_armed_agent_is_an_attack():
    noun = extract("A Saudi strike on a wedding hall in Hajjah killed 14 guests, local officials said.",
                   published="2020-10-10")
    assert any(e.type in ("AIR_STRIKE", "ART_MISS_ATTACK") and e.evidence.trigger == "strike" for e in noun.events)
    verb = extract("The Turkish army said it had targeted PKK shelters in northern Iraq.", published="2020-10-10")
    assert any(e.type in ("AIR_STRIKE", "ART_MISS_ATTACK", "ATTACK") for e in verb.events)
    labour = extract("A Saudi strike by port workers over wages entered its third day.", published="2020-10-10")
    assert not any(e.type in ("AIR_STRIKE", "ART_MISS_ATTACK") for e in labour.events)


def test_barrel_bombs_from_regime_helicopters_are_an_air_strike_by_government_forces():
    result = extract("Regime helicopters dropped four barrel bombs on Jisr al-Shughur on Sunday.", published="2016-02-22")
    strikes = [e for e in result.events if e.type == "AIR_STRIKE"]
    assert strikes
    assert any(a.role == "perpetrator" and a.label == "government forces" for e in strikes for a in e.actors)


def test_a_report_coordinated_with_but_is_beside_the_first_not_inside_it():
    result = extract("Rescuers said six people were killed when shells hit a bakery in Ariha, but state media said "
                     "the army struck only militant positions.", published="2020-02-20", outlet="Reuters")
    chains = {tuple(link.name for link in e.attribution) for e in result.events}
    assert all(len(chain) == 2 for chain in chains), chains
    assert len(chains) == 2, chains


def test_its_men_in_a_report_belong_to_the_speaker():
    result = extract("The SDF said Turkish drones had killed two of its fighters near Kobani, a claim Ankara has "
                     "not addressed.", published="2020-02-20", outlet="Reuters")
    casualties = [c for e in result.events for c in e.casualties]
    assert casualties and all(c.country == "SYR" for c in casualties)
    assert not any(a.role == "target" and a.country == "TUR" for e in result.events for a in e.actors)


def test_a_joint_strike_of_two_states_names_both_and_a_town_never_acts():
    result = extract("A Russian-Syrian air strike on a market in Ariha, Idlib province, killed 11 civilians.",
                     published="2020-01-31")
    strike = next(e for e in result.events if e.type == "AIR_STRIKE")
    perpetrators = {a.country for a in strike.actors if a.role == "perpetrator"}
    assert perpetrators == {"RUS", "SYR"}
    town = extract("Last week's strike on a bakery in Ariha, Idlib province, killed seven people, rescuers said on "
                   "Monday.", published="2020-01-31")
    assert not any(a.role == "perpetrator" and a.name.startswith("Ar") for e in town.events for a in e.actors)


def test_last_weeks_strike_keeps_its_toll():
    result = extract("Last week's strike on a bakery in Ariha, Idlib province, killed seven people, rescuers said on "
                     "Monday.", published="2020-01-31")
    violent = [e for e in result.events if e.casualties]
    assert violent and violent[0].casualties[0].killed == 7
    background = extract("Strikes on the province killed 70 people last week, rescuers said.", published="2020-01-31")
    assert not any(e.casualties for e in background.events)


def test_a_counter_accusation_after_a_denial_is_not_denied():
    result = extract("Baku denied Armenian reports that its drones had hit a school, saying Armenian troops had "
                     "fired on Tartar instead.", published="2020-10-10", outlet="Reuters")
    fired = [e for e in result.events if e.evidence.trigger.startswith("fired")]
    assert fired and all(e.status != "denied" for e in fired)
    assert any(a.role == "perpetrator" and a.country == "ARM" for e in fired for a in e.actors)
    noun = extract("The checkpoint came under heavy fire on Monday night.", published="2020-10-10")
    assert not any(e.evidence.trigger.lower().startswith("fire on") for e in noun.events)


def test_diplomats_who_speak_about_a_place_are_not_of_it():
    result = extract("The Security Council will meet on Friday to discuss the escalation in Saraqib, diplomats said.",
                     published="2020-01-10")
    speakers = [a for e in result.events for a in e.actors if a.role == "speaker" and a.name == "diplomats"]
    assert speakers and all(a.country is None for a in speakers)


def test_running_toll_is_kept_apart_from_the_event_toll():
    """A toll over several days ('since Thursday') or a 'neutralised' count over the same period is no
    day's toll: the event keeps it in running_tolls, its casualties stay empty."""
    text = ("Government artillery pounded rebel positions near Jisr al-Shughur on Saturday, the army said. "
            "The army said 310 militants had been neutralised over the same period.\n\n"
            "A monitoring group said at least 47 fighters had been killed in the fighting since Thursday night.")
    result = extract(text, published="2021-05-08", outlet="AFP")
    violent = [e for e in result.events if e.type in ("ART_MISS_ATTACK", "ARMED_CLASH", "AIR_STRIKE")]
    assert violent
    running = [r for e in violent for r in e.running_tolls]
    assert {(r.killed, r.killed_high) for r in running} == {(None, 310), (47, None)}
    assert {r.period for r in running} == {"over the same period", "since Thursday night"}
    assert not any(c.killed or c.killed_high for e in violent for c in e.casualties)


def test_weapon_named_as_equipment_is_no_attack():
    """'rocket launchers' among destroyed equipment names no rocket attack; fired rockets do."""
    listed = extract("The brigade destroyed nine tanks and four rocket launchers near Tal Rifaat on Friday.",
                     published="2021-05-08")
    assert [e.evidence.trigger for e in listed.events if e.type == "ART_MISS_ATTACK"] == []
    fired = extract("Rebels fired rockets at Tal Rifaat on Friday.", published="2021-05-08")
    assert [e.type for e in fired.events] == ["ART_MISS_ATTACK"]


def test_deadly_event_is_the_primary_event_of_a_report_about_violence():
    """Two incidents in one report: the one that killed is the news (highest confidence), while
    type_confidence keeps each event's type certainty alone."""
    text = ("Rebel fighters clashed with army units near Maarat al-Numan on Monday, a monitor said. "
            "In a separate incident, a government air strike killed seven civilians in the village of "
            "Kafr Ruma on Monday, rescuers said.")
    events = extract(text, published="2020-03-03", outlet="AFP").events
    primary = max(events, key=lambda e: e.confidence)
    assert primary.type == "AIR_STRIKE" and [c.killed for c in primary.casualties] == [7]
    clash = next(e for e in events if e.type == "ARMED_CLASH")
    assert clash.type_confidence > primary.type_confidence


def test_a_report_about_an_arrest_keeps_it_over_a_recalled_deadly_strike():
    from sitrep.extract.assemble import _weigh_losses
    from sitrep.model import Casualty, Event, EventDate, Location

    def event(type_, confidence, killed=None):
        return Event(id="x", type=type_, plover={}, status="asserted", confidence=confidence,
                     date=EventDate(start=None, end=None, precision="unknown"),
                     location=Location(None, None, None, None, None, "unknown"),
                     casualties=[Casualty(group="people", country=None, sector=None, killed=killed)] if killed else [])
    arrest, strike = event("ARREST", 0.3), event("AIR_STRIKE", 0.2, killed=12)
    _weigh_losses([arrest, strike])
    assert strike.confidence == 0.2
    clash, strike = event("ARMED_CLASH", 0.3), event("AIR_STRIKE", 0.2, killed=12)
    _weigh_losses([clash, strike])
    assert strike.confidence == 0.4


def test_one_attack_told_twice_with_its_toll_is_one_event():
    """The lead names 'the attack' and its dead; the next sentence tells how and when, with the same
    toll: one air strike, dated by its own sentence, seven dead (not fourteen)."""
    text = ("Seven people were killed in the attack on the village. The village was hit by barrel bombs "
            "dropped by government helicopters on Tuesday, leaving seven people dead, rescuers said.")
    violent = [e for e in extract(text, published="2021-03-04", outlet="AFP").events
               if e.type in VIOLENT]
    assert [(e.type, e.date.start, sum(c.killed or 0 for c in e.casualties)) for e in violent] == \
        [("AIR_STRIKE", "2021-03-02", 7)]


def test_two_incidents_with_the_same_toll_on_their_own_days_stay_two():
    text = "Five people were killed in shelling on Aleppo on Monday. Five people were killed in shelling on Homs on Tuesday."
    violent = [e for e in extract(text, published="2021-03-04", outlet="AFP").events if e.type in VIOLENT]
    assert [(e.date.start, e.location.name) for e in violent] == [("2021-03-01", "Aleppo"), ("2021-03-02", "Homs")]


def test_photo_credit_ends_the_caption():
    from sitrep.nlp import parse
    doc = parse("Men inspect the damage in Ariha on June 5 2016. (Reuters) Government jets struck the town "
                "again on Tuesday, rescuers said. The town (Idlib) Was hit.")
    sents = [s.text for s in doc.sents]
    assert "Government jets struck the town again on Tuesday, rescuers said." in sents   # the credit is no source
    assert "The town (Idlib) Was hit." in sents                # a place in brackets is no credit


def test_bomb_attack_is_an_explosion_not_a_generic_attack():
    result = extract("A bomb attack killed eleven people at a bus stop in Kirkuk on Sunday.", published="2021-05-10")
    assert {e.type for e in result.events if e.type in VIOLENT} <= {"REM_EXPLOS", "SUIC_BOMB"}


PROTEST_SENTENCES = [
 ("Students hurled rocks at riot police outside the ministry in Tbilisi on Monday.", "VIOL_DEMONSTR"),
 ("Demonstrators set two police cars ablaze during a march against fuel prices in Lagos.", "VIOL_DEMONSTR"),
 ("Protesters clashed with security forces in central Minsk after the election results were announced.", "VIOL_DEMONSTR"),
 ("Rioters looted shops and torched a bank as protests over the curfew spread to a third city.", "VIOL_DEMONSTR"),
 ("Farmers protesting new land laws threw stones at the governor's convoy near Bhopal.", "VIOL_DEMONSTR"),
 ("A rally against the mining project turned violent when marchers smashed the windows of the company office.", "VIOL_DEMONSTR"),
 ("Police used tear gas after demonstrators pelted officers with bottles in the capital of Chile.", "VIOL_DEMONSTR"),
 ("Protesters stormed the parliament building and broke into the speaker's office in Bishkek.", "VIOL_DEMONSTR"),
 ("Violent protests erupted in Dakar after the arrest of the opposition leader.", "VIOL_DEMONSTR"),
 ("Youths protesting the court ruling vandalised bus shelters in the city centre overnight.", "VIOL_DEMONSTR"),
 ("Thousands of teachers marched peacefully through Nairobi to demand higher pay.", "PEACE_PROTEST"),
 ("Hundreds of people rallied in front of the town hall in Kraków against the new abortion law.", "PEACE_PROTEST"),
 ("Residents held a sit-in outside the governor's office to protest water shortages.", "PEACE_PROTEST"),
 ("Police fired tear gas to disperse a peaceful march by opposition supporters in Harare.", "PROTEST_WITH_INTER"),
 ("Police detained dozens of demonstrators at a peaceful rally in Moscow on Saturday.", "PROTEST_WITH_INTER"),
 ("Soldiers opened fire on unarmed protesters in Mandalay, killing six people.", "FORCE_AGAINST_PROTEST"),
 ("Security forces shot dead four peaceful demonstrators at a sit-in in Khartoum.", "FORCE_AGAINST_PROTEST"),
 ("Gunmen clashed with soldiers near the border town of Agadez, leaving ten dead.", "ARMED_CLASH"),
 ("Rebels clashed with government troops in the hills outside Bunia on Tuesday.", "ARMED_CLASH"),
 ("Hackers smashed through the bank's defences and stole customer data, the company said.", "NOT_VIOL_DEMONSTR"),
]


@pytest.mark.parametrize("text, expected", PROTEST_SENTENCES)
def test_demonstrations_by_what_the_protesters_and_the_police_do(text, expected):
    """ACLED: demonstrators who riot, throw stones, burn, loot or clash with the police make a violent
    demonstration, even when the police answer with force; force against peaceful protesters does not."""
    events = extract(text, published="2021-06-01").events
    top = max(events, key=lambda e: e.confidence).type if events else "NONE"
    if expected == "NOT_VIOL_DEMONSTR":
        assert top != "VIOL_DEMONSTR"
    else:
        assert top == expected


def test_protest_violence_rule():
    from sitrep.extract.events import _protest_turned_violent as rule
    assert rule("PEACE_PROTEST", " marchers threw bricks at the police line") == "VIOL_DEMONSTR"
    assert rule("ARMED_CLASH", " protesters clashed with riot police near the square") == "VIOL_DEMONSTR"
    assert rule("ARMED_CLASH", " rebels clashed with troops near the dam") == "ARMED_CLASH"
    assert rule("PEACE_PROTEST", " thousands rallied peacefully in the square") == "PEACE_PROTEST"
    assert rule("AIR_STRIKE", " jets set the market ablaze as protesters watched") == "AIR_STRIKE"


@pytest.mark.parametrize("text, expected", [
    ("Thirty rebel fighters surrendered to the army near Dara on Sunday.", "AGREEMENT"),
    ("The warring sides exchanged prisoners at a checkpoint outside Marib on Tuesday.", "AGREEMENT"),
    ("About 200 militia fighters defected to the government side near Bentiu.", "CHANGE_TO_GROUP_ACT"),
    ("Chlorine gas leaked from a water treatment plant in Basra, sickening 60 people.", "MAN_MADE_DISASTER"),
    ("Government helicopters dropped chlorine on the town, sickening 60 people.", "CHEM_WEAP"),
    ("A minibus collided with a fuel tanker near Kano, killing nine passengers.", "MAN_MADE_DISASTER"),
    ("A cargo ship ran aground off the coast of Sri Lanka on Friday.", "MAN_MADE_DISASTER"),
])
def test_codebook_types_for_surrenders_defections_and_accidents(text, expected):
    """ACLED codes surrenders and prisoner exchanges as agreements and defections as a change to a group;
    a leak, a collision or a grounding is an accident, not an attack."""
    events = extract(text, published="2021-06-01").events
    assert max(events, key=lambda e: e.confidence).type == expected


def test_leaked_documents_are_no_disaster_and_disaster_deaths_are_counted():
    assert not extract("A former aide leaked documents to reporters on Monday.", published="2021-06-01").events
    [leak] = extract("An ammonia leak at a fertiliser factory killed three workers.", published="2021-06-01").events
    assert leak.type == "MAN_MADE_DISASTER" and [c.killed for c in leak.casualties] == [3]


def test_an_operation_launched_after_a_known_attack_is_the_news():
    """'after the attack that killed 33 soldiers': the attack is the known event the operation answers;
    the sentence reports the operation. 'Five died after the strike hit the market' keeps the strike."""
    text = ("Ankara launched a military operation in northern Syria on Sunday after the attack that "
            "killed 33 of its soldiers, the defence minister said.")
    events = extract(text, published="2020-03-01", outlet="AFP").events
    assert [(e.type, e.evidence.trigger) for e in events if e.type in VIOLENT] == [("ARMED_CLASH", "launched")]
    kept = extract("Five people died after the air strike hit the market on Sunday.", published="2020-03-01").events
    assert [e.type for e in kept] == ["AIR_STRIKE"]


def test_downing_aircraft_is_an_event_and_downing_tools_is_not():
    downed = extract("Rebels downed a government helicopter near Hama on Monday.", published="2020-03-03").events
    assert {e.type for e in downed} & {"AIR_STRIKE", "DISR_WEAP"}
    tools = extract("Dock workers downed tools at the port on Monday.", published="2020-03-03").events
    assert not {e.type for e in tools} & {"AIR_STRIKE", "DISR_WEAP"}


def test_an_act_someone_aims_to_stop_is_no_event():
    aimed = extract("Extra police were sent to the valley to prevent attacks on the new pipeline.",
                    published="2021-04-01").events
    assert not [e for e in aimed if e.type in VIOLENT]
    stopped = extract("Guards stopped an attack on the pipeline near Kirkuk on Monday.", published="2021-04-01").events
    assert [e for e in stopped if e.type in VIOLENT]


def test_a_goal_beside_a_real_event_of_its_type_lends_it_no_actors():
    """The goal is set aside before triggers of one type merge, so the real event keeps only its own
    words: 'the army vowed to prevent bombings' makes the army no bomber."""
    [bombing] = [e for e in extract("A suicide bomber struck a market in Azaz on Monday, two days after the army "
                                    "vowed to prevent bombings in the town.", published="2021-04-06").events
                 if e.type == "SUIC_BOMB"]
    assert not [a for a in bombing.actors if a.role == "perpetrator" and "army" in a.text]
    [shelling] = [e for e in extract("Rebels shelled the airport on Monday in an effort to halt the shelling of "
                                     "their towns.", published="2021-04-06").events if e.type == "ART_MISS_ATTACK"]
    assert [a.role for a in shelling.actors if a.text == "Rebels"] == ["perpetrator"]


def test_no_group_claiming_an_attack_is_no_perpetrator():
    events = extract("A car bomb exploded at a checkpoint near Azaz on Monday, killing four fighters. "
                     "No group claimed responsibility for the blast.", published="2021-04-06").events
    assert not [a for e in events for a in e.actors if a.role == "perpetrator" and "no " in (a.text or "").lower()]


def test_a_later_toll_of_another_source_keeps_the_type_of_the_event_it_counts():
    """'The monitor said the death toll was nine': another source's figure for the car bomb told
    earlier, so the same kind of event (and the same linker family), not a generic attack."""
    text = ("A car bomb exploded at a checkpoint near Azaz on Monday, killing six fighters, officials said. "
            "The checkpoint is run by rebel factions. Several shops nearby were damaged. "
            "A monitoring group said the death toll was nine.")
    events = extract(text, published="2021-04-06", outlet="AFP").events
    nine = [e for e in events if any(c.killed == 9 for c in e.casualties)]
    assert [e.type for e in nine] == ["REM_EXPLOS"]


def test_forces_a_state_sends_are_its_own_not_its_target():
    events = extract("Ankara sent 300 more soldiers to the border province on Monday.", published="2020-02-25").events
    mobilized = [e for e in events if (e.plover or {}).get("event") == "MOBILIZE"]
    assert mobilized and not [a for e in mobilized for a in e.actors if a.role == "target" and a.sector == "military"]


def _deaths(text: str) -> list[int]:
    return sorted(sum(c.killed or 0 for c in e.casualties)
                  for e in extract(text, published="2021-04-06").events if e.casualties)


def test_a_vague_toll_beside_a_figure_for_the_same_men_is_not_added():
    """'Dozens of militants' and '40 terrorists' in one clash are the same dead, told once vaguely."""
    assert _deaths("Dozens of militants were killed in clashes with the army near Hama on Monday. "
                   "The army said 40 terrorists died in the clashes.") == [40]
    assert _deaths("Army units killed 40 terrorists in clashes near Hama on Monday. "
                   "Dozens of militants were killed in the clashes, the army said.") == [40]


def test_one_figure_told_in_two_sides_words_counts_once():
    """A headline run into its lead names the dead twice ('jihadists', 'Islamic State fighters')."""
    assert _deaths("Jets kill 14 jihadists in Deir ez-Zor monitor At least 14 Islamic State fighters were "
                   "killed in air raids on Sunday a monitoring group said.") == [14]
    assert _deaths("Jets kill 14 soldiers in Deir ez-Zor monitor At least 14 Islamic State fighters were "
                   "killed in clashes on Sunday a monitoring group said.") == [28]


def test_a_country_after_in_says_where_not_who():
    """'Air strikes in Syria killed nine civilians': Syria is where it happened, not the striker."""
    [strike] = [e for e in extract("Air strikes in Syria killed nine civilians on Tuesday.", published="2021-04-07").events
                if e.type == "AIR_STRIKE"]
    assert not [a for a in strike.actors if a.role == "perpetrator"]
    assert strike.location.country == "SY"


def test_the_other_side_of_a_border_is_neither_target_nor_home():
    [shelling] = extract("Rebels shelled the town near the border with Turkey on Sunday.", published="2021-04-07").events
    assert not [a for a in shelling.actors if a.country == "TUR"]


def test_a_sentence_naming_only_the_country_takes_the_town_of_the_story():
    """A coder places 'a car bomb in Syria' at the town the report names, not at the country."""
    [bomb] = [e for e in extract("Aid convoys reached Saraqib in Idlib province on Monday. A car bomb in Syria killed "
                                 "nine civilians on Tuesday, the monitor said.", published="2021-04-07").events
              if e.type == "REM_EXPLOS"]
    assert (bomb.location.country, bomb.location.admin1) == ("SY", "Idlib")
    [bomb] = [e for e in extract("Envoys met in Geneva on Monday. A car bomb in Syria killed nine civilians on "
                                 "Tuesday, the monitor said.", published="2021-04-07").events if e.type == "REM_EXPLOS"]
    assert bomb.location.country == "SY"


def test_the_attack_after_an_air_strike_is_that_strike():
    """'35 died in the attack' right after 'warplanes bombed a girls' school': one air strike with 35
    dead. 'The attack on the checkpoint' names its own target and stays apart."""
    events = extract("Warplanes bombed a girls' school on the edge of Kafr Takharim on Wednesday. Medics said 35 "
                     "people were killed by the attack, mostly pupils and teachers.", published="2021-04-01").events
    assert [(e.type, sum(c.killed or 0 for c in e.casualties)) for e in events if e.type in VIOLENT] == [
        ("AIR_STRIKE", 35)]
    events = extract("Gunmen stormed a checkpoint near Daraa on Monday. Jets bombed the town of Nawa later that day. "
                     "Officials said four soldiers died in the attack on the checkpoint.", published="2021-04-06").events
    assert not [e for e in events if e.type == "AIR_STRIKE" and any(c.killed for c in e.casualties)]


def test_the_same_dead_and_wounded_told_further_down_are_one_event():
    text = ("Five residents died and 12 were hurt in Monday's attack on the Jisr quarter of Ariha. "
            "Rescuers searched the rubble. A photo showed the damage. Witnesses described the noise. The quarter "
            "was hit by a barrel of explosives dropped from a helicopter, leaving five dead and 12 injured.")
    tolls = [(sum(c.killed or 0 for c in e.casualties), sum(c.injured or 0 for c in e.casualties))
             for e in extract(text, published="2021-04-06").events if e.casualties]
    assert tolls == [(5, 12)]


@pytest.mark.parametrize("text, perpetrator", [
    ("The district was hit by a barrel bomb dropped from a regime helicopter on Monday.", "regime"),
    ("A missile fired from a Russian warship struck the depot on Monday.", "Russian warship"),
    ("Shells fired from Turkish positions hit the village of Tal Rifaat on Monday.", "Turkish positions"),
])
def test_where_a_weapon_was_fired_from_names_who_fired_it(text, perpetrator):
    [event] = [e for e in extract(text, published="2021-04-06").events if e.type in VIOLENT | {"AIR_STRIKE"}]
    assert [a.text for a in event.actors if a.role == "perpetrator"] == [perpetrator]
    assert not [a for a in event.actors if a.role == "target" and a.text == perpetrator]


def test_tear_gas_on_marchers_is_one_protest_with_intervention():
    """ACLED: crowd-control means used on demonstrators make a protest with intervention; the march of the
    same sentence and day is that protest."""
    events = extract("Police in Nairobi fired tear gas at thousands of protesters who marched on parliament on "
                     "Tuesday.", published="2021-04-07").events
    assert [e.type for e in events] == ["PROTEST_WITH_INTER"]
    events = extract("Riot police used water cannon to disperse students rallying outside the ministry in Santiago "
                     "on Monday.", published="2021-04-07").events
    assert [e.type for e in events] == ["PROTEST_WITH_INTER"]          # 'riot police' is no riot
    from types import SimpleNamespace as E

    from sitrep.extract.events import fold_intervened_protests
    march, other_day = E(type="PEACE_PROTEST", _sent=0, date=E(start="2021-04-06"), status="asserted"), E(
        type="PROTEST_WITH_INTER", _sent=0, date=E(start="2020-03-01"), status="asserted")
    assert fold_intervened_protests([march, other_day]) == [march, other_day]   # another day's intervention


def test_firing_is_no_blaze():
    events = extract("Police fired tear gas at protesters in Nairobi on Tuesday.", published="2021-04-07").events
    assert "MAN_MADE_DISASTER" not in {e.type for e in events}
    assert extract("A fire destroyed a warehouse in the port on Monday.", published="2021-04-07").events[0].type \
        == "MAN_MADE_DISASTER"


def test_days_after_an_event_dates_that_event_not_the_clause_after_the_comma():
    [arrest] = [e for e in extract("Two days after the bombing, police arrested three suspects in Homs.",
                                   published="2021-04-10").events]
    assert arrest.type == "ARREST" and arrest.date.start == "2021-04-10" and arrest.date.basis == "inherited"


@pytest.mark.parametrize("text", ["Security forces bulldozed dozens of homes in the settlement on Wednesday.",
                                  "Fighters ransacked the clinic and razed the market in Kidal on Friday."])
def test_bulldozing_ransacking_and_razing_destroy_property(text):
    assert [e.type for e in extract(text, published="2021-04-07").events] == ["PROPERTY_DISTRUCT"]


def test_a_strike_that_killed_is_violence_and_a_labour_strike_is_not():
    events = extract("Iranian advisers were killed in the strike on Monday.", published="2021-04-06").events
    assert [e.type for e in events] == ["AIR_STRIKE"]
    events = extract("The strike killed two guards at the gate on Monday.", published="2021-04-06").events
    assert [(e.type, sum(c.killed or 0 for c in e.casualties)) for e in events] == [("AIR_STRIKE", 2)]
    assert not extract("Dock workers began a strike in Antwerp on Monday.", published="2021-04-06").events


def test_a_fronted_citing_puts_the_cited_source_inside():
    """'Citing military sources, SANA said ...': military sources -> SANA -> the outlet."""
    [event] = extract("Citing military sources, the state news agency SANA said rebels shelled a school in Aleppo "
                      "on Monday.", published="2021-04-06", outlet="AFP").events
    assert [s.name for s in event.attribution][:2] == ["military sources", "SANA"]


def test_a_plan_is_planned_a_warning_is_threatened_and_may_have_is_alleged():
    [offensive] = [e for e in extract("The army plans to launch an offensive on Idlib next week, a military source "
                                      "said.", published="2021-04-06").events if e.type == "ARMED_CLASH"]
    assert offensive.status == "planned"
    statuses = {e.type: e.status for e in extract("If the talks fail, the coalition will resume air strikes, the "
                                                  "spokesman warned.", published="2021-04-06").events}
    assert statuses["AIR_STRIKE"] == "threatened"
    [gas] = extract("Witnesses said the militia may have used chemical weapons in the attack on Saturday.",
                    published="2021-04-06").events
    assert (gas.type, gas.status) == ("CHEM_WEAP", "alleged")


def test_a_speaker_is_named_without_the_verb_of_saying():
    events = extract("If the talks fail, the coalition will resume air strikes, the spokesman warned.",
                     published="2021-04-06").events
    assert {a.text for e in events for a in e.actors if a.role == "speaker"} == {"the spokesman"}


def test_a_vow_to_retaliate_is_a_threat_and_retaliating_by_shelling_is_the_shelling():
    [vow] = extract("Rebels vowed to retaliate for the killing of their commander.", published="2021-04-06").events
    assert (vow.status, vow.plover["event"]) == ("threatened", "THREATEN")
    events = extract("The army retaliated by shelling rebel positions near Hama on Monday.", published="2021-04-06").events
    assert [e.type for e in events] == ["ART_MISS_ATTACK"]


def test_the_place_of_a_journey_is_no_target():
    events = extract("Turkish F-16 jets and artillery struck regime targets in response, President Recep Tayyip "
                     "Erdogan told reporters in Istanbul before departing for Ukraine.", published="2020-02-03").events
    assert not [a for e in events for a in e.actors if a.role == "target" and a.country == "UKR"]


def test_a_state_does_not_warn_itself():
    events = extract("Erdogan said Turkey was determined to continue its operations in the region and warned that "
                     "those who test the country's resolve would make a grave mistake.", published="2020-02-03").events
    assert not [a for e in events if e.plover["event"] == "THREATEN" for a in e.actors
                if a.role == "target" and a.country == "TUR"]
