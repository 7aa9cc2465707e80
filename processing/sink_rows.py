"""Writing an output of input features with computed columns appended, in bulk: whole attribute columns are
joined to the features' own attributes and handed to the sink thousands at a time (``addFeatures`` with
FastInsert), with a cancel check between batches. 100,000 residents with 25 new fields are millions of values:
one ``addFeature`` per row, and a conversion per value, were most of a district run's writing time."""

from __future__ import annotations

from qgis.core import QgsFeature, QgsFeatureSink, QgsProcessingException

from ..lifecircle_plugin.core.errors import Msg
from ..lifecircle_plugin.core.phase_timer import phase
from ..lifecircle_plugin.messages import tr_msg

BATCH = 5000


def plain_column(values: list) -> list:
    """A column ready for QgsFeature attributes: core messages (Msg) as their text in the interface's language."""
    if any(issubclass(t, Msg) for t in set(map(type, values))):  # (the types first: a C loop over the column)
        return [tr_msg(v) if isinstance(v, Msg) else v for v in values]
    return values


def write_with_columns(sink, fields, features, columns: list, geometries=None, check=None, batch: int = BATCH,
                       reuse: bool = False, background: bool = False) -> None:
    """Writes each of ``features`` (its geometry, or ``geometries[i]``, and its attributes) followed by the values of
    ``columns`` (lists as long as ``features``) at row i; ``check`` (raising on a cancel) runs between batches.
    ``reuse``: the features themselves are given the output's fields and attributes and written (no copies — half
    the time for 100,000 residents); only for features read for this run and not needed as they were after it.
    ``background`` (a file output of its own, a GuardedSink): each batch built here is written by a worker thread
    while the next is built, and the file is closed there while the run goes on (GuardedSink.write_in_background)
    — GDAL writes the features and builds a GeoPackage's spatial index with the GIL released."""
    columns = [plain_column(list(c)) for c in columns]
    n = len(features)
    for start in range(0, n, batch):
        if check is not None:
            check()
        stop = min(n, start + batch)
        with phase("write/features"):
            out = _features(fields, features, columns, geometries, reuse, start, stop)
        if background:
            sink.write_in_background(lambda raw, out=out, start=start, stop=stop: _written(raw, out, start, stop, n))
        else:
            _written(sink, out, start, stop, n)
    if background:
        sink.finish_in_background()


def _written(sink, out: list, start: int, stop: int, n: int) -> None:
    """Hands the features ``out`` (rows ``start``–``stop`` of ``n``) to the sink; raises when it refuses them."""
    with phase("write/sink"):
        written = sink.addFeatures(out, QgsFeatureSink.Flag.FastInsert)
    if not written:
        raise QgsProcessingException(f"Could not write features {start + 1}–{stop} of {n}: {sink.lastError()}")


def _features(fields, features, columns, geometries, reuse: bool, start: int, stop: int) -> list:
    """The output features of rows ``start``–``stop`` (see :func:`write_with_columns`)."""
    rows = zip(*(c[start:stop] for c in columns)) if columns else [()] * (stop - start)
    out = []
    for i, row in zip(range(start, stop), rows):
        feat = features[i]
        if reuse:
            f = feat
            attributes = f.attributes()
            f.setFields(fields, False)
            if geometries is not None:
                f.setGeometry(geometries[i])
        else:
            attributes = feat.attributes()
            f = QgsFeature(fields)
            f.setGeometry(geometries[i] if geometries is not None else feat.geometry())
        attributes.extend(row)
        f.setAttributes(attributes)
        out.append(f)
    return out


def write_rows_bulk(sink, fields, features, rows: list, geometries=None, check=None, batch: int = BATCH,
                    background: bool = False) -> None:
    """:func:`write_with_columns` for rows (lists of values, one per feature) instead of columns."""
    columns = [list(c) for c in zip(*rows)]
    write_with_columns(sink, fields, features, columns, geometries, check, batch, background=background)
