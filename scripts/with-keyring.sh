#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so
# keychain tests use a real Secret Service and never touch the operator's keyring.
set -euo pipefail
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_CACHE_HOME="$keyring_home/cache" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- bash -c '
  # The password is throwaway: this keyring lives only as long as the session.
  printf "%s" "desk-test-$$" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
