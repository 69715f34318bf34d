"""Gazetteer build and lookup; toponym recognition and resolution."""

from conflictwatch.geo.gazetteer import build_index, index_path, load_index
from conflictwatch.geo.geocoder import Geocoder

__all__ = ["Geocoder", "build_index", "index_path", "load_index"]
