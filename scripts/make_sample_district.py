#!/usr/bin/env python3
"""Generate LifeCircle's bundled sample district 示例区 (fictional, deterministic).

The sample is a made-up but plausible piece of a Shanghai-like city, about 3.2 × 2.4 km, with two 街镇
(西岸街道 in the west, 东湖街道 in the east), twenty 居委 blocks, a river crossed by exactly two bridges, an
elevated expressway that ground streets pass under, facilities for most of the 十全/十美 checklist (with
deliberate gaps), parcels for the potential-space search and a 2026 annual project list; then a census by age
group of every 居委 and resident point, buildings (one 住宅 per resident point, floor area ∝ its population) and
residents' needs (问需求计) in GCJ-02 lon/lat; then gated compounds (封闭小区) and their gates
(``scripts/sample_compounds.py``).

Everything is generated from the parameters below with ``numpy.random.default_rng(2026)`` (the age groups,
buildings and needs with a second generator, ``default_rng(2026 + 18)``, the compounds and gates with a third,
``default_rng(2026 + 19)``, so that adding them changed nothing else): running the script twice gives the same
attribute tables and geometries, in the same feature order.
Coordinates are generated in a local frame (metres, x to the east, y to the north, origin at the district's
south-west corner), then rotated by :data:`ROTATION_DEG` about the district centre, moved so that the centre
lands at :data:`CENTRE` in EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E; about lon 121.40°, lat 31.20°)
and rounded to the centimetre, so that the output does not depend on the last bits of floating point arithmetic.

Only numpy, shapely (1.8 or 2.x), geopandas (0.12 or 1.x), pyproj and the plugin's QGIS-free
``lifecircle_plugin.core`` (largest-remainder rounding, GCJ-02) are used: no QGIS.

Usage::

    python3 scripts/make_sample_district.py [--out resources/sample]
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy as np

SEED = 2026
CRS = "EPSG:4549"
GPKG_NAME = "sample_district.gpkg"
DISTRICT = "示例区"
YEAR = 2026
AS_OF = "2026-06-30 17:30:00"  # the project list is a mid-year snapshot

# --- the local frame ----------------------------------------------------------------------------------------
WIDTH, HEIGHT = 3200.0, 2400.0  # district extent before rotation (m)
CENTRE = (633400.0, 3454000.0)  # EPSG:4549 easting/northing of the district centre ≈ lon 121.40, lat 31.20
ROTATION_DEG = 8.0  # the street grid is not aligned with grid north

# --- the river: a gentle meander from west-southwest to east-northeast -------------------------------------
RIVER_NAME = "碧溪河"
RIVER_HALF_WIDTH = 22.0  # water
RIVER_PATH_OFFSET = 32.0  # riverside footpaths on both banks, from the centre line
RIVER_SAMPLING = 25.0


def river_centre_y(x: np.ndarray) -> np.ndarray:
    return 1150.0 + 0.06 * x + 35.0 * np.sin(2.0 * np.pi * x / 1900.0 + 0.6)


# --- the elevated expressway: roughly north-south, with ground roads on both sides -------------------------
EXPRESSWAY_NAME = "华东高架路"
EXPRESSWAY_GROUND_NAME = "华东路"
EXPRESSWAY_GROUND_OFFSET = 30.0  # ground roads beneath, each side of the viaduct centre line
EXPRESSWAY_OVERHANG = 120.0  # the viaduct continues beyond the district
EXPRESSWAY_SAMPLING = 30.0


def expressway_centre_x(y: np.ndarray) -> np.ndarray:
    return 2500.0 + 0.05 * (y - 1200.0) + 30.0 * np.sin(np.pi * y / 1600.0)


# --- arterial frame (the 居委 boundaries): name, class, position and how much it wanders ----------------------
SUBDISTRICT_BOUNDARY_X = 1500.0  # 中山路: the boundary between the two 街镇
# (name, highway, y or x, jitter of the control points in metres); perimeter roads are straight
EW_ARTERIALS = [
    ("长江路", "primary", 0.0, 0.0),
    ("建设路", "secondary", 600.0, 12.0),
    ("人民路", "primary", 1750.0, 12.0),
    ("黄河路", "secondary", HEIGHT, 0.0),
]
NS_ARTERIALS = [
    ("西环路", "secondary", 0.0, 0.0),
    ("文化路", "tertiary", 700.0, 10.0),
    ("中山路", "secondary", SUBDISTRICT_BOUNDARY_X, 0.0),
    ("光明路", "tertiary", 1980.0, 10.0),
    ("东环路", "secondary", WIDTH, 0.0),
]
BRIDGES = [
    # (name, highway, x, carried by an arterial of this name or None for a stand-alone footbridge)
    ("中山路桥", "secondary", SUBDISTRICT_BOUNDARY_X, "中山路"),
    ("西岸人行桥", "footway", 560.0, None),
]
RIVERSIDE_PATHS = ("南岸滨河步道", "北岸滨河步道")  # south bank, north bank (class footway)
UNDERPASSES = [("高架下人行通道", 330.0), ("华东路地下通道", 2060.0)]  # footways crossing the viaduct corridor

# --- local streets inside blocks -----------------------------------------------------------------------------
OVERSHOOT = 3.0  # every generated line overshoots the line it should meet; the noded stubs are trimmed
STUB = 8.0  # dangling pieces shorter than this are overshoot stubs
NS_FIRST, NS_SPACING = (100.0, 180.0), (130.0, 250.0)
EW_FIRST, EW_SPACING = (70.0, 150.0), (110.0, 240.0)
CLEARANCE = 40.0  # local streets keep this far from the block boundary away from their ends
JUNCTION_GAP = 20.0  # no two junctions closer than this along a street
CELL_MAX = 48000.0  # street cells larger than this get a footpath through them

HALF_WIDTH = {  # road space each side of the centre line (parcels are what is left)
    "primary": 16.0, "secondary": 12.0, "tertiary": 9.0, "residential": 6.0, "footway": 2.5, "service": 0.0,
}
HIGHWAY_ORDER = ["trunk", "primary", "secondary", "tertiary", "residential", "service", "footway"]

LOCAL_STREET_NAMES = [
    "樱花路", "玉兰路", "海棠路", "紫薇路", "香樟路", "银杏路", "梧桐路", "桂花路", "丁香路", "芙蓉路", "松柏路",
    "杨柳路", "枫林路", "竹园路", "兰亭路", "菊园路", "荷花路", "茉莉路", "月季路", "蔷薇路", "春晖路", "秋实路",
    "夏荷路", "冬青路", "晨光路", "晓风路", "明月路", "星河路", "锦绣路", "和乐路", "安居路", "康乐路", "福寿路",
    "永宁路", "长乐路", "清溪路", "翠竹路", "青松路", "百合路", "杜鹃路", "山茶路", "木棉路", "石榴路", "合欢路",
    "含笑路", "凌霄路", "金桂路", "雪松路", "红枫路", "白杨路", "紫藤路", "迎春路", "书院路", "学府路", "育才路",
    "启明路", "朝阳路", "望江路", "听潮路", "临波路", "仁和路", "致远路", "博雅路", "崇文路", "尚德路", "宜居路",
]

# --- 街镇 and 居委 -----------------------------------------------------------------------------------------------
SUBDISTRICTS = [("310199001", "西岸街道", "西岸"), ("310199002", "东湖街道", "东湖")]  # west, east
BLOCK_NAMES = {
    "西岸街道": ["西岸一村", "滨河", "樱花苑", "文化新村", "梧桐", "春晖", "西苑", "明珠"],
    "东湖街道": ["东湖新村", "中山", "光明", "翠湖", "临江", "和平", "金桥", "锦绣", "华东", "东苑", "幸福", "新华"],
}
# (column, row) of the non-residential blocks; columns west to east, rows south to north
BLOCK_TYPES = {(2, 2): "商务", (1, 0): "商务", (4, 0): "产业", (0, 3): "产业"}
TARGET_POPULATION = 125_000

# --- parcels -----------------------------------------------------------------------------------------------
LAND_USE_MIX = {  # block_type -> land use probabilities of a street cell
    "居住": {"居住": 0.70, "商业": 0.09, "绿地": 0.06, "工业": 0.04, "仓储": 0.03, "机关": 0.04, "空地": 0.04},
    "商务": {"商业": 0.55, "居住": 0.15, "机关": 0.12, "绿地": 0.10, "空地": 0.08},
    "产业": {"工业": 0.42, "仓储": 0.22, "居住": 0.12, "空地": 0.12, "商业": 0.12},
}
FAR_RANGE = {"居住": (1.2, 2.6), "商业": (1.5, 4.0), "工业": (0.6, 1.4), "仓储": (0.4, 1.0), "机关": (0.8, 2.0),
             "教育": (0.6, 1.2), "交通": (0.0, 0.0), "绿地": (0.0, 0.0), "空地": (0.0, 0.0)}
YEAR_RANGE = {"居住": (1985, 2015), "商业": (1995, 2020), "工业": (1975, 2005), "仓储": (1980, 2005),
              "机关": (1980, 2010), "教育": (1990, 2015)}
OWNERSHIP = {
    "居住": (("国有", "企业", "业主共有", "集体"), (0.35, 0.20, 0.35, 0.10)),
    "商业": (("企业", "国有"), (0.7, 0.3)),
    "工业": (("企业", "集体", "国有"), (0.6, 0.3, 0.1)),
    "仓储": (("企业", "集体", "国有"), (0.5, 0.35, 0.15)),
    "机关": (("国有",), (1.0,)),
    "教育": (("国有",), (1.0,)),
    "绿地": (("国有",), (1.0,)),
    "交通": (("国有",), (1.0,)),
    "空地": (("国有", "集体"), (0.6, 0.4)),
}
SPLIT_AREA = 45_000.0  # street cells larger than this become two parcels
SCHOOL_BLOCKS = 7  # residential blocks that get a school with a sports ground
CORNER_PIECES, EDGE_PIECES, CORRIDOR_PIECES = 10, 6, 9
HOUSEHOLD_SIZE = (2.35, 2.75)
RESIDENT_POINT_AREA = 8_000.0  # about one resident point (building cluster) per this much residential land

COVER_FACTOR = 0.7  # facilities are sited to reach residents within this share of the threshold, straight line
CHECKLIST = [f"Q{i:02d}" for i in range(1, 11)] + [f"M{i:02d}" for i in range(1, 11)]
THRESHOLDS = {"Q01": 1000, "Q02": 500, "Q03": 500, "Q04": 1000, "Q05": 500, "Q06": 500, "Q07": 1000, "Q08": 500,
              "Q09": 1000, "Q10": 300, "M01": 1000, "M02": 1000, "M03": 500, "M04": 1000, "M05": 500, "M06": 1000,
              "M07": 1000, "M08": 1000, "M09": 1000, "M10": 500}


# =============================================================================================================
# facilities: (code, counts per 街镇, land uses to sit on, lead templates, repeating templates, excluded blocks)
# A template is (name pattern, source_type, (min, max) floor area m², is_one_stop). {sd}: 街镇 short name,
# {blk}: block short name, {n}: running number. Blocks are excluded by (column, row); columns 0-1 are 西岸.
# Absent on purpose: M08 双创场所 and M09 智慧场景. Present in one 街镇 only: Q06, M03, M06, M07.
@dataclass(frozen=True)
class FacilitySpec:
    code: str
    counts: Tuple[int, int]  # (西岸, 东湖)
    uses: Tuple[str, ...]
    lead: Tuple[tuple, ...]
    rest: Tuple[tuple, ...]
    exclude: Tuple[Tuple[int, int], ...] = ()
    near_river: bool = False  # the ``lead`` ones sit within 150 m of the river
    lead_east: Optional[Tuple[tuple, ...]] = None  # other lead templates for 东湖 (default: ``lead``)
    per_block: bool = False  # first one in each (not excluded) 居委 with ``rest[0]``, then ``rest[1:]``


FACILITIES = [
    FacilitySpec("Q01", (4, 5), ("机关", "商业", "居住"),
                 (("{sd}街道党群服务中心（人民坊）", "office=government;government=community", (1200, 1800), 1),),
                 (("{blk}居民区党群服务站", "office=community", (120, 300), 0),),
                 # 东湖's second one-stop centre is too small for the "1+N" rule (≥ 800 m²)
                 lead_east=(("{sd}街道党群服务中心（人民坊）", "office=government;government=community", (1200, 1800), 1),
                            ("{blk}邻里中心", "amenity=community_centre", (600, 700), 1))),
    FacilitySpec("Q02", (12, 14), ("居住",), (), (("{blk}居委议事厅", "amenity=community_centre", (60, 150), 0),
                                                ("{blk}睦邻议事点", "amenity=community_centre", (30, 80), 0)),
                 exclude=((0, 0), (3, 1), (4, 3)), per_block=True),
    FacilitySpec("Q03", (12, 16), ("商业", "居住"), (("{sd}菜市场", "amenity=marketplace", (1500, 3000), 0),),
                 (("{blk}便利店", "060200", (60, 180), 0), ("{blk}生鲜超市", "shop=supermarket", (200, 600), 0),
                  ("{blk}早餐店", "amenity=fast_food", (40, 100), 0))),
    FacilitySpec("Q04", (4, 5), ("机关", "商业", "居住"),
                 (("{sd}街道社区卫生服务中心", "healthcare=centre", (3000, 5000), 0),),
                 (("{blk}社区卫生服务站", "amenity=clinic", (150, 300), 0),)),
    FacilitySpec("Q05", (10, 8), ("居住", "机关"),
                 (("{sd}长者照护之家", "amenity=social_facility;social_facility:for=senior", (800, 1500), 0),),
                 (("{blk}日间照料中心", "social_facility=day_care", (200, 500), 0),
                  ("{blk}社区助餐点", "social_facility=food_bank", (80, 200), 0)),
                 exclude=((4, 0), (4, 1), (4, 2), (4, 3), (3, 0))),
    FacilitySpec("Q06", (10, 0), ("教育", "居住"), (),
                 (("{blk}幼儿园", "amenity=kindergarten", (2000, 4000), 0),
                  ("{blk}托育点", "141204", (150, 400), 0))),
    FacilitySpec("Q07", (3, 4), ("机关", "商业"),
                 (("{sd}社区文化活动中心", "amenity=community_centre;community_centre=culture", (2000, 4000), 0),),
                 (("{blk}文化活动室", "amenity=arts_centre", (100, 250), 0),)),
    FacilitySpec("Q08", (12, 14), ("绿地", "教育", "居住"), (),
                 (("{blk}市民健身点", "leisure=fitness_station", (100, 300), 0),
                  ("{blk}社区球场", "leisure=pitch", (400, 800), 0),
                  ("{blk}健身步道", "leisure=track", (300, 600), 0))),
    FacilitySpec("Q09", (4, 4), ("机关", "绿地", "商业"),
                 (("{sd}消防救援站", "amenity=fire_station", (1500, 2500), 0),),
                 (("{blk}微型消防站", "emergency=fire_service", (30, 80), 0),
                  ("{blk}应急避难场所", "emergency=assembly_point", (2000, 6000), 0))),
    FacilitySpec("Q10", (22, 26), ("绿地", "居住", "空地"), (),
                 (("{blk}口袋公园", "leisure=park", (300, 1500), 0), ("{blk}街心花园", "110101", (200, 800), 0),
                  ("{blk}社区广场", "place=square", (500, 1500), 0))),
    FacilitySpec("M01", (3, 3), ("绿地",), (("碧溪河滨河绿道（{sd}段）", "leisure=park;park=riverside", (3000, 8000), 0),),
                 (("{blk}生态公园", "leisure=park", (5000, 12000), 0),), near_river=True),
    FacilitySpec("M02", (2, 3), ("机关", "商业", "教育"),
                 (("{sd}社区图书馆", "140500", (500, 1200), 0),),
                 (("{sd}社区学校（老年大学）", "amenity=school;school=adult", (400, 800), 0),)),
    FacilitySpec("M03", (0, 5), ("教育", "居住", "商业"), (),
                 (("{blk}儿童托管点（四点半课堂）", "amenity=childcare", (100, 300), 0),)),
    FacilitySpec("M04", (3, 3), ("商业", "绿地"), (),
                 (("{blk}健身馆", "leisure=fitness_centre", (400, 1200), 0),
                  ("{blk}康复驿站", "healthcare=rehabilitation", (150, 400), 0))),
    FacilitySpec("M05", (7, 9), ("商业", "居住"), (),
                 (("{blk}快递驿站", "amenity=parcel_locker", (30, 80), 0), ("{blk}家政服务点", "shop=houseware", (40, 100), 0),
                  ("{blk}便民维修点", "craft=repair", (20, 60), 0), ("{blk}洗衣店", "shop=laundry", (40, 100), 0))),
    FacilitySpec("M06", (1, 0), ("机关", "商业"), (("西岸城市记忆馆", "tourism=museum", (800, 1500), 0),), ()),
    FacilitySpec("M07", (1, 0), ("机关", "商业"), (("西岸街道社区就业服务站", "office=employment_agency", (100, 300), 0),),
                 ()),
    FacilitySpec("M10", (7, 9), ("绿地", "机关", "居住", "空地"), (),
                 (("{blk}公共厕所", "200300", (40, 120), 0), ("{blk}垃圾分类回收站", "amenity=recycling", (20, 60), 0))),
]


# =============================================================================================================
# projects of the 2026 annual list. Each sits on a parcel chosen in the gap of its category: among the parcels
# that fit (街镇, land uses, statuses, remark), the one farthest from existing facilities of the category (or,
# for an absent category, nearest the 街镇's population centre).
@dataclass(frozen=True)
class ProjectSpec:
    sd: str  # 街镇 short name
    category: str
    name: str
    content: str
    path: str
    uses: Tuple[str, ...]
    statuses: Tuple[str, ...]
    implementer: str
    funding: str
    investment: float
    start: str
    end: str
    status: str
    progress: int
    remark_like: str = ""
    remarks: str = ""


PROJECTS = [
    ProjectSpec("东湖", "Q06", "东湖嵌入式托育点", "利用闲置用房改建托育点，设托位60个", "功能置换",
                ("工业", "仓储", "商业", "机关"), ("idle",), "东湖街道办事处", "区级财政", 420.0,
                "2026-03-01", "2026-10-31", "在建", 45),
    ProjectSpec("东湖", "Q06", "东湖新村幼儿园分园", "新建6班幼儿园分园", "新建", ("空地",), ("vacant",),
                "示例区教育局", "市区两级财政", 2600.0, "2026-09-01", "2027-08-31", "前期", 15),
    ProjectSpec("东湖", "Q05", "华东社区长者照护之家", "闲置仓库改建长者照护之家，床位40张", "功能置换",
                ("仓储", "工业"), ("idle",), "示例区民政局", "区级财政+福彩公益金", 1350.0,
                "2026-04-15", "2027-03-31", "在建", 30),
    ProjectSpec("东湖", "Q05", "东苑社区助餐点", "新建社区助餐点，日供餐300人次", "新建", ("空地",), ("vacant",),
                "东湖街道办事处", "街道自筹", 160.0, "2026-03-01", "2026-05-31", "完工", 100),
    ProjectSpec("东湖", "Q08", "华东路桥下运动场", "高架下空间改造为笼式足球场和健身点", "更新改造", ("交通", "空地"),
                ("vacant", "in_use"), "示例区体育局", "区级财政", 380.0, "2026-02-15", "2026-05-15", "运营", 100,
                remark_like="高架"),
    ProjectSpec("东湖", "Q08", "学校运动场错时开放", "中小学运动场节假日及课后错时向居民开放", "开放共享", ("教育",),
                ("in_use",), "示例区教育局", "区级财政", 45.0, "2026-03-01", "2026-04-30", "运营", 100,
                remark_like="运动场"),
    ProjectSpec("东湖", "Q10", "金角口袋公园", "街角空地改造为口袋公园", "更新改造", ("空地", "绿地"), ("vacant",),
                "示例区绿化市容局", "区级财政", 210.0, "2026-03-15", "2026-06-10", "完工", 100, remark_like="街角"),
    ProjectSpec("东湖", "M08", "东湖科创双创空间", "闲置厂房改造为双创孵化空间", "功能置换", ("工业",), ("idle",),
                "东湖街道办事处+园区运营企业", "社会资本", 1800.0, "2026-07-01", "2027-06-30", "前期", 10),
    ProjectSpec("东湖", "M09", "东湖智慧健康驿站", "设置智慧健康监测与线上问诊终端", "新建", ("商业", "机关"), ("in_use",),
                "示例区卫健委", "区级财政", 85.0, "2026-09-01", "2026-12-31", "谋划", 0),
    ProjectSpec("东湖", "M07", "东湖就业服务站", "在党群服务站内增设就业服务窗口", "功能置换", ("机关", "商业"),
                ("in_use",), "示例区人社局", "区级财政", 30.0, "2026-05-01", "2026-06-30", "取消", 0,
                remarks="与区就业服务中心功能重叠，调整至2027年统筹"),
    ProjectSpec("东湖", "Q01", "东湖邻里中心扩建", "邻里中心扩建至900平方米，形成一站式综合服务中心", "改扩建",
                ("机关", "商业", "居住"), ("in_use",), "东湖街道办事处", "市区两级财政", 760.0,
                "2026-04-01", "2026-12-31", "在建", 55),
    ProjectSpec("西岸", "M03", "西岸爱心暑托班", "利用小学教室暑期开办爱心暑托班", "分时利用", ("教育",), ("in_use",),
                "西岸街道办事处", "街道自筹", 25.0, "2026-07-01", "2026-08-31", "前期", 20),
    ProjectSpec("西岸", "M01", "碧溪河滨河绿道贯通", "滨河步道断点贯通及绿化提升", "更新改造", ("绿地", "空地"),
                ("in_use", "vacant"), "示例区绿化市容局", "市区两级财政", 1200.0, "2026-03-01", "2026-11-30", "在建",
                60),
    ProjectSpec("西岸", "M10", "西岸智能垃圾分类回收站", "建设智能垃圾分类回收站", "新建", ("空地",), ("vacant",),
                "示例区绿化市容局", "区级财政", 60.0, "2026-04-01", "2026-06-10", "完工", 100),
    ProjectSpec("西岸", "Q04", "西岸社区卫生服务站", "新设社区卫生服务站", "功能置换", ("商业", "机关"), ("idle", "in_use"),
                "示例区卫健委", "区级财政", 320.0, "2026-05-01", "2026-12-31", "在建", 35),
    ProjectSpec("西岸", "Q07", "梧桐文化活动室", "文化活动室扩建及设施更新", "改扩建", ("机关", "商业", "居住"),
                ("in_use",), "西岸街道办事处", "街道自筹", 90.0, "2026-07-15", "2026-10-31", "前期", 20),
    ProjectSpec("西岸", "M08", "西岸创客工坊", "闲置仓库改造为创客工坊和共享办公", "功能置换", ("仓储", "工业"),
                ("idle",), "西岸街道办事处+社会企业", "社会资本", 650.0, "2026-09-01", "2027-05-31", "谋划", 0),
    ProjectSpec("西岸", "Q05", "西苑社区食堂", "新建社区食堂，兼顾老年助餐", "新建", ("空地",), ("vacant",),
                "西岸街道办事处", "区级财政+街道自筹", 280.0, "2026-08-01", "2027-01-31", "前期", 10),
    ProjectSpec("西岸", "Q10", "樱花苑街心花园", "边角地改造街心花园", "新建", ("空地",), ("vacant",), "示例区绿化市容局",
                "区级财政", 150.0, "2026-03-01", "2026-05-31", "完工", 100, remark_like="路边"),
    ProjectSpec("西岸", "Q03", "西岸菜市场标准化改造", "菜市场标准化改造，增设便民服务", "更新改造", ("商业",),
                ("in_use", "idle"), "西岸街道办事处+市场经营企业", "社会资本+区级补贴", 540.0,
                "2026-02-01", "2026-09-30", "在建", 70),
    ProjectSpec("西岸", "Q09", "滨河微型消防站", "新建微型消防站及应急物资储备点", "新建", ("空地", "绿地"),
                ("vacant", "in_use"), "示例区应急管理局", "区级财政", 95.0, "2026-05-01", "2026-08-31", "在建", 50),
]
PROJECT_FIELDS = ["project_id", "year", "district", "subdistrict", "unit_id", "name", "category", "kind", "content",
                  "path", "implementer", "funding", "investment", "start_date", "end_date", "design_team",
                  "community_planner", "status", "progress", "hearing_date", "coordination_date", "evaluation_date",
                  "remarks", "updated_at"]
DESIGN_TEAMS = ["示例区规划设计院", "东方社区规划工作室", "青石景观设计事务所", "同心建筑设计有限公司", "沪远城市更新研究中心"]
COMMUNITY_PLANNERS = ["张晓雯", "李明哲", "王思远", "陈嘉怡", "刘一帆", "赵启航"]


def _street_names() -> Iterator[str]:
    """樱花路, 玉兰路, …, then 樱花一路, 玉兰一路, …: never the same name twice."""
    for cycle in itertools.count():
        for base in LOCAL_STREET_NAMES:
            yield base if cycle == 0 else f"{base[:-1]}{'一二三四五六七八九'[cycle - 1]}路"


def _lane_names() -> Iterator[str]:
    """Lanes (弄) numbered after the streets, as Shanghai addresses are: 樱花路18弄, 玉兰路20弄, …"""
    n = 0
    for cycle in itertools.count():
        for base in LOCAL_STREET_NAMES:
            yield f"{base}{18 + 20 * cycle + 2 * (n % 7)}弄"
            n += 1


# =============================================================================================================
# geometry helpers (shapely 1.8 and 2.x alike)
def _parts(geom) -> list:
    if geom is None or geom.is_empty:
        return []
    if hasattr(geom, "geoms"):
        out = []
        for g in geom.geoms:
            out.extend(_parts(g))
        return out
    return [geom]


def _largest_polygon(geom):
    polys = [g for g in _parts(geom) if g.geom_type == "Polygon"]
    return max(polys, key=lambda p: p.area) if polys else None


def _key(pt, nd: int = 6) -> Tuple[float, float]:
    return (round(pt[0], nd), round(pt[1], nd))


def _polyline(points: Iterable[Tuple[float, float]]):
    from shapely.geometry import LineString

    return LineString([(float(x), float(y)) for x, y in points])


def _offset_points(xy: np.ndarray, distance: float) -> np.ndarray:
    """Points offset to the left (positive) or right (negative) of a sampled polyline, along its normals."""
    d = np.gradient(xy, axis=0)
    d /= np.hypot(d[:, 0], d[:, 1])[:, None]
    normal = np.column_stack([-d[:, 1], d[:, 0]])
    return xy + distance * normal


def _extend(line, before: float, after: float):
    """The line with its first and last segments extended by the given lengths."""
    c = np.asarray(line.coords, dtype=float)
    d0 = c[0] - c[1]
    d1 = c[-1] - c[-2]
    c[0] = c[0] + before * d0 / np.hypot(*d0)
    c[-1] = c[-1] + after * d1 / np.hypot(*d1)
    return _polyline(c)


def _through(line, geom):
    """Positions along ``line`` where it meets ``geom`` (points of the intersection), sorted."""
    hits = line.intersection(geom)
    pts = []
    for g in _parts(hits):
        pts.extend([g] if g.geom_type == "Point" else _parts(g.boundary))
    return sorted(line.project(p) for p in pts)


@dataclass
class Line:
    geom: object
    name: Optional[str]
    highway: str
    bridge: Optional[Tuple[str, str]] = None  # (name, highway) of the part that crosses the river
    priority: int = 9


class _Stage:
    """The district's geometry in the local frame, built step by step."""

    def __init__(self, rng: np.random.Generator):
        from shapely.geometry import Polygon, box

        self.rng = rng
        self.box = box(0.0, 0.0, WIDTH, HEIGHT)

        # river: centre line, water polygon, the riverside paths and the band between them
        xs = np.arange(-100.0, WIDTH + 100.0 + 1e-9, RIVER_SAMPLING)
        centre = np.column_stack([xs, river_centre_y(xs)])
        self.river_centre = _polyline(centre)
        north_bank, south_bank = _offset_points(centre, RIVER_HALF_WIDTH), _offset_points(centre, -RIVER_HALF_WIDTH)
        self.river = Polygon(np.vstack([south_bank, north_bank[::-1]]))
        self.path_south = _polyline(_offset_points(centre, -RIVER_PATH_OFFSET))
        self.path_north = _polyline(_offset_points(centre, RIVER_PATH_OFFSET))
        self.band = Polygon(np.vstack([np.asarray(self.path_south.coords), np.asarray(self.path_north.coords)[::-1]]))

        # expressway: viaduct centre line and the ground roads on both sides
        ys = np.arange(-EXPRESSWAY_OVERHANG, HEIGHT + EXPRESSWAY_OVERHANG + 1e-9, EXPRESSWAY_SAMPLING)
        axis = np.column_stack([expressway_centre_x(ys), ys])
        self.expressway = _polyline(axis)
        self.ground_west = _polyline(_offset_points(axis, EXPRESSWAY_GROUND_OFFSET))
        self.ground_east = _polyline(_offset_points(axis, -EXPRESSWAY_GROUND_OFFSET))
        self.corridor = Polygon(np.vstack([np.asarray(self.ground_west.coords),
                                           np.asarray(self.ground_east.coords)[::-1]]))

    # ---------------------------------------------------------------------------------------------------------
    def frame_lines(self) -> List[Line]:
        """Perimeter roads, arterials, the ground roads under the viaduct, riverside paths and the footbridge."""
        rng = self.rng
        lines: List[Line] = []
        for name, highway, y, jitter in EW_ARTERIALS:
            xs = np.array([0.0, 1000.0, 2000.0, WIDTH])
            ys = y + (rng.normal(0.0, jitter, xs.size) if jitter else np.zeros(xs.size))
            geom = _extend(_polyline(zip(xs, ys)), OVERSHOOT, OVERSHOOT)
            lines.append(Line(geom, name, highway, priority=1))
        for name, highway, x, jitter in NS_ARTERIALS:
            ys = np.array([0.0, 800.0, 1600.0, HEIGHT])
            xs = x + (rng.normal(0.0, jitter, ys.size) if jitter else np.zeros(ys.size))
            bridge = next(((b[0], b[1]) for b in BRIDGES if b[3] == name), None)
            geom = _extend(_polyline(zip(xs, ys)), OVERSHOOT, OVERSHOOT)
            lines.append(Line(geom, name, highway, bridge=bridge, priority=1))
        for geom in (self.ground_west, self.ground_east):
            lines.append(Line(geom, EXPRESSWAY_GROUND_NAME, "secondary", priority=2))
        for name, geom in zip(RIVERSIDE_PATHS, (self.path_south, self.path_north)):
            lines.append(Line(geom, name, "footway", priority=3))
        for name, highway, x, carrier in BRIDGES:
            if carrier is not None:
                continue
            probe = _polyline([(x, -10.0), (x, HEIGHT + 10.0)])
            y0 = probe.intersection(self.path_south).y
            y1 = probe.intersection(self.path_north).y
            geom = _polyline([(x, y0 - 5.0), (x, y1 + 5.0)])
            lines.append(Line(geom, None, highway, bridge=(name, highway), priority=0))
        return lines

    def underpasses(self) -> List[Line]:
        out = []
        for name, y in UNDERPASSES:
            xc = float(expressway_centre_x(np.array([y]))[0])
            reach = EXPRESSWAY_GROUND_OFFSET + 6.0
            out.append(Line(_polyline([(xc - reach, y), (xc + reach, y)]), name, "footway", priority=4))
        return out

    # ---------------------------------------------------------------------------------------------------------
    def _clear_of_boundary(self, line, block) -> bool:
        """True if the line keeps CLEARANCE from the block boundary except within 60 m of its ends."""
        length = line.length
        if length < 130.0:
            return False
        boundary = block.boundary
        for s in np.arange(60.0, length - 60.0 + 1e-9, 10.0):
            if line.interpolate(s).distance(boundary) < CLEARANCE:
                return False
        return True

    def local_streets(self, block, names: Iterable[str], lanes: Iterable[str], anchors: list) -> List[Line]:
        """An irregular grid inside one block: north-south streets through, east-west streets between them.

        ``anchors`` are the junctions made so far (frame junctions, ends of the streets of earlier blocks): a new
        street is dropped if it would meet a street less than JUNCTION_GAP from one of them, and its own ends
        are added to the list.
        """
        rng = self.rng

        def free(*points) -> bool:
            return _free(points, anchors)

        minx, miny, maxx, maxy = block.bounds
        out: List[Line] = []

        ns_lines = []
        x = minx + rng.uniform(*NS_FIRST)
        while x < maxx - 70.0:
            x0, x1 = x + rng.normal(0.0, 8.0), x + rng.normal(0.0, 8.0)
            probe = _polyline([(x0, miny - 60.0), (x1, maxy + 60.0)])
            inside = _largest_line(probe.intersection(block))
            if (inside is not None and self._clear_of_boundary(inside, block)
                    and free(inside.coords[0], inside.coords[-1])):
                anchors.extend([inside.coords[0], inside.coords[-1]])
                p0, p1 = probe.project(_pt(inside.coords[0])), probe.project(_pt(inside.coords[-1]))
                p0, p1 = min(p0, p1), max(p0, p1)
                geom = _substring(probe, p0 - OVERSHOOT, p1 + OVERSHOOT)
                highway = "footway" if rng.random() < 0.2 else "residential"
                name = next(lanes) if highway == "footway" else next(names)
                ns_lines.append(geom)
                out.append(Line(geom, name, highway, priority=5))
            x += rng.uniform(*NS_SPACING)

        y = miny + rng.uniform(*EW_FIRST)
        while y < maxy - 60.0:
            y0, y1 = y + rng.normal(0.0, 6.0), y + rng.normal(0.0, 6.0)
            probe = _polyline([(minx - 60.0, y0), (maxx + 60.0, y1)])
            inside = _largest_line(probe.intersection(block))
            if inside is not None and self._clear_of_boundary(inside, block):
                a, b = probe.project(_pt(inside.coords[0])), probe.project(_pt(inside.coords[-1]))
                stations = [min(a, b)]
                for ns in ns_lines:
                    stations.extend(_through(probe, ns))
                stations.append(max(a, b))
                stations = sorted(set(round(s, 9) for s in stations))
                k = len(stations) - 1
                if k >= 2 and rng.random() < 0.45:
                    i = int(rng.integers(0, k))
                    j = int(rng.integers(i + 1, k + 1))
                else:
                    i, j = 0, k
                ends = [probe.interpolate(stations[i]).coords[0], probe.interpolate(stations[j]).coords[0]]
                if not free(*ends):
                    y += rng.uniform(*EW_SPACING)
                    continue
                anchors.extend(ends)
                geom = _substring(probe, stations[i] - OVERSHOOT, stations[j] + OVERSHOOT)
                highway = "footway" if rng.random() < 0.3 else "residential"
                name = next(lanes) if highway == "footway" else next(names)
                out.append(Line(geom, name, highway, priority=5))
            y += rng.uniform(*EW_SPACING)

        # a service lane (dead end) into the block now and then
        if out and rng.random() < 0.7:
            host = out[int(rng.integers(0, len(out)))]
            s = rng.uniform(0.3, 0.7) * host.geom.length
            p = np.asarray(host.geom.interpolate(s).coords[0])
            q = np.asarray(host.geom.interpolate(min(s + 1.0, host.geom.length)).coords[0])
            d = (q - p) / np.hypot(*(q - p))
            n = np.array([-d[1], d[0]]) * (1.0 if rng.random() < 0.5 else -1.0)
            length = rng.uniform(35.0, 55.0)
            geom = _polyline([p - OVERSHOOT * n, p + length * n])
            tail = _polyline([p + 4.0 * n, p + length * n])
            others = [o.geom for o in out if o is not host]
            end = _pt(p + length * n)
            if (block.buffer(-15.0).contains(end) and all(tail.distance(o) > 12.0 for o in others)
                    and free(tuple(p))):
                anchors.append(tuple(p))
                out.append(Line(geom, None, "service", priority=6))
        return out

    def paths_through(self, cells, lanes: Iterable[str], anchors: list) -> List[Line]:
        """A footpath across the middle of each cell, along its shorter side (compound paths, 小区步道)."""
        rng = self.rng
        out: List[Line] = []
        anchors = list(anchors)
        for cell in cells:
            minx, miny, maxx, maxy = cell.bounds
            cx, cy = cell.centroid.x, cell.centroid.y
            across_x = (maxx - minx) >= (maxy - miny)  # wide cell: the path runs north-south
            jitter = rng.normal(0.0, 10.0)
            for shift in (0.0, 25.0, -25.0):
                if across_x:
                    x = cx + jitter + shift
                    probe = _polyline([(x, miny - 30.0), (x + rng.normal(0.0, 4.0), maxy + 30.0)])
                else:
                    y = cy + jitter + shift
                    probe = _polyline([(minx - 30.0, y), (maxx + 30.0, y + rng.normal(0.0, 4.0))])
                inside = _largest_line(probe.intersection(cell))
                if inside is None or inside.length < 60.0:
                    continue
                ends = [inside.coords[0], inside.coords[-1]]
                if not _free(ends, anchors) or inside.interpolate(0.5, normalized=True).distance(cell.boundary) < 30:
                    continue
                p0, p1 = sorted(probe.project(_pt(e)) for e in ends)
                anchors.extend(ends)
                out.append(Line(_substring(probe, p0 - OVERSHOOT, p1 + OVERSHOOT), next(lanes), "footway", priority=5))
                break
        return out


def _free(points, anchors, gap: float = None) -> bool:
    """True if every point is at least ``gap`` (JUNCTION_GAP) from every anchor."""
    gap = JUNCTION_GAP if gap is None else gap
    if not len(anchors):
        return True
    a = np.asarray(anchors, dtype=float)
    return all(np.min(np.hypot(a[:, 0] - px, a[:, 1] - py)) >= gap for px, py in points)


def _pt(xy):
    from shapely.geometry import Point

    return Point(float(xy[0]), float(xy[1]))


def _largest_line(geom):
    lines = [g for g in _parts(geom) if g.geom_type == "LineString"]
    return max(lines, key=lambda g: g.length) if lines else None


def _substring(line, start: float, end: float):
    """Part of ``line`` between two distances along it; negative or too long distances extend the ends."""
    from shapely.ops import substring

    length = line.length
    core = substring(line, max(start, 0.0), min(end, length))
    return _extend(core, max(0.0, -start), max(0.0, end - length)) if (start < 0 or end > length) else core


# =============================================================================================================
# noding: overshoot, node everything at once, drop what is outside / in the river, trim the stubs, merge chains
def _node(lines: Sequence[Line], clip, band=None, stub: float = STUB) -> List[list]:
    """Noded segments [geometry, name, highway] of ``lines`` (one noding, so junctions are shared vertices)."""
    from shapely.ops import unary_union

    merged = unary_union([ln.geom for ln in lines])
    bounds = np.array([ln.geom.bounds for ln in lines])
    inner = clip.buffer(0.5)
    core_band = band.buffer(-0.5) if band is not None else None
    segments = []
    for seg in _parts(merged):
        mid = seg.interpolate(0.5, normalized=True)
        if not inner.contains(mid):
            continue
        mx, my = mid.x, mid.y
        near = np.nonzero((bounds[:, 0] - 1e-6 <= mx) & (mx <= bounds[:, 2] + 1e-6)
                          & (bounds[:, 1] - 1e-6 <= my) & (my <= bounds[:, 3] + 1e-6))[0]
        cand = sorted(near, key=lambda i: (lines[i].geom.distance(mid) > 1e-6, lines[i].priority, i))
        src = lines[cand[0]] if cand else min(lines, key=lambda ln: ln.geom.distance(mid))
        name, highway = src.name, src.highway
        if core_band is not None and core_band.contains(mid):
            if src.bridge is None:
                continue
            name, highway = src.bridge
        segments.append([seg, name, highway])
    return _merge_chains(_trim_stubs(segments, stub))


def _degrees(segments) -> Dict[Tuple[float, float], int]:
    deg: Dict[Tuple[float, float], int] = {}
    for seg in segments:
        for end in (seg[0].coords[0], seg[0].coords[-1]):
            k = _key(end)
            deg[k] = deg.get(k, 0) + 1
    return deg


def _trim_stubs(segments, stub: float):
    while True:
        deg = _degrees(segments)
        keep = [s for s in segments
                if not (s[0].length < stub and (deg[_key(s[0].coords[0])] == 1 or deg[_key(s[0].coords[-1])] == 1))]
        if len(keep) == len(segments):
            return keep
        segments = keep


def _merge_chains(segments):
    """Joins consecutive pieces of the same street where nothing else meets them (degree-2 nodes)."""
    from shapely.ops import linemerge

    deg = _degrees(segments)
    parent = list(range(len(segments)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ends: Dict[Tuple[float, float], List[int]] = {}
    for i, seg in enumerate(segments):
        for end in (seg[0].coords[0], seg[0].coords[-1]):
            ends.setdefault(_key(end), []).append(i)
    for k, idx in ends.items():
        if deg[k] == 2 and len(idx) == 2:
            a, b = idx
            if a != b and segments[a][1:] == segments[b][1:]:
                parent[find(a)] = find(b)
    groups: Dict[int, List[int]] = {}
    for i in range(len(segments)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for idx in groups.values():
        if len(idx) == 1:
            out.append(segments[idx[0]])
            continue
        merged = linemerge([segments[i][0] for i in idx])
        for part in _parts(merged):
            out.append([part, segments[idx[0]][1], segments[idx[0]][2]])
    return out


# =============================================================================================================
# the final transform: rotate, move to EPSG:4549, round to the centimetre, canonical vertex order
def _to_crs_xy(x: np.ndarray, y: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    a = math.radians(ROTATION_DEG)
    cx, cy = WIDTH / 2.0, HEIGHT / 2.0
    dx, dy = x - cx, y - cy
    ex = CENTRE[0] + dx * math.cos(a) - dy * math.sin(a)
    ny = CENTRE[1] + dx * math.sin(a) + dy * math.cos(a)
    return np.round(ex, 2), np.round(ny, 2)


def _dedupe(coords: np.ndarray) -> np.ndarray:
    keep = np.ones(len(coords), dtype=bool)
    keep[1:] = np.any(np.diff(coords, axis=0) != 0.0, axis=1)
    return coords[keep]


def _straighten(ring: np.ndarray, tolerance: float = 0.05) -> np.ndarray:
    """A closed ring without the vertices that lie within ``tolerance`` of the line through their neighbours
    (start vertex included; our own few lines rather than GEOS simplify, whose ring handling varies between
    versions)."""
    pts = [tuple(p) for p in ring[:-1]]
    while len(pts) > 3:
        a = np.array(pts[-1:] + pts[:-1])
        b = np.array(pts)
        c = np.array(pts[1:] + pts[:1])
        ac = c - a
        length = np.hypot(ac[:, 0], ac[:, 1])
        cross = np.abs(ac[:, 0] * (b[:, 1] - a[:, 1]) - ac[:, 1] * (b[:, 0] - a[:, 0]))
        dev = np.where(length > 0, cross / np.where(length > 0, length, 1.0), 0.0)
        i = int(np.argmin(dev))
        if dev[i] >= tolerance:
            break
        del pts[i]
    return np.array(pts + pts[:1])


def finalize(geom, straighten: bool = False):
    """Local-frame geometry -> EPSG:4549, rounded to 1 cm, repeated vertices removed, normalized.
    ``straighten`` also drops nearly collinear polygon vertices (for shapes no other layer shares)."""
    from shapely.geometry import (LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon)

    def conv(coords):
        c = np.asarray(coords, dtype=float)[:, :2]
        x, y = _to_crs_xy(c[:, 0], c[:, 1])
        return _dedupe(np.column_stack([x, y]))

    def ring(coords):
        return _straighten(conv(coords)) if straighten else conv(coords)

    t = geom.geom_type
    if t == "Point":
        out = Point(conv(geom.coords)[0])
    elif t == "LineString":
        out = LineString(conv(geom.coords))
    elif t == "Polygon":
        out = Polygon(ring(geom.exterior.coords), [ring(r.coords) for r in geom.interiors])
    elif t == "MultiPoint":
        out = MultiPoint([finalize(g) for g in geom.geoms])
    elif t == "MultiLineString":
        out = MultiLineString([finalize(g) for g in geom.geoms])
    elif t == "MultiPolygon":
        out = MultiPolygon([finalize(g) for g in geom.geoms])
    else:
        raise ValueError(f"unexpected geometry type {t}")
    if not out.is_valid:
        raise ValueError(f"{t} became invalid when rounded: {out.wkt[:200]}")
    return out.normalize() if t != "Point" else out


# =============================================================================================================
def _tidy(poly):
    """Removes spikes and slivers left by the overlays (a small morphological opening)."""
    return _largest_polygon(poly.buffer(-0.5, join_style=2).buffer(0.5, join_style=2))


def _choice(rng: np.random.Generator, options: Dict[str, float]) -> str:
    keys = list(options)
    p = np.array([options[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _split(poly, rng: np.random.Generator, gap: float = 4.0) -> list:
    """Two parcels from one: cut across the longer side near the middle, leaving a lane of ``gap`` metres."""
    from shapely.geometry import box

    minx, miny, maxx, maxy = poly.bounds
    t = rng.uniform(0.4, 0.6)
    if maxx - minx >= maxy - miny:
        cut = minx + t * (maxx - minx)
        halves = [box(minx - 1, miny - 1, cut - gap / 2, maxy + 1), box(cut + gap / 2, miny - 1, maxx + 1, maxy + 1)]
    else:
        cut = miny + t * (maxy - miny)
        halves = [box(minx - 1, miny - 1, maxx + 1, cut - gap / 2), box(minx - 1, cut + gap / 2, maxx + 1, maxy + 1)]
    return [p for p in (_largest_polygon(poly.intersection(h)) for h in halves) if p is not None]


def _farthest_first(candidates: List[int], xy: np.ndarray, n: int, rng: np.random.Generator,
                    seeds: Sequence[int] = ()) -> List[int]:
    """n well-spread picks among candidate indices: the seeds (or a random start), then each time the candidate
    farthest from those picked."""
    if n <= 0 or not candidates:
        return []
    picked = list(seeds) or [candidates[int(rng.integers(0, len(candidates)))]]
    while len(picked) < min(n, len(candidates)):
        rest = [c for c in candidates if c not in picked]
        d = np.min(np.hypot(xy[rest, None, 0] - xy[None, picked, 0], xy[rest, None, 1] - xy[None, picked, 1]), axis=1)
        picked.append(rest[int(np.argmax(d))])
    return picked


def _greedy_cover(candidates: List[int], xy: np.ndarray, res_xy: np.ndarray, res_pop: np.ndarray, radius: float,
                  n: int, rng: np.random.Generator, seeds: Sequence[int] = ()) -> List[int]:
    """n sites among candidate indices, each time the one that reaches most not yet reached residents within
    ``radius`` (straight line; a little noise keeps it from looking planned). Where nobody is left to reach,
    the rest are spread out (farthest first)."""
    picked = list(seeds)
    covered = np.zeros(len(res_xy), dtype=bool)

    def reach(i):
        return np.hypot(res_xy[:, 0] - xy[i, 0], res_xy[:, 1] - xy[i, 1]) <= radius

    for i in picked:
        covered |= reach(i)
    while len(picked) < min(n, len(candidates)):
        rest = [c for c in candidates if c not in picked]
        gain = np.array([res_pop[reach(c) & ~covered].sum() for c in rest])
        if gain.max() <= 0:
            return _farthest_first(candidates, xy, n, rng, picked)
        score = gain * rng.uniform(0.85, 1.0, len(rest))
        best = rest[int(np.argmax(score))]
        picked.append(best)
        covered |= reach(best)
    return picked


def _split_integer(total: int, weights: Sequence[float]) -> List[int]:
    """``total`` split in proportion to ``weights`` (largest remainder), summing exactly to ``total``."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    base = np.floor(raw).astype(int)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[: total - int(base.sum())]] += 1
    return [int(v) for v in base]


def _frontage_point(poly, rng: np.random.Generator, depth: float = 8.0):
    """A point just inside the parcel's edge (facilities open to the street), ``depth`` metres in."""
    ring = poly.exterior
    c = np.asarray(poly.centroid.coords[0])
    for _ in range(20):
        p = np.asarray(ring.interpolate(rng.uniform(0.0, ring.length)).coords[0])
        v = c - p
        q = _pt(p + depth * v / np.hypot(*v))
        if poly.buffer(-depth * 0.5).contains(q):
            return q
    return _point_in(poly, rng, margin=depth)


def _point_in(poly, rng: np.random.Generator, margin: float = 3.0):
    """A random point well inside a polygon (rejection sampling, deterministic given the generator)."""
    inner = poly.buffer(-margin)
    if inner.is_empty:
        inner = poly
    minx, miny, maxx, maxy = inner.bounds
    for _ in range(500):
        p = _pt((rng.uniform(minx, maxx), rng.uniform(miny, maxy)))
        if inner.contains(p):
            return p
    return poly.representative_point()


# =============================================================================================================
def build_sample_district(seed: int = SEED) -> Dict[str, "object"]:
    """All layers of the sample district as GeoDataFrames in EPSG:4549, in a stable order."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box
    from shapely.ops import polygonize, unary_union

    rng = np.random.default_rng(seed)
    st = _Stage(rng)

    # ---- 1. the frame: 居委 blocks and 街镇 -------------------------------------------------------------------
    frame = st.frame_lines()
    # faces of the frame with the river band kept (so that the faces tile the district)
    faces = [f for f in polygonize([s[0] for s in _node(frame, st.box, band=None)])]
    faces.sort(key=lambda f: _key(f.centroid.coords[0], 3))
    side = {}
    for i, f in enumerate(faces):
        side[i] = 0 if f.representative_point().x < SUBDISTRICT_BOUNDARY_X else 1
    sd_geoms = [unary_union([f for i, f in enumerate(faces) if side[i] == k]) for k in (0, 1)]
    def cell_of(pt) -> Tuple[int, int]:
        """(column, row) of a block: columns split by the inner north-south arterials and the viaduct, rows by
        the inner east-west arterials and the river."""
        x, y = pt.x, pt.y
        cols = [a[2] for a in NS_ARTERIALS[1:-1]] + [float(expressway_centre_x(np.array([y]))[0])]
        rows = [EW_ARTERIALS[1][2], float(river_centre_y(np.array([x]))[0]), EW_ARTERIALS[2][2]]
        return int(np.searchsorted(cols, x)), int(np.searchsorted(rows, y))

    blocks = []
    for i, f in enumerate(faces):
        rp = f.representative_point()
        if st.band.contains(rp) or st.corridor.contains(rp):
            continue
        blocks.append({"geom": f, "sd": side[i], "cell": cell_of(rp)})
    # ids: west 街镇 first, then north to south, west to east
    blocks.sort(key=lambda b: (b["sd"], -b["cell"][1], b["cell"][0]))
    counters = [0, 0]
    for b in blocks:
        _, sd_name, sd_short = SUBDISTRICTS[b["sd"]]
        b["sd_name"], b["sd_short"] = sd_name, sd_short
        b["short"] = BLOCK_NAMES[sd_name][counters[b["sd"]]]
        counters[b["sd"]] += 1
        b["id"] = f"{'XA' if b['sd'] == 0 else 'DH'}{counters[b['sd']]:02d}"
        b["name"] = f"{b['short']}居委"
        b["type"] = BLOCK_TYPES.get(b["cell"], "居住")

    # ---- 2. streets: frame + local grids + underpasses, noded once ------------------------------------------
    names, lanes = _street_names(), _lane_names()
    local = []
    underpasses = st.underpasses()
    anchors = [c for seg in _node(frame + underpasses, st.box, band=st.band)
               for c in (seg[0].coords[0], seg[0].coords[-1])]
    for b in blocks:
        local.extend(st.local_streets(b["geom"], names, lanes, anchors))
    ground = _node(frame + local + underpasses, st.box, band=st.band)
    block_union = unary_union([b["geom"] for b in blocks])
    for _ in range(2):  # footpaths through the street cells that are still too large to walk around
        cells = sorted(polygonize([s[0] for s in ground]), key=lambda c: _key(c.centroid.coords[0], 3))
        nodes = [c for seg in ground for c in (seg[0].coords[0], seg[0].coords[-1])]
        paths = st.paths_through([c for c in cells if c.area > CELL_MAX and block_union.contains(c.centroid)],
                                 lanes, nodes)
        if not paths:
            break
        local.extend(paths)
        ground = _node(frame + local + underpasses, st.box, band=st.band)

    # ---- 3. parcels: street cells minus road space, some split, some leftover pieces -------------------------
    road = unary_union([seg.buffer(HALF_WIDTH[hw], cap_style=2, join_style=2)
                        for seg, _, hw in ground if HALF_WIDTH[hw] > 0])
    cells = sorted(polygonize([s[0] for s in ground]), key=lambda c: _key(c.centroid.coords[0], 3))
    parcels = []

    def add_parcel(geom, block, land_use, status=None, remark=""):
        parcels.append({"geom": geom, "block": block, "land_use": land_use, "status": status, "remark": remark})

    block_cells: Dict[int, list] = {}
    corridor_cells = []
    for c in cells:
        rp = c.representative_point()
        if st.river.intersects(c) or st.band.contains(rp):
            continue
        if st.corridor.contains(rp):
            corridor_cells.append(c)
            continue
        owner = next((k for k, b in enumerate(blocks) if b["geom"].contains(rp)), None)
        if owner is not None:
            block_cells.setdefault(owner, []).append(c)

    residential_blocks = [k for k, b in enumerate(blocks) if b["type"] == "居住"]
    school_blocks = set(int(k) for k in rng.choice(residential_blocks, size=SCHOOL_BLOCKS, replace=False))
    for k, b in enumerate(blocks):
        pieces = []
        for c in block_cells.get(k, []):
            p = _largest_polygon(c.difference(road))
            if p is None or p.area < 400.0:
                continue
            todo = [p]
            while todo:
                q = todo.pop()
                if q.area > SPLIT_AREA:
                    todo.extend(_split(q, rng))
                else:
                    pieces.append(q)
        pieces.sort(key=lambda p: _key(p.centroid.coords[0], 3))
        school = None
        if k in school_blocks:  # the most central large piece becomes a school with a sports ground
            big = [p for p in pieces if p.area > 9000.0 and not p.intersects(st.band.buffer(40.0))]
            if big:
                school = min(big, key=lambda p: p.centroid.distance(b["geom"].centroid))
        has_home = False
        for p in pieces:
            if p is school:
                ground_part, building_part = _split(p, rng, gap=0.0)[:2]
                add_parcel(building_part, k, "教育", "in_use", "中小学")
                add_parcel(ground_part, k, "教育", "in_use", "学校运动场")
                continue
            use = _choice(rng, LAND_USE_MIX[b["type"]])
            has_home |= use == "居住"
            add_parcel(p, k, use)
        if not has_home:  # every 居委 has residents: its largest non-school parcel is housing
            own = [q for q in parcels if q["block"] == k and q["remark"] == ""]
            max(own, key=lambda q: q["geom"].area)["land_use"] = "居住"

    # leftover pieces: street corners (金角) and strips along roads (银边) cut from parcels, half in each 街镇
    cuts = []  # (parcel, is a corner)
    for sd in (0, 1):
        hosts = [q for q in parcels if q["land_use"] in ("居住", "商业") and q["remark"] == ""
                 and q["geom"].area > 6000 and blocks[q["block"]]["sd"] == sd]
        pick = sorted(int(i) for i in rng.choice(len(hosts), size=(CORNER_PIECES + EDGE_PIECES) // 2, replace=False))
        cuts.extend((hosts[i], n < CORNER_PIECES // 2) for n, i in enumerate(pick))
    for q, corner in cuts:
        minx, miny, maxx, maxy = q["geom"].bounds
        if corner:
            s = rng.uniform(22.0, 38.0)
            cx = minx if rng.random() < 0.5 else maxx - s
            cy = miny if rng.random() < 0.5 else maxy - s
            cut = box(cx - 1.0, cy - 1.0, cx + s + 1.0, cy + s + 1.0)
            remark = "街角空地（金角）"
        else:
            length = rng.uniform(0.4, 0.6) * (maxx - minx)
            x0 = minx + rng.uniform(0.1, 0.9 - length / (maxx - minx)) * (maxx - minx)
            cut = box(x0, miny - 1.0, x0 + length, miny + rng.uniform(9.0, 14.0))
            remark = "路边带状空地（银边）"
        piece = _largest_polygon(q["geom"].intersection(cut))
        rest = _largest_polygon(q["geom"].difference(cut))
        if piece is None or rest is None or not 50.0 <= piece.area <= 2000.0:
            continue
        q["geom"] = rest
        add_parcel(piece, q["block"], "空地" if rng.random() < 0.7 else "绿地", "vacant", remark)

    # under the viaduct: a few pieces between the ground roads
    under = []
    for c in corridor_cells:
        strip = _largest_polygon(c.difference(road))
        if strip is None:
            continue
        miny, maxy = strip.bounds[1], strip.bounds[3]
        y = miny + 5.0
        while y + 30.0 < maxy:
            length = rng.uniform(28.0, 52.0)
            piece = _largest_polygon(strip.intersection(box(strip.bounds[0] - 1, y, strip.bounds[2] + 1, y + length)))
            if piece is not None and 50.0 <= piece.area <= 2000.0:
                under.append(piece)
            y += length + rng.uniform(25.0, 120.0)
    under.sort(key=lambda p: _key(p.centroid.coords[0], 3))
    for idx in sorted(int(i) for i in rng.choice(len(under), size=min(CORRIDOR_PIECES, len(under)), replace=False)):
        use = _choice(rng, {"空地": 0.5, "交通": 0.3, "绿地": 0.2})
        add_parcel(under[idx], None, use, "vacant" if use == "空地" else "in_use", "高架下空间（桥下）")

    # attributes of every parcel
    for q in parcels:
        use = q["land_use"]
        btype = blocks[q["block"]]["type"] if q["block"] is not None else None
        if q["status"] is None:
            if use == "空地":
                q["status"] = "vacant"
            elif use in ("工业", "仓储"):
                q["status"] = "idle" if rng.random() < (0.6 if btype == "居住" else 0.3) else "in_use"
            elif use in ("商业", "机关"):
                q["status"] = "idle" if rng.random() < 0.1 else "in_use"
            else:
                q["status"] = "in_use"
        lo, hi = FAR_RANGE[use]
        q["far"] = round(float(rng.uniform(lo, hi)), 2) if hi > 0 and q["remark"] != "学校运动场" else 0.0
        if use in YEAR_RANGE and q["remark"] != "学校运动场":
            q["building_year"] = int(rng.integers(YEAR_RANGE[use][0], YEAR_RANGE[use][1] + 1))
        else:
            q["building_year"] = None
        owners, p = OWNERSHIP[use]
        q["ownership"] = owners[int(rng.choice(len(owners), p=np.asarray(p) / np.sum(p)))]

    # ---- 4. population and resident points -------------------------------------------------------------
    homes = [q for q in parcels if q["land_use"] == "居住"]
    floor = np.array([q["geom"].area * q["far"] for q in homes])
    per_person = floor.sum() / TARGET_POPULATION
    residents = []
    block_pop = [0] * len(blocks)
    for q in homes:
        pop = int(round(q["geom"].area * q["far"] / per_person * rng.uniform(0.9, 1.1)))
        block_pop[q["block"]] += pop
        n = int(np.clip(round(q["geom"].area / RESIDENT_POINT_AREA), 1, 5))
        pts = [_point_in(q["geom"], rng, margin=6.0) for _ in range(n)]
        weights = rng.uniform(0.6, 1.4, n)
        for pt, share in zip(pts, _split_integer(pop, weights)):
            residents.append({"geom": pt, "block": q["block"], "population": share})

    # ---- 5. facilities ----------------------------------------------------------------------------------------
    pxy = np.array([q["geom"].centroid.coords[0] for q in parcels])
    rxy = np.array([(r["geom"].x, r["geom"].y) for r in residents])
    rpop = np.array([r["population"] for r in residents], dtype=float)
    facilities = []
    for spec in FACILITIES:
        for sd in (0, 1):
            n = spec.counts[sd]
            cand = [i for i, q in enumerate(parcels)
                    if q["block"] is not None and blocks[q["block"]]["sd"] == sd and q["land_use"] in spec.uses
                    and q["status"] == "in_use" and blocks[q["block"]]["cell"] not in spec.exclude]
            seeds = []
            if spec.near_river:
                riverside = [i for i in cand if parcels[i]["geom"].distance(st.band) < 150.0]
                seeds = _greedy_cover(riverside, pxy, rxy, rpop, COVER_FACTOR * THRESHOLDS[spec.code],
                                      len(spec.lead), rng)
            if spec.per_block:
                for k, b in enumerate(blocks):
                    own = [i for i in cand if parcels[i]["block"] == k]
                    if b["sd"] == sd and own:
                        seeds.append(own[int(rng.integers(0, len(own)))])
            chosen = _greedy_cover(cand, pxy, rxy, rpop, COVER_FACTOR * THRESHOLDS[spec.code], n, rng, seeds[:n])
            lead = spec.lead_east if sd == 1 and spec.lead_east is not None else spec.lead
            if spec.per_block:
                lead = spec.rest[:1] * len(seeds)
                spec_rest = spec.rest[1:]
            else:
                spec_rest = spec.rest
            for j, i in enumerate(chosen):
                tmpl = lead[j] if j < len(lead) else spec_rest[(j - len(lead)) % len(spec_rest)]
                pattern, source, (amin, amax), one_stop = tmpl
                b = blocks[parcels[i]["block"]]
                name = pattern.format(sd=SUBDISTRICTS[sd][2], blk=b["short"], n=j + 1)
                facilities.append({"geom": _frontage_point(parcels[i]["geom"], rng), "name": name,
                                   "category": spec.code, "source_type": source, "parcel": i,
                                   "area_m2": round(float(rng.uniform(amin, amax)), 1), "is_one_stop": one_stop})

    # ---- 6. the 2026 project list ---------------------------------------------------------------------------------
    fac_xy: Dict[str, np.ndarray] = {}
    for f in facilities:
        fac_xy.setdefault(f["category"], []).append((f["geom"].x, f["geom"].y))
    used = set(f["parcel"] for f in facilities if f["category"] in ("Q01",))
    projects = []
    serial = {"西岸": 0, "东湖": 0}
    for spec in PROJECTS:
        sd = 0 if spec.sd == "西岸" else 1
        cand = [i for i, q in enumerate(parcels)
                if i not in used and q["land_use"] in spec.uses and q["status"] in spec.statuses
                and spec.remark_like in q["remark"]
                and (blocks[q["block"]]["sd"] if q["block"] is not None else
                     (0 if pxy[i][0] < SUBDISTRICT_BOUNDARY_X else 1)) == sd]
        if spec.category == "Q01":  # the project extends the existing small 邻里中心
            cand = [f["parcel"] for f in facilities if f["category"] == "Q01" and f["is_one_stop"] == 1
                    and f["area_m2"] < 800 and blocks[parcels[f["parcel"]]["block"]]["sd"] == sd]
        if spec.category == "M01":
            cand = [i for i in cand if parcels[i]["geom"].distance(st.band) < 150.0] or cand
        if not cand:
            raise RuntimeError(f"no parcel for project {spec.name}")
        existing = np.asarray(fac_xy.get(spec.category, []), dtype=float).reshape(-1, 2)
        if len(existing):
            gap = [float(np.min(np.hypot(existing[:, 0] - pxy[i][0], existing[:, 1] - pxy[i][1]))) for i in cand]
        else:
            sd_res = np.array([(r["geom"].x, r["geom"].y, r["population"]) for r in residents
                               if blocks[r["block"]]["sd"] == sd])
            centre = np.average(sd_res[:, :2], axis=0, weights=sd_res[:, 2])
            gap = [-float(np.hypot(*(pxy[i] - centre))) for i in cand]
        i = cand[int(np.argmax(gap))]
        used.add(i)
        serial[spec.sd] += 1
        projects.append({"spec": spec, "parcel": i, "serial": serial[spec.sd], "sd": sd,
                         "geom": _point_in(parcels[i]["geom"], rng, margin=4.0)})

    # =========================================================================================================
    # the GeoDataFrames (final coordinates, stable order)
    def frame_of(rows: List[dict], columns: List[str]):
        df = pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)
        return gpd.GeoDataFrame(df, geometry=[r["geometry"] for r in rows], crs=CRS)

    out = {}
    out["subdistricts"] = frame_of(
        [{"subdistrict_id": SUBDISTRICTS[k][0], "name": SUBDISTRICTS[k][1], "district": DISTRICT,
          "geometry": finalize(sd_geoms[k])} for k in (0, 1)], ["subdistrict_id", "name", "district"])

    hh = [int(round(block_pop[k] / rng.uniform(*HOUSEHOLD_SIZE))) for k in range(len(blocks))]
    block_rows = []
    for k, b in enumerate(blocks):
        g = finalize(b["geom"])
        block_rows.append({"block_id": b["id"], "name": b["name"], "subdistrict": b["sd_name"],
                           "population": block_pop[k], "households": hh[k], "block_type": b["type"],
                           "area_m2": round(g.area, 1), "geometry": g})
    out["blocks"] = frame_of(block_rows, ["block_id", "name", "subdistrict", "population", "households",
                                          "block_type", "area_m2"])

    res_rows = [{"block_id": blocks[r["block"]]["id"], "population": r["population"], "geometry": finalize(r["geom"])}
                for r in residents if r["population"] > 0]
    res_rows.sort(key=lambda r: (r["block_id"], -r["geometry"].y, r["geometry"].x))
    for n, r in enumerate(res_rows, 1):
        r["resident_id"] = f"R{n:04d}"
    out["residents"] = frame_of(res_rows, ["resident_id", "block_id", "population"])

    street_rows = [{"name": name, "highway": hw, "geometry": finalize(seg)} for seg, name, hw in ground]
    trunk = st.expressway
    street_rows.append({"name": EXPRESSWAY_NAME, "highway": "trunk", "geometry": finalize(trunk)})
    street_rows.sort(key=lambda r: (HIGHWAY_ORDER.index(r["highway"]), r["name"] or "",
                                    r["geometry"].coords[0], r["geometry"].coords[-1]))
    for n, r in enumerate(street_rows, 1):
        r["street_id"] = f"S{n:04d}"
    out["streets"] = frame_of(street_rows, ["street_id", "name", "highway"])

    reach = box(-60.0, -60.0, WIDTH + 60.0, HEIGHT + 60.0)
    out["barriers"] = frame_of([
        {"barrier_id": "BR1", "name": RIVER_NAME, "type": "river",
         "geometry": finalize(_largest_line(st.river_centre.intersection(reach)))},
        {"barrier_id": "BR2", "name": EXPRESSWAY_NAME, "type": "expressway", "geometry": finalize(trunk)},
    ], ["barrier_id", "name", "type"])
    water = finalize(_largest_polygon(st.river.intersection(reach)))
    out["river"] = frame_of([{"name": RIVER_NAME, "geometry": water}], ["name"])

    fac_rows = [{"name": f["name"], "category": f["category"], "source_type": f["source_type"],
                 "area_m2": f["area_m2"], "is_one_stop": int(f["is_one_stop"]), "geometry": finalize(f["geom"])}
                for f in facilities]
    fac_rows.sort(key=lambda r: (r["category"], r["name"], r["geometry"].x, r["geometry"].y))
    for n, r in enumerate(fac_rows, 1):
        r["facility_id"] = f"F{n:04d}"
    assert {f["category"] for f in facilities} <= set(CHECKLIST) and set(THRESHOLDS) == set(CHECKLIST)
    out["facilities"] = frame_of(fac_rows, ["facility_id", "name", "category", "source_type", "area_m2",
                                            "is_one_stop"])

    parcel_rows = []
    for q in parcels:
        g = finalize(_tidy(q["geom"]), straighten=True)
        b = blocks[q["block"]] if q["block"] is not None else None
        sd_name = b["sd_name"] if b is not None else SUBDISTRICTS[0 if q["geom"].centroid.x < SUBDISTRICT_BOUNDARY_X
                                                                   else 1][1]
        parcel_rows.append({"block_id": b["id"] if b is not None else None, "subdistrict": sd_name,
                            "land_use": q["land_use"], "status": q["status"], "far": q["far"],
                            "building_year": q["building_year"], "ownership": q["ownership"],
                            "area_m2": round(g.area, 1), "remark": q["remark"] or None, "geometry": g})
    order = sorted(range(len(parcel_rows)), key=lambda i: (parcel_rows[i]["block_id"] or "ZZ",
                                                          -round(parcel_rows[i]["geometry"].centroid.y, 1),
                                                          round(parcel_rows[i]["geometry"].centroid.x, 1)))
    parcel_rows = [parcel_rows[i] for i in order]
    for n, r in enumerate(parcel_rows, 1):
        r["parcel_id"] = f"P{n:04d}"
    out["parcels"] = frame_of(parcel_rows, ["parcel_id", "block_id", "subdistrict", "land_use", "status", "far",
                                            "building_year", "ownership", "area_m2", "remark"])

    project_rows = []
    as_of = pd.Timestamp(AS_OF)
    for n, pr in enumerate(projects):
        spec: ProjectSpec = pr["spec"]
        sd_name = SUBDISTRICTS[pr["sd"]][1]
        start, end = pd.Timestamp(spec.start), pd.Timestamp(spec.end)
        # 一图三会: hearing before the start, coordination just before it, evaluation after completion;
        # only what has happened by the list's date is filled in
        hearing = start - pd.Timedelta(days=int(rng.integers(20, 60)))
        coordination = start - pd.Timedelta(days=int(rng.integers(5, 18)))
        evaluation = min(end + pd.Timedelta(days=int(rng.integers(7, 15))), as_of - pd.Timedelta(days=6))
        if spec.status == "谋划" or (spec.status == "前期" and n % 2 == 0):
            coordination = None
        if spec.status == "谋划":
            hearing = None
        if spec.status not in ("完工", "运营"):
            evaluation = None

        def day(t):
            return t.date().isoformat() if t is not None and t <= as_of else None

        updated = as_of - pd.Timedelta(minutes=int(rng.integers(0, 60 * 24 * 5)))
        project_rows.append({
            "project_id": f"{YEAR}-{spec.sd}-{pr['serial']:03d}", "year": YEAR, "district": DISTRICT,
            "subdistrict": sd_name, "unit_id": None, "name": spec.name, "category": spec.category,
            "kind": "基础保障" if spec.category.startswith("Q") else "品质提升", "content": spec.content,
            "path": spec.path, "implementer": spec.implementer, "funding": spec.funding,
            "investment": float(spec.investment), "start_date": spec.start, "end_date": spec.end,
            "design_team": DESIGN_TEAMS[int(rng.integers(0, len(DESIGN_TEAMS)))],
            "community_planner": COMMUNITY_PLANNERS[int(rng.integers(0, len(COMMUNITY_PLANNERS)))],
            "status": spec.status, "progress": int(spec.progress), "hearing_date": day(hearing),
            "coordination_date": day(coordination), "evaluation_date": day(evaluation), "remarks": spec.remarks or None,
            "updated_at": updated.strftime("%Y-%m-%dT%H:%M:%S"), "geometry": finalize(pr["geom"]),
        })
    project_rows.sort(key=lambda r: r["project_id"])
    out["projects"] = frame_of(project_rows, PROJECT_FIELDS)

    # ---- 7. census by age group, buildings and residents' needs (a second generator: nothing above changes)
    add_census_buildings_and_needs(out, seed)
    # ---- 8. gated compounds and their gates (a third generator, from the final layers: nothing above changes)
    _compounds_module().add_compounds_and_gates(out, seed)
    # ---- 9. the annual programme: sources, budgets, actual dates, 一图三会 outcomes and targets (a fourth)
    _script_module("sample_programme").add_programme(out, seed, AS_OF)
    # ---- 10. the one-stop centres' functions for the "1+N" check (a fifth)
    _script_module("sample_centres").add_centre_functions(out)
    return out


# =============================================================================================================
# census by age group (七普-like), buildings and residents' needs (问需求计). Everything here is drawn from a
# second generator, ``default_rng(seed + NEW_SEED_OFFSET)``, after all the draws above and from the final
# layers only, so that the layers above are exactly what they were before these were added.
NEW_SEED_OFFSET = 18

#: base shares of a 居委's population by age group, approximately Shanghai's 2020 census (上海市第七次全国人口
#: 普查主要数据公报, 2021: 60+ 23.4 %); the child bands and 80+ are rounded planning estimates for this fictional
#: district. 80+ is part of 60+. Each 居委 varies them (×0.7–1.4): older 居委 in old neighbourhoods (西岸 most),
#: younger in new ones, fewer children in 商务/产业 blocks.
AGE_SHARES = {"pop_0_3": 0.024, "pop_3_6": 0.026, "pop_6_12": 0.052, "pop_60p": 0.234, "pop_80p": 0.035}
AGE_FIELDS = list(AGE_SHARES)
AGE_FACTOR_RANGE = (0.7, 1.4)

#: per-capita housing floor area of the buildings (m²). Shanghai's per-capita housing floor area is about 37 m²;
#: 30 m² is a round planning figure for this fictional sample. A resident point's building has exactly its
#: population × this floor area (up to centimetre rounding), so that sharing a 居委's population over its 住宅
#: buildings by floor area gives every resident point back.
PER_CAPITA_FLOOR_M2 = 30.0
STOREY_M = 3.0  # 住宅 storey height (height_m = floors × 3.0)
HOME_FLOORS = (6, 11, 18, 24, 30)  # 6: 多层; 11/18/24/30: 高层
HOME_MIN_SIDE = 8.0  # no 住宅 footprint narrower than this (m)
SLAB_ASPECTS = (1.5, 2.0, 2.5, 3.0, 4.0)  # where a square does not fit: slabs (板楼) this much longer than deep
BUILDING_GAP = 2.0  # metres between buildings (at least)
#: non-residential buildings: use -> (floors range, storey height m, largest footprint m²)
OTHER_BUILDINGS = {"商业": ((1, 4), 4.5, 2500.0), "办公": ((8, 24), 4.0, 2000.0), "工业": ((1, 3), 6.0, 6000.0),
                   "学校": ((3, 5), 3.9, 3000.0), "公共服务": ((2, 6), 4.0, 2000.0)}
#: how many non-residential buildings of each kind: (use, land uses, block types, remark, count)
OTHER_PICKS = [("学校", ("教育",), ("居住",), "中小学", 7),
               ("公共服务", ("机关",), ("居住", "商务", "产业"), "", 11),
               ("办公", ("商业",), ("商务",), "", 9),
               ("商业", ("商业",), ("居住", "产业"), "", 14),
               ("工业", ("工业", "仓储"), ("产业",), "", 14),
               ("工业", ("工业", "仓储"), ("居住",), "", 5)]

# --- residents' needs (问需求计): invented, exported from an AMap-based survey mini-program in GCJ-02 ---------------
NEEDS_CRS = "EPSG:4326"
NEED_SOURCES = {"问需求计问卷": 0.45, "社区小程序": 0.25, "12345热线": 0.20, "意见箱": 0.10}
NEED_FIRST_DAY, NEED_DAYS = "2025-09-01", 273  # 2025-09-01 … 2026-05-31
NEED_PHRASES = {
    "Q03": ("缺菜场", "附近没有菜市场", "买菜要走很远", "希望有生鲜超市"),
    "Q04": ("看病不方便", "希望设卫生站", "配药要跑很远"),
    "Q05": ("没有养老院", "老人吃饭难，希望有长者食堂", "需要日间照料中心", "希望有老年助餐点"),
    "Q06": ("孩子没地方上托班", "缺托育机构", "幼儿园太远"),
    "M03": ("孩子没地方托管", "放学后没人接孩子，希望有四点半课堂", "暑托班名额太少"),
    "Q08": ("缺少健身场地", "想要篮球场", "希望有健身步道"),
    "Q10": ("想要口袋公园", "缺少休息座椅和小广场"),
    "M01": ("希望滨河绿道贯通",),
    "M02": ("希望有社区图书馆",),
    "M05": ("修鞋修伞的地方没了", "希望有快递驿站"),
    "M10": ("公厕太少", "垃圾分类点太远"),
    "Q02": ("居民开会没地方，需要议事厅",),
    "Q09": ("希望小区装AED",),
}
NEED_PREFIXES = {  # what residents say before the need (one of these, or nothing)
    "*": ("我们小区", "我家附近", "住这里十几年了，", "反映一下：", "建议："),
    "Q03": ("退休了天天买菜，",), "Q04": ("家里老人身体不好，",),
    "Q05": ("家里老人八十多了，", "我们这里老人多，", "楼里独居老人不少，"),
    "Q06": ("孩子刚两岁，", "双职工家庭，"), "M03": ("孩子上小学了，", "双职工家庭，"),
    "Q08": ("下班想锻炼，",), "Q10": ("带孙子出来玩，",), "M01": ("喜欢沿河散步，",), "M02": ("孩子放假在家，",),
}
NO_PLACE_PREFIX = ("Q09", "M01", "M02")  # "我们小区希望小区装AED" reads badly: no 我们小区/我家附近 for these
NEED_REPEATS = ("孩子", "附近", "老人", "小区")  # a prefix does not repeat these words of the need
NEED_NO_PLACE_START = ("放学后", "居民", "孩子", "希望有", "想要")  # nor 我们小区/我家附近 before these
NEED_SUFFIXES = ("", "。", "。", "！", "，希望街道考虑。", "，盼早日解决！", "，谢谢！")
#: needs that name no facility category: complaints and near-misses (a keyword, but not a facility need)
NEED_OUT_OF_SCOPE = (
    "养老保险报销太麻烦", "养老金什么时候涨", "健身器材店太贵", "路灯坏了", "楼道里有噪音", "停车位太少",
    "小区门口乱停车", "电梯经常坏", "物业费太贵了", "楼上漏水没人管", "电动车在楼道充电太危险", "晚上广场舞音乐太吵",
    "快递柜超时收费不合理", "菜价涨得太快", "幼儿园学费太贵", "医保报销比例太低", "外墙瓷砖脱落，有安全隐患",
    "小区门禁坏了好几天", "下水道经常堵", "公交车站离得太远", "共享单车乱停乱放", "遛狗不拴绳", "装修噪音扰民",
    "老年卡办理太慢", "学区划分不合理",
)
#: (category, count, 居委 short names or 街镇 name where the sample has a gap, how many of them go there)
NEED_PLAN = [
    ("Q05", 48, ("光明", "和平", "华东", "新华", "幸福"), 42),
    ("Q06", 34, ("东湖街道",), 30),
    ("M03", 32, ("西岸街道",), 28),
    ("Q02", 16, ("西苑", "光明", "锦绣"), 14),
    ("Q03", 18, (), 0), ("Q04", 16, (), 0), ("Q08", 18, (), 0), ("Q10", 14, (), 0), ("M01", 10, (), 0),
    ("M02", 8, (), 0), ("M05", 12, (), 0), ("M10", 12, (), 0), ("Q09", 6, (), 0),
]
NEED_PAIRS = [("Q05", "Q04"), ("Q05", "Q03"), ("Q06", "M03"), ("Q08", "Q10"), ("Q10", "M10"), ("Q02", "Q05"),
              ("Q03", "M05"), ("M02", "M03"), ("Q04", "Q09"), ("Q08", "M01")]
NEED_TWO_CATEGORIES = 20
NEED_DUPLICATES = 4
NEED_PETITIONS = 8  # 联名: 20–80 votes


def _core_modules():
    """The plugin's QGIS-free ``core`` (population, coords): the repository's own, imported with the repository
    root on sys.path just for the import (it would shadow QGIS's ``processing`` package if left there)."""
    import sys

    root = str(Path(__file__).resolve().parents[1])
    added = root not in sys.path
    if added:
        sys.path.insert(0, root)
    try:
        from lifecircle_plugin.core import coords, population
    finally:
        if added:
            sys.path.remove(root)
    return population, coords


def _compounds_module():
    """scripts/sample_compounds.py, loaded by its path (this script is loaded by path too, e.g. by the tests)."""
    return _script_module("sample_compounds")


def _script_module(name: str):
    """A module of scripts/ loaded by its path."""
    import importlib.util

    path = Path(__file__).resolve().with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rotated_rect(x: float, y: float, hu: float, hv: float):
    """A rectangle centred exactly on (x, y) (a centimetre point), half sides ``hu`` along the rotated street grid's
    x axis and ``hv`` across it, corners on the centimetre: the corner offsets are rounded once and used with both
    signs, so the shape is point-symmetric about (x, y) and its centroid is (x, y)."""
    from shapely.geometry import Polygon

    a = math.radians(ROTATION_DEG)
    eu = np.array([math.cos(a), math.sin(a)]) * hu
    ev = np.array([-math.sin(a), math.cos(a)]) * hv
    c1, c2 = np.round(eu + ev, 2), np.round(eu - ev, 2)
    p = np.array([x, y])
    ring = [p + c1, p - c2, p - c1, p + c2]
    return Polygon([(round(float(q[0]), 2), round(float(q[1]), 2)) for q in ring]).normalize()


def _uv(x, y) -> Tuple[np.ndarray, np.ndarray]:
    """Coordinates along and across the rotated street grid."""
    a = math.radians(ROTATION_DEG)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return x * math.cos(a) + y * math.sin(a), -x * math.sin(a) + y * math.cos(a)


def _home_buildings(residents, parcels, blocks, rng: np.random.Generator) -> List[dict]:
    """One 住宅 building per resident point, centred on it, floor area = population × PER_CAPITA_FLOOR_M2.

    Each gets a preferred number of floors (old neighbourhoods 6-storey 多层, newer ones 高层). Its footprints, from
    the most to the least preferred: squares with floors raised step by step, then slabs (板楼) no narrower than
    HOME_MIN_SIDE, all inside its parcel; then the same inside its block (into the road space) as a last resort.
    Buildings keep BUILDING_GAP apart. Resident points were placed at random, a few of them only metres apart:
    two points that no pair of such footprints can keep apart ("twins", about ten pairs) have buildings that
    overlap each other (and nothing else)."""
    from shapely.prepared import prep

    n = len(residents)
    px = np.array([g.x for g in residents.geometry])
    py = np.array([g.y for g in residents.geometry])
    u, v = _uv(px, py)
    area = residents["population"].to_numpy(dtype=float) * PER_CAPITA_FLOOR_M2
    homes = parcels[parcels["land_use"] == "居住"]
    parcel_of = []
    for g in residents.geometry:
        hit = [i for i, q in zip(homes.index, homes.geometry) if q.contains(g)]
        parcel_of.append(hit[0] if hit else None)
    block_geom = dict(zip(blocks["block_id"], blocks.geometry))
    inner_block = {k: prep(g.buffer(-1.0)) for k, g in block_geom.items()}
    inner_parcel = {i: prep(parcels.geometry[i].buffer(-0.5)) for i in set(parcel_of) if i is not None}

    # preferred floors: 6-storey 多层 in parcels built before 1995, a mix up to 2005, 高层 after
    prefer = np.zeros(n, dtype=int)
    for i in range(n):
        year = parcels["building_year"][parcel_of[i]] if parcel_of[i] is not None else 2000
        if year < 1995:
            p = (0.85, 0.15, 0.0, 0.0, 0.0)
        elif year < 2005:
            p = (0.45, 0.3, 0.25, 0.0, 0.0)
        else:
            p = (0.0, 0.2, 0.4, 0.25, 0.15)
        prefer[i] = int(rng.choice(len(HOME_FLOORS), p=p))

    du = np.abs(u[:, None] - u[None, :])
    dv = np.abs(v[:, None] - v[None, :])
    np.fill_diagonal(du, np.inf)
    np.fill_diagonal(dv, np.inf)
    twin = np.maximum(du, dv) < HOME_MIN_SIDE + BUILDING_GAP
    near = [np.flatnonzero((np.maximum(du[i], dv[i]) < 200.0) & ~twin[i]) for i in range(n)]

    def options(i):
        """(stage, floors, hu, hv): squares (stage 0) and slabs (1) from the preferred floors up."""
        out = []
        for stage, aspects in enumerate([(1.0,), SLAB_ASPECTS]):
            for k in range(prefer[i], len(HOME_FLOORS)):
                f = HOME_FLOORS[k]
                for r in aspects:
                    for long_u in ((True,) if r == 1.0 else (True, False)):
                        side_long = math.sqrt(area[i] / f * r)
                        side_short = area[i] / f / side_long
                        if side_short < HOME_MIN_SIDE:
                            continue
                        hu, hv = (side_long / 2, side_short / 2) if long_u else (side_short / 2, side_long / 2)
                        out.append((stage, f, hu, hv))
        return out

    def contained(i, hu, hv, where) -> bool:
        rect = _rotated_rect(px[i], py[i], hu, hv)
        if where == "parcel":
            return parcel_of[i] is not None and inner_parcel[parcel_of[i]].contains(rect)
        return inner_block[residents["block_id"].iloc[i]].contains(rect)

    # 1. from the preferred footprint down the list: while two overlap, one of them takes its next footprint
    #    that clears the other (the larger one first); when neither can, the larger one shrinks a step; a pair
    #    that still overlaps with both at their last footprint are twins
    def rank(c):
        return (c[0] == "block", c[1], HOME_FLOORS.index(c[2]), abs(math.log(c[3] / c[4])))

    opts = [sorted([(w,) + o for w in ("parcel", "block") for o in options(i)], key=rank) for i in range(n)]
    fits: Dict[Tuple[int, int], bool] = {}

    def ok(i, k) -> bool:  # the footprint fits its parcel (or block), computed when first asked
        if (i, k) not in fits:
            c = opts[i][k]
            fits[(i, k)] = contained(i, c[3], c[4], c[0])
        return fits[(i, k)]

    def following(i, k, clears=lambda c: True) -> Optional[int]:
        return next((m for m in range(k + 1, len(opts[i])) if clears(opts[i][m]) and ok(i, m)), None)

    at = []
    for i in range(n):
        at.append(following(i, -1))
        if at[-1] is None:
            raise RuntimeError(f"no footprint fits resident point {residents['resident_id'].iloc[i]}")

    def overlap(i, ci, j, cj) -> bool:
        return (du[i, j] < ci[3] + cj[3] + BUILDING_GAP) and (dv[i, j] < ci[4] + cj[4] + BUILDING_GAP)

    while True:
        pairs = [(i, int(j)) for i in range(n) for j in near[i]
                 if i < j and not twin[i, j] and overlap(i, opts[i][at[i]], j, opts[j][at[j]])]
        if not pairs:
            break
        for i, j in pairs:
            if not overlap(i, opts[i][at[i]], j, opts[j][at[j]]):
                continue
            order = (i, j) if opts[i][at[i]][3] * opts[i][at[i]][4] >= opts[j][at[j]][3] * opts[j][at[j]][4] else (j, i)
            for a, b in (order, order[::-1]):
                nxt = following(a, at[a], lambda c, a=a, b=b: not overlap(a, c, b, opts[b][at[b]]))
                if nxt is not None:
                    at[a] = nxt
                    break
            else:  # neither clears the other as it stands: the larger one shrinks a step, or they are twins
                step = next(((a, following(a, at[a])) for a in order if following(a, at[a]) is not None), None)
                if step is None:
                    twin[i, j] = twin[j, i] = True
                else:
                    at[step[0]] = step[1]
    choice = [opts[i][at[i]] for i in range(n)]
    near = [np.array([j for j in near[i] if not twin[i, j]], dtype=int) for i in range(n)]

    # 2. then each building in turn as close to its preference as the others' footprints allow
    def clear(i, hu, hv) -> bool:
        for j in near[i]:
            _, _, _, hu_j, hv_j = choice[j]
            if du[i, j] < hu + hu_j + BUILDING_GAP and dv[i, j] < hv + hv_j + BUILDING_GAP:
                return False
        return True

    for _ in range(3):
        changed = False
        for i in range(n):
            for k, c in enumerate(opts[i]):
                if rank(c) >= rank(choice[i]):
                    break
                if clear(i, c[3], c[4]) and ok(i, k):
                    choice[i] = c
                    changed = True
                    break
        if not changed:
            break

    out = []
    for i in range(n):
        where, _, floors, hu, hv = choice[i]
        out.append({"geometry": _rotated_rect(px[i], py[i], hu, hv), "block_id": residents["block_id"].iloc[i],
                    "use": "住宅", "floors": int(floors), "height_m": round(floors * STOREY_M, 1),
                    "in_parcel": where == "parcel", "twin": bool(twin[i].any())})
    return out


def _other_buildings(parcels, blocks, taken: list, rng: np.random.Generator) -> List[dict]:
    """About sixty non-residential buildings on non-residential parcels, clear of every other building."""
    btype = dict(zip(blocks["block_id"], blocks["block_type"]))
    used = set()
    out = []
    for use, land_uses, block_types, remark, count in OTHER_PICKS:
        cand = [i for i in parcels.index if i not in used and parcels["land_use"][i] in land_uses
                and parcels["block_id"][i] is not None and btype[parcels["block_id"][i]] in block_types
                and (parcels["remark"][i] or "") == remark]
        picks = sorted(int(k) for k in rng.choice(len(cand), size=min(count, len(cand)), replace=False))
        (lo, hi), storey, largest = OTHER_BUILDINGS[use]
        for k in picks:
            i = cand[k]
            used.add(i)
            parcel = parcels.geometry[i]
            inner = parcel.buffer(-4.0)
            floors = int(rng.integers(lo, hi + 1))
            footprint = min(largest, parcel.area * rng.uniform(0.2, 0.4))
            aspect = rng.uniform(1.0, 2.5)
            long_u = rng.random() < 0.5
            centres = [inner.representative_point()] + [_point_in(inner, rng, margin=0.0) for _ in range(12)]
            placed = None
            for _ in range(30):
                side_long = math.sqrt(footprint * aspect)
                side_short = footprint / side_long
                hu, hv = (side_long / 2, side_short / 2) if long_u else (side_short / 2, side_long / 2)
                for c in centres:
                    rect = _rotated_rect(round(c.x, 2), round(c.y, 2), hu, hv)
                    if inner.contains(rect) and not any(rect.distance(t) < BUILDING_GAP for t in taken
                                                        if t.bounds[0] - 10 < rect.bounds[2]
                                                        and t.bounds[2] + 10 > rect.bounds[0]
                                                        and t.bounds[1] - 10 < rect.bounds[3]
                                                        and t.bounds[3] + 10 > rect.bounds[1]):
                        placed = rect
                        break
                if placed is not None:
                    break
                footprint *= 0.85
            if placed is None:
                continue
            taken.append(placed)
            out.append({"geometry": placed, "block_id": parcels["block_id"][i], "use": use, "floors": floors,
                        "height_m": round(floors * storey, 1), "parcel_id": parcels["parcel_id"][i]})
    return out


def _age_groups(blocks, parcels, rng: np.random.Generator) -> Dict[str, List[int]]:
    """Each 居委's count of every age group: its population × the base share × a factor of the 居委."""
    homes = parcels[parcels["land_use"] == "居住"]
    out = {f: [] for f in AGE_FIELDS}
    lo, hi = AGE_FACTOR_RANGE
    for b in blocks.itertuples():
        own = homes[homes["block_id"] == b.block_id]
        year = float(np.average(own["building_year"], weights=own["area_m2"] * own["far"])) if len(own) else 2000.0
        old = float(np.clip((2006.0 - year) / 12.0, 0.0, 1.0)) + (0.2 if b.subdistrict == SUBDISTRICTS[0][1] else 0.0)
        elderly = np.clip(0.68 + 0.55 * old + rng.normal(0.0, 0.05), lo, hi)
        very_old = np.clip(0.62 + 0.65 * old + rng.normal(0.0, 0.05), lo, hi)
        child = np.clip((1.35 - 0.5 * old + rng.normal(0.0, 0.05)) * (0.72 if b.block_type != "居住" else 1.0), lo, hi)
        factor = {"pop_0_3": child, "pop_3_6": child, "pop_6_12": child, "pop_60p": elderly, "pop_80p": very_old}
        for f in AGE_FIELDS:
            out[f].append(int(round(b.population * AGE_SHARES[f] * factor[f])))
        assert out["pop_80p"][-1] <= out["pop_60p"][-1] <= b.population
    return out


def _need_texts(rng: np.random.Generator) -> List[Tuple[str, Tuple[str, ...], Optional[Tuple[str, ...]], bool]]:
    """(text, categories, where it goes, is a gap need) of every need before duplicates."""
    def phrase(code):
        options = NEED_PHRASES[code]
        return options[int(rng.integers(0, len(options)))]

    def prefix(code, said):
        own = NEED_PREFIXES.get(code, ())
        generic = tuple(p for p in NEED_PREFIXES["*"] if not (code in NO_PLACE_PREFIX and not p.endswith(("，", "："))))
        if rng.random() < 0.45:
            return ""
        pool = own if own and rng.random() < 0.6 else generic
        p = pool[int(rng.integers(0, len(pool)))]
        # not "孩子刚两岁，孩子没地方上托班", "我家附近附近没有菜市场", "我家附近居民开会没地方"
        if any(w in p and w in said for w in NEED_REPEATS) or (p in ("我们小区", "我家附近")
                                                              and said.startswith(NEED_NO_PLACE_START)):
            return ""
        return p

    def suffix():
        return NEED_SUFFIXES[int(rng.integers(0, len(NEED_SUFFIXES)))]

    out = []
    for code, count, gap, in_gap in NEED_PLAN:
        for k in range(count):
            said = phrase(code)
            out.append((prefix(code, said) + said + suffix(), (code,), gap if k < in_gap else None, k < in_gap))
    gaps = {code: gap for code, _, gap, _ in NEED_PLAN if gap}
    for k in range(NEED_TWO_CATEGORIES):
        a, b = NEED_PAIRS[k % len(NEED_PAIRS)]
        joint = "，另外" if rng.random() < 0.5 else "；"
        said = phrase(a)
        text = prefix(a, said) + said + joint + phrase(b) + suffix()
        out.append((text, (a, b), gaps.get(a) or gaps.get(b), False))
    for text in NEED_OUT_OF_SCOPE:
        out.append((text + suffix(), (), None, False))
    return out


def _needs(blocks, residents, river, rng: np.random.Generator, coords) -> "object":
    """The needs layer in EPSG:4326 with GCJ-02 coordinates (as an AMap-based survey mini-program exports them)."""
    import geopandas as gpd
    import pandas as pd
    from pyproj import Transformer
    from shapely.geometry import Point

    ids = list(blocks["block_id"])
    short = {row.block_id: row.name[:-2] for row in blocks.itertuples()}  # 光明居委 -> 光明
    sd_of = dict(zip(blocks["block_id"], blocks["subdistrict"]))
    inner = {k: g.buffer(-10.0) for k, g in zip(blocks["block_id"], blocks.geometry)}
    # who voices a need: older residents for 为老服务, parents of small / school children for 托育 / 托管
    weight_of = {"Q05": ["pop_60p"], "Q06": ["pop_0_3", "pop_3_6"], "M03": ["pop_6_12"]}
    res_by_block = {k: residents[residents["block_id"] == k] for k in ids}
    river_geom = river.geometry.iloc[0]
    riverside = residents[residents.geometry.distance(river_geom) < 250.0]

    def pick_block(where, code):
        if where:
            cand = [k for k in ids if short[k] in where or sd_of[k] in where]
        else:
            cand = ids
        people = blocks.set_index("block_id")[weight_of.get(code, ["population"])].sum(axis=1)
        w = np.array([people[k] for k in cand], dtype=float)
        return cand[int(rng.choice(len(cand), p=w / w.sum()))]

    def place(block_id, near_river=False):
        pts = res_by_block[block_id]
        if near_river:
            pts = riverside[riverside["block_id"] == block_id] if (riverside["block_id"] == block_id).any() else pts
        w = pts["population"].to_numpy(dtype=float)
        for _ in range(200):
            r = pts.geometry.iloc[int(rng.choice(len(pts), p=w / w.sum()))]
            d, t = rng.uniform(5.0, 40.0), rng.uniform(0.0, 2.0 * math.pi)
            p = Point(r.x + d * math.cos(t), r.y + d * math.sin(t))
            if inner[block_id].contains(p):
                return p
        raise RuntimeError(f"no place for a need in {block_id}")

    rows = []
    for text, codes, where, gap in _need_texts(rng):
        if codes == ("M01",):
            block_id = riverside["block_id"].iloc[int(rng.integers(0, len(riverside)))]
            p = place(block_id, near_river=True)
        else:
            block_id = pick_block(where, codes[0] if codes else None)
            p = place(block_id)
        rows.append({"text": text, "codes": codes, "gap": gap, "block_id": block_id, "xy": (p.x, p.y)})
    # 联名 petitions among the needs where the sample has gaps; exact duplicates (same words, same place,
    # another channel) as real surveys have
    gap_rows = [k for k, r in enumerate(rows) if r["gap"]]
    petitions = {int(k) for k in rng.choice(gap_rows, size=NEED_PETITIONS, replace=False)}
    sources = list(NEED_SOURCES)
    p_src = np.array(list(NEED_SOURCES.values()))
    for k, r in enumerate(rows):
        r["source"] = sources[int(rng.choice(len(sources), p=p_src / p_src.sum()))]
        if k in petitions:
            r["votes"] = int(rng.integers(20, 81))
        else:
            r["votes"] = int(rng.choice([1, 2, 3, 4, 5], p=[0.45, 0.2, 0.15, 0.1, 0.1]))
        r["day"] = int(rng.integers(0, NEED_DAYS))
    for k in sorted(int(k) for k in rng.choice([k for k in gap_rows if k not in petitions], size=NEED_DUPLICATES,
                                               replace=False)):
        r = dict(rows[k])
        r["source"] = next(s for s in sources[1:] + sources[:1] if s != rows[k]["source"])
        r["votes"] = 1
        r["day"] = min(NEED_DAYS - 1, rows[k]["day"] + int(rng.integers(1, 15)))
        rows.append(r)

    x = np.array([r["xy"][0] for r in rows])
    y = np.array([r["xy"][1] for r in rows])
    lon, lat = Transformer.from_crs(CRS, NEEDS_CRS, always_xy=True).transform(x, y)
    gcj = coords.convert_coordinates(lon, lat, "WGS84", "GCJ02")
    first = pd.Timestamp(NEED_FIRST_DAY)
    out_rows = []
    for r, glon, glat in zip(rows, gcj.lon, gcj.lat):
        out_rows.append({"source": r["source"], "text": r["text"], "votes": r["votes"],
                         "date": (first + pd.Timedelta(days=r["day"])).date().isoformat(),
                         "block_id": r["block_id"], "categories": r["codes"],
                         # AMap gives 6 decimals (about 0.1 m)
                         "geometry": Point(round(float(glon), 6), round(float(glat), 6))})
    out_rows.sort(key=lambda r: (r["date"], r["block_id"], r["source"], r["text"]))
    for n, r in enumerate(out_rows, 1):
        r["need_id"] = f"N{n:04d}"
    columns = ["need_id", "source", "text", "votes", "date", "block_id"]
    df = pd.DataFrame([{c: r[c] for c in columns} for r in out_rows], columns=columns)
    gdf = gpd.GeoDataFrame(df, geometry=[r["geometry"] for r in out_rows], crs=NEEDS_CRS)
    gdf.attrs["categories"] = [r["categories"] for r in out_rows]
    return gdf


def add_census_buildings_and_needs(out: Dict[str, "object"], seed: int = SEED) -> None:
    """Adds the age groups to ``blocks`` and ``residents`` and the ``buildings`` and ``needs`` layers to ``out``
    (the layers made by :func:`build_sample_district` up to the project list), from their final coordinates."""
    import geopandas as gpd
    import pandas as pd

    population, coords = _core_modules()
    rng = np.random.default_rng(seed + NEW_SEED_OFFSET)
    blocks, residents, parcels = out["blocks"], out["residents"], out["parcels"]

    # 1. the census by age group, per 居委
    groups = _age_groups(blocks, parcels, rng)
    for f in AGE_FIELDS:
        blocks[f] = groups[f]

    # 2. buildings: one 住宅 per resident point (B0001 is R0001's), then the others
    homes = _home_buildings(residents, parcels, blocks, rng)
    others = _other_buildings(parcels, blocks, [h["geometry"] for h in homes], rng)
    rows = homes + others
    for n, r in enumerate(rows, 1):
        r["building_id"] = f"B{n:04d}"
        r["area_m2"] = round(r["geometry"].area, 1)
    columns = ["building_id", "block_id", "use", "floors", "height_m", "area_m2"]
    df = pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)
    out["buildings"] = gpd.GeoDataFrame(df, geometry=[r["geometry"] for r in rows], crs=CRS)
    out["buildings"].attrs["home_twins"] = sum(h["twin"] for h in homes)
    out["buildings"].attrs["homes_outside_parcel"] = sum(not h["in_parcel"] for h in homes)

    # 3. residents' groups: each 居委's count shared over its 住宅 buildings exactly as lifecircle:distribute
    #    population does (floor area = footprint × floors, largest remainder, never above the point's population)
    floor_area = np.array([h["geometry"].area * h["floors"] for h in homes])
    res_block = residents["block_id"].to_numpy()
    res_pop = residents["population"].to_numpy(dtype=np.int64)
    res_groups = {f: np.zeros(len(residents), dtype=np.int64) for f in AGE_FIELDS}
    for k, b in enumerate(blocks.itertuples()):
        sel = np.flatnonzero(res_block == b.block_id)
        shares = population.largest_remainder(b.population, floor_area[sel])
        if not np.array_equal(shares, res_pop[sel]):  # floor area ∝ population: the points come back exactly
            raise RuntimeError(f"{b.block_id}: floor areas do not give the resident points back")
        for f in AGE_FIELDS:
            res_groups[f][sel] = population.largest_remainder(groups[f][k], floor_area[sel], caps=res_pop[sel])
    for f in AGE_FIELDS:
        residents[f] = res_groups[f]

    # 4. residents' needs
    out["needs"] = _needs(blocks, residents, out["river"], rng, coords)


# field types for the GeoPackage (OGR types through fiona); anything not listed is text
FIELD_TYPES = {
    "population": "int", "households": "int", "area_m2": "float", "is_one_stop": "int", "far": "float",
    "building_year": "int", "year": "int", "investment": "float", "progress": "int", "start_date": "date",
    "end_date": "date", "hearing_date": "date", "coordination_date": "date", "evaluation_date": "date",
    "updated_at": "datetime", "pop_0_3": "int", "pop_3_6": "int", "pop_6_12": "int", "pop_60p": "int", "pop_80p": "int",
    "floors": "int", "height_m": "float", "votes": "int", "date": "date", "is_open": "int", "pedestrian": "int",
    **_script_module("sample_programme").FIELD_TYPES,
}
LAYERS = ["subdistricts", "blocks", "residents", "streets", "barriers", "river", "facilities", "parcels", "projects",
          "buildings", "needs", "compounds", "gates"]


def write_sample_district(out_dir, seed: int = SEED) -> Path:
    """Builds the sample and writes ``sample_district.gpkg`` into ``out_dir`` (replacing it); returns its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / GPKG_NAME
    if path.exists():
        path.unlink()
    import pandas as pd

    layers = build_sample_district(seed)
    # fiona takes a schema: typed fields with real DATE columns. Without it (geopandas 1.x installs often have
    # only pyogrio) the types come from the dtypes, and the dates become DATETIME fields.
    import importlib.util

    engine = "fiona" if importlib.util.find_spec("fiona") is not None else "pyogrio"
    for name in LAYERS:
        gdf = layers[name]
        if engine == "fiona":
            schema = {"geometry": gdf.geom_type.iloc[0],
                      "properties": {c: FIELD_TYPES.get(c, "str") for c in gdf.columns if c != "geometry"}}
            gdf.to_file(path, layer=name, driver="GPKG", schema=schema, engine="fiona")
        else:
            gdf = gdf.copy()
            for c in gdf.columns:
                kind = FIELD_TYPES.get(c)
                if kind in ("date", "datetime"):
                    gdf[c] = pd.to_datetime(gdf[c])
                elif kind == "int":
                    gdf[c] = gdf[c].astype("Int64")
            gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
    _write_targets(path, layers["targets"])
    return path


def _write_targets(path: Path, table) -> None:
    """The list's yearly targets, as the project dock keeps them (lifecircle_plugin/list_targets.py)."""
    _script_module("plugin_package").use_plugin_package()
    from lifecircle.lifecircle_plugin.core.programme import Target
    from lifecircle.lifecircle_plugin.list_targets import write_gpkg_targets

    programme = _script_module("sample_programme")
    targets = [Target(int(r.year), r.unit, int(r.started), int(r.completed), float(r.investment))
               for r in table.itertuples()]
    write_gpkg_targets(str(path), programme.TARGETS_TABLE, targets)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parents[1] / "resources" / "sample"
    parser.add_argument("--out", default=str(default), help=f"output folder (default: {default})")
    parser.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
    path = write_sample_district(args.out, args.seed)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
