"""One report to its candidates: read, split, find names (known and new), propose facts.

The steps, each in its own module: :mod:`~graphtool.extract.reading` (lines),
:mod:`~graphtool.extract.tables` (tables, set apart), :mod:`~graphtool.extract.sentences`,
:mod:`~graphtool.extract.gazetteer` (known names, a first pass),
:mod:`~graphtool.extract.discover` (acronym definitions and new names, from what the
first pass left), the gazetteer again with the new names, then
:mod:`~graphtool.extract.facts` per sentence and the membership tables.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from .comention import JOINED, TOGETHER, WHOSE, WITHIN, Inner
from .dates import find_dates
from .discover import STOP, capitalised_runs, find_definitions, guess_kind
from .facts import FILES, FactMaker, score
from .gazetteer import GROUP_LABEL, Entry, Gazetteer, Match, Token, entry_words, node_qualifier, tokenize
from .grammar import REFERENCE, Found, citation_spans
from .grammar import uncited as citation_free
from .reading import read_document
from .records import Candidates, Document, Entity, Line, Name, Row, Sentence, Source, locator
from .sentences import split_sentences
from .tablefacts import caption_facts, matrix_facts
from .tables import find_tables, table_lines

_ID_SLUG = re.compile(r"[^a-z0-9]+")
_REFERENCES = re.compile(r"(?i)(?:[0-9.]+\s*)?(?:references|bibliography|works cited|sources cited|endnotes)")


def extract(
    path: Path | str,
    gazetteer: Iterable[Name] | Gazetteer | None = None,
    *,
    dataset: str | None = None,
) -> Candidates:
    """Read one report and propose cited candidate facts.

    Parameters:
        path: a plain text, Markdown or PDF file.
        gazetteer: the known nodes (:class:`~graphtool.extract.records.Name` records, or
            a :class:`~graphtool.extract.gazetteer.Gazetteer` built from them once for
            several reports); none: only new names are found.
        dataset: prefix of every new id (default: the report's source id).

    Returns:
        The :class:`~graphtool.extract.records.Candidates`: the report's source row,
        every entity found with its mentions, the facts and the tables.

    Raises:
        ReportUnreadable: the file is empty, binary, not UTF-8 or a PDF without text.
    """
    t0 = time.perf_counter()
    gaz = gazetteer if isinstance(gazetteer, Gazetteer) else Gazetteer(gazetteer or ())
    doc = read_document(path)
    sid = doc.source_id
    prefix = dataset or sid
    tables = find_tables(doc)
    in_tables = table_lines(tables)
    skip = {i for i, x in enumerate(doc.lines) if (x.page, x.number) in in_tables}
    sentences = split_sentences(doc, skip)
    tokens = [tokenize(s.text) for s in sentences]
    first = [gaz.find(t) for t in tokens]

    local = _Local(gaz, prefix)
    for d in find_definitions([s.text for s in sentences]):
        local.definition(d.long, d.short, d.sentence)
    for k, (toks, matches) in enumerate(zip(tokens, first)):
        covered = {i for m in matches for i in range(m.start, m.end)}
        cited = citation_spans(sentences[k].text)
        covered |= {i for i, t in enumerate(toks) if any(a <= t.start < b for a, b in cited)}
        for start, end, titled in capitalised_runs(toks, covered):
            local.candidate(toks, start, end, titled, k)
    local.settle()

    maker = FactMaker(sid, prefix, doc.lines, local.gaz)
    maker.main = _main_organisation(first, gaz)
    maker.reference_paragraphs = {s.paragraph for s in sentences if REFERENCE.search(citation_free(s.text))}
    maker.references = next(
        (s.index for s in sentences if _REFERENCES.fullmatch(s.text.strip())), len(sentences)
    )
    mentions: dict[str, list[tuple[int, Line]]] = {}
    for s, toks in zip(sentences, tokens):
        found, inner = local.found(s, toks, doc, mentions)
        maker.sentence(s, found, inner)
    maker.end_paragraph()
    facts = maker.facts
    facts += matrix_facts(tables, local.lookup, local.gaz.by_id, sid, len(facts))
    facts += caption_facts(tables, local.gaz, sid, len(facts))
    for t in tables:
        for line, row in zip(t.lines, t.rows):
            for cell in row:
                for m in local.gaz.find(tokenize(cell)):
                    if len(m.entries) == 1 and m.entries[0].name.label != GROUP_LABEL:
                        mentions.setdefault(m.entries[0].name.id, []).append((-1, line))
    entities = local.entities(mentions, sid)
    source = Source(
        sid, doc.title, doc.path.name, doc.size, doc.sha256, doc.format, doc.pages, len(doc.lines)
    )
    stats = {
        "seconds": round(time.perf_counter() - t0, 3),
        "lines": len(doc.lines),
        "pages": doc.pages,
        "sentences": len(sentences),
        "tables": len(tables),
        "ambiguous": local.ambiguous,
    }
    return Candidates(source, tuple(entities), tuple(facts), tuple(tables), len(sentences), stats)


class _Local:
    """The gazetteer for one report: the given one plus the report's new names."""

    def __init__(self, base: Gazetteer, prefix: str) -> None:
        self.base = base
        self.gaz = Gazetteer()
        self.gaz.index = {k: list(v) for k, v in base.index.items()}
        self.gaz.by_id = dict(base.by_id)
        self.gaz.members = base.members
        self.gaz.lists = base.lists
        self.gaz.capitals = base.capitals
        self.prefix = prefix
        self.new: dict[str, dict] = {}  # new id -> {name, label, kind, aliases, cue, sure}
        self.new_aliases: dict[str, list[str]] = {}
        self.runs: dict[tuple, dict] = {}  # folded words -> {text, count, titled, label, kind, sure}
        self.lookup_cache: dict[str, set[str]] = {}
        self.ambiguous = 0
        #: The office a person was named with so far in the report, where only one office
        #: has that name (person id -> office id): "President Hu Jintao" later is that office.
        self.held: dict[str, str] = {}
        self.taken = {i.lower() for i in base.by_id}
        #: Names several nodes share, read as several of them (the nodes of a name -> the
        #: ones it stood for): the next mention is those again.
        self.shared: dict[frozenset[str], list[Entry]] = {}

    # -- the gazetteer's view ---------------------------------------------------------
    def lookup(self, text: str) -> set[str]:
        """Ids of the nodes a whole text names."""
        if text not in self.lookup_cache:
            toks = tokenize(text)
            ids: set[str] = set()
            for m in self.gaz.find(toks):
                if m.start == 0 and m.end == len(toks):
                    ids |= {e.name.id for e in m.entries if e.name.label != GROUP_LABEL}
            self.lookup_cache[text] = ids
        return self.lookup_cache[text]

    # -- new names ---------------------------------------------------------------------
    def definition(self, long: str, short: str, sentence: int) -> None:
        ids_long, ids_short = self.lookup(long), self.lookup(short)
        if ids_long and ids_short:
            return
        if len(ids_long) == 1:
            self._alias(next(iter(ids_long)), short, "acronym")
        elif len(ids_short) == 1:
            self._alias(next(iter(ids_short)), long, "alias")
        elif not ids_long and not ids_short:
            label, kind, _ = guess_kind(long)
            if label in ("Actor", "Organisation"):
                self._new(long, label, kind, (short,), "acronym definition", 0.7)

    def _alias(self, nid: str, text: str, how: str) -> None:
        name = self.gaz.by_id[nid]
        self.new_aliases.setdefault(nid, []).append(text)
        words = entry_words(text)
        if words:
            self.gaz.index.setdefault(words[0][0], []).append(Entry(words, name, how))
            self.lookup_cache.clear()

    def candidate(self, toks: list[Token], start: int, end: int, titled: bool, sentence: int) -> None:
        text = " ".join(t.text for t in toks[start:end]).rstrip("'\u2019")
        key = tuple(t.ci for t in toks[start:end])
        run = self.runs.setdefault(key, {"text": text, "count": 0, "titled": titled, "initial": True})
        run["count"] += 1
        run["titled"] = run["titled"] or titled
        run["initial"] = run["initial"] and start == 0

    def settle(self) -> None:
        """Decide which runs of capitalised words become new entities."""
        for key, run in list(self.runs.items()):
            # "Later Asel Omurbekova" opening a sentence is "Asel Omurbekova" found elsewhere.
            if run["initial"] and len(key) >= 3 and key[1:] in self.runs:
                self.runs[key[1:]]["count"] += run["count"]
                del self.runs[key]
        for key, run in sorted(self.runs.items(), key=lambda kv: kv[1]["text"]):
            label, kind, sure = guess_kind(run["text"], after_title=run["titled"])
            if label not in ("Actor", "Organisation") or all(w in STOP for w in key):
                continue
            if self.lookup(run["text"]):
                continue
            if re.search(r"[\u2019']s$", run["text"]) or run["text"].endswith((" Asian", " Asians")):
                continue
            if sure and (kind != "person" or run["count"] >= 2) and (run["count"] >= 2 or kind != "office"):
                self._new(run["text"], label, kind, (), "name shape" if not run["titled"] else "title", 0.6)
            elif run["count"] >= 2:
                self._new(run["text"], label, kind, (), "repeated capitalised name", 0.4)

    def _new(
        self, name: str, label: str, kind: str, aliases: tuple[str, ...], cue: str, confidence: float
    ) -> None:
        slug = _ID_SLUG.sub("-", name.lower()).strip("-")[:60] or "entity"
        nid, n = f"{self.prefix}-{slug}", 1
        while nid.lower() in self.taken:
            n += 1
            nid = f"{self.prefix}-{slug}-{n}"
        self.taken.add(nid.lower())
        self.new[nid] = {
            "name": name,
            "label": label,
            "kind": kind,
            "aliases": aliases,
            "cue": cue,
            "confidence": confidence,
        }
        self.gaz.add(Name(nid, label, name, kind, aliases))
        self.lookup_cache.clear()

    # -- second pass ---------------------------------------------------------------------
    def found(
        self, s: Sentence, toks: list[Token], doc: Document, mentions: dict[str, list[tuple[int, Line]]]
    ) -> tuple[list[Found], list[Inner]]:
        """The entities of one sentence (first mention each), recording every mention;
        and the names within names and the names that only say whose another is
        (:data:`~graphtool.extract.comention.Inner`)."""
        cited = citation_spans(s.text)
        matches = [m for m in self.gaz.find(toks) if not any(a <= toks[m.start].start < b for a, b in cited)]
        picked: list[tuple[Match, Entry, bool]] = []
        context = {x.entries[0].name.id for x in matches if len(x.entries) == 1}
        # Offices read as the one their person held before, names read as several nodes:
        # referred to, not named (weak, ``via`` the words).
        remembered: set[int] = set()
        for i, m in enumerate(matches):
            entry, weak = self._resolve(m, i, matches, toks, context)
            if entry is None:
                entry = self._held(m, i, matches)
                if entry is None:
                    several = self._several(m, context)
                    if not several:
                        self.ambiguous += 1
                    for e in several:
                        remembered.add(len(picked))
                        picked.append((m, e, True))
                    continue
                weak = True
                remembered.add(len(picked))
            picked.append((m, entry, weak))
        for (m, e, _), (n, p, _) in zip(picked, picked[1:]):
            if m.end == n.start and e.name.kind == "office" and p.name.kind == "person":
                self.held[p.name.id] = e.name.id
        out: dict[str, Found] = {}
        inner: list[Inner] = []
        for i, (m, entry, weak) in enumerate(picked):
            nid = entry.name.id
            start, end = toks[m.start].start, toks[m.end - 1].end
            if entry.name.label == GROUP_LABEL:
                # "SCO member states": the SCO is named; its members are read later.
                if nid[6:] in self.gaz.by_id:
                    mentions.setdefault(nid[6:], []).append((s.index, doc.lines[s.line_at(start)]))
                said = s.text[start:end].rstrip("'\u2019")  # "member countries' heads"
                out.setdefault(nid, Found(nid, GROUP_LABEL, said, start, start + len(said)))
                continue
            mentions.setdefault(nid, []).append((s.index, doc.lines[s.line_at(start)]))
            if i in remembered:
                # "President" before Hu Jintao: the office he was named with before. Only
                # as sure as a name referred to (its note says so; never high).
                said = s.text[start:end]
                f = _found(entry, start, end, True)
                out.setdefault(nid, Found(f.id, f.label, f.name, start, end, True, f.kind, via=said))
                continue
            inner += self._within(toks, m, _found(entry, start, end, weak), s.text)
            whose = self._qualifies(i, picked, toks)
            if whose is not None:
                qm, qe, qweak = picked[whose]
                q0, q1 = toks[qm.start].start, toks[qm.end - 1].end
                # Whose a body is: part of a state ("border guards in Kyrgyzstan"), located
                # in a place ("the Academy of Armed Police in Beijing").
                word = ("in" if entry.name.label == "Place" else "of") if whose < i else ""
                inner.append((_found(qe, q0, q1, qweak), _found(entry, start, end, weak), word, WHOSE))
                if _coordinated(i, picked, toks, s.text):
                    # "border guards in Kyrgyzstan and Tajikistan": Kyrgyzstan says whose the
                    # guards are, and is named with Tajikistan.
                    nm, ne, nweak = picked[i + 1]
                    n0, n1 = toks[nm.start].start, toks[nm.end - 1].end
                    pair = (_found(entry, start, end, weak), _found(ne, n0, n1, nweak), "", JOINED)
                    inner.append(pair)
                continue
            if nid in out:
                prior = out[nid]
                out[nid] = Found(
                    prior.id,
                    prior.label,
                    prior.name,
                    prior.start,
                    prior.end,
                    prior.weak,
                    prior.kind,
                    (*prior.also, start),
                )
            else:
                out[nid] = _found(entry, start, end, weak)
        for topic, words in self.gaz.lists:
            for a, b in words.spans(s.text):
                if not any(x <= a < y for x, y in cited):
                    mentions.setdefault(topic.id, []).append((s.index, doc.lines[s.line_at(a)]))
                    out.setdefault(topic.id, Found(topic.id, topic.label, topic.name, a, b))
        found = sorted(out.values(), key=lambda f: f.start)
        return found, inner

    def _within(self, toks: list[Token], m: Match, outer: Found, text: str) -> list[Inner]:
        """The names inside a name, with the word before each, and inside those in turn
        ("SCO RATS" in "SCO RATS Executive Committee" in "Director of the SCO RATS
        Executive Committee"): the name says how they are linked; and the names inside
        one name with each other ("China" and "Kazakhstan" in "China-Kazakhstan
        Committee"). Words inside a name that stand for several ("Five Central Asian
        Countries" in "China + Five Central Asian Countries", "SCO Member States" in
        "Meeting of Interior Ministers of the SCO Member States") stand for each, as
        :mod:`~graphtool.extract.collectives` reads them (weak, ``via`` the words)."""
        out: list[Inner] = []
        within = []
        for x in self.gaz.inner(toks, m, groups=True):
            a, b = toks[x.start].start, toks[x.end - 1].end
            word = toks[x.start - 1].ci if x.start > m.start else ""
            group = x.entries[0].name
            if group.label == GROUP_LABEL:
                if group.id == "group:":
                    continue  # "member states" of no organisation named: nothing to read
                # "China + Five Central Asian Countries": the states the words stand for (the
                # members at the sentence's first date).
                said = " ".join(t.text for t in toks[x.start : x.end]).rstrip("'\u2019")
                dates = find_dates(citation_free(text))
                for nid in self.gaz.members_of(group.id, dates[0].date if dates else ""):
                    n = self.gaz.by_id[nid]
                    f = Found(n.id, n.label, n.name, a, b, True, n.kind or "", via=said)
                    out.append((outer, f, word, WITHIN))
                continue
            within.append(_found(x.entries[0], a, b, False))
            out.append((outer, within[-1], word, WITHIN))
            out += self._within(toks, x, within[-1], text)
        out += [(p, q, "", TOGETHER) for k, p in enumerate(within) for q in within[k + 1 :] if p.id != q.id]
        return out

    def _quals(self, e: Entry) -> set[str]:
        """The nodes a name's qualifier names: the whole qualifier ("Kyrgyzstan"), else
        the names in it ("China-Kyrgyzstan": China and Kyrgyzstan; "SCO meeting": the SCO)."""
        if not e.qualifier:
            return set()
        return self.lookup(e.qualifier) or self.names_in(e.qualifier)

    def names_in(self, text: str) -> set[str]:
        """Ids of the nodes named (by one node each) anywhere in a text."""
        key = "\0" + text
        if key not in self.lookup_cache:
            found = self.gaz.find(tokenize(text))
            self.lookup_cache[key] = {
                m.entries[0].name.id
                for m in found
                if len(m.entries) == 1 and m.entries[0].name.label != GROUP_LABEL
            }
        return self.lookup_cache[key]

    def _resolve(
        self, m: Match, i: int, matches: list[Match], toks: list[Token], context: set[str]
    ) -> tuple[Entry | None, bool]:
        """The entry a match names, and whether the context (not the words next to it)
        decided; None when several nodes share the name and nothing tells them apart.
        ``context``: the sentence's unambiguous names. A name whose one node is some
        state's ("Foreign Minister (Russia)") next to another state ("Chinese Foreign
        Minister", "the Embassy in Kyrgyzstan") is not that node: None too."""
        near: set[str] = set()
        if i > 0 and matches[i - 1].end == m.start:
            near |= {e.name.id for e in matches[i - 1].entries}
        if i + 1 < len(matches) and m.end < len(toks) and toks[m.end].ci in ("of", "in"):
            gap = matches[i + 1].start - m.end
            if gap == 1 or (gap == 2 and toks[m.end + 1].ci == "the"):
                near |= {e.name.id for e in matches[i + 1].entries}
        if len(m.entries) == 1:
            whose = self._quals(m.entries[0])
            states = {x for x in near if (n := self.gaz.by_id.get(x)) and n.kind == "state"}
            if whose and states and not whose & states:
                return None, False
            return m.entries[0], False
        hits = [e for e in m.entries if self._quals(e) & near]
        if len(hits) == 1:
            return hits[0], False
        hits = [e for e in m.entries if self._quals(e) & context]
        if len(hits) == 1:
            return hits[0], True
        if not hits:
            # What the sentence's names are of says it: "Ministers of Defense" next to
            # "Prosecutors-General (SCO meeting)" is the SCO meeting, not a state's minister.
            wider = context | {q for x in context for q in self._quals_of(x)}
            hits = [e for e in m.entries if self._quals(e) & wider]
            if len(hits) == 1:
                return hits[0], True
        return None, False

    def _quals_of(self, nid: str) -> set[str]:
        """What a node's own qualifier names ("SCO meeting": the SCO)."""
        name = self.gaz.by_id.get(nid)
        own = node_qualifier(name.name) if name is not None else ""
        return (self.lookup(own) or self.names_in(own)) if own else set()

    def _several(self, m: Match, context: set[str]) -> list[Entry]:
        """The nodes a name several bodies of two share stands for when the sentence
        names both parties of each: "a new cross-departmental mechanism was introduced
        between PRC-Kyrgyzstan and PRC-Kazakhstan" is both mechanisms (qualified
        "China-Kyrgyzstan" and "China-Kazakhstan"); or the nodes the report read the same
        name as before ("This cross-departmental mechanism is headed by ..."). Empty
        when neither. A name of one party each ("President" in "President Jiang Zemin
        visited Uzbekistan, Kyrgyzstan and Kazakhstan") is not read so: one of them is
        meant."""
        key = frozenset(e.name.id for e in m.entries)
        told = [e for e in m.entries if len(q := self._quals(e)) >= 2 and q <= context]
        if len(told) >= 2:
            self.shared[key] = told
            return told
        return self.shared.get(key, [])

    def _held(self, m: Match, i: int, matches: list[Match]) -> Entry | None:
        """The entry of an office name several offices share, read as the one the person
        named right after it held when the report named them together before; or None."""
        if i + 1 >= len(matches) or matches[i + 1].start != m.end or len(matches[i + 1].entries) != 1:
            return None
        office = self.held.get(matches[i + 1].entries[0].name.id)
        return next((e for e in m.entries if e.name.id == office), None)

    def _qualifies(self, i: int, picked: list[tuple[Match, Entry, bool]], toks: list[Token]) -> int | None:
        """The index of the name a name only says whose it is: "Kyrgyz" in "the Kyrgyz
        Ministry of Defence", "China" in "the Ministry of Public Security of China"; None
        when it says no such thing."""
        m, entry, _ = picked[i]
        state = entry.name.label == "Actor" and entry.name.kind == "state"
        if i + 1 < len(picked) and picked[i + 1][0].start == m.end:
            nxt = picked[i + 1][1]
            if entry.name.id in self._quals(nxt) or (state and not self._quals(nxt) and _part(nxt)):
                return i + 1
        if i > 0:
            pm, pe, _ = picked[i - 1]
            gap = m.start - pm.end
            if 1 <= gap <= 2 and toks[pm.end].ci in ("of", "in"):
                if entry.name.id in self._quals(pe) or (state and not self._quals(pe) and _part(pe)):
                    return i - 1
        return None

    # -- results ---------------------------------------------------------------------------
    def entities(self, mentions: dict[str, list[tuple[int, Line]]], sid: str) -> list[Entity]:
        out = []
        for nid, found in mentions.items():
            lines = sorted(
                {(x.page or 0, x.number): x for _, x in found}.values(), key=lambda x: (x.page or 0, x.number)
            )
            locs = tuple(locator([x]) for x in lines)
            name = self.gaz.by_id[nid]
            new = self.new.get(nid)
            row = None
            confidence, cue = 1.0, "gazetteer"
            if new is not None:
                confidence = min(0.9, new["confidence"] + (0.1 if len(found) >= 3 else 0.0))
                cue = new["cue"]
                row = Row(
                    FILES[name.label],
                    {
                        "id": nid,
                        "name": name.name,
                        "kind": name.kind or "",
                        "aliases": ";".join(name.aliases),
                        "source": ";".join([sid] * len(locs)),
                        "locator": ";".join(locs),
                        "confidence": score(confidence),
                        "cue": cue,
                        "note": "kind guessed by graphtool extract",
                    },
                )
            out.append(
                Entity(
                    id=nid,
                    label=name.label,
                    kind=name.kind or "",
                    name=name.name,
                    new=new is not None,
                    mentions=len(found),
                    first_locator=locs[0],
                    locators=locs,
                    confidence=confidence,
                    cue=cue,
                    aliases=name.aliases,
                    new_aliases=tuple(dict.fromkeys(self.new_aliases.get(nid, ()))),
                    row=row,
                )
            )
        return sorted(out, key=lambda e: (-e.mentions, e.id))


def _main_organisation(matches: list[list[Match]], gaz: Gazetteer) -> Found | None:
    """The organisation the report names most (at least three times), or None."""
    counts: dict[str, int] = {}
    for ms in matches:
        for m in ms:
            if len(m.entries) == 1 and m.entries[0].name.label == "Organisation":
                counts[m.entries[0].name.id] = counts.get(m.entries[0].name.id, 0) + 1
    if not counts:
        return None
    best = max(sorted(counts), key=lambda k: counts[k])
    if counts[best] < 3:
        return None
    n = gaz.by_id[best]
    return Found(n.id, n.label, n.name, -1, -1, True, n.kind or "")


def _found(entry: Entry, start: int, end: int, weak: bool) -> Found:
    n = entry.name
    return Found(n.id, n.label, n.name, start, end, weak or entry.how == "demonym", n.kind or "")


#: What joins two names of one list: "X and Y", "X, Y", "X or Y", "X (2003) and Y".
#: Stricter than :data:`graphtool.extract.grammar._LIST_GAP`, which also takes names
#: side by side: here a comma or a joining word must stand between.
_AND = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)(?:the\s+)?")


def _coordinated(i: int, picked: Sequence[tuple[Match, Entry, bool]], toks: list[Token], text: str) -> bool:
    """Whether the name ``i`` is joined by "and" (or a comma) to the next name, of the
    same label and kind: "Kyrgyzstan and Tajikistan"."""
    if i + 1 >= len(picked):
        return False
    (m, e, _), (n, f, _) = picked[i], picked[i + 1]
    if (e.name.label, e.name.kind) != (f.name.label, f.name.kind) or n.start <= m.start:
        return False
    return bool(_AND.fullmatch(text[toks[m.end - 1].end : toks[n.start].start]))


def _part(e: Entry) -> bool:
    """A node that belongs to a state: "the Ministry of Emergency Situations of Kyrgyzstan"."""
    return e.name.label == "Actor" and e.name.kind in ("agency", "office", "unit", "institution")
