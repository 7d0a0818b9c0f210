#!/usr/bin/env bash
# Installs the Debian packages the desk's build and tests need, only when missing:
#  - libsecret-1-dev: keytar compiles against it when no prebuilt binary can be fetched
#    (so this must run before `npm ci`);
#  - gnome-keyring + dbus: a real Secret Service for keychain tests;
#  - chromium: the browser Playwright drives in the `browser` project.
set -euo pipefail

missing=()
pkg-config --exists libsecret-1 2>/dev/null || missing+=(libsecret-1-dev pkg-config)
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

if [ "$(uname -s)" != "Linux" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: missing ${missing[*]}; install them with your system's package manager" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
