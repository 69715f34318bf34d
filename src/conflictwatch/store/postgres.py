"""The server store: DuckDBStore's logic over PostgreSQL, through a connection that speaks its dialect.

Why a subclass and not a second store: the merge (candidates, links, components, canonical events)
is the hard part, and two copies of it would drift. DuckDBStore talks to its database only through
``self.con.execute(sql, params)`` with a handful of DuckDB spellings; ``PgConnection`` rewrites
those few spellings (``translate``) and everything else runs as written. What PostgreSQL needs in
addition is here: the URL, a schema per store, versioned migrations under a lock, one writer at a
time per store, and a read-only mode.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from conflictwatch.errors import StoreError
from conflictwatch.store.duckdb import SCHEMA_PACKAGE, DuckDBStore, _migrations

URL_SCHEMES = ("postgresql", "postgres")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.split(":", 1)[0].lower() in URL_SCHEMES and "://" in target


def redact(url: str) -> str:
    """The URL without its password, for messages and ``store.path``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def split_schema(url: str) -> tuple[str, str | None]:
    """Take our own ``schema=NAME`` query parameter off the URL (libpq rejects unknown ones)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = [(k, v) for k, v in query if k != "schema"]
    if schema is not None and not _IDENT.match(schema):
        raise StoreError(f"bad schema name {schema!r} in the database URL; use lower-case letters, digits and _")
    return urlunsplit(parts._replace(query=urlencode(rest))), schema


# -- dialect -----------------------------------------------------------------------------------
# Keywords that may follow a FROM-subquery when it has no alias (PostgreSQL before 16 requires one).
_AFTER_SUBQUERY = {"WHERE", "GROUP", "ORDER", "LIMIT", "OFFSET", "UNION", "JOIN", "LEFT", "RIGHT", "INNER",
                   "CROSS", "FULL", "HAVING", "WINDOW", "EXCEPT", "INTERSECT", "ON", ""}


def _alias_subqueries(sql: str) -> str:
    out, pos, n = [], 0, 0
    for m in re.finditer(r"\bFROM\s*\(", sql, flags=re.IGNORECASE):
        if m.start() < pos:
            continue
        depth, i, quote = 0, m.end() - 1, False
        while i < len(sql):
            c = sql[i]
            if c == "'":
                quote = not quote
            elif not quote and c == "(":
                depth += 1
            elif not quote and c == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        nxt = re.match(r"\s*([A-Za-z_]*)", sql[i + 1:])
        word = (nxt.group(1) if nxt else "").upper()
        out.append(sql[pos:i + 1])
        if word in _AFTER_SUBQUERY:
            n += 1
            out.append(f" AS _sub{n}")
        pos = i + 1
    out.append(sql[pos:])
    return "".join(out)


def _placeholders(sql: str) -> str:
    """``?`` outside string literals becomes ``%s``; a literal ``%`` becomes ``%%``."""
    out, quote = [], False
    for c in sql:
        if c == "'":
            quote = not quote
        if c == "%":
            out.append("%%")
        elif c == "?" and not quote:
            out.append("%s")
        else:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=1024)
def translate(sql: str, *, params: bool = True) -> str:
    """DuckDB's spellings in DuckDBStore's statements, as PostgreSQL spells them.

    ``INSERT OR REPLACE`` is not handled here: it needs the table's key (``PgConnection``)."""
    s = sql
    s = re.sub(r"\bBEGIN TRANSACTION\b", "BEGIN", s)
    s = re.sub(r"\btry_cast\(\s*([^()]+?)\s+AS\s+DATE\s*\)", r"cw_try_date(\1)", s, flags=re.IGNORECASE)
    # list_contains(?::VARCHAR[], col) -> col = ANY(...): an expression an index on col can serve.
    s = re.sub(r"\blist_contains\(\s*(\?::VARCHAR\[\])\s*,\s*([\w.]+)\s*\)", r"(\2 = ANY(\1))", s)
    s = re.sub(r"\bFILTER\s*\((?!\s*WHERE\b)", "FILTER (WHERE ", s, flags=re.IGNORECASE)
    if re.search(r"\bINSERT OR IGNORE INTO\b", s):
        s = re.sub(r"\bINSERT OR IGNORE INTO\b", "INSERT INTO", s) + " ON CONFLICT DO NOTHING"
    s = _alias_subqueries(s)
    return _placeholders(s) if params else s


def translate_ddl(sql: str) -> str:
    """A DuckDB schema file as PostgreSQL DDL.

    Text columns get the "C" collation so that ORDER BY, min() and comparisons of ids and dates give
    DuckDB's byte order whatever the database's locale: the merge picks canonical ids by order."""
    s = re.sub(r"\bDOUBLE\b(?!\s+PRECISION)", "DOUBLE PRECISION", sql)
    return re.sub(r"\bVARCHAR\b(?!\s*\[)", 'VARCHAR COLLATE "C"', s)


def _pg_extras() -> dict[int, str]:
    """PostgreSQL-only additions to a schema version: schema_pg/NNN_*.sql, run after schema/NNN_*.sql."""
    folder = resources.files(SCHEMA_PACKAGE) / "schema_pg"
    out: dict[int, str] = {}
    for f in folder.iterdir():
        if f.name.endswith(".sql"):
            out[int(f.name.split("_", 1)[0])] = f.read_text(encoding="utf-8")
    return out


def pg_migrations() -> list[tuple[int, str]]:
    """The same versions as DuckDB's schema, each translated, plus its PostgreSQL additions."""
    extras = _pg_extras()
    missing = sorted(set(extras) - {v for v, _ in _migrations()})
    if missing:
        raise StoreError(f"schema_pg has versions {missing} that schema/ lacks; number them after a DuckDB version")
    return [(v, translate_ddl(sql) + "\n" + extras.get(v, "")) for v, sql in _migrations()]


class PgConnection:
    """What DuckDBStore uses of a DuckDB connection (``execute``, ``close``), over psycopg."""

    def __init__(self, con: Any, *, write_lock: bool) -> None:
        self.raw = con
        self._write_lock = write_lock
        self._upserts: dict[str, str] = {}

    def execute(self, sql: str, params: list[Any] | tuple[Any, ...] | None = None) -> Any:
        if re.match(r"\s*INSERT OR REPLACE INTO\s+(\w+)", sql):
            sql = self._upsert(sql)
        text = translate(sql, params=params is not None)
        cur = self.raw.execute(text, params)
        if self._write_lock and text.strip().upper() == "BEGIN":
            # One writer at a time per store: the merge reads the components it is about to rewrite,
            # so two writers at once could each rebuild an event from a state the other is changing.
            self.raw.execute("SELECT pg_advisory_xact_lock(hashtext('conflictwatch:' || coalesce(current_schema(), '')))")
        return cur

    def _upsert(self, sql: str) -> str:
        m = re.match(r"\s*INSERT OR REPLACE INTO\s+(\w+)", sql)
        assert m is not None
        table = m.group(1)
        if table not in self._upserts:
            key = [r[0] for r in self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
                "ORDER BY array_position(i.indkey, a.attnum)", [table]).fetchall()]
            cols = [r[0] for r in self.raw.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s ORDER BY ordinal_position", [table]).fetchall()]
            if not key:
                raise StoreError(f"INSERT OR REPLACE into {table}, which has no primary key")
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols if c not in key)
            self._upserts[table] = f" ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {sets}" if sets else "NOTHING")
        return re.sub(r"INSERT OR REPLACE INTO", "INSERT INTO", sql, count=1) + self._upserts[table]

    def close(self) -> None:
        self.raw.close()


class PostgresStore(DuckDBStore):
    """The store contract on a PostgreSQL database: ``postgresql://user:pw@host:port/db[?schema=NAME]``.

    ``schema`` keeps several stores in one database (the tests use one a test); without it the
    role's default search_path decides (usually ``public``)."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        # Not DuckDBStore.__init__: it opens a file. Everything after opening is shared.
        import psycopg

        conninfo, schema = split_schema(url)
        self.url = url
        # What messages and callers print as the store's location: never the password.
        self.path = redact(url)  # type: ignore[assignment]
        self.schema = schema
        self.read_only = read_only
        try:
            raw = psycopg.connect(conninfo, autocommit=True, application_name="conflictwatch")
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}".splitlines()[0]
                             + "; is PostgreSQL running and the URL right?") from exc
        try:
            # Stored times are naive UTC (as in DuckDB); date_trunc on dates must not shift by a zone.
            raw.execute("SET TIME ZONE 'UTC'")
            if schema:
                if not read_only:
                    try:
                        raw.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
                    except psycopg.errors.UniqueViolation:
                        pass  # another process created it just now
                raw.execute(f"SET search_path TO {schema}")
            if read_only:
                raw.execute("SET default_transaction_read_only = on")
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot open the store {self.path}: {exc}".splitlines()[0]) from exc
        self.pg = PgConnection(raw, write_lock=not read_only)
        self.con = self.pg  # type: ignore[assignment]  # DuckDBStore's statements go through it
        if read_only:
            if self._table_missing("schema_version"):
                raw.close()
                raise StoreError(f"no store at {self.path}; run `conflictwatch ingest --db URL` first")
        else:
            self.migrate()

    def _table_missing(self, name: str) -> bool:
        row = self.pg.execute("SELECT to_regclass(?) IS NULL", [name]).fetchone()
        return bool(row and row[0])

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        if self._table_missing("schema_version"):
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        """Apply the versions not yet applied, in one transaction, under the store's lock: several
        processes may open a new store at once (``serve`` beside ``watch``)."""
        con = self.pg
        con.execute("BEGIN TRANSACTION")  # takes the write lock
        try:
            con.raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = self.schema_version()
            for version, sql in pg_migrations():
                if version <= current:
                    continue
                con.raw.execute(sql)
                con.execute("INSERT INTO schema_version VALUES (?)", [version])
                current = version
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"could not migrate the store {self.path}: {exc}".splitlines()[0]) from exc
        return current

    # -- feed state --
    def has_feed_tables(self) -> bool:
        # information_schema lists every schema's tables: count only this store's.
        return not self._table_missing("feeds") and not self._table_missing("feed_items")

    def __enter__(self) -> Self:
        return self
