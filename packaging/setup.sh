#!/usr/bin/env bash
# Sets up IVR Flow Designer on a Debian/Ubuntu machine, then runs it, its tests or its
# benchmarks. Safe to run again: every step is skipped when it is already done.
#
#   bash packaging/setup.sh run [FLOW]   open the editor (default: the support-line example);
#                                        without a screen, print the check of the flow instead
#   bash packaging/setup.sh test [ARGS]  run the whole test suite headless (ARGS go to pytest)
#   bash packaging/setup.sh bench        run every tests/benchmarks/bench_*.py
#   bash packaging/setup.sh setup        only set up
#
# Environment: PYTHON picks the interpreter for a new .venv (default python3, 3.11 or newer).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$(pwd)"
VENV="$REPO/.venv"
STAMP="$VENV/.ivr-designer-setup"
EXAMPLE="resources/examples/support-line.ivrflow"

# What Qt needs even offscreen, and a font so text renders.
BASE_PACKAGES=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
               fonts-dejavu-core)
# What Qt's xcb platform plugin needs to open a window on a real X11 (or XWayland) display.
DISPLAY_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
                  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
                  libxkbcommon-x11-0 libx11-xcb1)
WAYLAND_PACKAGES=(libwayland-client0 libwayland-cursor0 libwayland-egl1)

say() { printf '%s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

has_display() { [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; }

apt_updated=0
install_system_packages() {
    # Installs the Debian packages named in "$@" that are not installed yet.
    command -v dpkg >/dev/null 2>&1 || {
        say "Not a Debian/Ubuntu system: make sure these are installed: $*"
        return 0
    }
    local missing=() package
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 ||
            die "these system packages are missing and you are not root (and there is no sudo): ${missing[*]}"
        sudo=(sudo)
    fi
    say "Installing system packages: ${missing[*]}"
    if ((apt_updated == 0)); then
        "${sudo[@]}" apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
}

check_python() {
    local python="${PYTHON:-python3}"
    command -v "$python" >/dev/null 2>&1 ||
        die "$python was not found. Install Python 3.11 or newer (apt-get install python3 python3-venv)."
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        die "IVR Flow Designer needs Python 3.11 or newer; $python is $("$python" -V 2>&1). Set PYTHON=/path/to/python3.11 or newer."
    PYTHON_BIN="$python"
}

make_venv() {
    if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        return 0
    fi
    check_python
    [[ -e "$VENV" ]] && { say "Replacing the unusable .venv"; rm -rf "$VENV"; }
    say "Creating the virtual environment .venv with $("$PYTHON_BIN" -V 2>&1)"
    if ! "$PYTHON_BIN" -m venv "$VENV" 2>/dev/null; then
        # Debian's python3 ships venv's pip bootstrap separately.
        rm -rf "$VENV"
        local version
        version="$("$PYTHON_BIN" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        install_system_packages "python${version}-venv"
        "$PYTHON_BIN" -m venv "$VENV"
    fi
}

install_project() {
    # Reinstall only when pyproject.toml changed since the last successful install.
    local wanted
    wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" && -x "$VENV/bin/ivr-designer" ]]; then
        return 0
    fi
    say "Installing IVR Flow Designer and its test tools into .venv (this takes a minute)"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
    printf '%s\n' "$wanted" >"$STAMP"
}

setup() {
    install_system_packages "${BASE_PACKAGES[@]}"
    make_venv
    install_project
}

run_app() {
    local flow="${1:-$EXAMPLE}"
    if has_display; then
        install_system_packages "${DISPLAY_PACKAGES[@]}"
        [[ -n "${WAYLAND_DISPLAY:-}" ]] && install_system_packages "${WAYLAND_PACKAGES[@]}"
        local problem
        if problem="$("$VENV/bin/python" -c 'import designer.gui.app' 2>&1)"; then
            exec "$VENV/bin/ivr-designer" "$flow"
        fi
        say "The editor cannot start here ($(printf '%s' "$problem" | tail -n 1))."
        say "Here is the check of $flow instead:"
    else
        say "No screen found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the editor cannot open."
        say "Here is the check of $flow instead:"
    fi
    say ""
    exec "$VENV/bin/ivr-designer" validate "$flow"
}

run_tests() {
    export QT_QPA_PLATFORM=offscreen
    exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
}

run_benchmarks() {
    local script found=0
    for script in tests/benchmarks/bench_*.py; do
        [[ -e "$script" ]] || continue
        found=1
        say "== $script"
        "$VENV/bin/python" "$script"
    done
    ((found)) || die "no benchmark scripts found in tests/benchmarks/"
}

mode="${1:-}"
[[ $# -gt 0 ]] && shift
case "$mode" in
    run) setup; run_app "$@" ;;
    test) setup; run_tests "$@" ;;
    bench) setup; run_benchmarks ;;
    setup) setup ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
esac
