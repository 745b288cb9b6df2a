"""The agency's names as documents print them, read from the organisation in one place.

An operator's organisation file written before it named the agency still prints something
sensible: BPKAD Way Kanan's own names and place.
"""

from __future__ import annotations

from bot.org import Organisation

FALLBACK_NAME = "BPKAD Kabupaten Way Kanan"
FALLBACK_PLACE = "Blambangan Umpu"  # the seat of Kabupaten Way Kanan


def agency_name(org: Organisation) -> str:
    """The full name ("Badan Pengelola Keuangan ... Way Kanan"), else the short one, else BPKAD's."""
    return org.name.strip() or org.short_name.strip() or FALLBACK_NAME


def signing_place(org: Organisation) -> str:
    return org.place.strip() or FALLBACK_PLACE
