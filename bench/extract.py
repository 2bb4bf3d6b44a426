"""Extraction benchmark: graphtool extract on the five source documents against the
bundled dataset's narrative facts.

- **Recall**: the bundled narrative relations (``import/relations-narrative.csv``) cite
  line ranges of the five documents. Each names a pair of nodes: the two ends of a
  relation between non-events, and, for relations to an event, every two nodes linked
  to the same event at lines within 2 of each other (two parties of one agreement, a
  summit's participant and its city). A pair is found when a candidate fact of the same
  document links both (they are among its entities) at lines overlapping the cited
  range widened by 2 on each side. The main measure counts the pairs of *entities*:
  pairs with a ``Claim`` (one side of a disagreement the dataset records, which no report
  names) are counted apart. Recall is given over every candidate, without the paragraph
  co-mentions (the sentence rules the issue asks for), at confidence 0.3, 0.45 and
  0.7 ("high"), over the pairs whose two names both occur in the cited lines (the rest
  are stated by reference or in other words), and without the graph's memberships
  (which read "SCO member states": they come from these documents, so a new report
  with a graph that lacks them gains less).
- **Precision**: a seeded random sample of 100 high-confidence facts (all of them when
  there are fewer), checked by hand against the text; the sample and the verdicts live
  in ``bench/extract-sample.csv`` (``yes``: the sentence states the fact with these ends,
  type and roles; ``no`` otherwise). A rerun keeps the verdicts of facts drawn again and
  leaves new ones blank (delete the file for a fresh sample). A sample of 30 facts with
  confidence 0.5 to 0.7 is in ``bench/extract-sample-mid.csv``, one of 30 paragraph
  co-mentions in ``bench/extract-sample-paragraph.csv`` and one of 30 sentence
  co-mentions in ``bench/extract-sample-comention.csv`` (for those two ``yes``: the
  paragraph, or sentence, states a link between the two, whatever its type), checked
  the same way.
- **Speed**: the seconds per document, and pages per second on a 60-page PDF made from
  the FPRI report's text (55 lines of about 95 characters a page).

The gazetteer is the bundled network's names and aliases (the five labels extract reads
from a graph) and its ``MEMBER_OF`` facts, read from ``import/*.csv`` (no database). Run
by hand, not as a test::

    python bench/extract.py            # prints the results, rewrites the sample files
    python bench/extract.py --json out.json
    python bench/extract.py --misses misses.txt   # also list the pairs not found
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import random
import re
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from graphtool.extract import HIGH, Gazetteer, Name, extract  # noqa: E402
from graphtool.extract.records import Candidates, Fact, Membership  # noqa: E402
from graphtool.extract.writing import LABELS  # noqa: E402
from graphtool.store.readers import read_paths  # noqa: E402

SOURCES = ROOT.parent / "shared" / "sources"
if not SOURCES.is_dir():
    SOURCES = Path("/work/shared/sources")
SAMPLE = Path(__file__).with_name("extract-sample.csv")
SAMPLE_SIZE = 100
#: A second, smaller sample below the high ones, for what the review page shows next.
SAMPLE_MID = Path(__file__).with_name("extract-sample-mid.csv")
MID, MID_SIZE = 0.5, 30
#: A sample of the paragraph co-mentions, for what the lowest candidates are worth.
SAMPLE_PARAGRAPH = Path(__file__).with_name("extract-sample-paragraph.csv")
PARAGRAPH_SIZE = 30
PARAGRAPH_CUE = "paragraph co-mention"
#: And of the sentence co-mentions, to compare.
SAMPLE_COMENTION = Path(__file__).with_name("extract-sample-comention.csv")
SEED = 12
WINDOW = 2


def gazetteer() -> tuple[list[Name], dict[str, str], list[Membership]]:
    """The bundled network's names (of the labels ``graphtool extract`` reads from a
    graph), the documents' files by source id, and the memberships (``MEMBER_OF`` facts
    not marked inferred), as the CLI reads them from a loaded graph."""
    data = read_paths([ROOT / "import"])
    names, files = [], {}
    for n in data.nodes:
        if n.label == "Source":
            files[n.id] = n.props.get("file", "")
            continue
        if n.label not in LABELS:
            continue  # Claims: one side of a disagreement, not a name to find
        names.append(
            Name(n.id, n.label, n.props["name"], n.props.get("kind"), tuple(n.props.get("aliases", ())))
        )
    members = [
        Membership(
            r.start, r.end, r.props.get("role", ""), r.props.get("since", ""), r.props.get("until", "")
        )
        for r in data.relations
        if r.type == "MEMBER_OF" and not r.props.get("inferred")
    ]
    return names, files, members


def _lines(loc: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"lines? (\d+)(?:-(\d+))?", loc.strip())
    return (int(m.group(1)), int(m.group(2) or m.group(1))) if m else None


def gold_pairs() -> set[tuple[frozenset[str], str, tuple[int, int]]]:
    """(pair of ids, source id, (first line, last line)) stated by the narrative facts."""
    events = {n.id for n in read_paths([ROOT / "import"]).nodes if n.label == "Event"}
    direct, by_event = set(), defaultdict(list)
    with open(ROOT / "import" / "relations-narrative.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for s, loc in zip(r["source"].split(";"), r["locator"].split(";")):
                ln = _lines(loc)
                if ln is None:
                    continue
                a, b = r["from"], r["to"]
                if a not in events and b not in events:
                    direct.add((frozenset((a, b)), s, ln))
                else:
                    e, x = (a, b) if a in events else (b, a)
                    by_event[(e, s)].append((x, ln))
    pairs = set(direct)
    for (_, s), items in by_event.items():
        for i, (x, l1) in enumerate(items):
            for y, l2 in items[i + 1 :]:
                if x != y and l1[0] <= l2[1] + WINDOW and l2[0] <= l1[1] + WINDOW:
                    pairs.add((frozenset((x, y)), s, (min(l1[0], l2[0]), max(l1[1], l2[1]))))
    return pairs


def candidate_pairs(
    c: Candidates, min_conf: float = 0.0, keep: Callable[[Fact], bool] | None = None
) -> dict[frozenset[str], list[tuple[int, int]]]:
    """The pairs the candidates link, with the lines: the entities of one fact, and, as
    for the gold pairs, two nodes linked to one event at lines within 2 of each other."""
    found: dict[frozenset[str], list[tuple[int, int]]] = defaultdict(list)
    events = {r.cells["id"] for f in c.facts for r in f.rows if r.file == "events"}
    by_event = defaultdict(list)
    for f in c.facts:
        if f.confidence < min_conf or (keep is not None and not keep(f)):
            continue
        ln = _lines(f.locator)
        if ln is None:
            continue
        ents = list(f.entities)
        for i, a in enumerate(ents):
            for b in ents[i + 1 :]:
                found[frozenset((a, b))].append(ln)
        for r in f.rows:
            if r.file != "relations":
                continue
            a, b = r.cells["from"], r.cells["to"]
            if a in events or b in events or r.cells["type"] in ("PARTICIPATED_IN", "HELD_IN"):
                e, x = (a, b) if (a in events or r.cells["type"] == "HELD_IN") else (b, a)
                by_event[e].append((x, ln))
    for items in by_event.values():
        for i, (x, l1) in enumerate(items):
            for y, l2 in items[i + 1 :]:
                if x != y and l1[0] <= l2[1] + WINDOW and l2[0] <= l1[1] + WINDOW:
                    found[frozenset((x, y))].append((min(l1[0], l2[0]), max(l1[1], l2[1])))
    return found


def recall(gold, results, min_conf=0.0, subset=None, keep=None) -> tuple[int, int]:
    """(pairs found, pairs) of ``gold`` (within ``subset``) by the candidates of
    ``results`` with confidence ``min_conf`` or more (and that ``keep`` keeps)."""
    pairs = {sid: candidate_pairs(c, min_conf, keep) for sid, c in results.items()}
    hit = total = 0
    for pair, sid, (a, b) in gold:
        if subset is not None and (pair, sid, (a, b)) not in subset:
            continue
        total += 1
        spans = pairs.get(sid, {}).get(pair, [])
        if any(x <= b + WINDOW and y >= a - WINDOW for x, y in spans):
            hit += 1
    return hit, total


def misses(gold, results, names: list[Name], texts: dict[str, list[str]], named) -> str:
    """The gold pairs no candidate finds, by document and line: the two ids with their
    names, whether both are named in the lines, the cited lines widened by 2, and the
    lines where candidates do pair the two (elsewhere in the document)."""
    by_id = {n.id: n.name for n in names}
    pairs = {sid: candidate_pairs(c) for sid, c in results.items()}
    out = []
    for pair, sid, (a, b) in sorted(gold, key=lambda g: (g[1], g[2], sorted(g[0]))):
        spans = pairs.get(sid, {}).get(pair, [])
        if any(x <= b + WINDOW and y >= a - WINDOW for x, y in spans):
            continue
        ids = sorted(pair)
        head = " + ".join(f"{i} ({by_id.get(i, '?')})" for i in ids)
        tag = "named" if (pair, sid, (a, b)) in named else "not named"
        out.append(f"== {sid} lines {a}-{b}: {head} [{tag}]")
        if spans:
            out.append(
                "   paired elsewhere at lines " + ", ".join(f"{x}-{y}" for x, y in sorted(set(spans))[:6])
            )
        for k in range(max(1, a - WINDOW), min(len(texts[sid]), b + WINDOW) + 1):
            out.append(f"   {k:5d}| {texts[sid][k - 1]}")
    return "\n".join(out) + "\n"


def named_in_text(gold, names: list[Name], texts: dict[str, list[str]]):
    """The gold pairs whose two nodes are named (any name or alias, any case) in the
    cited lines widened by 2."""
    by_id = defaultdict(list)
    for n in names:
        by_id[n.id] += [n.name, *n.aliases]
    keep = set()
    for pair, sid, (a, b) in gold:
        window = " ".join(texts[sid][max(0, a - 1 - WINDOW) : b + WINDOW]).lower()
        window = re.sub(r"-\s+", "", window)
        if all(any(x and re.sub(r"\s*\(.*\)$", "", x).lower() in window for x in by_id[i]) for i in pair):
            keep.add((pair, sid, (a, b)))
    return keep


def describe(f) -> str:
    """A fact's rows in a few words: ``kg MEMBER_OF sco [member]; ...``."""
    parts = []
    for r in f.rows:
        c = r.cells
        if r.file == "relations":
            role = f" [{c['role']}]" if c.get("role") else ""
            since = f" since {c['since']}" if c.get("since") else ""
            parts.append(f"{c['from']} {c['type']} {c['to']}{role}{since}")
        else:
            parts.append(f"new {r.file[:-1]} {c['id']} ({c['kind']}, {c.get('date') or 'no date'})")
    return "; ".join(parts)


def fact_key(sid: str, f: Fact) -> str:
    """What identifies a fact across runs: its report, locator, rows and sentence (two
    sentences of one line may propose the same rows)."""
    digest = hashlib.sha1(f.sentence.encode("utf-8")).hexdigest()[:8]
    return f"{sid}|{f.locator}|{describe(f)}|{digest}"


def sample(
    results: dict[str, Candidates],
    path: Path = SAMPLE,
    low: float = HIGH,
    high: float = 1.01,
    size: int = SAMPLE_SIZE,
    keep: Callable[[Fact], bool] | None = None,
) -> list[dict[str, str]]:
    """Draw (seeded) up to ``size`` facts with ``low <= confidence < high`` (that ``keep``
    keeps), keep the verdicts already in ``path`` for facts drawn again, and rewrite
    ``path``."""
    pool = [
        (sid, f)
        for sid, c in sorted(results.items())
        for f in c.facts
        if low <= f.confidence < high and (keep is None or keep(f))
    ]
    drawn = random.Random(SEED).sample(pool, min(size, len(pool)))
    old = {}
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            old = {r["key"]: r for r in csv.DictReader(fh)}
    rows = []
    for n, (sid, f) in enumerate(
        sorted(drawn, key=lambda x: (x[0], _lines(x[1].locator) or (0, 0), x[1].id)), 1
    ):
        key = fact_key(sid, f)
        prior = old.get(key, {})
        rows.append(
            {
                "n": str(n),
                "key": key,
                "doc": sid,
                "locator": f.locator,
                "type": f.type,
                "cue": f.cue,
                "confidence": f"{f.confidence:.2f}",
                "verdict": prior.get("verdict", ""),
                "why": prior.get("why", ""),
            }
        )
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["n"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows


def speed(names: list[Name], members: list[Membership]) -> dict[str, float]:
    """Pages per second on a 60-page PDF of the FPRI report's text."""
    from pdfmake import make_pdf

    text = (SOURCES / "002_f87dd54bf69b852b.txt").read_text(encoding="utf-8")
    lines = [w for para in text.splitlines() for w in (textwrap.wrap(para, 95) or [""])]
    pages = [lines[i : i + 55] for i in range(0, 60 * 55, 55)]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "fpri-60-pages.pdf"
        pdf.write_bytes(make_pdf(pages))
        gaz = Gazetteer(names, members)
        t0 = time.perf_counter()
        c = extract(pdf, gaz)
        seconds = time.perf_counter() - t0
    return {
        "pages": c.source.pages,
        "seconds": round(seconds, 2),
        "pages_per_second": round(c.source.pages / seconds, 1),
        "facts": len(c.facts),
    }


def _judged(rows: list[dict[str, str]]) -> dict[str, int | float | None]:
    judged = [r for r in rows if r["verdict"] in ("yes", "no")]
    correct = sum(r["verdict"] == "yes" for r in judged)
    return {
        "sample": len(rows),
        "judged": len(judged),
        "correct": correct,
        "precision": round(correct / len(judged), 3) if judged else None,
    }


def _share(hits: tuple[int, int]) -> dict[str, float | int]:
    return {"found": hits[0], "of": hits[1], "recall": round(hits[0] / max(1, hits[1]), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--misses", type=Path, help="also write the entity pairs not found, with their lines")
    args = parser.parse_args()
    names, files, members = gazetteer()
    gaz = Gazetteer(names, members)
    results, texts, seconds = {}, {}, {}
    for sid, file in sorted(files.items()):
        path = SOURCES / file
        t0 = time.perf_counter()
        results[sid] = extract(path, gaz)
        seconds[sid] = round(time.perf_counter() - t0, 3)
        texts[sid] = path.read_text(encoding="utf-8").split("\n")
    bare = Gazetteer(names)  # no memberships: "SCO member states" is not read
    without = {sid: extract(SOURCES / file, bare) for sid, file in sorted(files.items())}
    labels = {n.id: n.label for n in read_paths([ROOT / "import"]).nodes}
    every = gold_pairs()
    gold = {g for g in every if all(labels.get(i) != "Claim" for i in g[0])}
    named = named_in_text(gold, names, texts)

    def sentences(f: Fact) -> bool:
        return f.cue != PARAGRAPH_CUE

    def paragraphs(f: Fact) -> bool:
        return f.cue == PARAGRAPH_CUE

    def co_mentions(f: Fact) -> bool:
        return f.cue == "co-mention"

    by_doc = {}
    for sid in sorted(results):
        hit, total = recall({g for g in gold if g[1] == sid}, results)
        hit_named, total_named = recall({g for g in named if g[1] == sid}, results)
        by_doc[sid] = {
            "pairs": total,
            "recall": round(hit / max(1, total), 3),
            "named": total_named,
            "recall_named": round(hit_named / max(1, total_named), 3),
        }
    cues: dict[str, int] = defaultdict(int)
    for c in results.values():
        for f in c.facts:
            cues[f.cue if f.cue in (PARAGRAPH_CUE, "co-mention") else "other rules"] += 1
    out = {
        "gold_pairs_with_claims": len(every),
        "gold_pairs": len(gold),
        "recall_with_claims": _share(recall(every, results)),
        "recall": _share(recall(gold, results)),
        "recall_sentence_rules": _share(recall(gold, results, keep=sentences)),
        "recall_at_0.3": _share(recall(gold, results, 0.3)),
        "recall_at_0.45": _share(recall(gold, results, 0.45)),
        "recall_high": _share(recall(gold, results, HIGH)),
        "recall_without_memberships": _share(recall(gold, without)),
        "named_pairs": len(named),
        "recall_named": _share(recall(gold, results, subset=named)),
        "by_document": by_doc,
        "facts": {sid: len(c.facts) for sid, c in results.items()},
        "facts_by_cue": dict(sorted(cues.items())),
        "high_facts": {sid: sum(f.confidence >= HIGH for f in c.facts) for sid, c in results.items()},
        "new_entities": {sid: sum(e.new for e in c.entities) for sid, c in results.items()},
        "seconds": seconds,
        "precision_high": _judged(sample(results)),
        "mid_facts": sum(MID <= f.confidence < HIGH for c in results.values() for f in c.facts),
        "precision_mid": _judged(sample(results, SAMPLE_MID, MID, HIGH, MID_SIZE)),
        "precision_paragraph": _judged(
            sample(results, SAMPLE_PARAGRAPH, 0.0, 1.01, PARAGRAPH_SIZE, keep=paragraphs)
        ),
        "precision_co_mention": _judged(
            sample(results, SAMPLE_COMENTION, 0.0, 1.01, PARAGRAPH_SIZE, keep=co_mentions)
        ),
        "speed": speed(names, members),
    }
    print(json.dumps(out, indent=2))
    if args.misses:
        args.misses.write_text(misses(gold, results, names, texts, named), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
