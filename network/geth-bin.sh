#!/usr/bin/env bash
# Builds the pinned go-ethereum (geth) from source through the Go module proxy, once, into a cache
# outside the repository, and prints the directory that holds it.
#   GETH_BIN=/path/to/dir   use a geth binary found there instead (nothing is built)
#   LC_CACHE=/path          where to cache (default ~/.cache/lc-ledger)
set -euo pipefail

# v1.13.15 is the last release line that still seals blocks with Clique (proof of authority).
GETH_VERSION=v1.13.15

if [ -n "${GETH_BIN:-}" ]; then
  [ -x "$GETH_BIN/geth" ] || { echo "GETH_BIN=$GETH_BIN has no executable geth" >&2; exit 1; }
  echo "$GETH_BIN"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "Go is required to build geth $GETH_VERSION (or set GETH_BIN)." >&2; exit 1; }

home="${LC_CACHE:-$HOME/.cache/lc-ledger}/geth-${GETH_VERSION#v}"
bin="$home/bin"
if [ ! -x "$bin/geth" ]; then
  echo "building geth $GETH_VERSION (once; cached in $bin)" >&2
  start=$(date +%s)
  mkdir -p "$home/build" "$bin"
  cat >"$home/build/go.mod" <<MOD
module lcledger.local/gethbuild

go 1.21

require github.com/ethereum/go-ethereum $GETH_VERSION
MOD
  # -checklinkname=0: geth's fjl/memsize links against runtime internals that newer Go guards
  (cd "$home/build" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -buildvcs=false -o "$bin/" \
    -ldflags=-checklinkname=0 github.com/ethereum/go-ethereum/cmd/geth) >&2
  echo "built in $(( $(date +%s) - start )) s" >&2
fi
echo "$bin"
