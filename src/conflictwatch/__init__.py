"""conflictwatch: news about armed conflict and political violence in, ACLED-style events out."""

__version__ = "0.1.0"
