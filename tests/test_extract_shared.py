"""graphtool extract's rules for names several nodes share and names joined by "and",
each on a small text written for the test (no server): what the sentence's other names
are of, a name of two bodies of two read as both, and the same name read so again.
"""

from __future__ import annotations

from pathlib import Path

from graphtool.extract import Candidates, Gazetteer, Name, extract
from graphtool.extract.records import HIGH

NAMES = [
    Name("cn", "Actor", "China", "state", ("PRC",)),
    Name("kg", "Actor", "Kyrgyzstan", "state"),
    Name("kz", "Actor", "Kazakhstan", "state"),
    Name("tj", "Actor", "Tajikistan", "state"),
    Name("sco", "Organisation", "Shanghai Cooperation Organisation", "intergovernmental", ("SCO",)),
    Name("kg-mod", "Actor", "Minister of Defense (Kyrgyzstan)", "office", ("Ministers of Defense",)),
    Name("sco-mod", "Organisation", "Ministers of Defense (SCO meeting)", "body"),
    Name("sco-pg", "Organisation", "Prosecutors-General (SCO meeting)", "body"),
    Name("cn-kg-mech", "Organisation", "Joint mechanism (China-Kyrgyzstan)", "forum", ("joint mechanism",)),
    Name("cn-kz-mech", "Organisation", "Joint mechanism (China-Kazakhstan)", "forum", ("joint mechanism",)),
    Name("cn-envoy", "Actor", "Security Envoy (China)", "office"),
    Name("cn-president", "Actor", "President of China", "office", ("President",)),
    Name("kg-president", "Actor", "President of Kyrgyzstan", "office", ("President",)),
    Name("kz-president", "Actor", "President of Kazakhstan", "office", ("President",)),
    Name("cn-jiang", "Actor", "Jiang Zemin", "person"),
    Name("kg-border", "Actor", "Border Service (Kyrgyzstan)", "agency", ("border guards",)),
]
GAZ = Gazetteer(NAMES)


def run(tmp_path: Path, text: str) -> Candidates:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path, GAZ)


def linked(c: Candidates) -> set[frozenset[str]]:
    """The pairs of entities some fact links."""
    return {frozenset((a, b)) for f in c.facts for a in f.entities for b in f.entities if a < b}


def triples(c: Candidates) -> set[tuple[str, str, str]]:
    """(from, type, to) of every relation row the candidates propose."""
    rows = [r.cells for f in c.facts for r in f.rows if r.file == "relations"]
    return {(r["from"], r["type"], r["to"]) for r in rows}


# -- what the sentence's other names are of ----------------------------------------------------
def test_a_shared_name_is_the_one_of_what_the_other_names_are_of(tmp_path: Path) -> None:
    # "Ministers of Defense" is Kyrgyzstan's minister and the SCO's meeting; next to the
    # SCO's prosecutors' meeting it is the SCO's meeting.
    c = run(tmp_path, "Several branches meet, such as Ministers of Defense and Prosecutors-General.\n")
    assert frozenset(("sco-mod", "sco-pg")) in linked(c)
    assert not any("kg-mod" in f.entities for f in c.facts)
    # Nothing says whose: no node.
    c = run(tmp_path, "Ministers of Defense met in spring. China waited.\n")
    assert not any({"kg-mod", "sco-mod"} & set(f.entities) for f in c.facts)


# -- a name of two bodies of two ------------------------------------------------------------------
def test_a_name_of_bodies_of_two_is_both_when_the_sentence_names_their_parties(tmp_path: Path) -> None:
    text = (
        "A new joint mechanism was introduced in 2019 between PRC-Kyrgyzstan and PRC-Kazakhstan. "
        "This joint mechanism is headed by the Security Envoy.\n"
    )
    c = run(tmp_path, text)
    pairs = linked(c)
    for p in [("cn", "cn-kg-mech"), ("kg", "cn-kg-mech"), ("cn", "cn-kz-mech"), ("kz", "cn-kz-mech")]:
        assert frozenset(p) in pairs
    # The next mention of the name is both again.
    assert frozenset(("cn-envoy", "cn-kg-mech")) in pairs and frozenset(("cn-envoy", "cn-kz-mech")) in pairs
    # Referred to, not named: the note says so, and nothing is high.
    rows = [
        r
        for f in c.facts
        for r in f.rows
        if r.file == "relations" and "cn-kg-mech" in (r.cells["from"], r.cells["to"])
    ]
    assert rows and all("read from 'joint mechanism'" in r.cells["note"] for r in rows)
    assert all(f.confidence < HIGH for f in c.facts if "cn-kg-mech" in f.entities)


def test_a_name_of_bodies_of_two_is_none_when_a_party_is_not_named(tmp_path: Path) -> None:
    c = run(tmp_path, "A joint mechanism was introduced in 2019 with Kyrgyzstan and Kazakhstan.\n")
    assert not any({"cn-kg-mech", "cn-kz-mech"} & set(f.entities) for f in c.facts)


def test_a_title_before_a_person_is_not_read_as_several_offices(tmp_path: Path) -> None:
    c = run(tmp_path, "In July 1996, President Jiang Zemin visited China, Kyrgyzstan and Kazakhstan.\n")
    assert not any({"kg-president", "kz-president"} & set(f.entities) for f in c.facts)


# -- names joined by "and" ----------------------------------------------------------------------
def test_a_name_that_says_whose_is_named_with_the_name_it_is_joined_to(tmp_path: Path) -> None:
    text = "The PRC provided cash to cover salaries of border guards in Kyrgyzstan and Tajikistan.\n"
    c = run(tmp_path, text)
    (f,) = [f for f in c.facts if set(f.entities) == {"kg", "tj"}]
    assert f.cue == "names joined by and" and f.confidence < HIGH
    # Kyrgyzstan still says whose the guards are, and is no party of what the PRC did.
    assert frozenset(("kg", "kg-border")) in linked(c)
    assert not any({"kg", "cn"} <= set(f.entities) for f in c.facts)
    # Not joined: nothing more.
    c = run(tmp_path, "The PRC provided cash to border guards in Kyrgyzstan, said Tajikistan's paper.\n")
    assert frozenset(("kg", "tj")) not in linked(c)


# -- "these organizations" ----------------------------------------------------------------------
GROUPS = Gazetteer(
    [
        *NAMES,
        Name("etlo", "Actor", "Eastern Turkistan Liberation Organization", "group"),
        Name("imu", "Actor", "Islamic Movement of Uzbekistan", "group"),
    ]
)


def test_these_organizations_are_the_groups_named_just_before(tmp_path: Path) -> None:
    text = (
        "Some groups, such as the Eastern Turkistan Liberation Organization and the Islamic Movement "
        "of Uzbekistan, demanded independence.\n\n"
        "Several leaders were murdered in Kyrgyzstan.\n\n"
        "The PRC lobbied Kazakhstan to ban these organizations.\n"
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    c = extract(path, GROUPS)
    pairs = linked(c)
    assert frozenset(("cn", "etlo")) in pairs and frozenset(("cn", "imu")) in pairs
    facts = [f for f in c.facts if {"cn", "imu"} <= set(f.entities)]
    assert all(f.confidence <= 0.6 for f in facts)
    notes = [r.cells["note"] for f in facts for r in f.rows if r.file == "relations"]
    assert any("read from 'these organizations'" in n for n in notes)


def test_these_organizations_are_not_read_far_back_or_as_states(tmp_path: Path) -> None:
    far = (
        "The Eastern Turkistan Liberation Organization and the Islamic Movement of Uzbekistan met. "
        "China waited. Russia waited. Kazakhstan waited. The PRC banned these organizations.\n"
    )
    states = "China and Kyrgyzstan met. Tajikistan banned these organizations.\n"
    for text in (far, states):
        path = tmp_path / "report.txt"
        path.write_text(text, encoding="utf-8")
        c = extract(path, GROUPS)
        notes = [r.cells["note"] for f in c.facts for r in f.rows if r.file == "relations"]
        assert not any("these organizations" in n for n in notes)


# -- a place that says whose a body is --------------------------------------------------------------
def test_a_body_named_with_its_place_after_in_is_located_there(tmp_path: Path) -> None:
    gaz = Gazetteer(
        [
            *NAMES,
            Name("cn-academy", "Actor", "Academy of Police (Beijing)", "institution"),
            Name("place-beijing", "Place", "Beijing", "city"),
        ]
    )
    path = tmp_path / "report.txt"
    path.write_text("In 2018, the Academy of Police in Beijing hosted a forum.\n", encoding="utf-8")
    c = extract(path, gaz)
    rows = [r.cells for f in c.facts for r in f.rows if r.file == "relations"]
    assert {"from": "cn-academy", "type": "LOCATED_IN", "to": "place-beijing"}.items() <= next(
        r for r in rows if r["to"] == "place-beijing"
    ).items()


def test_an_agency_named_for_a_place_is_located_there(tmp_path: Path) -> None:
    gaz = Gazetteer(
        [
            *NAMES,
            Name("xj-imm", "Actor", "Xinjiang Immigration Administration", "agency"),
            Name("xj-forum", "Organisation", "Xinjiang Cooperation Forum", "forum"),
            Name("place-xinjiang", "Place", "Xinjiang", "region"),
        ]
    )
    path = tmp_path / "report.txt"
    path.write_text(
        "Guards were hired by the Xinjiang Immigration Administration and the Xinjiang Cooperation Forum.\n",
        encoding="utf-8",
    )
    c = extract(path, gaz)
    rows = triples(c)
    assert ("xj-imm", "LOCATED_IN", "place-xinjiang") in rows
    # An organisation named for a place is not read as there.
    assert not any(r[0] == "xj-forum" and r[2] == "place-xinjiang" for r in rows)


def test_names_inside_a_names_own_shorter_alias_count(tmp_path: Path) -> None:
    gaz = Gazetteer(
        [
            *NAMES,
            Name("ru", "Actor", "Russia", "state"),
            Name(
                "ev-crimea",
                "Event",
                "Russian annexation of Crimea (2014)",
                "other",
                ("annexation of Crimea",),
            ),
            Name("place-crimea", "Place", "Crimea", "region"),
        ]
    )
    path = tmp_path / "report.txt"
    path.write_text("As the 2014 Russian annexation of Crimea shows, rules bend.\n", encoding="utf-8")
    c = extract(path, gaz)
    rows = triples(c)
    assert ("ev-crimea", "HELD_IN", "place-crimea") in rows
    assert ("ru", "PARTICIPATED_IN", "ev-crimea") in rows
