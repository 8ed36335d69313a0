"""UK rule pack ``uk``: Immigration Rules, UK Borders Act 2007, NIAA 2002
(each condition cites its provision).

Programs: refugee family reunion (Appendix FRP, closed to new applications from 4 September 2025), the
Appendix FM partner route, the grant of protection and its length, automatic deportation, and the Voluntary
Returns Service (with the 2026 family pilot). What is UNVERIFIED, proposed or left out:
docs/rules/uk-notes.md.
"""

from __future__ import annotations

TITLE = "United Kingdom"
VERSION = "0.1.0"

#: Rule modules of this pack; each exposes ``PROGRAMS``.
MODULES = [
    "family_reunion",
    "family",
    "asylum",
    "deportation",
    "voluntary_return",
    "asylum_support",
    "deport_now_appeal_later",
]

