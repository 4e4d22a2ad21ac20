# Shared helpers for Farmacy's scripts. Source it; do not run it.

# Puts the Swift toolchain on PATH (it lives in /opt/swift on our machines) or explains.
farmacy_ensure_toolchain() {
  if ! command -v swift >/dev/null 2>&1; then
    for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
      if [ -x "$candidate/swift" ]; then export PATH="$candidate:$PATH"; break; fi
    done
  fi
  if ! command -v swift >/dev/null 2>&1; then
    echo "farmacy: Swift 6 is not installed; get it from https://www.swift.org/install/linux/" >&2
    exit 1
  fi
}

# Installs the Debian packages given as arguments when any is missing.
farmacy_ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "farmacy: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The system libraries Farmacy links and the tools its tests drive.
FARMACY_BUILD_PACKAGES=(libsqlite3-dev libncursesw5-dev libcurl4-openssl-dev)
FARMACY_TEST_PACKAGES=(sqlite3 tmux util-linux python3 openssl)
