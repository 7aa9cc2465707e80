#!/usr/bin/env bash
# Installs what LifeCircle's `make test` / `make demo` need on Debian 12, idempotently:
# Debian's QGIS 3.22 + Python stack, and a venv that sees Debian's packages with the test tools.
# Usage: scripts/bootstrap.sh [--for-tests]
#   --for-tests also installs what the test suite drives for real: PostgreSQL 15 + PostGIS (the shared project
#   list), LibreOffice Calc (ledgers opened, edited and rendered as an office would) and poppler (PDF -> PNG).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(qgis python3-qgis qgis-providers python3-geopandas python3-shapely python3-pyproj python3-pandas
  python3-scipy python3-networkx python3-openpyxl pyqt5-dev-tools qttools5-dev-tools xvfb xauth gdal-bin python3-venv
  fonts-wqy-microhei)
if [[ "${1:-}" == "--for-tests" || "${1:-}" == "--with-postgis" ]]; then
  APT_PACKAGES+=(postgresql-15 postgresql-15-postgis-3 libreoffice-calc-nogui poppler-utils)
fi
PIP_PACKAGES=(pytest==9.2.0 pytest-qgis==5.0.2 pytest-qt==4.5.0 hypothesis==6.170.15)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "bootstrap: creating .venv (with Debian's site packages, where PyQGIS lives)"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
need_pip=()
for spec in "${PIP_PACKAGES[@]}"; do
  name=${spec%%==*}; want=${spec##*==}
  have=$(.venv/bin/python -c "import importlib.metadata as m; print(m.version('$name'))" 2>/dev/null || true)
  [[ "$have" == "$want" ]] || need_pip+=("$spec")
done
if ((${#need_pip[@]})); then
  echo "bootstrap: pip installing ${need_pip[*]}"
  .venv/bin/pip install -q "${need_pip[@]}"
fi

# the package link tests and qgis_process use: build/lifecircle -> repository root
mkdir -p build
if [[ ! -L build/lifecircle ]]; then ln -sfn "$PWD" build/lifecircle; fi
