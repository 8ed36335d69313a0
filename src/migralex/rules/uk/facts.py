"""Facts shared by several UK programs (and, where the concept is the same, with the Danish pack).

Fact ids shared with ``dk`` keep DK's type: ``sponsor.birth_date`` and ``applicant.birth_date`` (date),
``sponsor.residence_status`` (code; the UK list below reuses DK's code names where the status is the same
kind: ``permanent_resident``, ``refugee_convention``, ``protection_status``, ``other``).
"""

from __future__ import annotations

from migralex.engine import FactType, fact

#: Codes of ``sponsor.residence_status`` in the UK pack.
SPONSOR_STATUSES = (
    "british_citizen",
    "permanent_resident",  # settled: indefinite leave to remain or EUSS settled status (not via protection)
    "settled_protection_route",  # settlement (ILR) granted on a protection route
    "refugee_convention",  # refugee status (refugee permission)
    "protection_status",  # humanitarian protection (the UK's subsidiary protection)
    "euss_limited_leave",  # EU Settlement Scheme limited leave (pre-settled status)
    "ecaa_leave",  # ECAA worker or business person leave
    "other",
)

SPONSOR_BIRTH_DATE = fact("sponsor.birth_date", FactType.DATE, "Sponsor's date of birth")
APPLICANT_BIRTH_DATE = fact("applicant.birth_date", FactType.DATE, "Applicant's date of birth")
SPONSOR_STATUS = fact(
    "sponsor.residence_status",
    FactType.CODE,
    "Sponsor's citizenship or immigration status in the UK",
    "british_citizen; permanent_resident (settled: ILR or EUSS settled status); settled_protection_route "
    "(ILR on a protection route); refugee_convention (refugee status); protection_status (humanitarian "
    "protection); euss_limited_leave (EUSS pre-settled status); ecaa_leave; other",
    codes=SPONSOR_STATUSES,
)

RELATIONSHIP_TYPES = ("married", "civil_partner", "unmarried_partner", "fiance", "proposed_civil_partner")
RELATIONSHIP_TYPE = fact(
    "relationship.type",
    FactType.CODE,
    "How the applicant and sponsor are partners",
    "married (spouse), civil_partner, unmarried_partner (relationship akin to marriage or civil "
    "partnership), fiance (fiancé(e)), proposed_civil_partner",
    codes=RELATIONSHIP_TYPES,
)
GENUINE = fact(
    "relationship.genuine_and_subsisting",
    FactType.BOOL,
    "The relationship between the applicant and the sponsor is genuine and subsisting",
)
LIVE_TOGETHER = fact(
    "relationship.intend_to_live_together",
    FactType.BOOL,
    "The applicant and the sponsor intend to live together permanently in the UK",
)

ENGLISH_LEVELS = ("below_a1", "a1", "a2", "b1", "b2", "c1", "c2")
ENGLISH_LEVEL = fact(
    "applicant.english_level",
    FactType.CODE,
    "Applicant's English speaking and listening level (CEFR), shown by an approved test or qualification",
    codes=ENGLISH_LEVELS,
)
ENGLISH_EXEMPTIONS = (
    "none",
    "aged_65_or_over",
    "disability",
    "exceptional_circumstances",
    "majority_english_speaking_national",
    "degree_taught_in_english",
)
ENGLISH_EXEMPTION = fact(
    "applicant.english_exemption",
    FactType.CODE,
    "Ground on which the applicant is exempt from the English language requirement ('none' if none)",
    codes=ENGLISH_EXEMPTIONS,
)

CUSTODIAL_MONTHS = fact(
    "person.custodial_sentence_months",
    FactType.INT,
    "Length of the prison sentence (period of imprisonment) for the offence, in months; 0 if none",
    minimum=0,
)
SENTENCE_SUSPENDED = fact(
    "person.sentence_suspended",
    FactType.BOOL,
    "The prison sentence was suspended (and has not been activated)",
)
