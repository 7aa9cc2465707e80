#!/usr/bin/env bash
# Builds dist/lifecircle-<version>.zip for "Install from ZIP": the plugin folder `lifecircle/` from the committed
# tree (no tests, CI, build scripts or caches), compiled translations, and ext_libs/ with the pure-Python
# dependency some QGIS installs lack (openpyxl and its et_xmlfile). Nothing else is bundled: the plugin imports
# numpy, scipy and shapely (every QGIS ships them) and openpyxl; networkx is a test oracle only, geopandas is
# for lifecircle.api in notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="$PWD/.venv/bin/python"
version=$(sed -n 's/^version=//p' metadata.txt)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
git archive --format=tar --prefix=lifecircle/ HEAD | tar -x -C "$stage"
rm -rf "$stage"/lifecircle/{tests,.ci,scripts,docs,Makefile,pytest.ini,.gitignore,.gitattributes}
for qm in i18n/*.qm; do [ -e "$qm" ] && cp "$qm" "$stage/lifecircle/i18n/"; done
wheels=build/wheels
mkdir -p "$wheels"
for spec in openpyxl==3.1.5 et_xmlfile==2.0.0; do
  name=${spec%%==*}; ver=${spec##*==}
  ls "$wheels"/${name}-${ver}-*.whl >/dev/null 2>&1 || \
    "$PWD/.venv/bin/pip" download -q --no-deps --only-binary=:all: --python-version 3.9 -d "$wheels" "$spec"
done
mkdir -p "$stage/lifecircle/ext_libs"
for whl in "$wheels"/openpyxl-3.1.5-*.whl "$wheels"/et_xmlfile-2.0.0-*.whl; do
  "$PY" - "$whl" "$stage/lifecircle/ext_libs" <<'PY'
import sys, zipfile
whl, dest = sys.argv[1:]
with zipfile.ZipFile(whl) as z:
    for n in z.namelist():
        top = n.split("/")[0]
        if top.endswith(".dist-info") and not n.endswith(("LICENSE", "LICENSE.txt", "METADATA", "LICENSE.rst")):
            continue
        if "/tests/" in n:  # the libraries' own test suites are not needed at run time
            continue
        z.extract(n, dest)
PY
done
mkdir -p dist
out="$PWD/dist/lifecircle-$version.zip"
rm -f "$out"
(cd "$stage" && find lifecircle -name '__pycache__' -prune -o -type f -print | LC_ALL=C sort | \
  "$PY" -c "
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for line in sys.stdin:
        z.write(line.strip())
" "$out")
echo "package: $out ($(du -h "$out" | cut -f1))"
