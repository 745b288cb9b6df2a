"""The agency's names as documents print them, read from the organisation in one place.

The organisation file is gaining explicit agency fields (name, short name, the place documents
are signed in); until every installation has them, these lookups fall back to BPKAD's own.
"""

from __future__ import annotations

FALLBACK_NAME = "BPKAD Kabupaten Way Kanan"
FALLBACK_PLACE = "Blambangan Umpu"  # the seat of Kabupaten Way Kanan


def agency_name(org) -> str:
    """The full name ("Badan Pengelola Keuangan ... Way Kanan"), else the short one, else BPKAD's."""
    return _text(org, "name") or _text(org, "short_name") or FALLBACK_NAME


def agency_short_name(org) -> str:
    return _text(org, "short_name") or _text(org, "name") or FALLBACK_NAME


def signing_place(org) -> str:
    return _text(org, "place") or FALLBACK_PLACE


def _text(org, field: str) -> str:
    value = getattr(org, field, None)
    return value.strip() if isinstance(value, str) else ""
