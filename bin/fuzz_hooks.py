"""Schemathesis hooks for bin/fuzz: a refused request must leave the ledger as it was.

Before each call the sandbox chain file (LC_FUZZ_CHAIN) is measured; after a 4xx or 5xx answer it
must be byte for byte the same length with the same last block. The fuzz runs with one worker, so
one measurement at a time is enough.
"""

import hashlib
import os

import schemathesis

CHAIN = os.environ["LC_FUZZ_CHAIN"]
# an LC that exists (bin/fuzz issues it), so that steps get past authorisation to their bodies
EXISTING_LC = os.environ.get("LC_FUZZ_LC")
_before = {"state": None}


def chain_state():
    """(size, SHA-256 of the last 64 KiB): any appended or altered block changes it."""
    try:
        with open(CHAIN, "rb") as chain:
            chain.seek(0, os.SEEK_END)
            size = chain.tell()
            chain.seek(max(0, size - 65536))
            return size, hashlib.sha256(chain.read()).hexdigest()
    except FileNotFoundError:
        return 0, ""


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    """Half the cases (by the drawn number's length) address the LC that exists."""
    if EXISTING_LC and path_parameters and isinstance(path_parameters.get("lc"), str):
        if len(path_parameters["lc"]) % 2 == 0:
            path_parameters["lc"] = EXISTING_LC
    return path_parameters


@schemathesis.hook
def before_call(context, case, **kwargs):
    _before["state"] = chain_state()


@schemathesis.check
def ledger_unchanged_by_refusal(ctx, response, case):
    """A request answered 4xx or 5xx changed no ledger state."""
    if response.status_code >= 400 and _before["state"] is not None:
        after = chain_state()
        if after != _before["state"]:
            raise AssertionError(
                f"answered {response.status_code} but the chain changed: "
                f"{_before['state'][0]} -> {after[0]} bytes"
            )
