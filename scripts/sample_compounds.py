"""Gated compounds (封闭小区) and their gates for the sample district 示例区 (fictional, deterministic).

Called by ``scripts/make_sample_district.py`` after every other layer is built, from the final layers only, with a
generator of its own (``default_rng(seed + COMPOUND_SEED_OFFSET)``), so that the other layers stay exactly what
they were before compounds were added.

- ``compounds``: one polygon per 居住 parcel that holds resident points, its wall 1 m inside the parcel's edge.
  Fields: compound_id (C001…), name (an invented estate name: 新村/小区/一村 for parcels built before 1995,
  苑/花园/华庭… for newer ones), block_id, is_open (0/1: about 10 % open, old ones more often), type_code
  (AMap's 住宅小区 typecode ``120302``).
- ``gates``: points on the walls of the gated compounds, each where the wall faces a street (not the
  expressway) within 15 m: 1–3 pedestrian gates per compound, the main one on the street side nearest its
  residents, the others spread round the wall; where a service lane runs into a compound, a vehicle gate
  (pedestrian = 0) where the lane passes the wall. Fields: gate_id (G0001…), compound_id, name (``翠湖苑(北门)``,
  the direction from the compound's centroid), pedestrian (0/1), hours (empty: always open; some gates
  ``06:00-22:00``), type_code (AMap's 临街院门 typecode ``991400``).

Three showcase compounds, chosen by their geometry (not at random):

- **a single back gate**: a gated compound with exactly one gate, on the side away from the street its residents
  are nearest to: a resident point 20–40 m from a street walks more than 150 m to the gate;
- **an open compound** (is_open = 1) near the middle of the district, by 中山路;
- **a night-closed main gate**: a gated compound with two gates; the one nearer to most of its residents (the
  main gate) is open 06:00-22:00, the other always.

Only numpy and shapely (1.8 or 2.x) geometry; no QGIS.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

COMPOUND_SEED_OFFSET = 19  # the census, buildings and needs use seed + 18
COMPOUND_TYPE_CODE = "120302"  # AMap 商务住宅;住宅区;住宅小区
GATE_TYPE_CODE = "991400"  # AMap 通行设施;临街院门;临街院门
WALL_INSET = 1.0  # the wall stands this far inside the parcel's edge (m)
GATE_STREET_REACH = 14.0  # gates are placed within this of a street (the layer promises 15 m: rounding margin)
GATE_CLASSES = ("primary", "secondary", "tertiary", "residential", "footway")  # streets a pedestrian gate faces
SAMPLE_STEP = 2.0  # the wall is looked at every this many metres
MIN_FRONT = 12.0  # a stretch of wall facing one street at least this long can hold a gate
MIN_GATE_GAP = 60.0  # pedestrian gates of one compound at least this far apart
OPEN_SHARE = 0.10
OLD_YEAR = 1995  # parcels built before this are old 新村 (more often open)
GATE_COUNTS = (1, 2, 3)
GATE_COUNT_P = (0.3, 0.5, 0.2)
NIGHT_HOURS = "06:00-22:00"
NIGHT_SHARE = 0.35  # of the other (not main) pedestrian gates of a compound
#: showcase (a): the resident is this near a street, and farther than this from the single gate
BACK_GATE_RESIDENT = (20.0, 40.0)
BACK_GATE_FAR = 160.0
SHOWCASE_NAMES = {"back_gate": "翠湖苑", "open": "中山花园", "night_gate": "锦绣花园"}

#: invented estate names: a two-character word and a suffix (each word once)
NAME_WORDS = (
    "金桂", "丽景", "康乐", "和馨", "瑞祥", "嘉禾", "福临", "安居", "泰和", "富润", "春江", "秋水", "明月", "阳光",
    "景秀", "绿洲", "青枫", "碧云", "银杏", "紫薇", "玉兰", "恒盛", "万象", "新月", "海棠", "芳草", "兰亭", "桃源",
    "杏林", "柳岸", "荷塘", "竹韵", "松涛", "枫林", "香樟", "丁香", "芙蓉", "百合", "杜鹃", "山茶", "木棉", "石榴",
    "合欢", "凌霄", "雪松", "红枫", "白杨", "紫藤", "迎春", "书香", "学府", "育才", "启明", "朝阳", "望江", "听潮",
    "临波", "仁和", "致远", "博雅", "崇文", "尚德", "宜居", "晨光", "晓风", "星河", "云锦", "天韵", "御景", "怡景",
    "怡和", "雅致", "逸林", "逸景", "悦湖", "悦澜", "海悦", "江悦", "滨湖", "湖畔", "河畔", "水岸", "绿荫", "林荫",
    "桐荫", "花溪", "溪岸", "碧溪", "碧水", "清风", "金色", "银河", "宝石", "翡翠", "琥珀", "珊瑚", "水晶", "彩虹",
    "晴川", "汇景", "盛世", "鸿福", "万福", "吉祥", "如意", "帝景", "君悦", "锦华", "锦荣", "荣华", "春华",
    "秋实", "夏荷", "冬青", "四季", "百花", "莲花", "菊香", "兰馨", "桂香", "檀香", "长乐",
    "永宁", "福寿", "康宁", "安康", "和谐", "友谊", "团结", "建新", "新风", "向阳", "红旗", "东风", "曙光", "胜利",
    "前进", "跃进", "工农", "光华", "振兴", "兴业", "聚贤", "德润", "润泽", "宏图", "鹏程", "锦程", "凯旋",
    "欧香", "威尼", "香榭", "枫丹", "蓝湾", "蓝天", "白云", "青松", "翠竹", "绿竹", "梧竹", "清溪", "明珠",
    "金谷", "银湖", "玉泉", "翠屏", "青云", "紫云", "白鹭", "黄鹂", "云雀", "海燕", "春晓", "夏阳",
)
OLD_SUFFIXES = ("新村", "小区", "一村", "二村", "公寓", "坊")
NEW_SUFFIXES = ("苑", "花园", "家园", "华庭", "雅苑", "名邸", "公寓", "嘉园", "佳苑", "府", "湾", "园")
#: worker-era words read as old 新村 names; foreign-sounding ones as new estates
OLD_WORDS = {"红旗", "东风", "曙光", "胜利", "前进", "跃进", "工农", "团结", "友谊", "建新", "新风", "向阳", "光华"}
NEW_WORDS = {"欧香", "威尼", "香榭", "枫丹", "蓝湾", "君悦", "帝景", "御景", "名都", "凯迪"}
DIRECTIONS = ("东", "东北", "北", "西北", "西", "西南", "南", "东南")  # 45° sectors counter-clockwise from east


# ---------------------------------------------------------------------------------------------------------------
# geometry helpers (shapely 1.8 and 2.x alike)
def _round_polygon(poly):
    """A polygon with its vertices on the centimetre, repeated and straight-through vertices dropped, normalized."""
    from shapely.geometry import Polygon

    def ring(coords):
        c = np.round(np.asarray(coords, dtype=float)[:, :2], 2)
        pts = [tuple(p) for p in c[:-1]]
        pts = [p for k, p in enumerate(pts) if p != pts[k - 1]]
        changed = True
        while changed and len(pts) > 3:  # drop vertices within 1 cm of the line through their neighbours
            changed = False
            for k in range(len(pts)):
                a, b, c2 = np.array(pts[k - 1]), np.array(pts[k]), np.array(pts[(k + 1) % len(pts)])
                ac = c2 - a
                length = float(np.hypot(*ac))
                if length == 0.0 or abs(ac[0] * (b[1] - a[1]) - ac[1] * (b[0] - a[0])) / length < 0.01:
                    del pts[k]
                    changed = True
                    break
        return pts + pts[:1]

    out = Polygon(ring(poly.exterior.coords), [ring(r.coords) for r in poly.interiors])
    if not out.is_valid:
        raise ValueError(f"a compound wall became invalid when rounded: {out.wkt[:200]}")
    return out.normalize()


def _wall(parcel):
    """The compound's polygon: the parcel shrunk by WALL_INSET (mitred corners), on the centimetre."""
    inner = parcel.buffer(-WALL_INSET, join_style=2, mitre_limit=5.0)
    if inner.geom_type != "Polygon":
        inner = max(getattr(inner, "geoms", [inner]), key=lambda g: g.area)
    return _round_polygon(inner)


def _is_old(year) -> bool:
    """Built before OLD_YEAR (no year: not old)."""
    try:
        return year is not None and not math.isnan(float(year)) and int(year) < OLD_YEAR
    except (TypeError, ValueError):
        return False


def _direction(centre, x: float, y: float) -> str:
    angle = math.degrees(math.atan2(y - centre.y, x - centre.x)) % 360.0
    return DIRECTIONS[int(((angle + 22.5) % 360.0) // 45.0)]


class _Streets:
    """The non-trunk streets, with a bounding-box prefilter for the few near a compound."""

    def __init__(self, streets):
        keep = streets["highway"] != "trunk"
        self.geoms = list(streets.geometry[keep])
        self.highway = list(streets["highway"][keep])
        self.names = [n if isinstance(n, str) and n else sid
                      for n, sid in zip(streets["name"][keep], streets["street_id"][keep])]
        self.bounds = np.array([g.bounds for g in self.geoms])

    def near(self, geom, reach: float, classes: Sequence[str] | None = None) -> list[int]:
        x0, y0, x1, y1 = geom.bounds
        b = self.bounds
        hit = np.flatnonzero((b[:, 0] <= x1 + reach) & (b[:, 2] >= x0 - reach)
                             & (b[:, 1] <= y1 + reach) & (b[:, 3] >= y0 - reach))
        return [int(i) for i in hit if (classes is None or self.highway[i] in classes)
                and self.geoms[i].distance(geom) <= reach]

    def nearest(self, point, candidates: Sequence[int] | None = None):
        """(distance, index) of the nearest street."""
        cand = range(len(self.geoms)) if candidates is None else candidates
        return min((self.geoms[i].distance(point), i) for i in cand)


def _fronts(wall, streets: _Streets) -> list[dict]:
    """The stretches of wall facing a street within GATE_STREET_REACH, one per (street name, run): each with the
    point in the middle of the stretch (where a gate goes), the street's name, class and distance."""
    from shapely.geometry import Point

    ring = wall.exterior
    near = streets.near(wall, GATE_STREET_REACH + 1.0, GATE_CLASSES)
    if not near:
        return []
    n = max(int(ring.length // SAMPLE_STEP), 8)
    step = ring.length / n
    labels = []
    for k in range(n):
        p = ring.interpolate(k * step)
        d, i = streets.nearest(p, near)
        labels.append((streets.names[i], i, d) if d <= GATE_STREET_REACH else None)
    # runs of samples facing the same street name (the ring closes: a run may wrap round the start)
    runs: list[list[int]] = []
    for k in range(n):
        if labels[k] is None:
            continue
        if runs and labels[k - 1] is not None and labels[k - 1][0] == labels[k][0] and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    if len(runs) > 1 and runs[0][0] == 0 and runs[-1][-1] == n - 1 and labels[0][0] == labels[n - 1][0]:
        runs[0] = runs.pop() + runs[0]
    out = []
    for run in runs:
        if (len(run) - 1) * step < MIN_FRONT:
            continue
        k = run[len(run) // 2]
        p = ring.interpolate(k * step)
        p = Point(round(p.x, 2), round(p.y, 2))
        d, i = streets.nearest(p, near)
        if d > GATE_STREET_REACH + 0.5:
            continue
        out.append({"point": p, "street": streets.names[i], "highway": streets.highway[i], "distance": d,
                    "length": (len(run) - 1) * step})
    return out


def _lane_gates(wall, streets: _Streets) -> list:
    """Where service lanes pass the wall (vehicle gates)."""
    from shapely.geometry import Point

    out = []
    for i in streets.near(wall, 0.0, ("service",)):
        meet = streets.geoms[i].intersection(wall.exterior)
        pts = [g for g in getattr(meet, "geoms", [meet]) if g.geom_type == "Point"]
        for p in pts:
            out.append(Point(round(p.x, 2), round(p.y, 2)))
    return out


# ---------------------------------------------------------------------------------------------------------------
def _compound_sites(out: dict, streets: _Streets) -> list[dict]:
    """One site per 居住 parcel with resident points (parcel order): wall, residents, fronts, lane gates."""
    from shapely.geometry import Point

    parcels, residents = out["parcels"], out["residents"]
    rxy = np.array([(p.x, p.y) for p in residents.geometry])
    rpop = residents["population"].to_numpy(dtype=float)
    rid = list(residents["resident_id"])
    sites = []
    for q in parcels.itertuples():
        if q.land_use != "居住":
            continue
        g = q.geometry
        x0, y0, x1, y1 = g.bounds
        cand = np.flatnonzero((rxy[:, 0] >= x0) & (rxy[:, 0] <= x1) & (rxy[:, 1] >= y0) & (rxy[:, 1] <= y1))
        inside = [int(k) for k in cand if g.contains(Point(rxy[k]))]
        if not inside:
            continue
        wall = _wall(g)
        if not wall.within(g) or not all(wall.contains(Point(rxy[k])) for k in inside):
            raise RuntimeError(f"{q.parcel_id}: the compound wall does not keep its residents inside")
        sites.append({"parcel_id": q.parcel_id, "block_id": q.block_id, "year": q.building_year, "wall": wall,
                      "res": inside, "res_xy": rxy[inside], "res_pop": rpop[inside],
                      "res_id": [rid[k] for k in inside], "fronts": _fronts(wall, streets),
                      "lanes": _lane_gates(wall, streets)})
    return sites


def _dist(p, xy: np.ndarray) -> np.ndarray:
    return np.hypot(xy[:, 0] - p.x, xy[:, 1] - p.y)


def _pick_back_gate(sites: list[dict], streets: _Streets) -> dict | None:
    """Showcase (a): a compound (no service lane) with a resident point 20–40 m from a street (street A, not a
    footpath) and a front on another street (not a footpath) on the far side of the compound, more than
    BACK_GATE_FAR from that resident and at least 150° round from street A as the resident sees them. Best: the
    largest share of the compound's residents (by population) nearer to street A than to that gate, then the
    longest walk to the gate for each metre to the street."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    best = None
    for s in sites:
        if s["lanes"] or len(s["fronts"]) < 2:
            continue
        for k, p in enumerate(s["res_xy"]):
            pt = Point(p)
            d, i = streets.nearest(pt)
            if not BACK_GATE_RESIDENT[0] <= d <= BACK_GATE_RESIDENT[1] or streets.highway[i] == "footway":
                continue
            own = streets.names[i]
            q = nearest_points(pt, streets.geoms[i])[1]
            to_street = np.array([q.x - pt.x, q.y - pt.y])
            to_a = np.array([streets.geoms[i].distance(Point(xy)) for xy in s["res_xy"]])
            for f in s["fronts"]:
                if f["street"] == own or f["highway"] == "footway":
                    continue
                far = float(f["point"].distance(pt))
                to_gate = np.array([f["point"].x - pt.x, f["point"].y - pt.y])
                cos = float(np.dot(to_street, to_gate) / (np.hypot(*to_street) * np.hypot(*to_gate)))
                if far < BACK_GATE_FAR or cos > math.cos(math.radians(150.0)):
                    continue
                nearer_a = to_a < _dist(f["point"], s["res_xy"])
                share = float(s["res_pop"][nearer_a].sum() / s["res_pop"].sum())
                score = (round(share, 6), far / d)
                if best is None or score > best["score"]:
                    best = {"site": s, "front": f, "resident": s["res_id"][k], "near": d, "far": far,
                            "score": score, "street": own}
    return best


def _pick_night_gate(sites: list[dict], taken: set) -> dict | None:
    """Showcase (c): a compound (no service lane) with two fronts far apart, most of its residents (by count and
    population) nearer to one of them: that main gate is closed at night, the other always open."""
    best = None
    for s in sites:
        if s["parcel_id"] in taken or s["lanes"] or len(s["fronts"]) < 2 or len(s["res"]) < 3:
            continue
        for a in s["fronts"]:
            for b in s["fronts"]:
                if a is b or a["point"].distance(b["point"]) < 120.0:
                    continue
                nearer_a = _dist(a["point"], s["res_xy"]) < _dist(b["point"], s["res_xy"])
                share = nearer_a.mean()
                pop_share = s["res_pop"][nearer_a].sum() / s["res_pop"].sum()
                if share < 0.75 or pop_share < 0.75:
                    continue
                score = (len(s["res"]) * share, float(a["point"].distance(b["point"])))
                if best is None or score > best["score"]:
                    best = {"site": s, "main": a, "other": b, "score": score}
    return best


def _pick_open(sites: list[dict], taken: set, out: dict) -> dict | None:
    """Showcase (b): the compound nearest the middle of the district that lies along 中山路 (the two 街镇' line),
    with at least three resident points."""
    streets = out["streets"]
    zhongshan = streets[streets["name"] == "中山路"].geometry
    if not len(zhongshan):
        return None
    geoms = out["blocks"].geometry
    centre = (geoms.union_all() if hasattr(geoms, "union_all") else geoms.unary_union).centroid
    best = None
    for s in sites:
        if s["parcel_id"] in taken or len(s["res"]) < 3:
            continue
        if min(g.distance(s["wall"]) for g in zhongshan) > 20.0:
            continue
        d = s["wall"].centroid.distance(centre)
        if best is None or d < best[0]:
            best = (d, s)
    return best[1] if best else None


def _names(sites: list[dict], fixed: dict[str, str], rng: np.random.Generator) -> dict[str, str]:
    """An invented estate name per compound: a word used once, with an old suffix (新村, 小区 …) for parcels built
    before OLD_YEAR and a new one (苑, 花园 …) otherwise; worker-era words only for old parcels, foreign-sounding
    ones only for new."""
    reserved = {v[:2] for v in fixed.values()}
    words = [w for w in dict.fromkeys(NAME_WORDS) if w not in reserved]
    free = [s for s in sites if s["parcel_id"] not in fixed]
    if len(words) < len(free) + len(OLD_WORDS | NEW_WORDS):
        raise RuntimeError(f"{len(words)} estate words for {len(free)} compounds")
    names = dict(fixed)
    for s in free:
        old = _is_old(s["year"])
        fits = [w for w in words if w not in (NEW_WORDS if old else OLD_WORDS)]
        w = fits[int(rng.integers(0, len(fits)))]
        words.remove(w)
        pool = [x for x in (OLD_SUFFIXES if old else NEW_SUFFIXES) if not set(x) & set(w)]  # not 雅致雅苑
        names[s["parcel_id"]] = w + pool[int(rng.integers(0, len(pool)))]
    if len(set(names.values())) != len(names):
        raise RuntimeError("estate names repeat")
    return names


def _choose_gates(s: dict, rng: np.random.Generator) -> list[dict]:
    """1–3 pedestrian gates: the main one on the front nearest the residents (weighted by population, with a
    little noise), the others spread round the wall (at least MIN_GATE_GAP apart); some of the others close at
    night."""
    fronts = s["fronts"]
    n = int(rng.choice(GATE_COUNTS, p=GATE_COUNT_P))
    cost = np.array([float(np.average(_dist(f["point"], s["res_xy"]), weights=s["res_pop"])) for f in fronts])
    cost = cost * rng.uniform(0.9, 1.1, len(fronts))
    chosen = [int(np.argmin(cost))]
    while len(chosen) < n:
        gap = np.array([min(fronts[k]["point"].distance(fronts[c]["point"]) for c in chosen)
                        for k in range(len(fronts))])
        ok = np.flatnonzero(gap >= MIN_GATE_GAP)
        if not len(ok):
            break
        w = gap[ok]
        chosen.append(int(ok[int(rng.choice(len(ok), p=w / w.sum()))]))
    gates = [{"point": fronts[c]["point"], "pedestrian": 1, "hours": None} for c in chosen]
    if len(gates) > 1:
        for g in gates[1:]:
            if rng.random() < NIGHT_SHARE:
                g["hours"] = NIGHT_HOURS
    return gates


def add_compounds_and_gates(out: dict, seed: int) -> None:
    """Adds ``out["compounds"]`` (polygons) and ``out["gates"]`` (points) from the final layers in ``out``
    (parcels, residents, streets, blocks), drawing from ``default_rng(seed + COMPOUND_SEED_OFFSET)``."""
    import geopandas as gpd
    import pandas as pd

    rng = np.random.default_rng(seed + COMPOUND_SEED_OFFSET)
    crs = out["parcels"].crs
    streets = _Streets(out["streets"])
    sites = _compound_sites(out, streets)
    blocks = dict(zip(out["blocks"]["block_id"], out["blocks"].geometry))
    for s in sites:
        if not blocks[s["block_id"]].contains(s["wall"]):
            raise RuntimeError(f"{s['parcel_id']}: the compound is not inside its 居委")

    # the showcases (by their geometry)
    back = _pick_back_gate(sites, streets)
    if back is None:
        raise RuntimeError("no compound for the single back gate")
    taken = {back["site"]["parcel_id"]}
    night = _pick_night_gate(sites, taken)
    if night is None:
        raise RuntimeError("no compound for the night-closed main gate")
    taken.add(night["site"]["parcel_id"])
    open_site = _pick_open(sites, taken, out)
    if open_site is None:
        raise RuntimeError("no compound for the open showcase")
    taken.add(open_site["parcel_id"])
    fixed = {back["site"]["parcel_id"]: SHOWCASE_NAMES["back_gate"],
             open_site["parcel_id"]: SHOWCASE_NAMES["open"],
             night["site"]["parcel_id"]: SHOWCASE_NAMES["night_gate"]}

    # open compounds: about 10 %, old ones more likely; never a compound without a front (it would have no
    # gate) is left gated, and compounds with a vehicle lane stay gated
    n_open = round(OPEN_SHARE * len(sites))
    is_open = {open_site["parcel_id"]}
    no_front = [s["parcel_id"] for s in sites if not s["fronts"] and s["parcel_id"] not in taken]
    is_open.update(no_front)
    pool = [s for s in sites if s["parcel_id"] not in taken and s["parcel_id"] not in is_open and not s["lanes"]]
    w = np.array([3.0 if _is_old(s["year"]) else 1.0 for s in pool])
    extra = max(0, n_open - len(is_open))
    for k in rng.choice(len(pool), size=extra, replace=False, p=w / w.sum()):
        is_open.add(pool[int(k)]["parcel_id"])

    names = _names(sites, fixed, rng)

    compound_rows, gate_rows = [], []
    for n, s in enumerate(sites, 1):
        cid = f"C{n:03d}"
        pid = s["parcel_id"]
        opened = pid in is_open
        compound_rows.append({"compound_id": cid, "name": names[pid], "block_id": s["block_id"],
                              "is_open": int(opened), "type_code": COMPOUND_TYPE_CODE, "geometry": s["wall"]})
        if opened:
            continue
        if pid == back["site"]["parcel_id"]:
            gates = [{"point": back["front"]["point"], "pedestrian": 1, "hours": None}]
        elif pid == night["site"]["parcel_id"]:
            gates = [{"point": night["main"]["point"], "pedestrian": 1, "hours": NIGHT_HOURS},
                     {"point": night["other"]["point"], "pedestrian": 1, "hours": None}]
        else:
            gates = _choose_gates(s, rng)
            gates += [{"point": p, "pedestrian": 0, "hours": None} for p in s["lanes"]]
        centre = s["wall"].centroid
        seen: dict[str, int] = {}
        for g in gates:
            p = g["point"]
            direction = _direction(centre, p.x, p.y)
            if g["pedestrian"]:
                seen[direction] = seen.get(direction, 0) + 1
                label = f"{direction}门" if seen[direction] == 1 else f"{direction}{seen[direction]}门"
            else:
                label = f"车行{direction}门"
            gate_rows.append({"compound_id": cid, "name": f"{names[pid]}({label})", "pedestrian": g["pedestrian"],
                              "hours": g["hours"], "type_code": GATE_TYPE_CODE, "geometry": p})
    for n, r in enumerate(gate_rows, 1):
        r["gate_id"] = f"G{n:04d}"

    columns = ["compound_id", "name", "block_id", "is_open", "type_code"]
    df = pd.DataFrame([{c: r[c] for c in columns} for r in compound_rows], columns=columns)
    out["compounds"] = gpd.GeoDataFrame(df, geometry=[r["geometry"] for r in compound_rows], crs=crs)
    columns = ["gate_id", "compound_id", "name", "pedestrian", "hours", "type_code"]
    df = pd.DataFrame([{c: r[c] for c in columns} for r in gate_rows], columns=columns)
    out["gates"] = gpd.GeoDataFrame(df, geometry=[r["geometry"] for r in gate_rows], crs=crs)
    cid_of = {s["parcel_id"]: f"C{n:03d}" for n, s in enumerate(sites, 1)}
    out["compounds"].attrs["showcase"] = {
        "back_gate": {"compound_id": cid_of[back["site"]["parcel_id"]], "resident_id": back["resident"],
                      "to_street_m": round(back["near"], 1), "to_gate_m": round(back["far"], 1),
                      "street": back["street"], "gate_street": back["front"]["street"]},
        "open": {"compound_id": cid_of[open_site["parcel_id"]]},
        "night_gate": {"compound_id": cid_of[night["site"]["parcel_id"]]},
    }
