"""The embedded default store: one DuckDB file, a versioned schema, one transaction per article."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from conflictwatch.errors import StoreError
from conflictwatch.records import Article, Event, Result, Skipped, content_id, to_json

SCHEMA_PACKAGE = "conflictwatch.store"


def _migrations() -> list[tuple[int, str]]:
    """The schema's SQL files, in version order (NNN_name.sql)."""
    folder = resources.files(SCHEMA_PACKAGE) / "schema"
    out = []
    for f in folder.iterdir():
        if f.name.endswith(".sql"):
            out.append((int(f.name.split("_", 1)[0]), f.read_text(encoding="utf-8")))
    return sorted(out)


def _merge_keys(iso3: str | None, event_date: str | None) -> tuple[str, str]:
    """The day key and month key a report is found by when a later report looks for its event."""
    day = (event_date or "")[:10]
    return f"{iso3 or ''}:{day}", f"{iso3 or ''}:{day[:7]}"


# Pairs scoring below this and not linked are not stored: they explain nothing about a merge and
# would grow the links table with the square of the events on one day in one country.
KEEP_LINK_SCORE = 0.6


_SHINGLE = 5  # words


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = text.lower().split()
    return {tuple(words[i:i + _SHINGLE]) for i in range(max(0, len(words) - _SHINGLE + 1))}


def same_story(a: str, b: str, *, floor: float = 0.5) -> bool:
    """Are two texts versions of one article? A revision keeps most of the text before it (a
    breaking report gains paragraphs, a toll and a place are corrected), so most of the shorter
    text's runs of five words are in the longer. Two articles of one paper may share a background
    paragraph or two: among IndiaPoliceEvents' 629 Times of India articles, 28 of 197,506 pairs
    share a quarter of the shorter's runs and 18 half of them (several of those one story printed
    twice). Only articles stored under one URL are compared."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return False
    return len(sa & sb) / min(len(sa), len(sb)) >= floor


def _earlier(mine: str | None, theirs: str | None) -> bool:
    """Is one ISO date-time strictly earlier than another, at the precision both give? Unknown
    and equal dates are not."""
    if not mine or not theirs:
        return False
    n = min(len(mine), len(theirs))
    return mine[:n] < theirs[:n]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# In a report's neighbour list (the `neighbours` table), a report a user joined to it instead of a score.
JOINED = "join"


class _Member:
    """One report of a component as the rebuild reads it."""

    __slots__ = ("data", "event_id", "merge_sig", "meta")

    def __init__(self, event_id: str, data: str, meta: str | None, merge_sig: str) -> None:
        self.event_id, self.data, self.meta, self.merge_sig = event_id, data, meta, merge_sig


class _NewReport:
    """A report being stored: what the rebuild reads of it, the reports it is linked to (score by
    id), the merge keys already read (its own and its candidates'), and its INSERT (statement and
    parameters; the event id, third, is filled in by the rebuild)."""

    __slots__ = ("keys", "linked", "member", "params", "sql")

    def __init__(self, member: _Member, linked: dict[str, float], keys: dict[str, Any], sql: str,
                 params: list[Any]) -> None:
        self.member, self.linked, self.keys, self.sql, self.params = member, linked, keys, sql, params


def _event_day(event_date: str | None) -> date | None:
    """A report's event_date as the store's event_day column holds it (a date, or NULL when not a day)."""
    try:
        return date.fromisoformat(event_date) if event_date and len(event_date) == 10 else None
    except ValueError:
        return None


class _Kept:
    """What a writing store keeps between merges, so that a merge reads from the store only what it
    has not seen: the merge keys of the candidates under each lookup key ("day_key", "UKR:2024-02-13"),
    the rows of reports it read or wrote (with their neighbour
    lists) and the records of events.

    A live feed or an archive read in date order looks up the same few days and the same growing
    events again and again, and reading a row through an index costs a block fetch per column in
    a large store. What is kept is only ever what the store holds: a transaction's writes are
    staged and applied at COMMIT (a rollback applies nothing, and drops what the transaction read,
    which may hold its own writes). What is kept is right for one count of the file's merging
    transactions (_COMMITS): when another connection has committed one since, everything kept is
    dropped. Bounded in size; the least recently used entries go first."""

    MAX_ROWS = 50_000  # candidate rows over all lookup keys
    MAX_REPORTS = 20_000
    MAX_EVENTS = 20_000

    def __init__(self) -> None:
        self.keys: OrderedDict[tuple[str, str], list[Any]] = OrderedDict()
        self.rows = 0
        self.members: OrderedDict[str, _Member] = OrderedDict()
        self.nbrs: OrderedDict[str, dict[str, Any]] = OrderedDict()  # {} when the report has no row
        self.events: OrderedDict[str, str] = OrderedDict()
        self.generation: int | None = None  # the count of the file's commits all of this is right for
        self._read = False  # the open transaction put what it read from the store in here
        self._stale = False  # the open transaction removes reports: keep nothing at its end
        self.pending: list[tuple[list[tuple[str, str]], Any]] = []
        self.p_members: dict[str, _Member] = {}
        self.p_nbrs: dict[str, dict[str, Any]] = {}
        self.p_events: dict[str, str | None] = {}  # None: deleted

    def clear(self) -> None:
        for d in (self.keys, self.members, self.nbrs, self.events):
            d.clear()
        self.rows = 0

    def forget(self) -> None:
        """The open transaction removes reports (an article's older version): what is kept now
        may name them, and nothing read or written in the transaction is kept at its end."""
        self.clear()
        self._stale = True

    def begin(self, generation: int) -> None:
        """A merging transaction starts where the file has had `generation` merging commits: what
        was kept for another count is dropped."""
        if generation != self.generation:
            self.clear()
            self.generation = generation
        self._read = False

    # -- reads (the open transaction's own writes first) --------------------------------------
    def get(self, lookup: tuple[str, str]) -> list[Any] | None:
        rows = self.keys.get(lookup)
        if rows is not None:
            self.keys.move_to_end(lookup)
        return rows

    def put(self, lookup: tuple[str, str], rows: list[Any]) -> None:
        self._read = True
        self.keys[lookup] = rows
        self.rows += len(rows)
        while self.rows > self.MAX_ROWS and len(self.keys) > 1:
            _, old = self.keys.popitem(last=False)
            self.rows -= len(old)

    def member(self, report_id: str) -> tuple[_Member, dict[str, Any]] | None:
        m = self.p_members.get(report_id) or self.members.get(report_id)
        n = self.p_nbrs[report_id] if report_id in self.p_nbrs else self.nbrs.get(report_id)
        if m is None or n is None:
            return None
        if report_id in self.members:
            self.members.move_to_end(report_id)
        return m, n

    def put_member(self, report_id: str, member: _Member, nbrs: dict[str, Any]) -> None:
        self._read = True
        self.members[report_id], self.nbrs[report_id] = member, nbrs
        self._trim()

    def event(self, event_id: str) -> str | None:
        if event_id in self.p_events:
            return self.p_events[event_id]
        return self.events.get(event_id)

    def put_event(self, event_id: str, data: str) -> None:
        self._read = True
        self.events[event_id] = data
        self._trim()

    def _trim(self) -> None:
        while len(self.members) > self.MAX_REPORTS:
            rid, _ = self.members.popitem(last=False)
            self.nbrs.pop(rid, None)
        while len(self.events) > self.MAX_EVENTS:
            self.events.popitem(last=False)

    # -- writes of the open transaction -------------------------------------------------------
    def stage(self, lookups: list[tuple[str, str]], row: Any) -> None:
        """A report written in the open transaction (its merge key), under these lookup keys."""
        self.pending.append((lookups, row))

    def commit(self, generation: int, *, alone: bool) -> None:
        """The transaction committed, as the file's commit number `generation`. When it was not
        `alone` (another connection committed while it ran, and what it read may predate that),
        nothing is kept."""
        if not alone or self._stale:
            self.clear()
            self.generation = None
            self._end()
            return
        for lookups, row in self.pending:
            for lookup in lookups:
                rows = self.keys.get(lookup)
                if rows is not None:
                    rows.append(row)
                    self.rows += 1
        self.members.update(self.p_members)
        for rid, n in self.p_nbrs.items():
            if rid in self.members:
                self.nbrs[rid] = n
        for eid, data in self.p_events.items():
            if data is None:
                self.events.pop(eid, None)
            else:
                self.events[eid] = data
        self._trim()
        self.generation = generation
        self._end()

    def rollback(self) -> None:
        if self._read or self._stale:
            self.clear()
        self._end()

    def _end(self) -> None:
        self.pending.clear()
        self.p_members.clear()
        self.p_nbrs.clear()
        self.p_events.clear()
        self._read = False
        self._stale = False


# The merging transactions (those that write reports, events or neighbour lists) each store file
# open for writing in this process has committed, by resolved path. DuckDB lets one process at a
# time open a file for writing, so every other writer of the file is a connection in this process,
# and each counts its commits here: a store knows whether what it kept still holds without asking
# the database.
_COMMITS: dict[str, int] = {}
_COMMITS_LOCK = threading.Lock()


def _split_kept(ids: Any, get: Any) -> tuple[dict[Any, Any], list[Any]]:
    """What `get` (a _Kept reader, or None: nothing kept) holds of these ids, and the ids it does
    not hold, in order: those are read from the store."""
    found: dict[Any, Any] = {}
    missing = []
    for i in ids:
        value = get(i) if get is not None else None
        if value is None:
            missing.append(i)
        else:
            found[i] = value
    return found, missing


def _component_edges(nbrs: dict[str, dict[str, Any]]) -> list[tuple[str, str, float, bool]]:
    """The links among a component's reports (its neighbour lists), with the user's joins as forced
    links: (smaller id, larger id, score, forced), as merge.partition takes them."""
    edges: dict[tuple[str, str], tuple[str, str, float, bool]] = {}
    for m, others in nbrs.items():
        for o, v in others.items():
            a, b = (m, o) if m < o else (o, m)
            edges[(a, b)] = (a, b, 2.0, True) if v == JOINED else (a, b, float(v), False)
    return [edges[k] for k in sorted(edges)]


# Filters every query verb accepts: name -> (SQL with one placeholder, how to convert the value).
FILTERS: dict[str, str] = {
    "since": "event_date >= ?",
    "until": "event_date <= ?",
    "country": "lower(country) = lower(?)",
    "iso3": "upper(iso3) = upper(?)",
    "event_type": "event_type = ?",
    "sub_event_type": "sub_event_type = ?",
    "actor": "(lower(actor1) LIKE lower(?) OR lower(actor2) LIKE lower(?))",
    "min_fatalities": "coalesce(acled_fatalities, 0) >= ?",
    "contested": "contested = ?",
    "admin1": "lower(admin1) = lower(?)",
    "q": "lower(data) LIKE lower(?)",
}
# A bounding box is four numbers: west, south, east, north.
BBOX_SQL = "latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?"
SORTS = {
    "date": "event_date DESC NULLS LAST, event_id",
    "-date": "event_date ASC NULLS LAST, event_id",
    "fatalities": "acled_fatalities DESC, event_date DESC NULLS LAST, event_id",
}
STATS_BY = {
    "day": "event_date",
    "week": "strftime(date_trunc('week', try_cast(event_date AS DATE)), '%Y-%m-%d')",
    "type": "event_type",
    "sub_event_type": "sub_event_type",
    "country": "country",
}


class DuckDBStore:
    """Articles, skips, reports, events, claims and places in one DuckDB file."""

    # What merges read, kept between merges (None: every merge reads it from the store, as a
    # store shared by several writing processes must).
    _kept: _Kept | None = None
    # The file's key in _COMMITS (None: not a DuckDB file open for writing), and the count of its
    # commits the open merging transaction started from (None: no merging transaction is open).
    _file: str | None = None
    _started: int | None = None

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        import duckdb

        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `conflictwatch ingest` first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
            self.con.execute("SET enable_progress_bar = false")
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}".splitlines()[0]) from exc
        if not read_only:
            self.migrate()
            self._file = str(self.path.resolve())
            self._kept = _Kept()

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        current = self.schema_version()
        for version, sql in _migrations():
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_version VALUES (?)", [version])
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise
            current = version
        return current

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "DuckDBStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -----------------------------------------------------------------------------
    def _begin(self, *, merges: bool = True) -> None:
        """Open a write transaction; one that `merges` (writes reports, events or neighbour lists)
        is counted in _COMMITS when it commits, which tells every store of the file in this process
        whether what it kept still holds."""
        self.con.execute("BEGIN TRANSACTION")
        if merges and self._file is not None:
            with _COMMITS_LOCK:
                self._started = _COMMITS.get(self._file, 0)
            if self._kept is not None:
                self._kept.begin(self._started)

    def _commit(self) -> None:
        self.con.execute("COMMIT")
        started, self._started = self._started, None
        if started is None or self._file is None:
            return
        with _COMMITS_LOCK:
            now = _COMMITS.get(self._file, 0)
            _COMMITS[self._file] = now + 1
        if self._kept is not None:
            self._kept.commit(now + 1, alone=now == started)

    def _rollback(self) -> None:
        self._started = None
        if self._kept is not None:
            self._kept.rollback()
        self.con.execute("ROLLBACK")

    def written_outside(self) -> None:
        """Say that this store's reports, events or neighbour lists were written other than through
        its methods (by SQL on its connection): nothing kept about the file holds any more."""
        if self._file is not None:
            with _COMMITS_LOCK:
                _COMMITS[self._file] = _COMMITS.get(self._file, 0) + 1

    def has_article(self, article_id: str) -> bool:
        row = self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
        return row is not None

    def add_skip(self, origin: str | None, skipped: Skipped, *, article_id: str | None = None) -> None:
        """Record an input that could not be read or coded; recording it twice adds nothing."""
        key = content_id(origin or "", article_id or "", skipped.reason, skipped.detail)
        self.con.execute(
            "INSERT OR IGNORE INTO skips VALUES (?, ?, ?, ?, ?, ?)",
            [key, article_id, origin, skipped.reason, skipped.detail, _now()],
        )

    def add_result(self, article: Article, result: Result) -> bool:
        """Store one article's result in one transaction; False when it was already stored.

        Callers look before they code (runner, watch, load); here the article's row is simply
        written first, and a store that holds it already refuses it (its primary key): then the
        transaction is rolled back and the article counts as stored, even when another process
        stored it a moment ago."""
        aid = article.content_hash
        doc = result.document
        now = _now()
        url = doc.url if doc else article.url
        versioned = bool(url) and not result.skipped  # may supersede a stored version of its page
        self._begin(merges=bool(result.events) or versioned)
        try:
            self.con.execute(
                "INSERT INTO articles (id, input_id, origin, url, title, source, published, language, credits, "
                "author, text, status, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    aid,
                    article.id,
                    article.origin,
                    url,
                    doc.title if doc else article.title,
                    doc.source if doc else article.source,
                    doc.published if doc else article.published,
                    doc.language if doc else article.language,
                    json.dumps(list(doc.credits) if doc else []),
                    doc.author if doc else None,
                    doc.text if doc else None,
                    "skipped" if result.skipped else "coded",
                    now,
                ],
            )
            if result.skipped:
                self.add_skip(article.origin, result.skipped, article_id=aid)
            for n, p in enumerate(result.places):
                self.con.execute(
                    "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [aid, n, p.text, p.start, p.end, p.name, p.latitude, p.longitude,
                     p.geonameid, p.feature_code, p.country, p.iso3, p.admin1],
                )
            newer: str | None = None
            older: list[str] = []
            if versioned and url:
                newer, older = self._versions(aid, url, doc.published if doc else article.published,
                                              doc.text if doc else article.text)
            own: set[str] = set()  # this article's reports stored so far (in this transaction)
            for ev in result.events if newer is None else ():
                own.add(self._add_report(aid, article, result, ev, now, own=own))
            # The older versions' reports leave after the new ones joined their events: an event
            # told by the page alone goes on, with its history, under the new version's report.
            for other in older:
                self._withdraw_reports(other, by=aid, now=now)
            self._commit()
        except Exception as exc:
            self._rollback()
            if self.has_article(aid):
                return False
            raise StoreError(f"could not store article {article.id}: {exc}") from exc
        return True

    def _versions(self, aid: str, url: str, published: str | None, text: str | None) -> tuple[str | None, list[str]]:
        """Versions of one page: the stored coded articles of this URL that tell the same story
        (`same_story`: a page's canonical URL is sometimes its site's or section's) are superseded
        by this one, and their ids returned (their reports are for the caller to withdraw); unless
        one of them is dated later, in which case this article is the older version: it is marked
        superseded by that one, whose id is returned first, and its reports are not to be merged.
        When the dates do not tell (equal, or missing), the version stored last is the current one."""
        current = [
            (other, theirs) for other, theirs, old_text in self.con.execute(
                "SELECT id, published, text FROM articles WHERE url = ? AND id <> ? AND status = 'coded' "
                "AND superseded_by IS NULL ORDER BY id",
                [url, aid],
            ).fetchall()
            if same_story(text or "", old_text or "")
        ]
        for other, theirs in current:
            if _earlier(published, theirs):
                self.con.execute("UPDATE articles SET superseded_by = ? WHERE id = ?", [other, aid])
                return str(other), []
        for other, _ in current:
            self.con.execute("UPDATE articles SET superseded_by = ? WHERE id = ?", [aid, other])
        return None, [str(other) for other, _ in current]

    def _withdraw_reports(self, article_id: str, *, by: str, now: datetime) -> None:
        """Take an article's reports out of the store (its page has a newer version, `by`): their
        links, neighbour lists and decisions go, and the events they were in, and the events of
        the reports linked to them, are rebuilt from the reports left; an event left with no
        report is dropped. Its revisions name the newer version's article."""
        rows = self.con.execute(
            "SELECT report_id, event_id FROM reports WHERE article_id = ? ORDER BY report_id", [article_id]).fetchall()
        if not rows:
            return
        if self._kept is not None:
            self._kept.forget()
        ids = [r for r, _ in rows]
        marks = ", ".join("?" for _ in ids)
        gone = set(ids)
        events = sorted({e for _, e in rows})
        emarks = ", ".join("?" for _ in events)
        left = [r for (r,) in self.con.execute(
            f"SELECT report_id FROM reports WHERE event_id IN ({emarks}) AND report_id NOT IN ({marks}) "
            "ORDER BY report_id", events + ids).fetchall()]
        linked = set()
        for (nbrs,) in self.con.execute(
                f"SELECT neighbours FROM neighbours WHERE report_id IN ({marks})", ids).fetchall():
            linked.update(json.loads(nbrs))
        touched = sorted((linked | set(left)) - gone)
        records = self._event_data(events)
        for table, cols in (("links", ("report_a", "report_b")), ("decisions", ("report_a", "report_b")),
                            ("neighbours", ("report_id",)), ("reports", ("report_id",))):
            where = " OR ".join(f"{c} IN ({marks})" for c in cols)
            self.con.execute(f"DELETE FROM {table} WHERE {where}", ids * len(cols))
        if touched:
            self._refresh_neighbours(touched)
            self._rebuild_component(touched[0], article_id=by, now=now, also=touched[1:])
        held = {e for (e,) in self.con.execute(
            f"SELECT DISTINCT event_id FROM reports WHERE event_id IN ({emarks})", events).fetchall()}
        empty = [json.loads(records[e]) for e in events if e not in held and e in records]
        if empty:
            self._delete_events(empty)

    def _add_report(
        self, aid: str, article: Article, result: Result, ev: Event, now: datetime, *, own: set[str]
    ) -> str:
        """Store one coded report and merge it into the canonical event it belongs to; returns its id.
        `own` holds the article's reports stored before it."""
        doc = result.document
        report_id = content_id(aid, ev.event_id)
        meta = {
            "article_id": aid,
            "url": doc.url if doc else article.url,
            "source": doc.source if doc else article.source,
            "published": doc.published if doc else article.published,
            "title": doc.title if doc else article.title,
        }
        data = to_json(ev)
        loc = ev.location
        from conflictwatch.merge import key_to_json, report_key

        day_key, month_key = _merge_keys(loc.iso3 if loc else None, ev.event_date)
        coarse_key = month_key if ev.time_precision > 1 else None  # week- or month-precise reports only
        key = report_key(report_id, data, aid)
        data_s, meta_s, sig_s = json.dumps(data), json.dumps(meta), json.dumps(key_to_json(key))
        linked, keys = self._link_new_report(key, data, own=own)
        # A new report has no user decisions: its neighbours are the reports it is linked to. The
        # rebuild writes its row with the event it ends in (one insert, no update of a fresh row).
        new = _NewReport(
            _Member(report_id, data_s, meta_s, sig_s), linked, {report_id: key, **keys},
            "INSERT INTO reports (report_id, article_id, event_id, data, meta, event_date, iso3, time_precision, "
            "event_day, day_key, coarse_key, month_key, merge_sig) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, try_cast(? AS DATE), ?, ?, ?, ?)",
            [report_id, aid, None, data_s, meta_s, ev.event_date,
             loc.iso3 if loc else None, ev.time_precision, ev.event_date, day_key,
             coarse_key, month_key, sig_s],
        )
        self._rebuild_component(report_id, article_id=aid, now=now, new=new)
        if self._kept is not None:
            self._kept.stage(
                [("day_key", day_key), ("month_key", month_key), *([("coarse_key", coarse_key)] if coarse_key else [])],
                key)
        return report_id

    # -- merge ------------------------------------------------------------------------------
    def _candidates(self, own: set[str], data: dict[str, Any]) -> list[Any]:
        """Reports of other articles that could be the same event: same country (or unknown) and
        within the date window of the coarser of the two time precisions. Reports of one article
        are never merged: the coder already split them. An article's reports are all stored in the
        transaction that stores the article (add_result), so the reports of this article in the
        store are exactly `own`, the ones stored before this one: they are left out by id.

        Looked up by key equality so the indexes serve it: a day-precise report reads the day
        keys of the adjacent days plus the coarse reports of the months around it; a coarse report
        reads every report of the months its window covers. Only what the score needs is read
        (the report id is in merge_sig): each column read costs a fetch for each matching row,
        the most of the lookup's time in a large store."""
        from datetime import timedelta

        from conflictwatch.merge import DATE_WINDOW

        iso3 = (data.get("location") or {}).get("iso3")
        prec = int(data.get("time_precision") or 1)
        try:
            day = date.fromisoformat((data.get("event_date") or "")[:10])
        except ValueError:
            day = None
        lookups: list[tuple[str, str]] = [("day_key", _merge_keys(iso3, None)[0])]  # undated reports
        if day is not None:
            window = DATE_WINDOW[min(max(prec, 1), 3)]
            # Every month the widest window (a coarse report's 31 days) touches.
            months = sorted({(day + timedelta(days=k)).strftime("%Y-%m") for k in range(-31, 32)})
            # Reports whose country is unknown are looked for on the same day only.
            lookups.append(("day_key", _merge_keys(None, day.isoformat())[0]))
            if prec == 1:
                days = [day + timedelta(days=k) for k in range(-window, window + 1)]
                lookups += [("day_key", _merge_keys(iso3, d.isoformat())[0]) for d in days]
                lookups += [("coarse_key", f"{iso3 or ''}:{m}") for m in months]
            else:
                lookups += [("month_key", f"{iso3 or ''}:{m}") for m in months]
        out, seen = [], set()
        for key in self._lookup_rows(lookups):
            eday = _event_day(key.event_date)
            if day is not None and eday is not None:
                window = DATE_WINDOW[min(max(prec, key.time_precision, 1), 3)]
                if abs((eday - day).days) > window:
                    continue
            if key.report_id in seen or key.report_id in own:
                continue
            seen.add(key.report_id)
            out.append(key)
        return out

    def _lookup_rows(self, lookups: list[tuple[str, str]]) -> list[Any]:
        """The merge keys of the reports under each lookup key, in lookup order: from what the
        store kept where it holds the key, else in one statement."""
        from conflictwatch.merge import key_from_json

        cache = self._kept
        found, missing = _split_kept(dict.fromkeys(lookups), cache.get if cache is not None else None)
        if missing:
            # merge_sig alone: it holds the report's date and time precision too, and each column
            # read costs a block fetch for each matching row (rows of one key lie far apart).
            sql = " UNION ALL ".join(
                f"SELECT {n} AS q, merge_sig FROM reports WHERE {col} = ?" for n, (col, _) in enumerate(missing)
            )
            for lookup in missing:
                found[lookup] = []
            for n, sig in self.con.execute(sql, [k for _, k in missing]).fetchall():
                found[missing[n]].append(key_from_json(json.loads(sig)))
            if cache is not None:
                for lookup in missing:
                    cache.put(lookup, found[lookup])
        return [key for lookup in lookups for key in found[lookup]]

    def _link_new_report(
        self, me: Any, data: dict[str, Any], *, own: set[str]
    ) -> tuple[dict[str, float], dict[str, Any]]:
        """Score a new report against its candidates and store the pairs worth keeping; returns the
        reports it is linked to with their scores, and their merge keys."""
        from conflictwatch.merge import link

        rows, linked_to, keys = [], {}, {}
        for other in self._candidates(own, data):
            score, parts, linked = link(me, other)
            if not linked and score < KEEP_LINK_SCORE:
                continue  # clearly different events: nothing worth keeping as evidence
            a, b = sorted((me.report_id, other.report_id))
            rows.append([a, b, score, json.dumps(parts), linked])
            if linked:
                linked_to[other.report_id] = score
                keys[other.report_id] = other
        if rows:
            # One statement for all pairs: a row-by-row insert costs a round trip each. Every pair
            # holds the new report, which no stored link can hold yet: a plain INSERT (no conflict check).
            marks = ", ".join("(?, ?, ?, ?, ?)" for _ in rows)
            self.con.execute(f"INSERT INTO links VALUES {marks}", [v for r in rows for v in r])
        return linked_to, keys

    def _fetch_members(
        self, ids: list[str], known: dict[str, Any]
    ) -> tuple[dict[str, _Member], dict[str, dict[str, Any]]]:
        """What the rebuild reads of these reports and their stored neighbour lists ({} for a
        report without a row): what the store kept, and the rest in one statement (IN lists on
        primary keys are index scans). merge_sig is read only when a report's key is not `known`.
        The lists returned are the caller's to change."""
        kept = self._kept

        def usable(rid: str) -> tuple[_Member, dict[str, Any]] | None:
            got = kept.member(rid) if kept is not None else None
            # A row kept without its merge_sig serves only where the key is known.
            return got if got is not None and (got[0].merge_sig is not None or rid in known) else None

        found, todo = _split_kept(ids, usable)
        members: dict[str, _Member] = {rid: m for rid, (m, _) in found.items()}
        nbrs: dict[str, dict[str, Any]] = {rid: dict(n) for rid, (_, n) in found.items()}
        if not todo:
            return members, nbrs
        marks = ", ".join("?" for _ in todo)
        sig_col = "merge_sig" if any(r not in known for r in todo) else "NULL"
        stored: dict[str, dict[str, Any]] = {}
        for rid, eid, data, meta, sig in self.con.execute(
            f"SELECT report_id, event_id, data, meta, {sig_col} FROM reports WHERE report_id IN ({marks}) "
            f"UNION ALL SELECT report_id, NULL, neighbours, NULL, NULL FROM neighbours WHERE report_id IN ({marks})",
            todo + todo,
        ).fetchall():
            if eid is None:  # a neighbours row (a report's event_id is never NULL)
                stored[rid] = json.loads(data)
            else:
                members[rid] = _Member(eid, data, meta, sig)
        for rid in todo:
            nbrs[rid] = stored.get(rid, {})
            if kept is not None and rid in members:
                kept.put_member(rid, members[rid], dict(nbrs[rid]))
        return members, nbrs

    def _neighbours_from_links(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Each report's neighbours as the links and decisions tables say: the reports linked to it
        by score unless a user split them, and those a user joined to it (JOINED)."""
        marks = ", ".join("?" for _ in ids)
        out: dict[str, dict[str, Any]] = {i: {} for i in ids}
        for a, b, score in self.con.execute(
            f"SELECT report_a, report_b, score FROM links WHERE linked AND (report_a IN ({marks}) "
            f"OR report_b IN ({marks}))",
            ids + ids,
        ).fetchall():
            for x, y in ((a, b), (b, a)):
                if x in out:
                    out[x][y] = float(score)
        for a, b, decision in self.con.execute(
            f"SELECT report_a, report_b, decision FROM decisions WHERE report_a IN ({marks}) OR report_b IN ({marks})",
            ids + ids,
        ).fetchall():
            for x, y in ((a, b), (b, a)):
                if x in out:
                    if decision == "split":
                        out[x].pop(y, None)
                    else:
                        out[x][y] = JOINED
        return out

    def _refresh_neighbours(self, ids: list[str]) -> None:
        """Rewrite the neighbour lists of these reports from links and decisions (after a decision)."""
        self._write_neighbours(self._neighbours_from_links(sorted(set(ids))), stored=set(ids))

    def _write_neighbours(self, nbrs: dict[str, dict[str, Any]], *, stored: set[str]) -> None:
        """Store neighbour lists: a row for each report that has neighbours, none for the others.
        `stored` names the reports that may have a row already (it is replaced)."""
        old = sorted(r for r in nbrs if r in stored)
        if old:
            self.con.execute(f"DELETE FROM neighbours WHERE report_id IN ({', '.join('?' for _ in old)})", old)
        rows = [[r, json.dumps(n, sort_keys=True)] for r, n in sorted(nbrs.items()) if n]
        if rows:
            marks = ", ".join("(?, ?)" for _ in rows)
            self.con.execute(f"INSERT INTO neighbours VALUES {marks}", [v for r in rows for v in r])
        if self._kept is not None:
            self._kept.p_nbrs.update({r: dict(n) for r, n in nbrs.items()})

    def _rebuild_component(
        self, report_id: str, *, article_id: str | None, now: datetime, new: _NewReport | None = None,
        also: list[str] | tuple[str, ...] = (),
    ) -> None:
        """Recompute the canonical events of the linked component holding report_id, and of those
        holding the reports `also` names: the components are split into events (merge.partition),
        stale events are dropped. Reports that shared an event and may no longer be linked (after a
        split) are rebuilt in one call: rebuilt one at a time, the first rebuild would rewrite
        or drop the old event that the others still name.

        The component is walked through the stored neighbour lists, one step of the walk a
        statement (not one a report). `new` is a report being stored: it is written here with its
        event, and the reports it is linked to gain it as a neighbour. Events whose record does not
        change are not rewritten."""
        from conflictwatch.merge import add_revision, aggregate, canonical_id, changes, key_from_json, partition

        rows: dict[str, _Member] = {}
        nbrs: dict[str, dict[str, Any]] = {}
        keys: dict[str, Any] = {}
        if new is not None:
            rows[report_id], nbrs[report_id] = new.member, dict(new.linked)
            keys.update(new.keys)
        has_row: set[str] = set()  # reports with a stored neighbour list
        level = list(dict.fromkeys([report_id, *also]))
        seen = set(level)
        while level:
            missing = [r for r in level if r not in rows]
            if missing:
                found, stored_nbrs = self._fetch_members(missing, keys)
                rows.update(found)
                has_row.update(r for r, n in stored_nbrs.items() if n)
                nbrs.update(stored_nbrs)
            nxt = []
            for r in level:
                for o in nbrs[r]:
                    if o not in seen:
                        seen.add(o)
                        nxt.append(o)
            level = nxt
        members = sorted(seen)
        for m in members:
            if m not in keys:
                keys[m] = key_from_json(json.loads(rows[m].merge_sig))
        keys = {m: keys[m] for m in members}
        groups = partition(keys, _component_edges(nbrs)) if len(members) > 1 else [members]
        kept: set[str] = set()
        event_of: dict[str, str] = {}
        # A report being stored has no event yet: its member row names itself in the event's place.
        placeholder = {report_id} if new is not None else set()
        if new is not None:
            # Storing a report changes no event but its own group's: a group made of exactly the
            # reports of one stored event, under that event's id, is that event still (its record
            # is computed from its reports alone). It is neither read nor recomputed.
            size: dict[str, int] = {}
            for m in members:
                size[rows[m].event_id] = size.get(rows[m].event_id, 0) + 1
            todo = []
            for group in groups:
                eid = canonical_id(group)
                if size.get(eid) == len(group) and all(rows[m].event_id == eid for m in group):
                    kept.add(eid)
                    event_of.update(dict.fromkeys(group, eid))
                else:
                    todo.append(group)
            groups = todo
        old_ids = sorted({rows[m].event_id for g in groups for m in g} - placeholder)
        stored = self._event_data(old_ids)
        old_events = [json.loads(stored[i]) for i in old_ids if i in stored]
        stamp = now.isoformat(timespec="seconds")
        writes: list[tuple[dict[str, Any], str]] = []
        for group in groups:
            reports = [{"report_id": m, "event": json.loads(rows[m].data), "meta": json.loads(rows[m].meta or "{}")}
                       for m in group]
            new_id = canonical_id(group)
            merged = aggregate(reports)
            merged["event_id"] = new_id
            mine = {rows[m].event_id for m in group}
            previous = next((e for e in old_events if e["event_id"] == new_id), None)
            # What the change is told against: the event under this id before, else the one event
            # the group's reports were in (its id changes when its first report leaves it).
            before = previous
            if before is None:
                came_from = [e for e in old_events if e["event_id"] in mine]
                before = came_from[0] if len(came_from) == 1 else None
            revisions = sorted(
                (r for e in old_events if e["event_id"] in mine for r in e.get("revisions", [])),
                key=lambda r: (r.get("at", ""), json.dumps(r, sort_keys=True)),
            )
            diff = changes(before, merged)
            if diff:
                add_revision(revisions, {"at": stamp, "article_id": article_id, "reports": len(group), "changes": diff})
            merged["revisions"] = revisions
            merged["last_updated"] = stamp if diff else (before or {}).get("last_updated")
            event_of.update(dict.fromkeys(group, new_id))
            text = json.dumps(merged)
            if previous is not None and (stored[new_id] == text or previous == json.loads(text)):
                # The stored record is this one already (to the byte, or the same JSON written
                # with other spacing or key order): nothing to rewrite.
                kept.add(new_id)
            else:
                writes.append((merged, text))
        gone = [e for e in old_events if e["event_id"] not in kept]
        if gone:
            self._delete_events(gone)
        if writes:
            self._write_events(writes)
        if new is not None:
            self.con.execute(new.sql, [*new.params[:2], event_of[report_id], *new.params[3:]])
            rows[report_id].event_id = event_of[report_id]  # the placeholder's place
            for o, score in new.linked.items():
                nbrs[o][report_id] = score
            self._write_neighbours({o: nbrs[o] for o in [report_id, *new.linked]}, stored=has_row)
        moved = {m: e for m, e in event_of.items() if rows[m].event_id != e}
        self._move_reports(moved)
        if self._kept is not None:
            for m in [*moved, *placeholder]:
                r = rows[m]
                self._kept.p_members[m] = _Member(event_of[m], r.data, r.meta, r.merge_sig)

    def _event_data(self, event_ids: list[str]) -> dict[str, str]:
        """The stored records of these events, by id: what the store kept, the rest in one statement."""
        kept = self._kept
        out, todo = _split_kept(event_ids, kept.event if kept is not None else None)
        if todo:
            marks = ", ".join("?" for _ in todo)
            # The record holds its id: one column read, not two.
            for (data,) in self.con.execute(f"SELECT data FROM events WHERE event_id IN ({marks})", todo).fetchall():
                eid = json.loads(data)["event_id"]
                out[eid] = data
                if kept is not None:
                    kept.put_event(eid, data)
        return out

    def _delete_events(self, events: list[dict[str, Any]]) -> None:
        """Drop stored events and their claims (a claim's key is its event id and number)."""
        ids = [e["event_id"] for e in events]
        self.con.execute(f"DELETE FROM events WHERE event_id IN ({', '.join('?' for _ in ids)})", ids)
        if self._kept is not None:
            self._kept.p_events.update(dict.fromkeys(ids))
        claimed = [(e["event_id"], len(e["claims"])) for e in events if e.get("claims")]
        if claimed:
            self.con.execute(
                "DELETE FROM claims WHERE " + " OR ".join("(report_id = ? AND n >= 0 AND n < ?)" for _ in claimed),
                [v for pair in claimed for v in pair],
            )

    def _move_reports(self, moved: dict[str, str]) -> None:
        """Point reports at their new events, in one statement."""
        if not moved:
            return
        ids = sorted(moved)
        marks = ", ".join("?" for _ in ids)
        targets = set(moved.values())
        if len(targets) == 1:  # the common case: reports joining one event
            self.con.execute(f"UPDATE reports SET event_id = ? WHERE report_id IN ({marks})", [*targets, *ids])
            return
        cases = " ".join("WHEN ? THEN ?" for _ in ids)
        self.con.execute(
            f"UPDATE reports SET event_id = CASE report_id {cases} END WHERE report_id IN ({marks})",
            [v for i in ids for v in (i, moved[i])] + ids,
        )

    def _write_events(self, evs: list[tuple[dict[str, Any], str]]) -> None:
        """Insert events (each with its record as JSON text) and their claims: one statement for the
        events, one for the claims."""
        rows, claims = [], []
        for ev, text in evs:
            loc, a1, a2, fat = (ev.get("location") or {}, ev.get("actor1") or {}, ev.get("actor2") or {},
                                ev.get("fatalities") or {})
            rows.append([
                ev["event_id"], ev.get("event_date"), ev.get("time_precision"), ev.get("event_type"),
                ev.get("sub_event_type"), a1.get("name"), a2.get("name"), a1.get("inter"), a2.get("inter"),
                ev.get("interaction"), loc.get("country"), loc.get("iso3"), loc.get("admin1"), loc.get("name"),
                loc.get("latitude"), loc.get("longitude"), loc.get("geo_precision"),
                fat.get("low"), fat.get("best"), fat.get("high"), ev.get("acled_fatalities") or 0,
                bool(ev.get("contested")), bool(ev.get("background")), ev.get("confidence"),
                ev.get("first_reported"), ev.get("last_updated"), text,
            ])
            if self._kept is not None:
                self._kept.p_events[ev["event_id"]] = text
            for n, c in enumerate(ev.get("claims", [])):
                claims.append([ev["event_id"], ev["event_id"], c.get("article_id"), n, c.get("source"),
                               c.get("stance"), c.get("statement"), c.get("start"), c.get("end")])
        marks = ", ".join("(" + ", ".join("?" for _ in rows[0]) + ")" for _ in rows)
        self.con.execute(f"INSERT INTO events VALUES {marks}", [v for r in rows for v in r])
        if claims:
            marks = ", ".join("(?, ?, ?, ?, ?, ?, ?, ?, ?)" for _ in claims)
            self.con.execute(f"INSERT INTO claims VALUES {marks}", [v for r in claims for v in r])

    def _decide(self, a: str, b: str, decision: str) -> None:
        x, y = sorted((a, b))
        self.con.execute("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?)", [x, y, decision, _now()])

    def split_report(self, report_id: str) -> list[str]:
        """Split a report off its event; recorded, so re-ingest keeps it apart. Returns the event ids."""
        row = self.con.execute("SELECT event_id FROM reports WHERE report_id = ?", [report_id]).fetchone()
        if row is None:
            raise StoreError(f"no report {report_id}; `conflictwatch events show EVENT_ID` lists report ids")
        others = [r[0] for r in self.con.execute(
            "SELECT report_id FROM reports WHERE event_id = ? AND report_id <> ?", [row[0], report_id]).fetchall()]
        self._begin()
        try:
            for o in others:
                self._decide(report_id, o, "split")
            self._refresh_neighbours([report_id, *others])
            now = _now()
            self._rebuild_component(report_id, article_id=None, now=now, also=others)
            self._commit()
        except Exception:
            self._rollback()
            raise
        return sorted({self._event_of(r) for r in [report_id, *others]})

    def join_events(self, event_a: str, event_b: str) -> str:
        """Join two events into one; recorded, so re-ingest keeps them together. Returns the event id."""
        ra = self.con.execute("SELECT min(report_id) FROM reports WHERE event_id = ?", [event_a]).fetchone()
        rb = self.con.execute("SELECT min(report_id) FROM reports WHERE event_id = ?", [event_b]).fetchone()
        if not ra or ra[0] is None or not rb or rb[0] is None:
            raise StoreError(f"no event {event_a if not ra or ra[0] is None else event_b}")
        self._begin()
        try:
            # A join overrides earlier splits between the two events' reports.
            self.con.execute(
                "DELETE FROM decisions WHERE decision = 'split' AND report_a IN (SELECT report_id FROM reports "
                "WHERE event_id IN (?, ?)) AND report_b IN (SELECT report_id FROM reports WHERE event_id IN (?, ?))",
                [event_a, event_b, event_a, event_b],
            )
            self._decide(ra[0], rb[0], "join")
            # The join and the lifted splits change the neighbours of these reports.
            self._refresh_neighbours([r for (r,) in self.con.execute(
                "SELECT report_id FROM reports WHERE event_id IN (?, ?)", [event_a, event_b]).fetchall()])
            self._rebuild_component(ra[0], article_id=None, now=_now())
            self._commit()
        except Exception:
            self._rollback()
            raise
        return self._event_of(ra[0])

    def _event_of(self, report_id: str) -> str:
        row = self.con.execute("SELECT event_id FROM reports WHERE report_id = ?", [report_id]).fetchone()
        return str(row[0]) if row else ""

    def merge_evidence(self, event_id: str) -> list[dict[str, Any]]:
        """Why the reports of an event were merged: each scored pair among them."""
        rows = self.con.execute(
            "SELECT l.report_a, l.report_b, l.score, l.parts, l.linked, d.decision FROM links l "
            "LEFT JOIN decisions d ON d.report_a = l.report_a AND d.report_b = l.report_b "
            "WHERE l.report_a IN (SELECT report_id FROM reports WHERE event_id = ?) "
            "AND l.report_b IN (SELECT report_id FROM reports WHERE event_id = ?) ORDER BY l.score DESC",
            [event_id, event_id],
        ).fetchall()
        return [{"report_a": a, "report_b": b, "score": s, "parts": json.loads(p), "linked": bool(k),
                 "decision": d} for a, b, s, p, k, d in rows]

    # -- reads ------------------------------------------------------------------------------
    @staticmethod
    def _where(include_background: bool, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for name, value in filters.items():
            if value is None:
                continue
            if name == "bbox":
                west, south, east, north = (float(x) for x in value)
                where.append(BBOX_SQL)
                params += [south, north, west, east]
                continue
            if name not in FILTERS:
                raise StoreError(f"unknown filter {name!r}; use one of {', '.join(FILTERS)}, bbox")
            if name == "actor":
                params += [f"%{value}%", f"%{value}%"]
            elif name == "q":
                params.append(f"%{value}%")
            else:
                params.append(value)
            where.append(FILTERS[name])
        if not include_background:
            where.append("NOT background")
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def events(
        self,
        *,
        include_background: bool = False,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "date",
        **filters: Any,
    ) -> Iterator[dict[str, Any]]:
        """Stored events as JSON records (interfaces.md), newest first; filters as in FILTERS."""
        if sort not in SORTS:
            raise StoreError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        where, params = self._where(include_background, filters)
        sql = "SELECT data FROM events" + where + " ORDER BY " + SORTS[sort]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        for (data,) in self.con.execute(sql, params).fetchall():
            yield json.loads(data)

    def count_events(self, *, include_background: bool = False, **filters: Any) -> int:
        where, params = self._where(include_background, filters)
        row = self.con.execute("SELECT count(*) FROM events" + where, params).fetchone()
        return int(row[0]) if row else 0

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        row = self.con.execute("SELECT data FROM events WHERE event_id = ?", [event_id]).fetchone()
        return json.loads(row[0]) if row else None

    def article_text(self, article_id: str) -> str | None:
        row = self.con.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def stats(self, by: str, *, include_background: bool = False, **filters: Any) -> list[dict[str, Any]]:
        """Event counts and fatalities grouped by day, week, type, sub-event type or country."""
        if by not in STATS_BY:
            raise StoreError(f"unknown grouping {by!r}; use one of {', '.join(STATS_BY)}")
        where, params = self._where(include_background, filters)
        key = STATS_BY[by]
        sql = (
            f"SELECT {key} AS k, count(*), coalesce(sum(acled_fatalities), 0) FROM events{where} "
            "GROUP BY k ORDER BY k NULLS LAST"
        )
        return [{"key": k, "events": int(n), "fatalities": int(f)} for k, n, f in self.con.execute(sql, params).fetchall()]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "reports", "claims", "places", "skips"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
            out[table] = int(row[0]) if row else 0
        return out

    def skips(self) -> list[dict[str, Any]]:
        rows = self.con.execute(
            "SELECT origin, reason, detail FROM skips ORDER BY skipped_at, origin"
        ).fetchall()
        return [{"origin": o, "reason": r, "detail": d} for o, r, d in rows]

    # -- API queries --
    def articles_by_id(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Title, text, source, url and published date of each stored article named."""
        ids = sorted({str(a) for a in article_ids})
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT id, title, text, source, url, published FROM articles "
            "WHERE list_contains(?::VARCHAR[], id)",
            [ids],
        ).fetchall()
        return {
            i: {"title": t, "text": x, "source": s, "url": u, "published": p}
            for i, t, x, s, u, p in rows
        }

    def event_ids_for_article(self, article_id: str) -> list[str]:
        """The canonical events an article's reports belong to."""
        rows = self.con.execute(
            "SELECT DISTINCT event_id FROM reports WHERE article_id = ? ORDER BY event_id", [article_id]
        ).fetchall()
        return [r[0] for r in rows]

    def event_points(
        self,
        *,
        include_background: bool = False,
        limit: int | None = None,
        sort: str = "date",
        **filters: Any,
    ) -> list[dict[str, Any]]:
        """Flat summaries of events (map points, GeoJSON) read from columns, without the JSON."""
        if sort not in SORTS:
            raise StoreError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        where, params = self._where(include_background, filters)
        sql = (
            "SELECT event_id, event_date, event_type, sub_event_type, actor1, actor2, country, iso3, "
            "admin1, location, latitude, longitude, geo_precision, acled_fatalities, fatalities_low, "
            "fatalities_high, contested, background, "
            "(SELECT count(*) FROM reports r WHERE r.event_id = events.event_id) AS n_reports, "
            "(SELECT string_agg(DISTINCT a.source, '; ' ORDER BY a.source) FROM reports r "
            " JOIN articles a ON a.id = r.article_id WHERE r.event_id = events.event_id) AS sources "
            "FROM events" + where + " ORDER BY " + SORTS[sort]
        )
        if limit is not None:
            sql += " LIMIT ?"
            params += [int(limit)]
        cur = self.con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def report_evidence(self, event_id: str) -> dict[str, list[dict[str, Any]]]:
        """Evidence spans of an event's reports, by article: each indexes its own article's text."""
        rows = self.con.execute(
            "SELECT article_id, data FROM reports WHERE event_id = ? ORDER BY report_id", [event_id]
        ).fetchall()
        out: dict[str, list[dict[str, Any]]] = {}
        for article_id, data in rows:
            out.setdefault(article_id, []).extend(json.loads(data).get("evidence") or [])
        return out

    # -- feed state --
    # `conflictwatch watch` keeps its feeds and their items here (schema 003) so that a restart
    # resumes where the last run stopped. Times are the watcher's clock (epoch seconds).
    def has_feed_tables(self) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('feeds', 'feed_items')"
        ).fetchone()
        return bool(row and row[0] == 2)

    def sync_feeds(self, feeds: list[dict[str, Any]]) -> None:
        """Make the feeds table follow the feeds file: add and update its feeds, deactivate the rest."""
        names = [f["name"] for f in feeds]
        self.con.execute("BEGIN TRANSACTION")
        try:
            for f in feeds:
                row = self.con.execute("SELECT url FROM feeds WHERE name = ?", [f["name"]]).fetchone()
                if row is None:
                    self.con.execute(
                        "INSERT INTO feeds (name, url, interval_s, language, country, active, "
                        "consecutive_errors, polls, not_modified, errors) VALUES (?, ?, ?, ?, ?, TRUE, 0, 0, 0, 0)",
                        [f["name"], f["url"], float(f["interval"]), f.get("language"), f.get("country")],
                    )
                    continue
                moved = row[0] != f["url"]
                # A feed that moved to another URL starts afresh: its validators and errors were the old URL's.
                self.con.execute(
                    "UPDATE feeds SET url = ?, interval_s = ?, language = ?, country = ?, active = TRUE"
                    + (", etag = NULL, last_modified = NULL, next_poll = NULL, consecutive_errors = 0" if moved else "")
                    + " WHERE name = ?",
                    [f["url"], float(f["interval"]), f.get("language"), f.get("country"), f["name"]],
                )
            self.con.execute(
                "UPDATE feeds SET active = FALSE WHERE active AND NOT list_contains(?::VARCHAR[], name)", [names]
            )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def feed_states(self) -> dict[str, dict[str, Any]]:
        """Every feed row by name."""
        cur = self.con.execute("SELECT * FROM feeds ORDER BY name")
        cols = [d[0] for d in cur.description]
        return {row[0]: dict(zip(cols, row)) for row in cur.fetchall()}

    def record_feed_poll(
        self,
        name: str,
        *,
        at: float,
        next_poll: float,
        etag: str | None,
        last_modified: str | None,
        title: str | None,
        entries: list[dict[str, Any]] | None,
    ) -> dict[str, int]:
        """A successful poll and its entries, in one transaction: new entries join the queue, changed
        ones go back into it. ``entries`` None means 304 Not Modified. Returns new/changed counts."""
        counts = {"new": 0, "changed": 0}
        self.con.execute("BEGIN TRANSACTION")
        try:
            if entries:
                counts = self._queue_entries(name, entries, at=at)
            self.con.execute(
                "UPDATE feeds SET last_poll = ?, last_success = ?, next_poll = ?, consecutive_errors = 0, "
                "polls = polls + 1, not_modified = not_modified + ?, etag = ?, last_modified = ?, "
                "title = coalesce(?, title) WHERE name = ?",
                [at, at, next_poll, 1 if entries is None else 0, etag, last_modified, title, name],
            )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return counts

    def _queue_entries(self, feed: str, entries: list[dict[str, Any]], *, at: float) -> dict[str, int]:
        keys = [e["item_key"] for e in entries]
        known = {
            k: (fp, status)
            for k, fp, status in self.con.execute(
                "SELECT item_key, fingerprint, status FROM feed_items "
                "WHERE feed = ? AND list_contains(?::VARCHAR[], item_key)",
                [feed, keys],
            ).fetchall()
        }
        row = self.con.execute("SELECT coalesce(max(seq), 0) FROM feed_items").fetchone()
        seq = int(row[0]) if row else 0
        counts = {"new": 0, "changed": 0}
        for e in entries:
            old = known.get(e["item_key"])
            if old is None:
                seq += 1
                counts["new"] += 1
                self.con.execute(
                    "INSERT INTO feed_items (feed, item_key, seq, url, entry, fingerprint, status, fallback, "
                    "events, attempts, revisions, first_seen) VALUES (?, ?, ?, ?, ?, ?, 'pending', FALSE, 0, 0, 0, ?)",
                    [feed, e["item_key"], seq, e.get("url"), json.dumps(e["entry"]), e["fingerprint"], at],
                )
            elif old[0] != e["fingerprint"]:
                counts["changed"] += 1
                if old[1] == "pending":  # not processed yet: process the newest version only
                    self.con.execute(
                        "UPDATE feed_items SET entry = ?, fingerprint = ?, url = ? WHERE feed = ? AND item_key = ?",
                        [json.dumps(e["entry"]), e["fingerprint"], e.get("url"), feed, e["item_key"]],
                    )
                else:
                    self.con.execute(
                        "UPDATE feed_items SET entry = ?, fingerprint = ?, url = ?, status = 'pending', "
                        "prev_hash = content_hash, prev_status = status, content_hash = NULL, reason = NULL, "
                        "detail = NULL, fallback = FALSE, page_error = NULL, events = 0, attempts = 0, "
                        "retry_at = NULL, done_at = NULL, revisions = revisions + 1 WHERE feed = ? AND item_key = ?",
                        [json.dumps(e["entry"]), e["fingerprint"], e.get("url"), feed, e["item_key"]],
                    )
        return counts

    def record_feed_error(self, name: str, *, at: float, next_poll: float, error: str) -> None:
        """A failed poll: the error, its time, and when to try again (the backoff)."""
        self.con.execute(
            "UPDATE feeds SET last_poll = ?, next_poll = ?, last_error = ?, last_error_at = ?, "
            "consecutive_errors = consecutive_errors + 1, errors = errors + 1, polls = polls + 1 WHERE name = ?",
            [at, next_poll, error, at, name],
        )

    def pending_feed_items(self, *, now: float, limit: int = 100) -> list[dict[str, Any]]:
        """Queued items due now, oldest first, with what decides them without a fetch: ``recovered``
        (the article they claimed is stored: a crash came between storing it and marking the item)
        and ``url_done`` (another item with the same URL is done)."""
        cur = self.con.execute(
            "SELECT fi.feed, fi.item_key, fi.url, fi.entry, fi.content_hash, fi.attempts, fi.prev_hash, "
            "fi.prev_status, "
            "(fi.content_hash IS NOT NULL AND EXISTS (SELECT 1 FROM articles a WHERE a.id = fi.content_hash)) "
            "AS recovered, "
            "(fi.url IS NOT NULL AND EXISTS (SELECT 1 FROM feed_items o WHERE o.url = fi.url "
            "AND o.status IN ('stored', 'skipped') AND NOT (o.feed = fi.feed AND o.item_key = fi.item_key))) "
            "AS url_done, "
            "(SELECT a.status FROM articles a WHERE a.id = fi.content_hash) AS article_status "
            "FROM feed_items fi WHERE fi.status = 'pending' AND (fi.retry_at IS NULL OR fi.retry_at <= ?) "
            "ORDER BY fi.seq LIMIT ?",
            [now, int(limit)],
        )
        cols = [d[0] for d in cur.description]
        out = []
        for row in cur.fetchall():
            item = dict(zip(cols, row))
            item["entry"] = json.loads(item["entry"])
            out.append(item)
        return out

    def next_feed_item_retry(self) -> float | None:
        row = self.con.execute(
            "SELECT min(coalesce(retry_at, 0)) FROM feed_items WHERE status = 'pending'"
        ).fetchone()
        return float(row[0]) if row and row[0] is not None else None

    def claim_feed_item(
        self, feed: str, key: str, *, content_hash: str, fallback: bool, page_error: str | None
    ) -> None:
        """Note the article an item is about to store, before storing it (crash recovery reads it)."""
        self.con.execute(
            "UPDATE feed_items SET content_hash = ?, fallback = ?, page_error = ? WHERE feed = ? AND item_key = ?",
            [content_hash, fallback, page_error, feed, key],
        )

    def finish_feed_item(
        self,
        feed: str,
        key: str,
        *,
        status: str,
        at: float,
        reason: str | None = None,
        detail: str | None = None,
        events: int = 0,
        content_hash: str | None = None,
    ) -> None:
        """Take an item off the queue: stored, skipped, duplicate or failed."""
        self.con.execute(
            "UPDATE feed_items SET status = ?, reason = ?, detail = ?, events = ?, done_at = ?, "
            "content_hash = coalesce(?, content_hash), retry_at = NULL WHERE feed = ? AND item_key = ?",
            [status, reason, detail, int(events), at, content_hash, feed, key],
        )

    def retry_feed_item(self, feed: str, key: str, *, retry_at: float, page_error: str) -> None:
        """The page failed and the entry has nothing to fall back on: try again later."""
        self.con.execute(
            "UPDATE feed_items SET attempts = attempts + 1, retry_at = ?, page_error = ? "
            "WHERE feed = ? AND item_key = ?",
            [retry_at, page_error, feed, key],
        )

    def record_page_error(self, feed: str, *, at: float, error: str) -> None:
        self.con.execute(
            "UPDATE feeds SET last_page_error = ?, last_page_error_at = ? WHERE name = ?", [error, at, feed]
        )

    def feed_status(self, *, recent_faults: int = 5) -> list[dict[str, Any]]:
        """Each feed's state with its item counts (derived from feed_items) and latest item faults."""
        counts = {
            name: dict(zip(("seen", "pending", "stored", "skipped", "duplicates", "failed",
                            "fallbacks", "page_errors", "revisions", "events"), rest))
            for name, *rest in self.con.execute(
                "SELECT feed, count(*), count(*) FILTER (status = 'pending'), "
                "count(*) FILTER (status = 'stored'), count(*) FILTER (status = 'skipped'), "
                "count(*) FILTER (status = 'duplicate'), count(*) FILTER (status = 'failed'), "
                "count(*) FILTER (fallback), count(*) FILTER (page_error IS NOT NULL), "
                "coalesce(sum(revisions), 0), coalesce(sum(events), 0) FROM feed_items GROUP BY feed"
            ).fetchall()
        }
        faults: dict[str, list[dict[str, Any]]] = {}
        for feed, key, url, status, reason, detail, page_error, at in self.con.execute(
            "SELECT feed, item_key, url, status, reason, detail, page_error, coalesce(done_at, first_seen) "
            "FROM (SELECT *, row_number() OVER (PARTITION BY feed ORDER BY seq DESC) AS n FROM feed_items "
            "WHERE page_error IS NOT NULL OR status = 'failed' OR reason = 'timeout') WHERE n <= ? "
            "ORDER BY feed, seq DESC",
            [int(recent_faults)],
        ).fetchall():
            faults.setdefault(feed, []).append({"item": key, "url": url, "status": status, "reason": reason,
                                                "detail": detail, "page_error": page_error, "at": at})
        empty = dict.fromkeys(("seen", "pending", "stored", "skipped", "duplicates", "failed",
                               "fallbacks", "page_errors", "revisions", "events"), 0)
        out = []
        for name, state in self.feed_states().items():
            out.append({**state, "items": {**empty, **{k: int(v) for k, v in counts.get(name, {}).items()}},
                        "recent_faults": faults.get(name, [])})
        return out

    def feed_item_rows(self) -> list[dict[str, Any]]:
        """Every feed item (tests and the soak's accounting)."""
        cur = self.con.execute(
            "SELECT feed, item_key, seq, url, status, reason, detail, content_hash, fallback, page_error, "
            "events, attempts, revisions FROM feed_items ORDER BY seq"
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]
