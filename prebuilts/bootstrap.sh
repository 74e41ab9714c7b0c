#!/usr/bin/env bash
# Copyright (c) 2026 The SPMC authors. SPDX-License-Identifier: BSD-3-Clause
#
# Installs whichever Debian packages of prebuilts/packages.txt are missing and
# prepares the libfdt C sources for the freestanding build from Debian's
# linux-source-6.1 package. Idempotent: a second run does nothing.
#
# Usage: prebuilts/bootstrap.sh [--out DIR]   (default DIR: out)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/out"
if [ "${1:-}" = "--out" ]; then
	out=$2
fi

mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$root/prebuilts/packages.txt")

missing=()
for p in "${wanted[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "bootstrap: installing ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
		$sudo apt-get update
		$sudo apt-get install -y --no-install-recommends "${missing[@]}"
	fi
fi

# libfdt sources, taken from the kernel source tarball. The version of the
# tarball is recorded so an upgrade of linux-source-6.1 refreshes them.
tarball=/usr/src/linux-source-6.1.tar.xz
libfdt="$out/third_party/libfdt"
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
if [ "$(cat "$libfdt/.version" 2>/dev/null || true)" != "$version" ]; then
	echo "bootstrap: extracting libfdt from $tarball"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	tar -xJf "$tarball" -C "$tmp" linux-source-6.1/scripts/dtc/libfdt/
	rm -rf "$libfdt"
	mkdir -p "$(dirname "$libfdt")"
	mv "$tmp/linux-source-6.1/scripts/dtc/libfdt" "$libfdt"
	echo "$version" >"$libfdt/.version"
fi
