#!/usr/bin/env bash
# `npm run dist`: builds the bundles, then the installers for the current OS (targets in
# electron-builder.yml) into dist/. Never publishes.
#   DIST_ARCHS="x64 arm64"   architectures to build (default: both; Windows: x64, see below)
# Signing and notarization come from the environment (docs/packaging.md).
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -s)" in
  Linux) os=linux platform=linux default_archs="x64 arm64" ;;
  Darwin) os=mac platform=darwin default_archs="x64 arm64" ;;
  MINGW* | MSYS* | CYGWIN*)
    # libsql publishes no win32-arm64 addon, so a Windows arm64 app could not open its
    # database; build it explicitly with DIST_ARCHS=arm64 once one exists.
    os=win platform=win32 default_archs="x64" ;;
  *) echo "dist: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
archs=${DIST_ARCHS:-$default_archs}

npx electron-vite build
# libsql's addon for every target arch (npm installed only the host's).
node build/scripts/fetch-libsql-prebuilds.mjs --platform "$platform" --arch "${archs// /,}"
arch_flags=()
for arch in $archs; do arch_flags+=("--$arch"); done
npx electron-builder "--$os" "${arch_flags[@]}" --publish never
