"""Reference dates, date mentions and event dates (own sentences only)."""
import datetime as dt

import pytest

from sitrep.extract.datelines import find_dateline, scan_absolute
from sitrep.extract.dates import (
    DateMention,
    RefDate,
    event_date,
    find_dates,
    is_historical,
    reference_date,
    resolve_weekday,
)

D = dt.date
FRI = RefDate(D(2020, 2, 21), "published")          # a Friday


def one(text, ref=FRI, doc=None):
    """The single mention found in ``text`` (fails when there are none or several)."""
    mentions = [m for m in find_dates(doc if doc is not None else text, ref)]
    assert len(mentions) == 1, mentions
    return mentions[0]


# ----------------------------------------------------------------------------- reference date

def test_published_wins_and_datetimes_are_accepted():
    ref = reference_date("ALEPPO, Mar 3 (Reuters) - Shelling hit the city.", "2020-02-21T08:30:00Z")
    assert (ref.date, ref.basis) == (D(2020, 2, 21), "published")


@pytest.mark.parametrize("bad", ["21/02/2020", "2020-13-40", "yesterday", "2020-02-30", 12345])
def test_malformed_published_is_ignored_with_warning(bad):
    ref = reference_date("Monday, March 4, 2019 - Troops moved north on Monday.", bad)
    assert ref.basis == "dateline" and ref.date == D(2019, 3, 4)
    assert ref.warning and "malformed" in ref.warning


def test_malformed_published_without_any_date_gives_none():
    ref = reference_date("Troops moved north.", "not a date")
    assert ref.date is None and ref.basis == "none" and ref.warning


@pytest.mark.parametrize("text, expected", [
    ("Wed 05 Apr 2017 Rockets fell on a market town.", D(2017, 4, 5)),
    ("20 February 2020 - Two convoys were hit near the border.", D(2020, 2, 20)),
    ("Published: 2019-03-04 The army announced a new offensive.", D(2019, 3, 4)),
    ("Monday, March 4, 2019 Officials met in Geneva.", D(2019, 3, 4)),
    ("Last updated at Jun 142016 Heavy fighting was reported.", D(2016, 6, 14)),
    ("17.05.2018 A car bomb exploded near a checkpoint.", D(2018, 5, 17)),
    ("Posted on March 9 2015 by a staff writer. Shells hit the old city.", D(2015, 3, 9)),
])
def test_datelines(text, expected):
    ref = reference_date(text)
    assert (ref.date, ref.basis) == (expected, "dateline")
    assert ref.text and text[ref.start:ref.end] == ref.text


def test_agency_dateline_without_year_takes_year_from_text():
    text = "DAMASCUS, Feb 20 (Reuters) - Fighting that began in 2019 spread to two more towns."
    ref = reference_date(text)
    assert ref.basis == "dateline" and ref.date == D(2019, 2, 20)
    assert find_dateline(text).cue == "agency"


def test_text_date_when_no_dateline():
    text = "Aid groups said the convoy crossed. " * 12 + "The ceasefire of 9 September 2016 did not hold."
    ref = reference_date(text)
    assert (ref.date, ref.basis) == (D(2016, 9, 9), "text")


def test_weekday_consistency_finds_the_year():
    text = ("Aid workers reached the town. " * 12) + "Talks opened on Thursday, February 20, the envoy said."
    ref = reference_date(text)
    assert ref.basis == "weekday" and ref.date.month == 2 and ref.date.day == 20
    assert ref.date.weekday() == 3


def test_weekday_elsewhere_in_text_fixes_year_of_lead_date():
    text = ("MONITOR - On March 5, rebels shelled two villages, a spokesman said. "
            "Background: a truce agreed in 2019 collapsed. " + "Residents fled south. " * 20
            + "The shelling began on Thursday, he added.")
    ref = reference_date(text)
    assert (ref.date, ref.basis) == (D(2020, 3, 5), "weekday")      # 5 March 2020 was a Thursday


def test_a_weekday_does_not_date_a_background_date_further_down():
    """'On March 9' deep in the story is background; 'on Monday' is the news day: no year follows."""
    text = ("Kurdish-led fighters pushed toward the dam on Monday, a monitor said. " + "Residents fled east. " * 8
            + "On March 9 helicopters carried troops behind the lines near the town.")
    ref = reference_date(text)
    assert ref.date is None and ref.basis == "none"


def test_a_weekday_right_beside_a_date_still_dates_it_further_down():
    text = ("A van overturned near the bridge. " * 5
            + "Officers were called at about noon on Tuesday (March 9) after reports of a crash.")
    ref = reference_date(text)
    assert (ref.date.month, ref.date.day, ref.date.weekday(), ref.basis) == (3, 9, 1, "weekday")


def test_no_date_at_all():
    ref = reference_date("Rebels said they shot down a drone on Sunday.")
    assert ref.date is None and ref.basis == "none"


# ----------------------------------------------------------------------------- relative forms

@pytest.mark.parametrize("text, start, end, precision", [
    ("Jets struck the town on Thursday.", D(2020, 2, 20), D(2020, 2, 20), "day"),
    ("Jets struck the town on Friday.", D(2020, 2, 21), D(2020, 2, 21), "day"),   # same day
    ("Jets struck the town on Saturday.", D(2020, 2, 15), D(2020, 2, 15), "day"),
    ("Talks resume next Thursday.", D(2020, 2, 27), D(2020, 2, 27), "day"),
    ("The raid came on Wednesday night.", D(2020, 2, 19), D(2020, 2, 19), "day"),
    ("Gunmen attacked at dawn on Friday.", D(2020, 2, 21), D(2020, 2, 21), "day"),
    ("The bridge was blown up two days ago.", D(2020, 2, 19), D(2020, 2, 19), "day"),
    ("The bridge was blown up yesterday.", D(2020, 2, 20), D(2020, 2, 20), "day"),
    ("The bridge was blown up today.", D(2020, 2, 21), D(2020, 2, 21), "day"),
    ("Shelling is expected tonight.", D(2020, 2, 21), D(2020, 2, 21), "day"),
    ("Clashes erupted last week.", D(2020, 2, 10), D(2020, 2, 16), "week"),
    ("Clashes erupted earlier this month.", D(2020, 2, 1), D(2020, 2, 29), "month"),
    ("Clashes erupted last month.", D(2020, 1, 1), D(2020, 1, 31), "month"),
    ("Clashes erupted last year.", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("The ceasefire was agreed three weeks ago.", D(2020, 1, 27), D(2020, 2, 2), "week"),
])
def test_relative_forms(text, start, end, precision):
    m = one(text)
    assert (m.start_date, m.end_date, m.precision) == (start, end, precision)
    assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text, start, end, precision, kind", [
    ("The deal was signed back in 2018.", D(2018, 1, 1), D(2018, 12, 31), "year", "year"),
    ("The deal was signed in 2018.", D(2018, 1, 1), D(2018, 12, 31), "year", "year"),
    ("The town fell in March 2019.", D(2019, 3, 1), D(2019, 3, 31), "month", "absolute"),
    ("The war has raged since 2011.", D(2011, 1, 1), D(2020, 2, 21), "year", "range"),
    ("Aid was cut in 2015 after talks failed.", D(2015, 1, 1), D(2015, 12, 31), "year", "year"),
    ("It happened on the 20th of February.", D(2020, 2, 20), D(2020, 2, 20), "day", "absolute"),
    ("It happened on 20/02/2020.", D(2020, 2, 20), D(2020, 2, 20), "day", "absolute"),
    ("It happened on 2020-02-19.", D(2020, 2, 19), D(2020, 2, 19), "day", "absolute"),
    ("It happened on February 20.", D(2020, 2, 20), D(2020, 2, 20), "day", "absolute"),
])
def test_absolute_and_year_forms(text, start, end, precision, kind):
    m = one(text)
    assert (m.start_date, m.end_date, m.precision, m.kind) == (start, end, precision, kind)


def test_year_span_gives_two_year_mentions():
    mentions = find_dates("Sieges between 2013 and 2015 starved the town.", FRI)
    assert [m.start_date.year for m in mentions] == [2013, 2015]
    assert all(m.precision == "year" for m in mentions)


def test_year_rollover_for_january_report():
    ref = RefDate(D(2021, 1, 3), "published")
    assert one("Rockets hit the port on December 28.", ref).start_date == D(2020, 12, 28)
    assert one("Rockets hit the port on January 2.", ref).start_date == D(2021, 1, 2)
    assert one("Rockets hit the port in December.", ref).start_date == D(2020, 12, 1)


def test_resolve_weekday_conventions():
    thu = D(2020, 2, 20)
    assert resolve_weekday(3, thu) == thu
    assert resolve_weekday(3, thu, "last") == D(2020, 2, 13)
    assert resolve_weekday(3, thu, "next") == D(2020, 2, 27)


def test_relative_without_reference_stays_unresolved():
    m = one("The convoy was hit on Tuesday.", RefDate(None, "none"))
    assert m.start_date is None and m.precision == "unknown"


# ----------------------------------------------------------------------------- hard negatives

@pytest.mark.parametrize("text", [
    "The council adopted Resolution 2254 unanimously.",
    "Document page 847/940 was missing.",
    "Two Su-24 bombers took off.",
    "Soldiers of the 25th Division advanced.",
    "Call the hotline at +963 11 2234 5566 for help.",
    "Some 20 killed and 31 wounded, medics said.",
    "A convoy of 2000 fighters left the city.",
    "They destroyed 2012 homes in the province.",
    "Protesters may march again.",
    "Fighters stormed the base in 2000 attacks over a decade.",
    "Shops close early every Friday and on Sundays.",
    "Killed 12 and 2015 wounded, a toll said.",
])
def test_hard_negatives_are_not_dates(text):
    assert [m for m in find_dates(text, FRI) if m.kind != "duration"] == []


@pytest.mark.parametrize("text", [
    "A 12-year-old boy was wounded.",
    "The siege went on for three days.",
    "Dozens were killed over the past years.",
])
def test_ages_and_durations_are_not_point_dates(text):
    mentions = find_dates(text, FRI)
    assert all(m.kind == "duration" and m.start_date is None for m in mentions)


def test_scan_rejects_impossible_calendar_dates():
    assert scan_absolute("on 31 February 2020 and 2020-13-01") == []


# ----------------------------------------------------------------------------- event dates and history

def test_event_date_prefers_mention_nearest_trigger():
    text = "On Monday officials met; jets struck the village on Thursday."
    mentions = find_dates(text, FRI)
    got = event_date(mentions, 0, len(text), text.index("struck"), FRI)
    assert (got.start, got.precision, got.basis) == ("2020-02-20", "day", "relative")


def test_event_date_uses_story_context_then_inherits():
    text = "Jets struck the village on Wednesday. Rescue teams pulled out survivors."
    mentions = find_dates(text, FRI)
    second = text.index("Rescue")
    got = event_date(mentions, second, len(text), second + 7, FRI, {"paragraph_start": 0})
    assert got.start == "2020-02-19"
    inherited = event_date(mentions, second, len(text), second + 7, FRI)
    assert (inherited.start, inherited.end, inherited.precision, inherited.basis) == (
        "2020-02-21", "2020-02-21", "week", "inherited")


def test_event_date_without_reference_is_null():
    got = event_date([], 0, 10, 3, RefDate(None, "none"))
    assert got.start is None and got.end is None and got.precision == "unknown"


def test_event_date_ignores_durations():
    text = "The town was shelled for three days."
    got = event_date(find_dates(text, FRI), 0, len(text), 13, FRI)
    assert got.basis == "inherited"


def test_is_historical():
    assert is_historical(one("The deal was signed back in 2018."), FRI)
    assert is_historical(one("The town fell in October 2019."), FRI)
    assert not is_historical(one("Jets struck on Thursday."), FRI)
    assert not is_historical(one("Clashes erupted last month."), FRI)
    assert not is_historical(one("The war has raged since 2011."), FRI)
    assert not is_historical(DateMention(0, 4, "2018", D(2018, 1, 1), D(2018, 12, 31), "year", "year"),
                             RefDate(None, "none"))


def test_spacy_doc_input_gives_same_rule_mentions():
    from sitrep.nlp import load_nlp
    text = "Rebels said jets struck the market on Thursday, killing 12, and shelled it last week."
    from_doc = [(m.text, m.start_date) for m in find_dates(load_nlp()(text), FRI)]
    from_str = [(m.text, m.start_date) for m in find_dates(text, FRI)]
    assert from_doc == from_str and len(from_doc) == 2


# ----------------------------------------------------------------------------- issue 3: periods, coming dates

def test_since_a_weekday_is_a_period_up_to_the_reference():
    m = one("Drones have hit army positions since Tuesday morning.")
    assert (m.start_date, m.end_date, m.precision, m.kind) == (D(2020, 2, 18), D(2020, 2, 21), "day", "range")


def test_a_coming_date_is_not_moved_to_last_year():
    thu = RefDate(D(2020, 3, 5), "published")
    assert one("Joint patrols are due to start on March 15.", thu).start_date == D(2020, 3, 15)
    assert one("The town fell on March 15.", thu).start_date == D(2019, 3, 15)


def test_a_date_in_a_clause_about_another_noun_does_not_date_the_event():
    from sitrep.nlp import load_nlp
    nlp = load_nlp()
    text = "Government troops recaptured the town, held by rebels since 2014, a monitor said."
    mentions = find_dates(nlp(text), FRI)
    got = event_date(mentions, 0, len(text), text.index("recaptured"), FRI)
    assert (got.start, got.basis) == ("2020-02-21", "inherited")
    thu = RefDate(D(2020, 3, 5), "published")
    text = "The talks also set up a corridor, with joint patrols due to start on March 15."
    mentions = find_dates(nlp(text), thu)
    assert event_date(mentions, 0, len(text), text.index("talks"), thu).start == "2020-03-05"
    assert event_date(mentions, 0, len(text), text.index("start"), thu).start == "2020-03-15"
    text = "Jets struck the market that reopened on Monday."             # in the reporting period: kept
    got = event_date(find_dates(nlp(text), FRI), 0, len(text), text.index("struck"), FRI)
    assert got.start == "2020-02-17"


def test_days_after_dates_only_what_follows():
    text = "The arrests came days after four soldiers were killed in an ambush near Afrin."
    m = one(text)
    assert m.kind == "antecedent" and m.precision == "week" and m.start_date == D(2020, 2, 18)
    ambush = text.index("ambush")
    assert event_date([m], 0, len(text), ambush, FRI).start == "2020-02-18"
    arrests = text.index("arrests")
    assert event_date([m], 0, len(text), arrests, FRI).basis == "inherited"


def test_days_after_counts_from_the_date_before_it():
    text = "Police arrested two men on Monday, three days after the bombing in Azaz."
    mentions = find_dates(text, FRI)
    after = next(m for m in mentions if m.kind == "antecedent")
    assert after.start_date == D(2020, 2, 14) and after.precision == "day"   # Monday 17 Feb minus three days



def test_a_date_naming_a_vote_is_the_coming_one():
    """'a controversial June 3 poll' in a report of 23 May is this year's vote, not last June's."""
    fri = RefDate(D(2014, 5, 23), "published")
    assert one("Rebels shelled a rally ahead of a controversial June 3 poll.", fri).start_date == D(2014, 6, 3)
    assert one("Rebels shelled the rally on June 3.", fri).start_date == D(2013, 6, 3)
