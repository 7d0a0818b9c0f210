#!/usr/bin/env bash
# Installs the Debian packages the desk's build and tests need, only when missing:
#  - libsecret-1-dev: keytar compiles against it when no prebuilt binary can be fetched
#    (so this must run before `npm ci`);
#  - gnome-keyring + dbus: a real Secret Service for keychain tests;
#  - chromium: the browser Playwright drives in the `browser` project;
#  - postgresql: the team workspace's integration tests start throwaway clusters
#    with its initdb/pg_ctl (Debian puts them in /usr/lib/postgresql/<major>/bin).
set -euo pipefail

missing=()
pkg-config --exists libsecret-1 2>/dev/null || missing+=(libsecret-1-dev pkg-config)
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# Playwright's own Chromium (e.g. on CI runners after `npx playwright install`) serves too.
if [ ! -x /usr/bin/chromium ] && ! ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
  missing+=(chromium fonts-liberation)
fi

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

if [ "$(uname -s)" != "Linux" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${missing[*]}; install them with your system's package manager" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "system-deps: missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "system-deps: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
