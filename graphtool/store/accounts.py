"""The local server's accounts: graphtool's credentials file and ArcadeDB's security files.

``home/credentials.json`` (mode 0600) holds three accounts, generated once per home:
``root`` (ArcadeDB requires it; graphtool never logs in as it), a writer and a reader
with random names. Before every start graphtool writes ArcadeDB's own security files
from it (``home/server/config/server-users.jsonl`` and ``server-groups.json``), so the
server has exactly these accounts whatever happened to those files:

- the reader's group may only read records: no writes, no schema changes, no user
  administration, no ``LOAD CSV`` from files (which ArcadeDB ties to ``updateSecurity``);
- the writer's group may create, update and delete records and change the schema;
- ``admin`` (root) may do everything.

Pure file work: nothing here talks to the server.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from graphtool.errors import ServerError

#: The database graphtool uses on its local server.
DATABASE = "graph"

# ArcadeDB's security files (server/config/) and the groups graphtool defines there.
_READER_GROUP = "graphtool-reader"
_WRITER_GROUP = "graphtool-writer"
_ALL_RECORDS = ["createRecord", "readRecord", "updateRecord", "deleteRecord"]
#: ArcadeDB's password hash: PBKDF2WithHmacSHA256$iterations$salt$hash, the salt used
#: as its base64 text (checked against hashes the server made itself).
_HASH_ITERATIONS = 65536


@dataclass(frozen=True)
class Account:
    """A user name and password on the local server."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Credentials:
    """The three accounts of a local server (see the module docstring)."""

    root: Account
    writer: Account
    reader: Account


def credentials_file(home: Path) -> Path:
    """Where a home keeps its accounts."""
    return home / "credentials.json"


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by its owner only (0600).

    The file is created with its final mode, so the secret is never readable by
    others, not even for the moment a chmod after writing would leave open.
    """
    tmp = path.with_name(path.name + ".tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        what = "it is a folder" if path.is_dir() else (exc.strerror or str(exc))
        raise ServerError(f"cannot write {path}: {what}. Remove or fix it, then try again.") from None


def _bad_credentials(path: Path, reason: str) -> ServerError:
    return ServerError(
        f"cannot read the local graph server's credentials file {path} ({reason}). "
        "Run 'graphtool server stop', remove that file, and run your command again: "
        "graphtool makes new credentials and keeps your data."
    )


def read_credentials(home: Path) -> Credentials | None:
    """The accounts in ``home/credentials.json``, or None when there is no such file.

    Raises:
        ServerError: the file exists but cannot be read or is not graphtool's.
    """
    path = credentials_file(home)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _bad_credentials(path, "it is a folder") from None
    except OSError as exc:
        raise _bad_credentials(path, exc.strerror or str(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
        accounts = []
        for role in ("root", "writer", "reader"):
            entry = data[role]
            user, password = entry["user"], entry["password"]
            if not (isinstance(user, str) and isinstance(password, str) and user and password):
                raise TypeError(role)
            if not user.isprintable() or not password.isprintable():
                raise TypeError(role)
            accounts.append(Account(user, password))
    except UnicodeDecodeError:
        raise _bad_credentials(path, "not UTF-8 text") from None
    except (ValueError, KeyError, TypeError):
        raise _bad_credentials(path, "not graphtool's credentials JSON") from None
    return Credentials(*accounts)


def _new_secret() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


def ensure_credentials(home: Path) -> Credentials:
    """The accounts of ``home``, generated into ``credentials.json`` (0600) if missing."""
    creds = read_credentials(home)
    path = credentials_file(home)
    if creds is not None:
        with contextlib.suppress(OSError):
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                os.chmod(path, 0o600)
        return creds
    creds = Credentials(
        root=Account("root", _new_secret()),
        writer=Account(f"gt-writer-{secrets.token_hex(6)}", _new_secret()),
        reader=Account(f"gt-reader-{secrets.token_hex(6)}", _new_secret()),
    )
    doc = {
        "format": 1,
        **{role: {"user": a.user, "password": a.password}
           for role, a in (("root", creds.root), ("writer", creds.writer), ("reader", creds.reader))},
    }
    write_private(path, json.dumps(doc, indent=2) + "\n")
    # The password file of graphtool 0.1 (root's password only) is superseded.
    with contextlib.suppress(OSError):
        (home / "password").unlink()
    return creds


def password_hash(password: str, salt: str | None = None, iterations: int = _HASH_ITERATIONS) -> str:
    """A password hash in the form ArcadeDB stores and checks.

    >>> password_hash("secret", salt="c2FsdA==", iterations=1000)
    'PBKDF2WithHmacSHA256$1000$c2FsdA==$uAiuJ4mPUV8KmedLyt2K/DWTWqPjDyftjXIYGgPde24='
    """
    salt = salt if salt is not None else base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    key = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations, dklen=32)
    return f"PBKDF2WithHmacSHA256${iterations}${salt}${base64.b64encode(key).decode('ascii')}"


def _security_files(creds: Credentials) -> tuple[str, str]:
    """ArcadeDB's users (JSON lines) and groups (JSON) for these accounts."""

    def group(database_access: list[str], records: list[str]) -> dict[str, object]:
        return {
            "resultSetLimit": -1,
            "readTimeout": -1,
            "access": database_access,
            "types": {"*": {"access": records}},
        }

    groups = {
        "databases": {
            "*": {
                "groups": {
                    "admin": group(
                        ["updateSecurity", "updateSchema", "updateDatabaseSettings"], _ALL_RECORDS
                    ),
                    _WRITER_GROUP: group(["updateSchema"], _ALL_RECORDS),
                    _READER_GROUP: group([], ["readRecord"]),
                    "*": group([], []),
                }
            }
        },
        "version": 2,
    }
    users = [
        {"name": creds.root.user, "databases": {"*": ["admin"]},
         "password": password_hash(creds.root.password)},
        {"name": creds.writer.user, "databases": {DATABASE: [_WRITER_GROUP]},
         "password": password_hash(creds.writer.password)},
        {"name": creds.reader.user, "databases": {DATABASE: [_READER_GROUP]},
         "password": password_hash(creds.reader.password)},
    ]
    return "".join(json.dumps(u) + "\n" for u in users), json.dumps(groups, indent=2) + "\n"


def write_security(home: Path, creds: Credentials) -> None:
    """Give the (stopped) server exactly graphtool's accounts and groups."""
    config = home / "server" / "config"
    try:
        config.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise ServerError(f"cannot create {config}: {exc.strerror}.") from None
    users, groups = _security_files(creds)
    write_private(config / "server-groups.json", groups)
    write_private(config / "server-users.jsonl", users)
