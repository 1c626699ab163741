#!/usr/bin/env bash
# Fetches the console's third-party assets from the npm registry at pinned versions into
# services/gateway/static/vendor/ (committed: nothing is fetched at run time, no CDN): marked
# renders the markdown previews, DOMPurify sanitizes them (table comments come from business DBs).
# Each tarball is checked against the registry's dist.integrity before anything is copied;
# vendor/MANIFEST records the file hashes tests/unit/test_vendor_assets.py checks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/services/gateway/static/vendor"
# package@version  file-in-package  vendored-name
ASSETS=(
  "marked@18.2.1 package/lib/marked.esm.js marked.esm.js"
  "dompurify@3.5.0 package/dist/purify.min.js purify.min.js"
)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
: >"$work/MANIFEST"
for line in "${ASSETS[@]}"; do
  read -r spec inner name <<<"$line"
  expected="$(npm view "$spec" dist.integrity)"
  tarball="$(cd "$work" && npm pack --silent "$spec")"
  actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
  [ "$actual" = "$expected" ] || { echo "integrity mismatch for $spec" >&2; exit 1; }
  tar -xzf "$work/$tarball" -C "$work" "$inner"
  cp "$work/$inner" "$DEST/$name"
  rm -rf "$work/package"
  echo "$name $spec $expected sha256:$(sha256sum "$DEST/$name" | cut -d' ' -f1)" >>"$work/MANIFEST"
done
cp "$work/MANIFEST" "$DEST/MANIFEST"
cat "$DEST/MANIFEST"
