#!/usr/bin/env bash
# What `make test` needs beyond Python and Node, checked before anything runs (the Makefile calls it
# first): Chromium for the browser tests (Playwright drives the system's, never a downloaded one),
# and the independent readers the backend tests check our files with: dcmtk, dicom3tools, tesseract
# (English data) and OpenJPH's tools; the same list .ci/run installs on a fresh CI machine.
#
#   scripts/check-prerequisites.sh            every tool `make test` needs
#   scripts/check-prerequisites.sh browser    Chromium only (`make test-e2e`)
#
# Missing tools are installed when running as root on Debian/Ubuntu (as .ci/run does); otherwise it
# stops with the one command that installs them. It prints the Chromium to use on its last line
# (CHROMIUM_PATH if set, else `chromium` on PATH), for the Playwright config.
set -euo pipefail

scope="${1:-all}"
case "$scope" in all | browser) ;; *)
    echo "usage: $0 [all|browser]" >&2
    exit 2
    ;;
esac

if [ -n "${CHROMIUM_PATH:-}" ] && [ ! -x "$CHROMIUM_PATH" ]; then
    echo "error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file (unset it to use chromium on PATH)." >&2
    exit 1
fi

chromium_path() {
    if [ -n "${CHROMIUM_PATH:-}" ]; then
        printf '%s\n' "$CHROMIUM_PATH"
    else
        command -v chromium || true
    fi
}

# tool:Debian package(s)
tools=("chromium:chromium")
if [ "$scope" = all ]; then
    tools+=(
        "dcmdump:dcmtk"
        "dciodvfy:dicom3tools"
        "tesseract:tesseract-ocr tesseract-ocr-eng"
        "ojph_compress:openjph-tools"
    )
fi

missing_packages() {
    local entry tool packages found=()
    for entry in "${tools[@]}"; do
        tool="${entry%%:*}"
        if [ "$tool" = chromium ]; then
            [ -n "$(chromium_path)" ] && continue
        elif command -v "$tool" >/dev/null 2>&1; then
            continue
        fi
        read -ra packages <<<"${entry#*:}"
        found+=("${packages[@]}")
    done
    if [ "${#found[@]}" -gt 0 ]; then printf '%s\n' "${found[@]}"; fi
}

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages for the tests: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >&2
    mapfile -t missing < <(missing_packages)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    {
        echo "error: the tests need programs this machine lacks (Debian packages: ${missing[*]})."
        echo "Install them with:"
        echo ""
        echo "  sudo apt-get install ${missing[*]}"
        echo ""
        echo "(on other systems: Chromium, dcmtk, dicom3tools, tesseract with English data and OpenJPH's"
        echo "tools from your package manager; CHROMIUM_PATH names a Chromium that is not on PATH)."
    } >&2
    exit 1
fi
chromium_path
