#!/usr/bin/env bash
# Make sure everything `make render` (tools/setup.sh render) or `make test` (tools/setup.sh test) needs is
# present; fast when it already is.
#  1. Debian packages (cairo/pango headers: pip builds pycairo and manimpango from source here).
#  2. .venv with the project installed editable (default versions from tools/constraints.txt: Manim 0.21),
#     keyed on a hash of pyproject.toml and tools/constraints.txt.
#  3. For `make test` (profile test, or manim-0.22 for that venv alone): .venv-manim022, the same with Manim
#     0.22 (tools/constraints-manim-0.22.txt), keyed the same way; the suite runs on both.
# Exit 2 with the exact command to run when something is missing and cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# One place for the system packages the project needs.
#   libcairo2-dev libpango1.0-dev pkg-config: build pycairo and manimpango (no Linux wheels).
#   fonts-dejavu-core: the fonts scenes/kit/style.py names.
#   fonts-noto-cjk: Chinese (the talk in zh-Hans, docs/languages.md) for Pango's text and Typst's math.
#   fontconfig: fc-list, which tells `lecture-scenes check` which characters the installed fonts can draw
#     (scenes/kit/glyphs.py); a dependency of Pango's, but only recommended, and we install without those.
#   ffmpeg: posters, GIFs and the talk reel (lecture_scenes/render.py, lecture_scenes/reel.py).
#   espeak-ng: the narration's German and Chinese voices (and a second English one), scenes/kit/voice.py.
#   npm (slides, test; only when no npm is on the PATH, e.g. from a nodejs package): fetches reveal.js for
#     the offline HTML deck (tools/fetch_reveal.sh).
#   chromium (tests only): the offline slide-deck test opens the deck headless (lecture_scenes/deckcheck.py).
#   poppler-utils (tests only): pdftocairo rasterises the vector figures to compare them with Manim's PNG.
SYSTEM_PACKAGES=(libcairo2-dev libpango1.0-dev pkg-config fonts-dejavu-core fonts-noto-cjk fontconfig ffmpeg
  espeak-ng)
PROFILE=${1:-render}
case "$PROFILE" in
  render) ;;
  slides) command -v npm >/dev/null || SYSTEM_PACKAGES+=(npm) ;;
  test | manim-0.22)
    SYSTEM_PACKAGES+=(chromium poppler-utils)
    command -v npm >/dev/null || SYSTEM_PACKAGES+=(npm)
    ;;
  *) echo "setup: profile must be one of render, slides, test, manim-0.22; got '$1'" >&2; exit 2 ;;
esac

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing system packages: ${missing[*]}; run as root: $cmd" >&2
    exit 2
  fi
  echo "setup: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: PYTHON=$PY must be Python >= 3.11; set PYTHON=/path/to/python3.11" >&2
  exit 2
fi

# venv DIR CONSTRAINTS: DIR with the project and its dev extras installed editable, the versions pinned by
# CONSTRAINTS; reinstalled only when pyproject.toml or CONSTRAINTS changed since (a hash in DIR).
venv() {
  local dir=$1 constraints=$2 stamp=$1/.stamp-pyproject want
  want=$(cat pyproject.toml "$constraints" | sha256sum | cut -d' ' -f1)
  if [ ! -x "$dir/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing the project into $dir (first time: about 2 minutes, pycairo and manimpango compile)"
    [ -x "$dir/bin/python" ] || "$PY" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --upgrade pip
    "$dir/bin/python" -m pip install -q -e '.[dev]' -c "$constraints"
    echo "$want" >"$stamp"
  fi
}
case "$PROFILE" in
  manim-0.22) ;;
  *) venv .venv tools/constraints.txt ;;
esac
case "$PROFILE" in
  test | manim-0.22) venv .venv-manim022 tools/constraints-manim-0.22.txt ;;
esac

# reveal.js for the offline HTML deck, from the npm registry (idempotent; build/ is gitignored).
case "$PROFILE" in
  slides | test | manim-0.22) bash tools/fetch_reveal.sh ;;
esac
