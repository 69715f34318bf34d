"""The feeds file (TOML) -> FeedConfig, with messages that say which entry is wrong and how."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from conflictwatch.errors import InputError

# Polling a feed more often than this is rude to the outlet and gains nothing; tests use
# fractions of a second, so the floor is low and the example file uses 15 minutes.
MIN_INTERVAL_SECONDS = 0.01
DEFAULT_INTERVAL_SECONDS = 900.0


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    interval: float = DEFAULT_INTERVAL_SECONDS
    language: str | None = None  # ISO 639-1, given to articles whose page does not say
    country: str | None = None  # what the feed covers; shown in `feeds status`

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_feeds(path: Path | str) -> list[FeedConfig]:
    """Read ``[[feed]]`` tables: name, url, interval (seconds), optional language and country."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such feeds file (see examples/feeds.toml)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the feeds file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    entries = data.get("feed")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: no [[feed]] entries (each needs name and url; see examples/feeds.toml)")
    feeds: list[FeedConfig] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        feeds.append(_feed(entry, where=f"{path}: feed {n}"))
        if feeds[-1].name in seen:
            raise InputError(f"{path}: feed name {feeds[-1].name!r} is used twice; names must be unique")
        seen.add(feeds[-1].name)
    return feeds


def _feed(entry: Any, *, where: str) -> FeedConfig:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: must be a table with name and url")
    unknown = set(entry) - {"name", "url", "interval", "language", "country"}
    if unknown:
        raise InputError(f"{where}: unknown keys {sorted(unknown)}; use name, url, interval, language, country")
    name, url = entry.get("name"), entry.get("url")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: needs a name (a short unique label)")
    where = f"{where} ({name})"
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        raise InputError(f"{where}: url must be an http(s) URL")
    interval = entry.get("interval", DEFAULT_INTERVAL_SECONDS)
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval < MIN_INTERVAL_SECONDS:
        raise InputError(f"{where}: interval must be a number of seconds (e.g. 900)")
    for key in ("language", "country"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise InputError(f"{where}: {key} must be a string")
    return FeedConfig(name=name.strip(), url=url.strip(), interval=float(interval),
                      language=entry.get("language"), country=entry.get("country"))
