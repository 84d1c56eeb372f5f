#!/usr/bin/env bash
# Builds the pinned Hyperledger Fabric binaries from source through the Go module proxy, once,
# into a cache outside the repository, and prints the directory that holds them.
#   FABRIC_BIN=/path/to/release/bin  use official release binaries instead (nothing is built)
#   LC_CACHE=/path                   where to cache (default ~/.cache/lc-ledger)
set -euo pipefail

# Fabric v3.1.1. The module path has no /v3 suffix, so the tag is named by its pseudo-version; the
# proxy serves this version but not the module's version list, which rules out `go install …@v`.
FABRIC_VERSION=3.1.1
FABRIC_MODULE_VERSION=v1.4.0-rc1.0.20250510200036-435a7f1a780a
TOOLS=(peer orderer osnadmin configtxgen cryptogen)

if [ -n "${FABRIC_BIN:-}" ]; then
  for tool in "${TOOLS[@]}"; do
    [ -x "$FABRIC_BIN/$tool" ] || { echo "FABRIC_BIN=$FABRIC_BIN has no executable $tool" >&2; exit 1; }
  done
  echo "$FABRIC_BIN"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go is required to build Fabric $FABRIC_VERSION from source (or set FABRIC_BIN to release binaries)." >&2
  exit 1
fi

home="${LC_CACHE:-$HOME/.cache/lc-ledger}/fabric-$FABRIC_VERSION"
bin="$home/bin"
missing=()
for tool in "${TOOLS[@]}"; do
  [ -x "$bin/$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "building Fabric $FABRIC_VERSION: ${missing[*]} (once; cached in $bin)" >&2
  start=$(date +%s)
  # A throwaway module that requires the pinned version, so Go resolves it without the version list.
  mkdir -p "$home/build" "$bin"
  cat >"$home/build/go.mod" <<MOD
module lcledger.local/fabricbuild

go 1.23

require github.com/hyperledger/fabric $FABRIC_MODULE_VERSION
MOD
  pkgs=()
  for tool in "${missing[@]}"; do pkgs+=("github.com/hyperledger/fabric/cmd/$tool"); done
  # static binaries, so they also run in FROM-scratch images
  (cd "$home/build" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -buildvcs=false -o "$bin/" \
    -ldflags "-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION" "${pkgs[@]}") >&2
  echo "built in $(( $(date +%s) - start )) s" >&2
fi
echo "$bin"
