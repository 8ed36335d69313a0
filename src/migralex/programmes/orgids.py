"""IATI organisation identifiers: ``{registration agency}-{identifier}``.

An organisation identifier starts with the code of the list (registration agency) it is
drawn from, e.g. ``XM-DAC`` (OECD DAC codes) or ``GB-GOV`` (UK government departments),
then a hyphen and the identifier within that list. :data:`REGISTRATION_AGENCIES` is the
IATI OrganisationRegistrationAgency codelist (IATI-Codelists-NonEmbedded,
``xml/OrganisationRegistrationAgency.xml``; CC BY 4.0, "IATI Standard
(http://iatistandard.org/)", see ``iati_schema/NOTICE.md``) as stored offline when this
module was written; the live list is maintained by org-id.guide and grows, so a code
missing here is reported as "not in the vendored list", never silently accepted.
"""

from __future__ import annotations

import re

_CODES = """
    AF-CBR AF-MOE AR-CENOC AU-ABN AU-ACNC BD-NAB BE-BCE_KBO BE-GTCF BW-CIPA CA-CRA_ACR CH-FDJP
    CN-SAIC CO-CCB CZ-ICO DK-CVR EE-RIK EG-MOSS ES-DIR3 ET-MFA ET-MOT FI-PRO FR-INSEE FR-RCS
    GB-CHC GB-COH GB-EDU GB-GOR GB-GOV GB-GOVUK GB-NIC GB-REV GB-SC GB-SEED GB-UKPRN GG-RCE
    GH-DSW HK-CR ID-KDN ID-KHH ID-KLN ID-PRO IE-CHY IE-CRO IM-CR IM-GR IN-MCA IN-MHA JE-CR
    JE-OAC KE-NCB KE-RCO KE-RSO LB-MOI LS-LCN LV-RE ML-CCIM ML-NIF MM-MHA MW-CNM MW-MRA MW-NBM
    MW-RG MZ-MOJ NG-CAC NL-KVK NO-BRC NP-CRO NP-SWC PH-SEC PK-PCP PK-VSWA PL-REGON PL-NIP
    PL-KRS PS-MOI RS-APR SE-BLV SE-KK SG-ACRA SK-ZRSR SS-RRC TZ-BRLA UA-EDR UG-NGB UG-RSB
    US-DOS US-EIN US-USAGOV XI-IATI XI-PB XM-DAC XM-OCHA ZA-CIP ZA-NPO ZA-PBO ZM-NRB ZM-PCR
    ZW-PVO ZW-ROD
"""
#: OrganisationRegistrationAgency codes (vendored offline; see the module docstring).
REGISTRATION_AGENCIES: frozenset[str] = frozenset(_CODES.split())

_FORMAT = re.compile(r"(?P<agency>[A-Z]{2}-[A-Z0-9_]+)-(?P<id>[^\s/&|?]+)")


def org_id_format_problem(ref: str) -> str | None:
    """Why ``ref`` is not shaped like an organisation identifier (the agency list aside)."""
    problem = org_id_problem(ref)
    return None if problem is None or "is not in the vendored" in problem else problem


def org_id_problem(ref: str) -> str | None:
    """Why ``ref`` is not a well-formed IATI organisation identifier, or ``None`` if it is."""
    if ref != ref.strip():
        return f"{ref!r} has surrounding whitespace"
    m = _FORMAT.fullmatch(ref)
    if m is None:
        return (
            f"{ref!r} is not an organisation identifier: expected AGENCY-ID with an agency code such "
            "as XM-DAC or GB-GOV, then a hyphen and the identifier (no spaces, /, &, | or ?)"
        )
    agency = m.group("agency")
    if agency not in REGISTRATION_AGENCIES:
        return (
            f"{ref!r}: registration agency {agency} is not in the vendored "
            "OrganisationRegistrationAgency codes"
        )
    return None
