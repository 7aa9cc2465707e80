#!/usr/bin/env bash
# A second QGIS for the tests: QGIS 3.40 LTR from Debian 12's bookworm-backports, in a Debian chroot that is
# built once and kept (cached) on this machine, beside the machine's own QGIS (Debian 12's 3.22 LTR).
# Recipe measured in shared/ENVIRONMENT.md.
#
# Usage: scripts/qgis_chroot.sh prepare         build or bring up to date the chroot (idempotent; a second run
#                                               installs nothing)
#        scripts/qgis_chroot.sh test [ARGS...]  copy this working tree into the chroot and run the whole suite
#                                               there (`make test-here`; ARGS go to pytest)
#        scripts/qgis_chroot.sh run CMD...      run CMD in the copied tree inside the chroot (e.g. make demo)
#        scripts/qgis_chroot.sh version         the QGIS version inside
# Environment: LC_CHROOT (default /var/cache/lifecircle/qgis-3.40) is where the chroot lives.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE=$PWD

if [[ $(id -u) -ne 0 ]]; then exec sudo -E bash "$0" "$@"; fi

R=${LC_CHROOT:-/var/cache/lifecircle/qgis-3.40}
SUITE=bookworm
BACKPORTED=(qgis python3-qgis qgis-providers)   # from bookworm-backports: QGIS 3.40 LTR
INSIDE=/work/lifecircle                          # where the tree is copied inside the chroot
# what the chroot has installed: a change to these or to bootstrap.sh brings the chroot up to date again
STAMP="$R/.lifecircle-ready"
wanted_stamp() { { echo "${BACKPORTED[*]}"; cat scripts/bootstrap.sh; } | sha1sum | cut -c1-12; }

log() { echo "qgis_chroot: $*" >&2; }

mirrors() {
  # the Debian mirrors this machine's apt already uses: main archive first, then security
  local main security
  main=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
  security=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep security | head -n1 || true)
  if [[ -z "$main" ]]; then
    main=$(awk '$1=="deb" && $2!~/security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  fi
  if [[ -z "$security" ]]; then
    security=$(awk '$1=="deb" && $2~/security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  fi
  echo "${main:-http://deb.debian.org/debian}" "${security:-http://deb.debian.org/debian-security}"
}

copy_host_settings() {
  # name resolution, certificates and pip's settings as outside, so apt and pip inside reach the same places
  cp /etc/resolv.conf "$R/etc/resolv.conf"
  mkdir -p "$R/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$R/etc/ssl/certs/ca-certificates.crt"
  [[ -f /etc/pip.conf ]] && cp /etc/pip.conf "$R/etc/pip.conf"
  if [[ -d /etc/xdg/pip ]]; then
    mkdir -p "$R/etc/xdg/pip"
    cp -r /etc/xdg/pip/. "$R/etc/xdg/pip/"
  else
    rm -rf "$R/etc/xdg/pip"
  fi
}

MOUNTED=()
mount_all() {
  local m
  for m in proc sys dev; do
    mkdir -p "$R/$m"
    if ! mountpoint -q "$R/$m"; then
      mount --rbind "/$m" "$R/$m"
      mount --make-rslave "$R/$m"   # unmounting the chroot's copy must never reach the host's /dev
      MOUNTED+=("$R/$m")
    fi
  done
  # local wheel folders pip is told about (PIP_FIND_LINKS) are seen inside too, read-only
  local dir
  for dir in ${PIP_FIND_LINKS:-}; do
    dir=${dir#file://}
    [[ -d "$dir" ]] || continue
    mkdir -p "$R$dir"
    if ! mountpoint -q "$R$dir"; then
      mount --bind "$dir" "$R$dir" && mount -o remount,bind,ro "$R$dir" && MOUNTED+=("$R$dir")
    fi
  done
}
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount -R -l "${MOUNTED[$i]}" 2>/dev/null || true; done
  MOUNTED=()
}
trap unmount_all EXIT

in_chroot() {
  # a clean environment: the host's locale may not exist inside; pip's and the proxy settings pass through
  local -a keep=(HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM="${TERM:-dumb}"
                 DEBIAN_FRONTEND=noninteractive)
  local v
  for v in $(compgen -e); do
    case "$v" in PIP_*|http_proxy|https_proxy|no_proxy|HTTP_PROXY|HTTPS_PROXY|NO_PROXY|CI|PYTEST_ARGS|SCALE)
      keep+=("$v=${!v}");; esac
  done
  env -i "${keep[@]}" chroot "$R" "$@"
}

copy_tree() {
  # the working tree as it is (uncommitted changes too), without the host's venv and build products; the
  # chroot's own .venv and build/ stay between runs
  command -v rsync >/dev/null || apt-get install -y -q --no-install-recommends rsync >/dev/null
  mkdir -p "$R$INSIDE"
  rsync -a --delete --exclude=/.venv --exclude=/build --exclude=/outputs --exclude=/dist \
    --exclude=/.qgis-settings --exclude=/.hypothesis --exclude=__pycache__ "$TREE/" "$R$INSIDE/"
  # the package link the tests and qgis_process use (build/lifecircle -> the tree), made for the inside path
  mkdir -p "$R$INSIDE/build"
  ln -sfn "$INSIDE" "$R$INSIDE/build/lifecircle"
}

prepare() {
  local want
  want=$(wanted_stamp)
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    return 0
  fi
  read -r main security < <(mirrors)
  if [[ ! -x "$R/usr/bin/apt-get" ]]; then
    command -v debootstrap >/dev/null || {
      apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
    }
    log "debootstrap $SUITE into $R (once per machine, ~30 s)"
    rm -rf "$R"
    mkdir -p "$(dirname "$R")"
    debootstrap --variant=minbase "$SUITE" "$R" "$main" >/dev/null
  fi
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\ndeb %s %s-backports main\n' \
    "$main" "$SUITE" "$main" "$SUITE" "$security" "$SUITE" "$main" "$SUITE" > "$R/etc/apt/sources.list"
  copy_host_settings
  mount_all
  log "installing QGIS from $SUITE-backports in the chroot (~2 min the first time)"
  in_chroot bash -c "apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends \
    -t $SUITE-backports ${BACKPORTED[*]} make git ca-certificates rsync >/dev/null"
  # everything else the suite needs, the way a new machine gets it (the host's CA bundle again: installing
  # ca-certificates inside rewrote it)
  copy_host_settings
  copy_tree
  in_chroot bash -c "cd $INSIDE && bash scripts/bootstrap.sh --for-tests"
  echo "$want" > "$STAMP"
  log "ready: $(qgis_version)"
}

qgis_version() {
  in_chroot /usr/bin/python3 -c "from qgis.core import Qgis; print('QGIS', Qgis.version())" 2>/dev/null
}

case "${1:-}" in
  prepare)
    prepare
    ;;
  test)
    shift
    prepare
    copy_tree
    copy_host_settings
    mount_all
    log "running the suite on $(qgis_version)"
    args=""
    if (($#)); then args=$(printf '%q ' "$@"); fi
    in_chroot bash -c "cd $INSIDE && make test-here PYTEST_ARGS=\"$args\""
    ;;
  run)
    shift
    prepare
    copy_tree
    copy_host_settings
    mount_all
    in_chroot bash -c "cd $INSIDE && $(printf '%q ' "$@")"
    ;;
  version)
    prepare
    mount_all
    qgis_version
    ;;
  *)
    sed -n '2,13p' "$0" >&2
    exit 2
    ;;
esac
