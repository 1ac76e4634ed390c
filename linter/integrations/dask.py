"""Lint a Dask DataFrame or Bag of documents, partition by partition, on any Dask cluster.

    import dask.dataframe as dd
    from distributed import Client
    import textlint
    from textlint.integrations.dask import lint_dataframe

    client = Client("scheduler:8786")            # or distributed.LocalCluster()
    docs = dd.read_parquet("s3://bucket/corpus/*.parquet")
    linted = lint_dataframe(docs, textlint.Linter(), text_column="text")
    linted.to_parquet("s3://bucket/linted/")     # every column, plus the textlint_* ones

The `Linter` is put in the task graph once, as its own task, so each
worker receives (and unpickles) the compiled rules once, however many
partitions it works on; the rules need not be installed as files there,
only the `textlint-coref` package. Each partition is linted by
`lint_partition`, a plain function of a pandas DataFrame that can be tested
and used without Dask. Columns added:

    textlint_findings  str   JSON list of the findings in the original text (Diagnostic.as_dict)
    textlint_count     int   how many findings
    textlint_fixed     str   the text with the safe fixes applied (with fix=True; unsafe=True: all)
    textlint_error     str   why the row was not linted (its text is not a string), else missing (NA)

The string columns have pandas' "string" dtype (missing values are NA), so
`to_parquet` writes them as strings whatever a partition holds.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, List, Optional

from textlint.library import Linter

PREFIX = "textlint_"


def _is_missing(value: Any) -> bool:
    """None, NaN or pandas.NA: what a DataFrame holds where a text is missing."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is not equal to itself
    except TypeError:  # pandas.NA refuses to be a boolean
        return True


def _lint_one(linter: Linter, text: Any, fix: bool, unsafe: bool):
    """(findings JSON, count, fixed text, error) for one text."""
    if not isinstance(text, str):
        kind = "missing" if _is_missing(text) else type(text).__name__
        return None, 0, None, f"text is {kind}, not a string"
    if fix:
        fixed, found, _ = linter.check_and_fix(text, unsafe=unsafe)
    else:
        fixed, found = None, linter.check(text)
    return json.dumps([d.as_dict() for d in found], ensure_ascii=False), len(found), fixed, None


def lint_partition(frame, linter: Optional[Linter] = None, text_column: str = "text", fix: bool = True, unsafe: bool = False):
    """A copy of the pandas DataFrame `frame` with the textlint_* columns added."""
    import pandas

    linter = linter or Linter()
    if text_column not in frame.columns:
        raise KeyError(f"textlint: no column '{text_column}' (columns: {', '.join(map(str, frame.columns))})")
    rows = [_lint_one(linter, text, fix, unsafe) for text in frame[text_column]]
    out = frame.copy()
    # pandas' string dtype, not object: Parquet writers then know the column's type even
    # in a partition where every value is missing
    out[PREFIX + "findings"] = pandas.Series([r[0] for r in rows], index=frame.index, dtype="string")
    out[PREFIX + "count"] = pandas.Series([r[1] for r in rows], index=frame.index, dtype="int64")
    if fix:
        out[PREFIX + "fixed"] = pandas.Series([r[2] for r in rows], index=frame.index, dtype="string")
    out[PREFIX + "error"] = pandas.Series([r[3] for r in rows], index=frame.index, dtype="string")
    return out


def lint_dataframe(frame, linter: Optional[Linter] = None, text_column: str = "text", fix: bool = True, unsafe: bool = False):
    """The Dask DataFrame `frame` with the textlint_* columns, computed lazily per partition."""
    import dask

    linter = linter or Linter()
    meta = lint_partition(frame._meta, linter, text_column, fix, unsafe)
    shared = dask.delayed(linter, pure=True)  # one task holding the Linter: sent to each worker once
    return frame.map_partitions(
        lint_partition, shared, text_column=text_column, fix=fix, unsafe=unsafe, meta=meta,
    )


def _lint_items(items: Iterable[Any], linter: Linter, text_field: Optional[str], fix: bool, unsafe: bool) -> List[dict]:
    out = []
    for item in items:
        text = item.get(text_field) if text_field is not None and isinstance(item, dict) else item
        findings, count, fixed, error = _lint_one(linter, text, fix, unsafe)
        row = dict(item) if isinstance(item, dict) else {"text": item}
        row.update({PREFIX + "findings": findings, PREFIX + "count": count, PREFIX + "error": error})
        if fix:
            row[PREFIX + "fixed"] = fixed
        out.append(row)
    return out


def lint_bag(bag, linter: Optional[Linter] = None, text_field: Optional[str] = "text", fix: bool = True, unsafe: bool = False):
    """A Dask Bag of dicts (or of strings, with text_field=None) -> a Bag of dicts with the
    textlint_* keys added (a string becomes {"text": ...})."""
    import dask

    linter = linter or Linter()
    shared = dask.delayed(linter, pure=True)
    return bag.map_partitions(_lint_items, shared, text_field=text_field, fix=fix, unsafe=unsafe)
