#!/usr/bin/env bash
# Builds the pinned Hyperledger Fabric binaries from source through the Go module proxy, once,
# into a cache outside the repository, and prints the directory that holds them.
#   FABRIC_BIN=/path/to/release/bin  use official release binaries instead (nothing is built)
#   LC_CACHE=/path                   where to cache (default ~/.cache/lc-ledger)
set -euo pipefail

FABRIC_COMMIT=86c1172bec37   # Fabric v3.1.5, pseudo-version v1.4.0-rc1.0.20260618074816-86c1172bec37
TOOLS=(peer orderer osnadmin configtxgen cryptogen)

if [ -n "${FABRIC_BIN:-}" ]; then
  for tool in "${TOOLS[@]}"; do
    [ -x "$FABRIC_BIN/$tool" ] || { echo "FABRIC_BIN=$FABRIC_BIN has no executable $tool" >&2; exit 1; }
  done
  echo "$FABRIC_BIN"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go is required to build Fabric $FABRIC_COMMIT from source (or set FABRIC_BIN to release binaries)." >&2
  exit 1
fi

bin="${LC_CACHE:-$HOME/.cache/lc-ledger}/fabric-$FABRIC_COMMIT/bin"
mkdir -p "$bin"
missing=()
for tool in "${TOOLS[@]}"; do
  [ -x "$bin/$tool" ] || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "building Fabric $FABRIC_COMMIT: ${missing[*]} (once; cached in $bin)" >&2
  start=$(date +%s)
  for tool in "${missing[@]}"; do
    # static binaries, so they also run in FROM-scratch images
    CGO_ENABLED=0 GOBIN="$bin" GOFLAGS=-buildvcs=false \
      go install "github.com/hyperledger/fabric/cmd/$tool@$FABRIC_COMMIT" >&2
  done
  echo "built in $(( $(date +%s) - start )) s" >&2
fi
echo "$bin"
