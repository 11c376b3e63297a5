#!/usr/bin/env bash
# Fetch reveal.js's browser files for the offline HTML slide deck (make slides) from the npm registry.
#
# manim-slides 5.7 links reveal.js 6.0.1 from a CDN and `convert --offline` downloads it from there, which
# no machine of this project reaches; the npm package reveal.js@6.0.1 holds the same dist/ files. They are
# unpacked into build/reveal.js-6.0.1/dist (build/ is gitignored) and lecture_scenes/slides.py copies them
# beside the deck. Idempotent: does nothing when they are there. Checks the tarball against the registry's sha512.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=6.0.1
INTEGRITY="sha512-9eacArNIgqO2HGWOK+93gJNn+gvdGDVbSq+i2u3Ja9kjiHps0XNLpgYTZTYjKRH91uXy3clGimeGiw4umHG/tg=="
DEST=build/reveal.js-$VERSION
# The files the manim-slides template links (lecture_scenes/slides.py checks the deck links nothing else).
NEEDED=(dist/reveal.js dist/reveal.css dist/theme/black.css dist/plugin/notes.js dist/plugin/markdown.js
  dist/plugin/highlight/zenburn.css)

complete() {
  for f in "${NEEDED[@]}"; do [ -s "$DEST/$f" ] || return 1; done
}
complete && exit 0

if ! command -v npm >/dev/null; then
  echo "fetch_reveal: npm is missing; run: apt-get install -y npm (or: bash tools/setup.sh slides)" >&2
  exit 2
fi
echo "fetch_reveal: fetching reveal.js@$VERSION from the npm registry into $DEST"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "reveal.js@$VERSION" >/dev/null 2>npm.log) || {
  echo "fetch_reveal: npm pack reveal.js@$VERSION failed: $(tail -n 1 "$tmp/npm.log")" >&2
  exit 1
}
tarball="$tmp/reveal.js-$VERSION.tgz"
got=$(python3 -c 'import base64, hashlib, sys; print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")
if [ "$got" != "$INTEGRITY" ]; then
  echo "fetch_reveal: reveal.js-$VERSION.tgz has $got, expected $INTEGRITY" >&2
  exit 1
fi
mkdir -p "$tmp/unpacked"
tar -xzf "$tarball" -C "$tmp/unpacked" package/dist package/LICENSE
mkdir -p build
rm -rf "$DEST.partial"
mv "$tmp/unpacked/package" "$DEST.partial"
rm -rf "$DEST"
mv "$DEST.partial" "$DEST"
complete || { echo "fetch_reveal: $DEST lacks some of: ${NEEDED[*]}" >&2; exit 1; }
echo "fetch_reveal: done"
