"""Extract one indicator row per quantitative statement: number, unit and the fields a user filters on.

:func:`quantities` finds the numbers-with-units of one sentence; :func:`indicators` walks the sentences
of each article in reading order and fills region, period and target from the sentence or, when the
sentence does not restate them, from the earlier sentences of the same article (see
``docs/extraction.md``). Pure functions; regexes and the gazetteer load once.

The package: :mod:`.scan` finds the numbers with their units in a sentence and reads qualifier, direction
and basis around them; :mod:`.metric` names what each measures; :mod:`.places` decides which region a
figure is about; :mod:`.walk` carries region, period and target from sentence to sentence through an
article and builds the rows.
"""

from __future__ import annotations

import polars as pl

EXTRACTOR_VERSION = "0.3.25"

INDICATOR_SCHEMA = {
    "indicator_id": pl.String,
    "doc_id": pl.String,
    "source": pl.String,
    "article_index": pl.Int32,
    "sentence_index": pl.Int32,
    "article_title": pl.String,
    "sentence": pl.String,
    "span_start": pl.Int32,
    "span_end": pl.Int32,
    "metric": pl.String,
    "region": pl.String,
    "region_code": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "value_norm": pl.Float64,
    "unit_norm": pl.String,
    "qualifier": pl.String,
    "direction": pl.String,
    "period": pl.String,
    "is_target": pl.Boolean,
    "basis": pl.String,
    "extractor_version": pl.String,
}


# The rules load on first use (PEP 562): a run with nothing new reads EXTRACTOR_VERSION without compiling them.
_LAZY = {"Quantity": "scan", "quantities": "scan", "indicator_id": "walk", "indicators": "walk"}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


__all__ = ["EXTRACTOR_VERSION", "INDICATOR_SCHEMA", "Quantity", "indicator_id", "indicators", "quantities"]
