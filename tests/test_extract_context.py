"""graphtool extract's rules for what the sentence before or the page before says, each
on a small text written for the test (no server): paragraphs a page break split.
"""

from __future__ import annotations

from pathlib import Path

from graphtool.extract import Candidates, Gazetteer, Name, extract
from graphtool.extract.reading import read_document
from graphtool.extract.sentences import split_sentences

NAMES = [
    Name("cn", "Actor", "China", "state", ("PRC",)),
    Name("kg", "Actor", "Kyrgyzstan", "state"),
    Name("tm", "Actor", "Turkmenistan", "state"),
    Name("ru", "Actor", "Russia", "state"),
    Name("sco", "Organisation", "Shanghai Cooperation Organisation", "intergovernmental", ("SCO",)),
    Name("cn-hu", "Actor", "Hu Jintao", "person"),
]
GAZ = Gazetteer(NAMES)


def run(tmp_path: Path, text: str) -> Candidates:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path, GAZ)


def sentences(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return [s.text for s in split_sentences(read_document(path))]


# -- page breaks --------------------------------------------------------------------------------
def test_a_paragraph_a_page_break_split_is_read_whole(tmp_path: Path) -> None:
    text = (
        "The SCO holds regular meetings of several\n"
        "\n"
        "\n"
        "ministers of Kyrgyzstan, such as Ministers of Defense (annually since\n"
        "\n"
        "2002), and of Russia.\n"
    )
    assert sentences(tmp_path, text) == [
        "The SCO holds regular meetings of several ministers of Kyrgyzstan, such as Ministers of "
        "Defense (annually since 2002), and of Russia."
    ]
    c = run(tmp_path, text)
    (f,) = [f for f in c.facts if set(f.entities) == {"sco", "ru"}]
    assert f.cue == "co-mention" and f.locator == "lines 1-6"


def test_a_paragraph_that_ends_is_not_joined_to_the_next(tmp_path: Path) -> None:
    # A full stop ends it; a capital, or a footnote's number, starts another.
    text = "China signed.\n\nthe next one starts in lower case.\n\nRussia waited for\n\n12 Footnote text.\n"
    assert sentences(tmp_path, text) == [
        "China signed.",
        "the next one starts in lower case.",
        "Russia waited for",
        "12 Footnote text.",
    ]
