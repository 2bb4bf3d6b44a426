"""What a Cypher statement would change, read from its text before it is sent.

The second line of graphtool's read-only guarantee (the first is the server's: reads
run as an account, or in transactions, that cannot write): :func:`write_reason` names
what a statement does that must not run without ``--write``, so the refusal comes
before anything reaches the database and says why. Pure and lexical: strings,
comments and backquoted names are skipped, and so are property keys, labels, types,
parameters and map keys that happen to be keywords.
"""

from __future__ import annotations

import re

# Strings, comments and backquoted names, which hold no keywords.
_INERT = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ADMIN_OBJECTS = {"USER", "USERS", "ROLE", "ROLES", "DATABASE", "DATABASES", "ALIAS", "SERVER",
                  "PRIVILEGE", "PRIVILEGES", "COMPOSITE"}
_SCHEMA_OBJECTS = {"INDEX", "CONSTRAINT"}
_ADMIN_VERBS = {"ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "START", "STOP", "ENABLE",
                "DEALLOCATE", "REALLOCATE"}
_WRITE_CLAUSES = {"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "FOREACH", "DROP"}


def _keywords(text: str) -> list[str]:
    """The statement's keywords in order, upper case: words outside strings, comments
    and backquotes that are not property keys (``n.set``), labels or types (``:Create``),
    parameters (``$merge``) or map keys (``{delete: 1}``)."""
    code = _INERT.sub(" ", text)
    words: list[str] = []
    for m in _WORD.finditer(code):
        before = code[: m.start()].rstrip()[-1:]
        after = code[m.end():].lstrip()[:1]
        if before in (".", ":", "$") or (after == ":" and before in ("{", ",")):
            continue
        words.append(m.group().upper())
    return words


def write_reason(text: str) -> str | None:
    """What a statement would change, if it is one that must not run read-only; else None.

    A lexical check, made before anything is sent: it is the second line behind the
    server's own refusal (graphtool reads as an account, or in transactions, that cannot
    write), and it lets the message say what the statement does.

    >>> write_reason("MATCH (n:Actor) WHERE n.name CONTAINS 'CREATE' RETURN n.set")
    >>> write_reason("DROP CONSTRAINT actor_id")
    'changes the schema (DROP CONSTRAINT)'
    >>> write_reason("CREATE USER intruder SET PASSWORD 'x'")
    'administers users, roles or databases (CREATE USER)'
    >>> write_reason("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1 ROW")
    'runs transactions of its own (CALL { ... } IN TRANSACTIONS)'
    >>> write_reason("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row")
    'reads files or URLs on the server (LOAD CSV)'
    >>> write_reason("MATCH (n) DETACH DELETE n")
    'writes to the database (DETACH)'
    """
    words = _keywords(text)
    for i, word in enumerate(words):
        nxt = words[i + 1 : i + 4]
        if word in ("CREATE", "DROP") and nxt and nxt[0] == "OR":  # CREATE OR REPLACE ...
            nxt = words[i + 3 : i + 6]
        if word in _ADMIN_VERBS or (word in ("CREATE", "DROP") and nxt and nxt[0] in _ADMIN_OBJECTS):
            return f"administers users, roles or databases ({' '.join([word, *nxt[:1]])})"
        if word in ("CREATE", "DROP") and any(w in _SCHEMA_OBJECTS for w in nxt):
            obj = next(w for w in nxt if w in _SCHEMA_OBJECTS)
            return f"changes the schema ({word} {obj})"
    for i, word in enumerate(words):
        if word == "IN" and words[i + 1 : i + 2] == ["TRANSACTIONS"]:
            return "runs transactions of its own (CALL { ... } IN TRANSACTIONS)"
        if word == "LOAD" and words[i + 1 : i + 2] == ["CSV"]:
            return "reads files or URLs on the server (LOAD CSV)"
    for word in words:
        if word in _WRITE_CLAUSES:
            return f"writes to the database ({word})"
    return None


def needs_autocommit(text: str) -> bool:
    """Whether a statement must run in an auto-commit transaction (Neo4j runs
    ``CALL { ... } IN TRANSACTIONS`` only there).

    >>> needs_autocommit("CALL { CREATE (:X) } IN TRANSACTIONS"), needs_autocommit("RETURN 'in transactions'")
    (True, False)
    """
    words = _keywords(text)
    return any(w == "IN" and words[i + 1 : i + 2] == ["TRANSACTIONS"] for i, w in enumerate(words))
