"""Deterministic synthetic cities for `make bench`: from a district (~200k street edges) to Shanghai-wide (~1M).

What a planner's inputs look like, at scale, with the features that make a real city hard:

- streets: a grid of 120 m blocks with jittered junctions, a bent mid-block vertex on every link, 4 % of links
  missing, diagonal footpaths through some blocks, classes (primary every 8th line, secondary every 4th,
  residential, footway);
- rivers: a wide meandering river (Huangpu-like, ~300 m) and a narrower creek (Suzhou Creek-like, ~80 m)
  that cut every street except at bridges (one every ~1 km on the river, ~700 m on the creek);
- expressways: an inner and an outer ring and two radials (class ``motorway``, with ``motorway_link`` ramps)
  laid over the streets — not walkable, left out by the default class filter, so the walking network passes
  under them;
- residents: building points with population (a gamma distribution around 50 people; Shanghai-wide totals
  about 25 million) whose density falls off from the centre, none on the water;
- facilities of every checklist category (unequal counts: there are more shops than elderly-care homes), most
  near residents, some anywhere on land;
- life-circle units: squares of 2.13 km (1,600 over the Shanghai-wide city); blocks: the 960 m superblocks
  between primary roads, with their population; parcels: each superblock in four, with a land use, status,
  floor-area ratio and year.

Everything is a pure function of the size and the seed. Streets come as little-endian WKB — what the QGIS
bridge hands the network engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SPACING = 120.0
UNIT_SIDE = 2130.0
SIZES = {
    "small": dict(n_side=80, residents=10_000, facilities=1_000),
    "district": dict(n_side=320, residents=100_000, facilities=10_000),
    "city": dict(n_side=710, residents=500_000, facilities=50_000),
}
# relative number of facilities per checklist category, in profile order (shops, clinics and bus stops are
# common; elderly-care homes and culture centres rare)
CATEGORY_WEIGHTS = (6, 3, 4, 2, 8, 3, 2, 5, 4, 6, 2, 1, 3, 2, 3, 2, 4, 3, 2, 5)


@dataclass
class City:
    size: str
    extent: float
    street_wkb: list
    street_class: list
    residents_xy: np.ndarray
    population: np.ndarray
    facility_xy: np.ndarray
    facility_code: list
    unit_polygons: list
    block_polygons: list
    block_population: np.ndarray
    parcel_polygons: list
    parcel_attrs: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)

    def summary(self) -> str:
        c = self.counts
        return (f"{c['streets']:,} street lines ({c['bridges']:,} bridges, {c['footways']:,} footpaths, "
                f"{c['expressway']:,} expressway/ramp lines), {c['cut_by_water']:,} links cut by the rivers; "
                f"{len(self.residents_xy):,} residents ({self.population.sum() / 1e6:.1f} M people), "
                f"{len(self.facility_xy):,} facilities in {len(set(self.facility_code))} categories, "
                f"{len(self.unit_polygons):,} units, {len(self.block_polygons):,} blocks, "
                f"{len(self.parcel_polygons):,} parcels; {self.extent / 1000:.1f} km square")


def _river_x(y, extent):
    return 0.55 * extent + 0.08 * extent * np.sin(2 * np.pi * y / (0.7 * extent))


def _creek_y(x, extent):
    return 0.62 * extent + 0.03 * extent * np.sin(2 * np.pi * x / (0.45 * extent))


RIVER_HALF_WIDTH = 150.0
CREEK_HALF_WIDTH = 40.0


def on_water(x, y, extent):
    x, y = np.asarray(x, float), np.asarray(y, float)
    return (np.abs(x - _river_x(y, extent)) < RIVER_HALF_WIDTH) | (np.abs(y - _creek_y(x, extent)) < CREEK_HALF_WIDTH)


def _line_wkb(coords: np.ndarray) -> list:
    """Little-endian WKB LineStrings of k vertices each, from an (n, k, 2) array, in bulk."""
    n, k, _ = coords.shape
    rec = np.dtype([("head", "u1", 9), ("xy", "<f8", (2 * k,))])
    arr = np.zeros(n, dtype=rec)
    arr["head"] = np.frombuffer(b"\x01\x02\x00\x00\x00" + int(k).to_bytes(4, "little"), dtype=np.uint8)
    arr["xy"] = coords.reshape(n, 2 * k)
    buf = arr.tobytes()
    size = rec.itemsize
    return [buf[i * size:(i + 1) * size] for i in range(n)]


def make_city(size: str = "district", seed: int = 2026) -> City:
    from shapely.geometry import LineString, box

    spec = SIZES[size]
    n = spec["n_side"]
    rng = np.random.default_rng(seed)
    extent = (n - 1) * SPACING
    X = np.arange(n)[:, None] * SPACING + rng.normal(0, SPACING * 0.12, (n, n))
    Y = np.arange(n)[None, :] * SPACING + rng.normal(0, SPACING * 0.12, (n, n))

    # grid links: (i, j) -> (i + 1, j) and (i, j) -> (i, j + 1)
    ii, jj = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    links = []
    for di, dj in ((1, 0), (0, 1)):
        ok = (ii + di < n) & (jj + dj < n)
        a_i, a_j = ii[ok], jj[ok]
        links.append((a_i, a_j, a_i + di, a_j + dj, np.full(ok.sum(), di == 1)))
    a_i, a_j, b_i, b_j, horizontal = (np.concatenate(z) for z in zip(*links))
    p0 = np.column_stack([X[a_i, a_j], Y[a_i, a_j]])
    p1 = np.column_stack([X[b_i, b_j], Y[b_i, b_j]])
    mid = (p0 + p1) / 2 + rng.normal(0, 4, p0.shape)
    missing = rng.random(len(p0)) < 0.04
    # the street's line index across the grid: horizontal links run along row j, vertical along column i
    line_no = np.where(horizontal, a_j, a_i)
    klass = np.where(line_no % 8 == 0, "primary", np.where(line_no % 4 == 0, "secondary", "residential"))

    # rivers: links on or across the water are cut, except bridges (primary/secondary lines)
    wet = on_water(p0[:, 0], p0[:, 1], extent) | on_water(p1[:, 0], p1[:, 1], extent) | on_water(
        mid[:, 0], mid[:, 1], extent)
    cross_river = np.sign(p0[:, 0] - _river_x(p0[:, 1], extent)) != np.sign(p1[:, 0] - _river_x(p1[:, 1], extent))
    cross_creek = np.sign(p0[:, 1] - _creek_y(p0[:, 0], extent)) != np.sign(p1[:, 1] - _creek_y(p1[:, 0], extent))
    river_bridge = horizontal & (a_j % 8 == 0)
    creek_bridge = ~horizontal & (a_i % 6 == 0)
    near_river = np.abs(mid[:, 0] - _river_x(mid[:, 1], extent)) < RIVER_HALF_WIDTH + 2 * SPACING
    near_creek = np.abs(mid[:, 1] - _creek_y(mid[:, 0], extent)) < CREEK_HALF_WIDTH + 2 * SPACING
    bridge = (river_bridge & near_river) | (creek_bridge & near_creek & ~near_river)
    cut = (wet | cross_river | cross_creek) & ~bridge
    keep = ~missing & ~cut
    streets = np.stack([p0[keep], mid[keep], p1[keep]], axis=1)
    classes = list(klass[keep])

    # diagonal footpaths through 3 % of the blocks (junction to opposite junction, on dry land)
    di_i, di_j = ii[:-1, :-1].ravel(), jj[:-1, :-1].ravel()
    pick = rng.random(len(di_i)) < 0.03
    q0 = np.column_stack([X[di_i[pick], di_j[pick]], Y[di_i[pick], di_j[pick]]])
    q1 = np.column_stack([X[di_i[pick] + 1, di_j[pick] + 1], Y[di_i[pick] + 1, di_j[pick] + 1]])
    qm = (q0 + q1) / 2 + rng.normal(0, 6, q0.shape)
    dry = ~(on_water(q0[:, 0], q0[:, 1], extent) | on_water(q1[:, 0], q1[:, 1], extent)
            | on_water(qm[:, 0], qm[:, 1], extent))
    dry &= (np.sign(q0[:, 0] - _river_x(q0[:, 1], extent)) == np.sign(q1[:, 0] - _river_x(q1[:, 1], extent)))
    dry &= (np.sign(q0[:, 1] - _creek_y(q0[:, 0], extent)) == np.sign(q1[:, 1] - _creek_y(q1[:, 0], extent)))
    foot = np.stack([q0[dry], qm[dry], q1[dry]], axis=1)
    street_wkb = _line_wkb(streets) + _line_wkb(foot)
    classes += ["footway"] * len(foot)

    # expressways: two rings and two radials (vertices every ~500 m) with ramps to the primary roads
    express = []
    for f in (0.3, 0.15):
        lo, hi = f * extent, (1 - f) * extent
        ring = [(lo, lo), (hi, lo), (hi, hi), (lo, hi), (lo, lo)]
        express.append(LineString(ring).segmentize(500.0) if hasattr(LineString(ring), "segmentize")
                       else LineString(ring))
    express.append(LineString([(0.0, 0.5 * extent + 37.0), (extent, 0.5 * extent + 37.0)]))
    express.append(LineString([(0.33 * extent + 23.0, 0.0), (0.33 * extent + 23.0, extent)]))
    ramps = []
    for line in express[:2]:
        for t in np.linspace(0.05, 0.95, 12):
            p = line.interpolate(t, normalized=True)
            ramps.append(LineString([(p.x, p.y), (p.x + 90.0, p.y + 40.0)]))
    street_wkb += [g.wkb for g in express] + [g.wkb for g in ramps]
    classes += ["motorway"] * len(express) + ["motorway_link"] * len(ramps)

    # residents: building points, denser towards the centre, none on the water
    want = spec["residents"]
    pts = np.zeros((0, 2))
    centre = np.array([0.5 * extent, 0.5 * extent])
    while len(pts) < want:
        cand = rng.uniform(0, extent, (2 * want, 2))
        r = np.hypot(*(cand - centre).T)
        accept = rng.random(len(cand)) < np.exp(-r / (0.35 * extent))
        accept &= ~on_water(cand[:, 0], cand[:, 1], extent)
        pts = np.concatenate([pts, cand[accept]])
    residents = pts[:want]
    population = np.round(rng.gamma(2.0, 25.0, want)) + 1.0

    # facilities of every category: 80 % near residents, 20 % anywhere on land
    from lifecircle.lifecircle_plugin.core.checklist import load_profile

    codes = list(load_profile("shanghai").codes)
    weights = np.array(CATEGORY_WEIGHTS[: len(codes)], dtype=float)
    nf = spec["facilities"]
    fac_code = list(np.array(codes)[rng.choice(len(codes), nf, p=weights / weights.sum())])
    near = rng.random(nf) < 0.8
    fac = np.empty((nf, 2))
    fac[near] = residents[rng.integers(0, want, near.sum())] + rng.normal(0, 60, (near.sum(), 2))
    far_pts = rng.uniform(0, extent, (2 * (~near).sum() + 10, 2))
    far_pts = far_pts[~on_water(far_pts[:, 0], far_pts[:, 1], extent)]
    fac[~near] = far_pts[: (~near).sum()]
    fac = np.clip(fac, 0, extent)

    # units: 2.13 km squares
    nu = max(1, int(round(extent / UNIT_SIDE)))
    side = extent / nu
    units = [box(i * side, j * side, (i + 1) * side, (j + 1) * side) for i in range(nu) for j in range(nu)]

    # superblocks between primary roads (960 m), their population; parcels: each superblock in four
    nb = max(1, int(extent // (8 * SPACING)))
    bside = extent / nb
    blocks = [box(i * bside, j * bside, (i + 1) * bside, (j + 1) * bside) for i in range(nb) for j in range(nb)]
    bi = np.clip((residents[:, 0] // bside).astype(int), 0, nb - 1)
    bj = np.clip((residents[:, 1] // bside).astype(int), 0, nb - 1)
    block_pop = np.bincount(bi * nb + bj, weights=population, minlength=nb * nb)
    inset = 15.0  # road space
    parcels = []
    for i in range(nb):
        for j in range(nb):
            x0, y0 = i * bside, j * bside
            h = bside / 2
            for a in range(2):
                for b in range(2):
                    parcels.append(box(x0 + a * h + inset, y0 + b * h + inset, x0 + (a + 1) * h - inset,
                                       y0 + (b + 1) * h - inset))
    npc = len(parcels)
    uses = np.array(["居住", "居住", "居住", "商业", "工业", "仓储", "教育", "绿地", "空地", "交通"])
    land_use = list(uses[rng.integers(0, len(uses), npc)])
    status = list(np.where(rng.random(npc) < 0.08, "闲置", np.where(rng.random(npc) < 0.1, "低效", "在用")))
    far = np.round(rng.gamma(2.0, 0.8, npc), 2)
    year = rng.integers(1960, 2024, npc)
    counts = {
        "streets": len(street_wkb), "footways": len(foot),
        "bridges": int((bridge & keep & (wet | cross_river | cross_creek)).sum()),
        "expressway": len(express) + len(ramps), "cut_by_water": int((cut & ~missing).sum()),
    }
    return City(size=size, extent=extent, street_wkb=street_wkb, street_class=classes, residents_xy=residents,
                population=population, facility_xy=fac, facility_code=fac_code, unit_polygons=units,
                block_polygons=blocks, block_population=block_pop, parcel_polygons=parcels,
                parcel_attrs={"land_use": land_use, "status": status, "far": far, "year": year}, counts=counts)


def plot(city: City, path: str) -> None:
    """A quick look at a generated city (streets by class, water, residents, facilities, units) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    from lifecircle.lifecircle_plugin.core.network import _read_line_parts

    flat, counts, src, _ = _read_line_parts(city.street_wkb, np.arange(len(city.street_wkb)))
    parts = np.split(flat, np.cumsum(counts)[:-1])
    style = {"primary": ("#555555", 1.2), "secondary": ("#777777", 0.8), "residential": ("#aaaaaa", 0.4),
             "footway": ("#2e8b57", 0.6), "motorway": ("#d62728", 2.2), "motorway_link": ("#d62728", 1.0)}
    fig, ax = plt.subplots(figsize=(10, 10), dpi=110)
    cls = np.array(city.street_class)[src]
    for name, (colour, width) in style.items():
        sel = [p for p, c in zip(parts, cls) if c == name]
        ax.add_collection(LineCollection(sel, colors=colour, linewidths=width, label=name))
    g = np.linspace(0, city.extent, 800)
    xx, yy = np.meshgrid(g, g)
    ax.contourf(xx, yy, on_water(xx, yy, city.extent).astype(float), levels=[0.5, 1.5], colors=["#9ecae1"])
    ax.scatter(*city.residents_xy.T, s=0.3, c="#ff7f0e", alpha=0.4, label="residents")
    ax.scatter(*city.facility_xy.T, s=2, c="#1f77b4", label="facilities")
    for u in city.unit_polygons:
        ax.plot(*u.exterior.xy, color="#6a3d9a", lw=0.8)
    ax.set_xlim(0, city.extent)
    ax.set_ylim(0, city.extent)
    ax.set_aspect("equal")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(city.summary()[:110], fontsize=8)
    fig.savefig(path, bbox_inches="tight")


if __name__ == "__main__":
    import sys
    import time
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "build"))
    t = time.perf_counter()
    city = make_city(sys.argv[1] if len(sys.argv) > 1 else "small")
    print(f"{city.summary()}  ({time.perf_counter() - t:.1f} s)")
    if len(sys.argv) > 2:
        plot(city, sys.argv[2])
