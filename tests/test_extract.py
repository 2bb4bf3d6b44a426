"""graphtool extract's rules, each on a small text written for the test (no server).

Reading (text, Markdown, PDF with page and line numbers), sentences, known names
(case, possessives, plurals, hyphenation, names broken across lines, acronyms, spelling,
country adjectives, nodes sharing a name), acronym definitions, new names, dates, cues
and roles, co-mentions, tables and their mapping stubs, and the import files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib
from pdfmake import make_pdf

from graphtool.extract import Candidates, Fact, Gazetteer, Name, extract
from graphtool.extract.dates import find_dates
from graphtool.extract.reading import read_document
from graphtool.extract.sentences import split_sentences
from graphtool.extract.writing import candidate_files, merged_rows, read_gazetteer, review_data
from graphtool.store.readers import read_paths

NAMES = [
    Name("cn", "Actor", "China", "state", ("PRC",)),
    Name("kg", "Actor", "Kyrgyzstan", "state"),
    Name("ru", "Actor", "Russia", "state"),
    Name("us", "Actor", "United States", "state", ("US", "U.S.")),
    Name("sco", "Organisation", "Shanghai Cooperation Organisation", "intergovernmental", ("SCO",)),
    Name("cis", "Organisation", "Commonwealth of Independent States", "intergovernmental"),
    Name("kg-mod", "Actor", "Ministry of Defence (Kyrgyzstan)", "agency", ("Ministry of Defence",)),
    Name("cn-mod", "Actor", "Ministry of Defence (China)", "agency", ("Ministry of Defence",)),
    Name("cn-mps", "Actor", "Ministry of Public Security (China)", "agency", ("MPS",)),
    Name("etim", "Actor", "East Turkestan Islamic Movement", "group", ("ETIM",)),
    Name("kg-office-president", "Actor", "President of Kyrgyzstan", "office", ("President",)),
    Name("kg-japarov", "Actor", "Sadyr Japarov", "person"),
    Name("place-bishkek", "Place", "Bishkek", "city"),
    Name("topic-border-security", "Topic", "border security"),
    Name("ev-pm-2012", "Event", "Peace Mission 2012", "exercise"),
]


def run(tmp_path: Path, text: str, name: str = "report.txt", names: list[Name] = NAMES) -> Candidates:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(path, names)


def facts_of(c: Candidates, type_: str | None = None) -> list[Fact]:
    return [f for f in c.facts if type_ is None or f.type == type_]


def relations(c: Candidates) -> list[tuple[str, str, str, str]]:
    """(from, type, to, role) of every relation row."""
    return [
        (r.cells["from"], r.cells["type"], r.cells["to"], r.cells["role"])
        for f in c.facts
        for r in f.rows
        if r.file == "relations"
    ]


def entity(c: Candidates, nid: str):
    return next(e for e in c.entities if e.id == nid)


# -- reading ----------------------------------------------------------------------------------
def test_text_lines_keep_their_numbers(tmp_path: Path) -> None:
    c = run(tmp_path, "Title\n\nChina met Russia in Bishkek.\n\nKyrgyzstan signed nothing.\n")
    assert c.source.id == "report" and c.source.title == "Title" and c.source.lines == 5
    (met,) = facts_of(c, "meeting")
    assert met.locator == "line 3"
    assert entity(c, "kg").first_locator == "line 5"


def test_markdown_markup_is_not_read_as_text(tmp_path: Path) -> None:
    c = run(
        tmp_path,
        "# The [SCO](https://sco.example/2019-05) page<sup>3</sup>\n\n**China** and *Russia* met.\n",
        name="notes.md",
    )
    assert c.source.format == "markdown" and c.source.title == "The SCO page"
    assert entity(c, "sco").first_locator == "line 1"
    assert not find_dates("The SCO page")  # the link's date went with the link
    assert facts_of(c, "meeting")[0].entities == ("cn", "ru")


def test_pdf_locators_give_page_and_line(tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(
        make_pdf(
            [
                [
                    "A briefing on Central Asia.",
                    "In 2012 Kyrgyzstan joined the Shanghai",
                    "Cooperation Organisation.",
                ],
                ["Page two starts here.", "China donated vehicles to", "Kyrgyzstan in June 2013."],
            ],
            title="Briefing on Central Asia",
        )
    )
    c = extract(pdf, NAMES)
    assert c.source.format == "pdf" and c.source.pages == 2 and c.source.title == "Briefing on Central Asia"
    (member,) = facts_of(c, "MEMBER_OF")
    assert member.locator == "p. 1, lines 2-3"  # the name broken across two lines, one mention
    assert relations(c)[0] == ("kg", "MEMBER_OF", "sco", "member")
    (gift,) = facts_of(c, "transfer")
    assert gift.locator == "p. 2, lines 2-3" and gift.date == "2013-06"
    assert entity(c, "kg").locators == ("p. 1, line 2", "p. 2, line 3")
    assert entity(c, "sco").locators == ("p. 1, line 2",)


def test_the_source_row_names_the_file(tmp_path: Path) -> None:
    c = run(tmp_path, "China and Russia.\n", name="My Report 2024.txt")
    import hashlib

    data = (tmp_path / "My Report 2024.txt").read_bytes()
    assert c.source.row().cells == {
        "id": "my-report-2024",
        "title": "China and Russia.",
        "file": "My Report 2024.txt",
        "size": str(len(data)),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


# -- sentences --------------------------------------------------------------------------------
def test_sentences_end_at_stops_not_at_abbreviations(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "The summit in St. Petersburg was held in 2002. The U.S. Army was not there.12 Gen. Li came.\n"
        "A short heading\n"
        "The next paragraph goes on over a line that is long enough to be wrapped, and it con-\n"
        "tinues here with a hyphenated word.\n"
    )
    texts = [s.text for s in split_sentences(read_document(tmp_path / "a.txt"))]
    assert texts == [
        "The summit in St. Petersburg was held in 2002.",
        "The U.S. Army was not there.12",
        "Gen. Li came.",
        "A short heading",
        "The next paragraph goes on over a line that is long enough to be wrapped, and it continues here "
        "with a hyphenated word.",
    ]


# -- known names ------------------------------------------------------------------------------
def test_names_in_any_case_with_possessives_and_plurals(tmp_path: Path) -> None:
    c = run(
        tmp_path,
        "CHINA'S view and Kyrgyzstan\u2019s view differ.\nThe Commonwealths of Independent States met.\n",
    )
    assert entity(c, "cn").mentions == 1 and entity(c, "kg").mentions == 1
    assert entity(c, "cis").first_locator == "line 2"


def test_names_broken_across_lines_and_hyphenated(tmp_path: Path) -> None:
    c = run(
        tmp_path, "It was said by the Shanghai Coop-\neration Organisation and by Kyr-\ngyzstan officials.\n"
    )
    assert entity(c, "sco").first_locator == "lines 1-2" or entity(c, "sco").first_locator == "line 1"
    assert {e.id for e in c.entities} == {"sco", "kg"}


def test_acronyms_keep_their_case_and_spellings_fold(tmp_path: Path) -> None:
    c = run(
        tmp_path,
        "Let us see what the US and the U.S. said: the Shanghai Cooperation Organization, "
        "the Ministry of Public Security's MPS, and some mps.\n",
    )
    assert entity(c, "us").mentions == 2  # "us" is not the United States
    assert entity(c, "sco").mentions == 1  # -ization and -isation
    assert entity(c, "cn-mps").mentions == 2  # "mps" is not the MPS


def test_country_adjectives_and_shared_names(tmp_path: Path) -> None:
    c = run(
        tmp_path,
        "Kyrgyz troops came.\nThe Kyrgyz Ministry of Defence and the Ministry of Defence of China met.\n"
        "The Ministry of Defence spoke.\n",
    )
    assert entity(c, "kg").first_locator == "line 1"  # "Kyrgyz" is Kyrgyzstan
    assert entity(c, "kg-mod").first_locator == "line 2" and entity(c, "cn-mod").first_locator == "line 2"
    # "Kyrgyz" and "China" only said whose ministry it was: the meeting is the two ministries'.
    (met,) = facts_of(c, "meeting")
    assert set(met.entities) == {"kg-mod", "cn-mod"}
    # Line 3 names no country: which ministry it is stays open, and nothing is guessed.
    assert c.stats["ambiguous"] == 1


# -- new names --------------------------------------------------------------------------------
def test_an_acronym_definition_links_the_two_forms(tmp_path: Path) -> None:
    c = run(
        tmp_path,
        "The Collective Security Treaty Organization (CSTO) held drills with Russia. The CSTO grew.\n"
        "The SCO, or Shanghai Cooperation Organisation, met. The PRC (China) agreed.\n"
        "East Turkestan Islamic Movement (ETIM) and the Regional Anti-Terrorist Structure (RATS).\n",
    )
    csto = next(e for e in c.entities if e.new and e.name == "Collective Security Treaty Organization")
    assert (csto.label, csto.kind, csto.aliases, csto.cue) == (
        "Organisation",
        "intergovernmental",
        ("CSTO",),
        "acronym definition",
    )
    assert csto.mentions == 3 and csto.locators == ("line 1",)  # long form, "(CSTO)", "The CSTO"
    rats = next(e for e in c.entities if e.new and "RATS" in e.aliases)
    assert rats.name == "Regional Anti-Terrorist Structure" and rats.kind == "other"
    assert entity(c, "etim").new_aliases == ()  # both forms were known already
    assert csto.row is not None and csto.row.file == "organisations" and csto.row.cells["aliases"] == "CSTO"


def test_a_known_long_form_gets_its_acronym(tmp_path: Path) -> None:
    c = run(
        tmp_path, "The Commonwealth of Independent States (CIS) met. Later the CIS and Russia met again.\n"
    )
    cis = entity(c, "cis")
    assert cis.new_aliases == ("CIS",) and cis.mentions == 3 and not cis.new


def test_names_shaped_like_actors_are_new_candidates(tmp_path: Path) -> None:
    c = run(
        tmp_path,
        "In 2019 the Ministry of Emergency Situations met China.\n"
        "The State Committee for National Security of Kyrgyzstan spoke.\n"
        "Asel Omurbekova visited Bishkek. Later Asel Omurbekova left.\n"
        "Blue Lagoon Tours came once.\n",
    )
    new = {e.name: (e.label, e.kind, e.mentions, e.first_locator, e.cue) for e in c.entities if e.new}
    assert new == {
        "Ministry of Emergency Situations": ("Actor", "agency", 1, "line 1", "name shape"),
        "State Committee for National Security": ("Actor", "agency", 1, "line 2", "name shape"),
        "Asel Omurbekova": ("Actor", "person", 2, "line 3", "repeated capitalised name"),
    }
    ministry = next(e for e in c.entities if e.name == "Ministry of Emergency Situations")
    assert ministry.id == "report-ministry-of-emergency-situations"
    assert ministry.row.cells["source"] == "report" and ministry.row.cells["locator"] == "line 1"


# -- dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("in 2004", [("2004", "", False, "year")]),
        ("since 2004", [("2004", "", True, "year")]),
        ("in June 2012", [("2012-06", "", False, "month")]),
        (
            "on 15 June 2001 and June 15, 2001",
            [("2001-06-15", "", False, "day"), ("2001-06-15", "", False, "day")],
        ),
        (
            "from 1993 to 2008, 1993-2008, 2002-10",
            [
                ("1993", "2008", False, "year"),
                ("1993", "2008", False, "year"),
                ("2002", "2010", False, "year"),
            ],
        ),
        ("June-August 2012", [("2012-06", "2012-08", False, "month")]),
        ("2,000 troops, $2012, the 1990s, 30 February 2012", [("2012-02", "", False, "month")]),
    ],
)
def test_dates(text: str, found: list[tuple[str, str, bool, str]]) -> None:
    assert [(d.date, d.end_date, d.since, d.precision) for d in find_dates(text)] == found


# -- cues and roles -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "type_", "rows"),
    [
        ("Kyrgyzstan joined the SCO in 2001.", "MEMBER_OF", [("kg", "MEMBER_OF", "sco", "member", "2001")]),
        (
            "Russia has been an observer of the SCO since 2005.",
            "MEMBER_OF",
            [("ru", "MEMBER_OF", "sco", "observer", "2005")],
        ),
        (
            "China and Kyrgyzstan signed a border agreement in 2002.",
            "agreement",
            [("cn", "PARTICIPATED_IN", None, "party", ""), ("kg", "PARTICIPATED_IN", None, "party", "")],
        ),
        (
            "China donated vehicles to Kyrgyzstan in 2003.",
            "transfer",
            [("cn", "PARTICIPATED_IN", None, "donor", ""), ("kg", "PARTICIPATED_IN", None, "recipient", "")],
        ),
        (
            "Kyrgyzstan received radios from China.",
            "transfer",
            [("kg", "PARTICIPATED_IN", None, "recipient", ""), ("cn", "PARTICIPATED_IN", None, "donor", "")],
        ),
        (
            "Kyrgyzstan was trained by the MPS.",
            "training",
            [
                ("kg", "PARTICIPATED_IN", None, "trainee", ""),
                ("cn-mps", "PARTICIPATED_IN", None, "trainer", ""),
            ],
        ),
        (
            "The President of Kyrgyzstan visited China.",
            "meeting",
            [
                ("kg-office-president", "PARTICIPATED_IN", None, "guest", ""),
                ("cn", "PARTICIPATED_IN", None, "host", ""),
            ],
        ),
        (
            "China and Russia held a joint exercise in Bishkek.",
            "exercise",
            [
                ("cn", "PARTICIPATED_IN", None, "participant", ""),
                ("ru", "PARTICIPATED_IN", None, "participant", ""),
                (None, "HELD_IN", "place-bishkek", "", ""),
            ],
        ),
        ("China banned ETIM in 2003.", "TARGETS", [("cn", "TARGETS", "etim", "banned", "")]),
        ("ETIM was designated by Kyrgyzstan.", "TARGETS", [("kg", "TARGETS", "etim", "designated", "")]),
        (
            "Kyrgyzstan and Russia disagree about Bishkek.",
            "co-mention",
            [
                ("kg", "RELATED_TO", "ru", "co-mentioned", ""),
                ("kg", "RELATED_TO", "place-bishkek", "co-mentioned", ""),
                ("ru", "RELATED_TO", "place-bishkek", "co-mentioned", ""),
            ],
        ),
        (
            "China spoke of border security.",
            "co-mention",
            [("cn", "CONCERNS", "topic-border-security", "", "")],
        ),
        (
            "Russia sent troops to Peace Mission 2012.",
            "co-mention",
            [("ru", "PARTICIPATED_IN", "ev-pm-2012", "participant", "")],
        ),
        ("President Sadyr Japarov spoke.", "HOLDS", [("kg-japarov", "HOLDS", "kg-office-president", "", "")]),
    ],
)
def test_cues_propose_types_and_roles(tmp_path: Path, text: str, type_: str, rows: list) -> None:
    c = run(tmp_path, text + "\n")
    facts = facts_of(c, type_)
    assert facts, [f.type for f in c.facts]
    got = [
        (r.cells["from"], r.cells["type"], r.cells["to"], r.cells["role"], r.cells["since"])
        for f in facts
        for r in f.rows
        if r.file == "relations"
    ]
    event = next((r.cells["id"] for f in facts for r in f.rows if r.file == "events"), None)
    want = [(a or event, t, b or event, role, since) for a, t, b, role, since in rows]
    assert got == want
    for f in facts:
        assert f.locator == "line 1" and 0 < f.confidence <= 1 and f.cue


def test_a_new_event_is_named_dated_and_cited(tmp_path: Path) -> None:
    c = run(tmp_path, "\nChina and Kyrgyzstan signed a border agreement in June 2002.\n")
    (fact,) = facts_of(c, "agreement")
    event = next(r.cells for r in fact.rows if r.file == "events")
    assert event == {
        "id": "report-l2-agreement",
        "name": "Agreement: China, Kyrgyzstan (2002-06)",
        "kind": "agreement",
        "date": "2002-06",
        "end_date": "",
        "source": "report",
        "locator": "line 2",
        "confidence": f"{fact.confidence:.2f}",
        "cue": "signed",
    }
    assert fact.confidence >= 0.7  # a cue with its parties on one side: high


def test_the_next_sentence_goes_on_about_the_event(tmp_path: Path) -> None:
    c = run(
        tmp_path,
        "In 2012 China and Kyrgyzstan held an exercise. Russia joined the exercise later. "
        "The organisation grew.\n",
    )
    (ex,) = facts_of(c, "exercise")[:1]
    event = next(r.cells["id"] for r in ex.rows if r.file == "events")
    assert ("ru", "PARTICIPATED_IN", event, "participant") in relations(c)


def test_citations_in_parentheses_are_not_facts(tmp_path: Path) -> None:
    c = run(tmp_path, "Kyrgyzstan joined the SCO (Russia Today 12 May 2015).\n")
    assert relations(c) == [("kg", "MEMBER_OF", "sco", "member")]
    assert facts_of(c)[0].date == ""  # the date of the article cited is not the fact's


def test_confidence_is_lower_for_co_mentions_than_for_cues(tmp_path: Path) -> None:
    c = run(tmp_path, "Kyrgyzstan joined the SCO.\nKyrgyzstan and the SCO are both here.\n")
    member, co = facts_of(c, "MEMBER_OF")[0], facts_of(c, "co-mention")[0]
    assert member.confidence >= 0.7 > co.confidence


# -- tables -----------------------------------------------------------------------------------
TABLE = (
    "Table 1: joint exercises of the members\n"
    "Exercise\tDate\tParticipants\tLocation\n"
    "Peace Mission\tJune 2012\tChina; Kyrgyzstan\tBishkek\n"
    "\n"
    "Border Shield\t2014\tRussia\tBishkek\n"
    "\n"
    "| Member | SCO | Commonwealth of Independent States |\n"
    "|---|---|---|\n"
    "| Kyrgyzstan | \u221a | \u221a |\n"
    "| China | \u221a | \u2013 |\n"
)


def test_tables_are_found_and_left_out_of_the_sentences(tmp_path: Path) -> None:
    c = run(tmp_path, TABLE)
    t1, t2 = c.tables
    assert t1.header == ("Exercise", "Date", "Participants", "Location") and t1.delimiter == "\t"
    assert [x.number for x in t1.lines] == [3, 5] and t1.caption.startswith("Table 1")
    assert t2.header == ("Member", "SCO", "Commonwealth of Independent States") and t2.delimiter == "|"
    assert t2.rows == (("Kyrgyzstan", "\u221a", "\u221a"), ("China", "\u221a", "\u2013"))
    assert not facts_of(c, "co-mention")  # table rows are no sentences
    # The membership table: a mark where a member belongs to an organisation, a dash
    # where it does not.
    assert sorted(relations(c)) == [
        ("cn", "MEMBER_OF", "sco", "member"),
        ("cn", "RELATED_TO", "cis", "not a member"),
        ("kg", "MEMBER_OF", "cis", "member"),
        ("kg", "MEMBER_OF", "sco", "member"),
    ]
    assert {f.locator for f in facts_of(c, "MEMBER_OF")} == {"lines 7-9", "lines 7-10"}


def test_tables_are_written_with_a_mapping_stub(tmp_path: Path) -> None:
    c = run(tmp_path, TABLE)
    files = candidate_files([c], Gazetteer(NAMES), dataset="demo")
    assert files["tables/report-table-1.tsv"] == (
        "Exercise\tDate\tParticipants\tLocation\tdate (parsed)\tline\n"
        "Peace Mission\tJune 2012\tChina; Kyrgyzstan\tBishkek\t2012-06\t3\n"
        "Border Shield\t2014\tRussia\tBishkek\t2014\t5\n"
    )
    stub = files["tables/report-table-1.toml"]
    assert stub.startswith("# graphtool table mapping, format 1\n") and "# check:" in stub
    mapping = tomllib.loads(stub)
    assert mapping["format"] == 1
    assert mapping["table"] == {"file": "report-table-1.tsv", "delimiter": "\t", "header": 1}
    assert mapping["citation"] == {"source": "report", "locator": "line {line}"}
    event = mapping["event"]
    assert event["id"] == "demo-t1-{row}" and event["name"] == "{Exercise}" and event["kind"] == "exercise"
    assert event["date"] == "{date (parsed)}"
    assert event["participants"] == [
        {"column": "Participants", "split": ";,", "role": "participant", "label": "Actor", "kind": "state"}
    ]
    assert event["places"] == [{"column": "Location", "kind": "city"}]
    matrix = files["tables/report-table-2.toml"]
    assert "hold marks, not names" in matrix and tomllib.loads(matrix)["format"] == 1


# -- the import files ---------------------------------------------------------------------------
def _known(tmp_path: Path) -> Path:
    """The gazetteer's nodes as a dataset, as they would be in the graph."""
    base = tmp_path / "base"
    base.mkdir()
    (base / "sources.csv").write_text("id,title\nbase,Base\n")
    files = {"Actor": "actors", "Organisation": "organisations", "Place": "places", "Event": "events"}
    for label, stem in files.items():
        cols = "id,name,kind,source,locator\n"
        rows = "".join(f'{n.id},"{n.name}",{n.kind},base,line 1\n' for n in NAMES if n.label == label)
        (base / f"{stem}.csv").write_text(cols + rows)
    (base / "topics.csv").write_text(
        "id,name,source,locator\n"
        + "".join(f"{n.id},{n.name},base,line 1\n" for n in NAMES if n.label == "Topic")
    )
    return base


def test_the_candidates_are_a_valid_dataset(tmp_path: Path) -> None:
    text = (
        "In 2012 China and Kyrgyzstan signed an agreement. The Ministry of Emergency Situations trained "
        "Kyrgyzstan.\nRussia joined the SCO. China banned ETIM. Kyrgyzstan, Bishkek and border security.\n"
        + TABLE
    )
    c = run(tmp_path, text)
    out = tmp_path / "out"
    for name, content in candidate_files([c], Gazetteer(NAMES)).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content)
    data = read_paths([_known(tmp_path), out / "candidates"])
    ours = [r for r in data.relations if "report" in r.props["sources"]]
    assert len(ours) == len(relations(c)) and all(
        0 < r.props["confidence"] <= 1 and r.props["cue"] for r in ours
    )
    assert all(loc.startswith("line") for r in ours for loc in r.props["locators"])
    source = next(n for n in data.nodes if n.id == "report")
    assert source.props["sha256"] == c.source.sha256 and source.props["size"] == c.source.size


def test_one_new_entity_in_two_reports_is_one_row(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The Ministry of Emergency Situations met China.\n")
    (tmp_path / "b.txt").write_text("\nThe Ministry of Emergency Situations met Russia.\n")
    a, b = (extract(tmp_path / n, NAMES, dataset="demo") for n in ("a.txt", "b.txt"))
    (row,) = [r for r in merged_rows([a, b])["actors"] if "Emergency" in r["name"]]
    assert row["source"] == "a;b" and row["locator"] == "line 1;line 2"


def test_review_data_is_plain(tmp_path: Path) -> None:
    import json

    c = run(tmp_path, "Kyrgyzstan joined the SCO in 2001. The Ministry of Emergency Situations met China.\n")
    data = review_data([c])
    json.dumps(data)  # plain values only
    (member,) = [f for f in data["facts"] if f["type"] == "MEMBER_OF"]
    assert member["id"] == "report:f1" and member["sentence"] == "Kyrgyzstan joined the SCO in 2001."
    meeting = next(f for f in data["facts"] if f["type"] == "meeting")
    assert meeting["needs"] == ["report-ministry-of-emergency-situations"]
    assert data["newRows"]["report-ministry-of-emergency-situations"]["file"] == "actors"


def test_a_gazetteer_file(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text(
        "id,label,kind,name,aliases\ncn,Actor,state,China,PRC;People's Republic of China\n"
        "sco,Organisation,,Shanghai Cooperation Organisation,SCO\n"
    )
    assert read_gazetteer(path) == [
        Name("cn", "Actor", "China", "state", ("PRC", "People's Republic of China")),
        Name("sco", "Organisation", "Shanghai Cooperation Organisation", None, ("SCO",)),
    ]


def test_the_api(tmp_path: Path) -> None:
    import graphtool
    import graphtool.extract as package

    (tmp_path / "r.txt").write_text("China and Russia met.\n")
    for fn in (graphtool.extract, package, package.extract):
        c = fn(tmp_path / "r.txt", NAMES)
        assert [f.type for f in c.facts] == ["meeting"]
    assert extract(tmp_path / "r.txt").entities == ()  # no gazetteer: only new names


def test_sections_of_one_table_split_at_their_own_headers(tmp_path: Path) -> None:
    text = (
        "APPENDIX 1. MEETINGS OF OFFICIALS\n"
        "\n"
        "CONTENTS\tPAGE\n"
        "INTRODUCTION\t2\n"
        "SUMMARY\t4\n"
        "\n"
        "KYRGYZSTAN\tCHINA\tDATE\n"
        "President\tPresident\tMay 2019\n"
        "Minister of Defence\tMinister of Defence\tJune 2018\n"
        "KAZAKHSTAN\tCHINA\tDATE\n"
        "President\tPresident\tSeptember 2019\n"
    )
    c = run(tmp_path, text)
    assert [t.header for t in c.tables] == [
        ("CONTENTS", "PAGE"), ("KYRGYZSTAN", "CHINA", "DATE"), ("KAZAKHSTAN", "CHINA", "DATE")]
    # A section right after another shares its caption (and the kind guessed from it).
    assert [t.caption for t in c.tables] == ["APPENDIX 1. MEETINGS OF OFFICIALS"] * 3
    stub = tomllib.loads(candidate_files([c], Gazetteer(NAMES))["tables/report-table-3.toml"])
    assert stub["event"]["kind"] == "meeting" and stub["event"]["date"] == "{date (parsed)}"
