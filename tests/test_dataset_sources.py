"""Every name in the bundled dataset is printed in a document it is cited to.

The one test of the suite that reads the source documents themselves: the five text
files in ``shared/sources/``, beside the checkout (``../shared/sources/`` from the
repository root; found by walking up from this file). Where that folder is absent the
test skips and says so; every other test works from the import files alone.

What is checked: the name and every alias of each actor, organisation, place and topic,
and every alias of each event (an event's own name is a label written for the dataset,
as is a claim's), must occur in the text of at least one document the node cites,
ignoring case, whitespace, line breaks (also a word hyphenated across one), quote marks,
the kind of dash, and the qualifier the dataset adds to tell apart bodies of different
states: a trailing bracket ("Ministry of Defense (China)") or " of <State>" ("Minister
of Foreign Affairs of Kyrgyzstan"). :data:`EXCEPTIONS` lists, with the reason, each name
that is not printed so, reviewed one by one.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IMPORT = ROOT / "import"

#: (node id, name) -> why the name is not printed in a cited document.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("us", "United States"): "the documents write U.S. (icg-2013) and US (eprs-2015), both aliases; "
    "the full name is printed only in fpri-2022's imprint",
    ("kg-border-torugart", "Torugart Border Guards Service (Kyrgyzstan)"): "the table misspells it "
    "'Torugard' (kept as an alias); the name takes the place's spelling, 'Torugart checkpoint' (appendix 3)",
    ("place-shymkent", "Shymkent"): "the table misspells the city 'Symkent' (kept as an alias)",
    ("place-border-cn-kg", "China-Kyrgyzstan border"): "named by its two states, as the other borders; "
    "the report writes 'the shared border with Kyrgyzstan' and 'Border' in the tables",
    # Topic tags normalise the wording of table cells (docs/dataset-tables.md, Topics).
    ("topic-military-technical-cooperation", "military-technical cooperation"): "a tag for the cells "
    "'Implementing military-technical agreement' and 'military-technical aid'",
    ("topic-investment-projects", "investment projects"): "a tag for the cell 'Investment of large projects'",
    ("topic-equipment-supply", "equipment supply"): "a tag for the cells 'Equipment exchange' and "
    "'Police equipment exchange'",
    ("topic-online-extremism", "online extremism"): "a tag for the cyber exercises against extremist "
    "content online (appendix 2)",
    ("topic-tourism-security", "tourism security"): "a tag for the training of the 'Department of Safe "
    "Tourism' (appendix 4)",
    ("topic-covid-19-aid", "COVID-19 aid"): "a tag for the cells 'COVID19 aid' and 'COVID19 "
    "humanitraian aid' (appendix 5)",
    ("topic-military-aid", "military aid"): "a tag for the cells 'Donation: aid' to armed forces "
    "(appendix 5)",
    ("topic-military-housing", "military housing"): "a tag for the cells 'Donation: apartments' (appendix 5)",
}

_QUOTES = str.maketrans({c: None for c in "'\"‘’“”`"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—"})
_TAG = re.compile(r"<[^>]+>")
_HYPHENATED = re.compile(r"(?<=[A-Za-z])-[ \t]*\n\s*(?=[a-z])")


def sources_dir() -> Path | None:
    """``shared/sources`` in this file's folder or the nearest folder above that has one."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "shared" / "sources").is_dir():
            return folder / "shared" / "sources"
    return None


def normalise(text: str) -> str:
    """Text for comparing names: no tags, escapes or quote marks, one kind of dash,
    single spaces, case folded."""
    text = _TAG.sub("", text).replace("\\", "").translate(_QUOTES).translate(_DASHES)
    return " ".join(text.split()).casefold()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _states() -> list[str]:
    return [r["name"] for f in IMPORT.glob("actors*.csv") for r in _read(f) if r["kind"] == "state"]


def candidates(name: str, states: list[str]) -> list[str]:
    """The name, and the name without the qualifier the dataset adds.

    >>> candidates("Ministry of Defense (China)", [])
    ['Ministry of Defense (China)', 'Ministry of Defense']
    >>> candidates("Minister of Foreign Affairs of Kyrgyzstan", ["Kyrgyzstan"])
    ['Minister of Foreign Affairs of Kyrgyzstan', 'Minister of Foreign Affairs']
    """
    out = [name]
    m = re.fullmatch(r"(.+?) \(([^()]+)\)", name)
    if m:
        out.append(m.group(1))
    out += [name[: -len(f" of {s}")] for s in states if name.endswith(f" of {s}")]
    return out


def names_to_check() -> list[tuple[str, str, str, list[str]]]:
    """(file, node id, name, documents it cites) for every name the test checks."""
    out = []
    for path in sorted(IMPORT.glob("*.csv")):
        stem = re.split(r"[-_.]", path.name, maxsplit=1)[0]
        if stem in ("sources", "relations", "claims"):
            continue
        for row in _read(path):
            names = [a for a in row.get("aliases", "").split(";") if a]
            if stem != "events":
                names.insert(0, row["name"])
            docs = row["source"].split(";")
            out += [(path.name, row["id"], n, docs) for n in dict.fromkeys(names)]
    return out


def _cited_texts() -> dict[str, str]:
    """Each document's text, normalised, by document id (both readings of a hyphen at a
    line end: kept, as in Gorno-Badakhshan, or joined)."""
    folder = sources_dir()
    if folder is None:
        pytest.skip("shared/sources/ (the source documents) is not beside this checkout")
    texts: dict[str, str] = {}
    for r in _read(IMPORT / "sources.csv"):
        raw = (folder / r["file"]).read_text(encoding="utf-8")
        texts[r["id"]] = normalise(raw) + "\n" + normalise(_HYPHENATED.sub("", raw))
    return texts


def _printed(name: str, docs: list[str], texts: dict[str, str], states: list[str]) -> bool:
    return any(normalise(c) in texts[d] for c in candidates(name, states) for d in docs)


def test_every_name_and_alias_is_printed_in_a_cited_document() -> None:
    texts, states = _cited_texts(), _states()
    missing = [
        f"{file}: {nid}: {name!r}"
        for file, nid, name, docs in names_to_check()
        if (nid, name) not in EXCEPTIONS and not _printed(name, docs, texts, states)
    ]
    assert not missing, "names not printed in any document they cite:\n" + "\n".join(missing)


def test_every_exception_is_still_needed() -> None:
    """An exception whose name is gone, or is now printed in a cited document, is stale."""
    texts, states = _cited_texts(), _states()
    checked = {(nid, name): docs for _file, nid, name, docs in names_to_check()}
    assert set(EXCEPTIONS) <= set(checked), sorted(set(EXCEPTIONS) - set(checked))
    stale = [key for key in EXCEPTIONS if _printed(key[1], checked[key], texts, states)]
    assert not stale


def test_the_check_catches_a_name_no_document_prints() -> None:
    """The name the first pass invented for the GKNB and the SCNS is printed nowhere; the
    printed spellings of the same bodies are found."""
    texts, states = _cited_texts(), _states()
    every = list(texts)
    assert not _printed("State Committee for National Security (Kyrgyzstan)", every, texts, states)
    assert _printed("GKNB (Kyrgyzstan)", ["fpri-2022"], texts, states)
    assert _printed("SCNS (Tajikistan)", ["fpri-2022"], texts, states)
    # across a line break and a hyphenated one (icg-2013 lines 1017-1018, 1266-1267)
    assert _printed("Politburo Standing Committee member", ["icg-2013"], texts, states)
    assert not _printed("Politburo Standing Committee member", ["irb-2015"], texts, states)
