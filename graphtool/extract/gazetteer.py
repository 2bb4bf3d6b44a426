"""Finding known names in sentences.

A name matches a run of words, compared word by word after folding: case (except in
acronyms: ``RATS`` is not "rats", ``US`` is not "us"), possessives (``China's``,
``members'``), plurals (``Ministries``), British and American spellings
(``Organisation``/``Organization``, ``Defence``/``Defense``, ``Centre``/``Center``),
prefixes written with or without a hyphen (``co-operation``), and dotted acronyms
(``U.S.``). Hyphens and slashes separate words, so "China-Kyrgyzstan" mentions both.
The longest name wins where names overlap. A qualifier in parentheses at the end of a
name ("Ministry of Defense (Kyrgyzstan)") is not matched but says whose the name is,
which decides between nodes that share a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .curation import WordList, expansions
from .demonyms import DEMONYMS
from .records import Membership, Name

_PREFIX = r"(?:[Cc]o|[Rr]e|[Pp]re|[Nn]on|[Aa]nti|[Cc]ounter|[Ii]nter|[Mm]ulti|[Ss]ub|[Pp]ost|[Vv]ice)"
TOKEN = re.compile(
    rf"[^\W_]+(?:\.[^\W_]+)+\.?"  # dotted acronyms: U.S., U.N.
    rf"|(?:{_PREFIX}-(?=[^\W\d_]))?[^\W_]+(?:['\u2019][^\W\d_]+)*['\u2019]?"  # words
    r"|[+&]"
)
_SPELLING = (
    ("isation", "ization"),
    ("centre", "center"),
    ("defence", "defense"),
    ("programme", "program"),
    ("labour", "labor"),
)
_QUALIFIER = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_LABEL_ORDER = ("Actor", "Organisation", "Event", "Place", "Topic")


@dataclass(frozen=True)
class Token:
    """A word of a sentence: where it is, and its folded forms."""

    start: int
    end: int
    text: str
    ci: str  # folded, case dropped
    cs: str  # folded, case kept (acronyms)
    upper: bool  # an acronym: compared with case


def _fold(word: str, keep_case: bool) -> str:
    w = word.replace("\u2019", "'")
    if re.fullmatch(r"[^\W_]+(?:\.[^\W_]+)+\.?", w):
        w = w.replace(".", "")
    w = re.sub(r"^([A-Za-z]+)-", r"\1", w)
    if w.endswith("'s") or w.endswith("'S"):
        w = w[:-2]
    w = w.rstrip("'")
    if not keep_case:
        w = w.lower()
        for a, b in _SPELLING:
            w = w.replace(a, b)
        if len(w) >= 5 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) >= 4 and w.endswith("s") and not w.endswith(("ss", "us", "is", "os")):
            w = w[:-1]
    elif len(w) >= 3 and w.endswith("s") and w[:-1].isupper():
        w = w[:-1]  # NGOs
    return w


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 2 or any(
        a.islower() and b.isupper() for a, b in zip(letters, letters[1:])
    )


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` with their folded forms.

    >>> [t.ci for t in tokenize("China's co-operation with the U.S. Ministries")]
    ['china', 'cooperation', 'with', 'the', 'us', 'ministry']
    """
    out = []
    for m in TOKEN.finditer(text):
        w = m.group(0)
        out.append(Token(m.start(), m.end(), w, *_forms(w)))
    return out


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[str, str, bool]:
    """A word's folded forms, once per distinct word (reports repeat their words)."""
    return _fold(word, False), _fold(word, True), _is_acronym(word)


@dataclass(frozen=True)
class Entry:
    """One searchable name of a node."""

    words: tuple[tuple[str, bool], ...]  # (folded word, compared with case)
    name: Name
    how: str  # name, alias, demonym, acronym
    qualifier: str = ""


@dataclass(frozen=True)
class Match:
    """A run of words that one or more nodes are called."""

    start: int  # token indices, end exclusive
    end: int
    entries: tuple[Entry, ...]


def entry_words(text: str) -> tuple[tuple[str, bool], ...]:
    """The folded words of a name, a leading "the" dropped."""
    toks = tokenize(text)
    if toks and toks[0].ci == "the" and len(toks) > 1:
        toks = toks[1:]
    return tuple((t.cs, True) if t.upper else (t.ci, False) for t in toks)


#: Label of the pseudo-nodes that stand for several nodes ("SCO member states").
GROUP_LABEL = "Group"
#: Words after a group's name that refer to its members: "SCO member states", "SCO members".
_AFTER = ("member states", "member countries", "member nations", "members", "states", "countries")
#: Words before it: "members of the SCO", "member states of the SCO".
_BEFORE = ("member states of", "member countries of", "members of")
#: Member states of an organisation not named: the one the paragraph is about.
BARE = ("member states", "member countries", "member nations")
#: Roles of full members (the ones "member states" stands for).
FULL = ("member", "founding member", "")


class Gazetteer:
    """Every name and alias of the given nodes, searchable in sentences; and the words
    that stand for several of them: "SCO member states" for the SCO's members (from
    ``memberships``), "Central Asian states" for the states the curation file lists
    (:mod:`~graphtool.extract.curation`), which also gives topics other words."""

    def __init__(
        self, names: Iterable[Name] = (), memberships: Iterable[Membership] = (), *, curated: bool = True
    ) -> None:
        self.index: dict[str, list[Entry]] = {}
        self.by_id: dict[str, Name] = {}
        self.count = 0
        #: Group pseudo-node id -> the memberships it stands for ("group:sco": the SCO's),
        #: or the fixed members of a curated collective name.
        self.members: dict[str, list[Membership]] = {}
        #: Topics named only by a list of words ("terrorism, separatism and extremism").
        self.lists: list[tuple[Name, WordList]] = []
        #: Capital cities' ids -> the state whose government they stand for ("Beijing has").
        self.capitals: dict[str, str] = {}
        for n in names:
            self.add(n)
        for m in memberships:
            if m.member in self.by_id and m.group in self.by_id:
                self.members.setdefault(f"group:{m.group}", []).append(m)
        for gid in list(self.members):
            group = self.by_id[gid[6:]]
            for text in (group.name, *group.aliases):
                base = _QUALIFIER.sub(r"\1", text).strip()
                phrases = [f"{base} {w}" for w in _AFTER] + [f"{w} {base}" for w in _BEFORE]
                phrases += [f"{w} the {base}" for w in _BEFORE]
                self._group(gid, phrases)
        self._group("group:", list(BARE))
        if curated:
            self._curate()

    def _group(self, gid: str, phrases: Sequence[str]) -> None:
        name = Name(gid, GROUP_LABEL, phrases[0])
        for text in phrases:
            words = entry_words(text)
            if words and not any(
                e.words == words and e.name.id == gid for e in self.index.get(words[0][0], ())
            ):
                self.index.setdefault(words[0][0], []).append(Entry(words, name, "group"))

    def _curate(self) -> None:
        """The curation file's collective names and topic words, for the nodes this
        gazetteer has."""
        by_name: dict[tuple[tuple[str, bool], ...], list[Name]] = {}
        for n in self.by_id.values():
            by_name.setdefault(entry_words(n.name), []).append(n)
        for x in expansions():
            if x.kind == "group":
                states = [
                    n
                    for m in x.means
                    for n in by_name.get(entry_words(m), ())
                    if n.label == "Actor" and n.kind == "state"
                ]
                if len(states) >= 2:
                    gid = f"group:~{x.line}"
                    self.members[gid] = [Membership(n.id, gid) for n in states]
                    self._group(gid, list(x.phrases))
                continue
            if x.kind == "capital":
                actors = [
                    n
                    for m in x.means
                    for n in by_name.get(entry_words(m), ())
                    if n.label in ("Actor", "Organisation")
                ]
                cities = [n for p in x.phrases for n in by_name.get(entry_words(p), ()) if n.label == "Place"]
                for city in cities:
                    if actors:
                        self.capitals[city.id] = actors[0].id
                continue
            topics = [n for m in x.means for n in by_name.get(entry_words(m), ()) if n.label == "Topic"]
            for topic in topics[:1]:
                if x.kind == "topic-list":
                    self.lists += [(topic, WordList.of(p)) for p in x.phrases]
                else:
                    self.add(topic, [(p, "curated") for p in x.phrases])

    def members_of(self, gid: str, date: str = "") -> list[str]:
        """The ids a group pseudo-node stands for at ``date`` (a year, month or day; empty:
        now): full members whose membership had begun and not ended. A member whose
        start is not known while the graph also records it as an observer or applicant
        of the group is left out (it became a member at a time the graph does not say)."""
        ms = self.members.get(gid, [])
        other = {m.member for m in ms if m.role not in FULL}
        out = []
        for m in ms:
            if m.role not in FULL or (not m.since and m.member in other):
                continue
            if date and m.since and m.since[: len(date)] > date[: len(m.since)]:
                continue
            if m.until and (not date or m.until[: len(date)] <= date[: len(m.until)]):
                continue
            out.append(m.member)
        return list(dict.fromkeys(out))

    def add(self, name: Name, extra: Sequence[tuple[str, str]] = ()) -> None:
        """Index ``name``'s name and aliases; or, given ``extra`` (text, how) pairs, only
        those (other words for a node already indexed: the curation file's)."""
        self.by_id.setdefault(name.id, name)
        texts = list(extra) if extra else [(name.name, "name")] + [(a, "alias") for a in name.aliases]
        if (name.label, name.kind) in (("Actor", "state"), ("Place", "country")):
            for text, _ in list(texts):
                # "the Republic of Kazakhstan", "the People's Republic of China"
                texts += [
                    (f"{form} of {text}", "alias")
                    for form in ("Republic", "People's Republic", "Kingdom", "State", "Islamic Republic")
                ]
                for d in DEMONYMS.get(text.strip(), ()):
                    texts.append((d, "demonym"))
                    # "the Kyrgyz Republic", "the Chinese side": the state itself, not a modifier.
                    texts += [
                        (f"{d} {w}", "alias")
                        for w in ("Republic", "Federation", "government", "side", "authorities")
                    ]
        seen = set()
        own = node_qualifier(name.name)
        for text, how in texts:
            m = _QUALIFIER.match(text)
            base, qualifier = (m.group(1), m.group(2).strip()) if m else (text, own)
            words = entry_words(base)
            if not words or (len(words) == 1 and len(words[0][0]) < 2) or all(w.isdigit() for w, _ in words):
                continue
            if words in seen:
                continue
            seen.add(words)
            self.index.setdefault(words[0][0], []).append(Entry(words, name, how, qualifier))
            self.count += 1

    def find(self, tokens: Sequence[Token], longest: int = 1 << 30) -> list[Match]:
        """Longest matches (of at most ``longest`` words), left to right, never overlapping."""
        out: list[Match] = []
        i = 0
        while i < len(tokens):
            best: list[Entry] = []
            best_len = 0
            t = tokens[i]
            for key in {t.ci, t.cs}:
                for e in self.index.get(key, ()):
                    n = len(e.words)
                    if n < best_len or n > longest or i + n > len(tokens) or not _matches(e.words, tokens, i):
                        continue
                    if e.how == "group" and (
                        not _plural(tokens[i : i + n])
                        or any(tokens[k + 1].start - tokens[k].end > 1 for k in range(i, i + n - 1))
                    ):
                        continue  # "an SCO member state" is one of them; "the SCO, member states" two
                    if n > best_len:
                        best, best_len = [], n
                    best.append(e)
            if best:
                out.append(Match(i, i + best_len, tuple(_prefer(best))))
                i += best_len
            else:
                i += 1
        return out

    def inner(self, tokens: Sequence[Token], m: Match, groups: bool = False) -> list[Match]:
        """The names inside a longer name ("SCO" and "Beijing" in "the SCO's twelfth
        (Beijing) summit"), each naming one node other than the ones ``m`` names. An
        event's name inside an event's name is its generic alias ("SCO summit" in "the
        June 2012 Beijing SCO summit"): the names inside it count instead. With
        ``groups``, words for several nodes count too ("Five Central Asian Countries" in
        "China + Five Central Asian Countries")."""
        if m.end - m.start < 2:
            return []
        outer = {e.name.id for e in m.entries}
        event = any(e.name.label == "Event" for e in m.entries)
        out = []
        for x in self.find(tokens[m.start : m.end], m.end - m.start - 1):
            x = Match(x.start + m.start, x.end + m.start, x.entries)
            if len(x.entries) == 1 and x.entries[0].name.id in outer:
                # Its own shorter alias ("annexation of Crimea" in "the Russian annexation of
                # Crimea"): the names inside that count.
                out += [y for y in self.inner(tokens, x, groups) if y.entries[0].name.id not in outer]
                continue
            if len(x.entries) != 1:
                continue
            if x.entries[0].name.label == GROUP_LABEL and not groups:
                continue
            if event and x.entries[0].name.label == "Event":
                out += [y for y in self.inner(tokens, x) if y.entries[0].name.id not in outer]
            else:
                out.append(x)
        return out


def node_qualifier(name: str) -> str:
    """Whose a node's name says it is: "Kyrgyzstan" in "Ministry of Defense (Kyrgyzstan)"
    and in "President of Kyrgyzstan"; "" when it does not say.

    >>> node_qualifier("Minister of Foreign Affairs of Kyrgyzstan"), node_qualifier("China")
    ('Kyrgyzstan', '')
    """
    m = _QUALIFIER.match(name)
    if m:
        return m.group(2).strip()
    of = re.search(r".*\b(?:of|in|to)\s+(?:the\s+)?([A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+)*)$", name)
    return of.group(1) if of else ""


def _matches(words: tuple[tuple[str, bool], ...], tokens: Sequence[Token], i: int) -> bool:
    for k, (w, case) in enumerate(words):
        t = tokens[i + k]
        if (t.cs if case else t.ci) != w:
            return False
        if not case and t.upper and len(words) == 1 and len(t.cs) <= 3 and w.isalpha():
            # A short acronym in the text ("ARF") is not the word "arf".
            return False
    return True


#: The words that say a group's words are several ("member states", "members of").
_HEADS = frozenset({"member", "state", "country", "nation", "republic", "government"})


def _plural(tokens: Sequence[Token]) -> bool:
    """Whether the last head word of a group's words is plural ("SCO member states",
    "members of the SCO"), not one of them ("an SCO member state")."""
    heads = [t for t in tokens if t.ci in _HEADS]
    word = (heads[-1] if heads else tokens[-1]).text
    return word.lower().rstrip("'\u2019").endswith("s")


def _prefer(entries: list[Entry]) -> list[Entry]:
    """One entry per node, the best way it was named; Topics only if nothing else."""
    rank = {"name": 0, "alias": 1, "acronym": 2, "demonym": 3, "curated": 4}
    by_id: dict[str, Entry] = {}
    for e in sorted(entries, key=lambda e: rank.get(e.how, 9)):
        by_id.setdefault(e.name.id, e)
    found = list(by_id.values())
    if any(e.name.label != "Topic" for e in found):
        found = [e for e in found if e.name.label != "Topic"]
    order = {lab: i for i, lab in enumerate(_LABEL_ORDER)}
    return sorted(found, key=lambda e: (order.get(e.name.label, 9), e.name.id))
