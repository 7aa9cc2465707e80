"""Bench: Excel ledgers (台账) — 10,000 projects exported, and a returned workbook imported with preview.

    .venv/bin/python scripts/bench_ledger.py [--projects 10000] [--changes 500] [--repeat 3] [--out DIR]
                                             [--core-only]

Times the core (``core/ledger/``: no QGIS): ``export_ledger`` of N projects in 20 街镇 with every field filled,
and ``read_ledger`` of the exported workbook after an office's edits (``--changes`` rows get a new status,
progress and remark; written into the sheet XML directly so that the edit itself is not timed), compared with
the N current projects (fingerprints and all). Then, unless ``--core-only`` or QGIS cannot be imported, the same
through a QGIS layer as the algorithms and the dock do it (a memory layer with the N projects: reading the
features, exporting; reading the features, the preview of the returned workbook). Prints the best of
``--repeat`` runs in seconds (wall and CPU); the target is ≤ 3 s each (issue 7). Exit status 0 unless a run
fails or the preview does not find exactly the changes made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _import_ledger():
    build = ROOT / "build"
    link = build / "lifecircle"
    if not link.exists():
        build.mkdir(exist_ok=True)
        link.symlink_to(ROOT, target_is_directory=True)
    if str(build) not in sys.path:
        sys.path.insert(0, str(build))
    from lifecircle.lifecircle_plugin.core import ledger, projects

    return ledger, projects


def synthetic_projects(n: int, seed: int = 7) -> list[dict]:
    """N projects of 2026 in 20 街镇, every field filled (the worst case for the writer)."""
    _, P = _import_ledger()
    rng = random.Random(seed)
    codes = P.category_codes()
    subdistricts = [f"{name}街道" for name in ("东湖", "西岸", "南桥", "北苑", "中山", "长宁", "虹桥", "江川", "吴泾", "马桥",
                                               "梅陇", "古美", "新虹", "浦锦", "颛桥", "华漕", "七宝", "莘庄", "春申", "龙柏")]
    per: dict[str, int] = {}
    out = []
    for i in range(n):
        sd = subdistricts[i % len(subdistricts)]
        per[sd] = per.get(sd, 0) + 1
        code = codes[rng.randrange(len(codes))]
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(200))
        status = P.STATUSES[rng.randrange(len(P.STATUSES))]
        out.append({
            "project_id": P.format_project_id(2026, sd, per[sd]), "year": 2026, "district": "示例区",
            "subdistrict": sd, "unit_id": f"U{rng.randrange(1, 60):02d}", "name": f"{sd[:2]}社区项目{per[sd]}号",
            "category": code, "kind": P.kind_for_category(code), "content": "利用闲置用房改建社区服务设施，面积约300平方米",
            "path": P.PATHS[rng.randrange(len(P.PATHS))], "implementer": f"{sd}办事处", "funding": "区级财政",
            "investment": round(rng.uniform(10, 3000), 1), "start_date": start,
            "end_date": start + dt.timedelta(days=rng.randrange(30, 400)), "design_team": "示例区规划设计院",
            "community_planner": "王思远", "status": status, "progress": rng.randrange(0, 101),
            "hearing_date": start - dt.timedelta(days=40), "coordination_date": start - dt.timedelta(days=20),
            "evaluation_date": None, "remarks": "按计划推进" if i % 3 else None,
            "updated_at": dt.datetime(2026, 6, 1, 9, 30) + dt.timedelta(minutes=i), "previous_id": None,
        })
    return out


def office_edits(path: Path, out: Path, rows: list[int], columns: dict[str, str]) -> None:
    """Writes a copy of the ledger with ``rows`` changed the way an office would (status, progress, remarks)."""
    with zipfile.ZipFile(path) as zin:
        names = zin.namelist()
        sheet = "xl/worksheets/sheet1.xml"
        xml = zin.read(sheet).decode("utf-8")
        wanted = set(rows)

        def edit_row(m: re.Match) -> str:
            r = int(m.group(1))
            if r not in wanted:
                return m.group(0)
            text = m.group(0)
            for col, value in ((columns["status"], "在建"), (columns["progress"], None), (columns["remarks"], "已验收")):
                ref = f"{col}{r}"
                cell = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', text)
                style = re.search(r's="(\d+)"', cell.group(0)).group(1)
                new = (f'<c r="{ref}" s="{style}"><v>100</v></c>' if value is None else
                       f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{value}</t></is></c>')
                text = text[: cell.start()] + new + text[cell.end():]
            return text

        xml = re.sub(r'<row r="(\d+)"[^>]*>.*?</row>', edit_row, xml)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for name in names:
                zout.writestr(name, xml.encode("utf-8") if name == sheet else zin.read(name))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=10_000)
    ap.add_argument("--changes", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="folder for the workbooks (default: a temporary one)")
    ap.add_argument("--core-only", action="store_true", help="skip the timings through a QGIS layer")
    ap.add_argument("--layer-part", type=int, default=None, help=argparse.SUPPRESS)  # the child: expected changes
    args = ap.parse_args(argv)
    if args.layer_part is not None:  # in a process of its own: QGIS starts and stops once per process
        return 0 if _through_layer(synthetic_projects(args.projects), args.out, args.out / "ledger_returned.xlsx",
                                   args.repeat, args.layer_part) else 1
    L, _ = _import_ledger()
    projects = synthetic_projects(args.projects)
    folder = args.out or Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    folder.mkdir(parents=True, exist_ok=True)
    exported = folder / "ledger.xlsx"
    returned = folder / "ledger_returned.xlsx"
    info = L.ExportInfo(layer_name="projects", layer_source="bench", exported_at=dt.datetime(2026, 7, 1, 9, 0))

    export_times, export_cpu = [], []
    summary = None
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        summary = L.export_ledger(exported, projects, info)
        export_times.append(time.perf_counter() - t0)
        export_cpu.append(time.process_time() - c0)
    rng = random.Random(3)
    changed_ids = rng.sample(sorted(summary.project_rows), min(args.changes, len(projects)))
    office_edits(exported, returned, [summary.project_rows[i] for i in changed_ids], summary.columns)

    import_times, import_cpu = [], []
    result = None
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = L.read_ledger(returned, projects)
        import_times.append(time.perf_counter() - t0)
        import_cpu.append(time.process_time() - c0)
    by_id = {p["project_id"]: p for p in projects}
    expected = sum((by_id[i]["status"] != "在建") + (by_id[i]["progress"] != 100) + (by_id[i]["remarks"] != "已验收")
                   for i in changed_ids)
    size_mb = exported.stat().st_size / 1e6
    print(f"ledger bench: {args.projects:,} projects, {len(summary.subdistricts)} 街镇, workbook {size_mb:.1f} MB")
    for label, wall, cpu in (("export", export_times, export_cpu), ("import with preview", import_times, import_cpu)):
        print(f"  {label:<22}  best {min(wall):.2f} s wall, {min(cpu):.2f} s CPU  (wall runs: "
              f"{', '.join(f'{t:.2f}' for t in wall)})  target ≤ 3 s")
    try:
        load = os.getloadavg()[0]
        print(f"  load average {load:.2f} on {os.cpu_count()} CPU(s): wall times include waiting for the CPU")
    except OSError:
        pass
    print(f"  preview: {result.summary()}")
    ok = result.ok and len(result.changes) == expected and not result.conflicts
    if ok and not args.core_only:
        import subprocess

        child = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--projects", str(args.projects),
                                "--repeat", str(args.repeat), "--out", str(folder), "--layer-part", str(expected)],
                               capture_output=True, text=True)
        print("\n".join(line for line in child.stdout.splitlines() if line.strip()), flush=True)
        ok = child.returncode == 0
        if not ok:
            print(child.stderr[-2000:], file=sys.stderr)
    if not ok:
        print(f"  UNEXPECTED preview: {len(result.changes)} changes (expected {expected}); errors: "
              f"{[str(e) for e in result.errors[:3]]}", file=sys.stderr)
        return 1
    return 0


def _timed(fn, repeat: int):
    wall, cpu, out = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return out, wall, cpu


def _through_layer(projects: list[dict], folder: Path, returned: Path, repeat: int, expected: int) -> bool:
    """The same through a QGIS memory layer (what the algorithms and the dock do); False if the preview is wrong."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsFeature
    except ImportError:
        print("  (QGIS not importable here: no timings through a layer)")
        return True
    app = QgsApplication([], False)
    app.initQgis()
    try:
        from lifecircle.lifecircle_plugin import project_layer as PL
        from lifecircle.processing.export_ledger import export_layer_ledger
        from lifecircle.lifecircle_plugin.ledger_io import read_layer_ledger

        layer = PL.memory_layer(QgsCoordinateReferenceSystem("EPSG:4549"))
        fields = layer.fields()
        feats = []
        for p in projects:
            f = QgsFeature(fields)
            for name, value in p.items():
                i = fields.lookupField(name)
                if i >= 0:
                    f.setAttribute(i, PL.to_qgis(value, fields.at(i)))
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        target = folder / "ledger_from_layer.xlsx"
        _, wall_e, cpu_e = _timed(lambda: export_layer_ledger(layer, str(target), years="0"), repeat)
        (result, _), wall_i, cpu_i = _timed(lambda: read_layer_ledger(layer, str(returned)), repeat)
        for label, wall, cpu in (("export from a layer", wall_e, cpu_e), ("import preview, layer", wall_i, cpu_i)):
            print(f"  {label:<22}  best {min(wall):.2f} s wall, {min(cpu):.2f} s CPU  (wall runs: "
                  f"{', '.join(f'{t:.2f}' for t in wall)})  target ≤ 3 s")
        ok = result.ok and len(result.changes) == expected
        layer = feats = None  # dropped before QGIS exits
        return ok
    finally:
        app.exitQgis()


if __name__ == "__main__":
    sys.exit(main())
