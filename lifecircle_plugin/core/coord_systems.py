"""Names of the coordinate systems of Chinese POI data (no numpy: the Processing dialog lists them at load)."""

from __future__ import annotations

WGS84 = "WGS84"
GCJ02 = "GCJ02"
BD09 = "BD09"
#: the coordinate systems, in the order the Processing algorithm lists them
SYSTEMS: tuple[str, str, str] = (WGS84, GCJ02, BD09)
#: what users see for each system
SYSTEM_LABELS = {
    WGS84: "WGS 84",
    GCJ02: "GCJ-02 (AMap/Tencent)",
    BD09: "BD-09 (Baidu)",
}
