"""Where a GraphML or GEXF file's typed attribute value is not of its declared type.

networkx's readers stop at the first value they cannot convert ("could not convert
string to float: 'heavy'") without saying where it is. When one of them fails, the
file is read again with expat to find the first such value with its line and element,
so the problem names the line like every other one.
"""

from __future__ import annotations

import xml.parsers.expat
from pathlib import Path

#: Declared types and how networkx converts their text, by name in either format.
_BOOLEANS = {"true", "false", "0", "1"}
_NUMBERS = {"int": int, "long": int, "integer": int, "float": float, "double": float}


def _fits(kind: str, text: str) -> bool:
    kind = kind.lower()
    if kind == "boolean":
        return text.strip().lower() in _BOOLEANS
    convert = _NUMBERS.get(kind)
    if convert is None:
        return True  # strings and types networkx keeps as text
    try:
        convert(text)
    except ValueError:
        return False
    return True


def bad_value(path: Path) -> tuple[int, str] | None:
    """``(line, reason)`` for the first attribute value of ``path`` (GraphML ``<data>``,
    GEXF ``<attvalue>``) that its declared type cannot hold, or None when there is none
    (or the file cannot be read: the caller reports that)."""
    declared: dict[tuple[str, str], tuple[str, str]] = {}  # (for, id) -> (name, type)
    element: list[str] = []  # "node 'a'" or "edge a -> b", while inside one
    found: list[tuple[int, str]] = []
    data: list[tuple[int, str, str, str]] = []  # an open GraphML <data>: line, name, type, text
    gexf_class = ["node"]
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        line = parser.CurrentLineNumber
        if local == "key" and "attr.type" in attrs:  # GraphML
            key = attrs.get("id", "")
            declared[(attrs.get("for", "all"), key)] = (attrs.get("attr.name", key), attrs["attr.type"])
        elif local == "attributes":  # GEXF
            gexf_class[0] = attrs.get("class", "node")
        elif local == "attribute" and "type" in attrs:
            key = attrs.get("id", "")
            declared[(gexf_class[0], key)] = (attrs.get("title", key), attrs["type"])
        elif local == "node":
            element.append(f"node '{attrs.get('id', '')}'")
        elif local == "edge":
            element.append(f"edge {attrs.get('source', '')} -> {attrs.get('target', '')}")
        elif local == "data" and element:
            kind = "node" if element[-1].startswith("node") else "edge"
            decl = declared.get((kind, attrs.get("key", ""))) or declared.get(("all", attrs.get("key", "")))
            if decl:
                data.append((line, decl[0], decl[1], ""))
        elif local == "attvalue" and element and not found:
            kind = "node" if element[-1].startswith("node") else "edge"
            decl = declared.get((kind, attrs.get("for", attrs.get("id", ""))))
            value = attrs.get("value", "")
            if decl and not _fits(decl[1], value):
                found.append((line, f"{element[-1]}: '{decl[0]}' is declared {decl[1]} but holds '{value}'"))

    def text(chars: str) -> None:
        if data:
            line, name, kind, held = data[-1]
            data[-1] = (line, name, kind, held + chars)

    def end(name: str) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local in ("node", "edge") and element:
            element.pop()
        elif local == "data" and data:
            line, attr, kind, held = data.pop()
            if not found and element and not _fits(kind, held):
                found.append((line, f"{element[-1]}: '{attr}' is declared {kind} but holds '{held.strip()}'"))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.EndElementHandler = end
    try:
        with open(path, "rb") as f:
            parser.ParseFile(f)
    except (OSError, xml.parsers.expat.ExpatError):
        return None
    return found[0] if found else None
