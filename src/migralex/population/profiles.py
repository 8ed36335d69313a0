"""Applicant groups a synthetic population can be drawn from, calibrated to published figures.

A profile gives the mix of residence statuses and nationalities, age distributions by role, and the rates of
facts that matter for a group. Facts a profile says nothing about get generic, documented defaults (see
:mod:`migralex.population.generate`). Shares that come from published figures cite them by figure id
(:mod:`migralex.population.calibration`); the rest are labelled assumptions in ``docs/data-sources.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from migralex.population.calibration import FIGURES, share, value

#: Status codes of each country's rule pack (``<role>.residence_status``).
DK_STATUSES = (
    "danish_citizen",
    "nordic_citizen",
    "permanent_resident",
    "refugee_convention",
    "protection_status",
    "quota_refugee",
    "temporary_protection",
    "other",
)
UK_STATUSES = (
    "british_citizen",
    "permanent_resident",
    "settled_protection_route",
    "refugee_convention",
    "protection_status",
    "euss_limited_leave",
    "ecaa_leave",
    "other",
)

#: Nearest status when one country's population is judged under the other's rules (a stated assumption).
STATUS_TRANSLATION: dict[tuple[str, str], dict[str, str]] = {
    ("uk", "dk"): {
        "british_citizen": "danish_citizen",
        "settled_protection_route": "permanent_resident",
        "euss_limited_leave": "other",
        "ecaa_leave": "other",
    },
    ("dk", "uk"): {
        "danish_citizen": "british_citizen",
        "nordic_citizen": "other",
        "quota_refugee": "refugee_convention",
        "temporary_protection": "protection_status",
    },
}


@dataclass(frozen=True)
class Age:
    """A normal age distribution in years, clipped to ``[low, high]``."""

    mean: float
    sd: float
    low: int
    high: int


@dataclass(frozen=True)
class Profile:
    """An applicant group: who is in it and how their facts are distributed."""

    id: str
    country: str
    title: str
    description: str
    statuses: Mapping[str, float]
    nationalities: Mapping[str, float]
    ages: Mapping[str, Age] = field(default_factory=dict)
    rates: Mapping[str, float] = field(default_factory=dict)
    codes: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    #: date fact id -> weights by calendar year (dates drawn uniformly within the year, never after the date)
    date_years: Mapping[str, Mapping[int, float]] = field(default_factory=dict)
    #: date fact id -> (min, max) years before the decision date, uniform
    date_windows: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    #: int fact id -> ("poisson", mean) or ("lognormal", median, sigma)
    ints: Mapping[str, tuple[str, float] | tuple[str, float, float]] = field(default_factory=dict)
    #: decimal (money) fact id -> (median, sigma) of a log-normal amount
    amounts: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    missing: float = 0.02
    calibration: tuple[str, ...] = ()
    #: whose residence status the ``status`` column (and every ``<role>.residence_status``) holds
    status_owner: str = "the sponsor's residence status"

    def __post_init__(self) -> None:
        for fid in self.calibration:
            if fid not in FIGURES:
                raise ValueError(f"profile {self.id}: unknown calibration figure {fid}")

    def status_shares(self) -> dict[str, float]:
        """Status weights normalised to shares."""
        return _norm(self.statuses)

    def nationality_shares(self) -> dict[str, float]:
        """Nationality weights normalised to shares."""
        return _norm(self.nationalities)


def _norm(weights: Mapping[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {k: v / total for k, v in weights.items()}


# --- calibrated quantities (see docs/data-sources.md) -----------------------------------------------------
#: § 7(3) share among Syrian refugees in Denmark, about 23 % (4,700 / 20,000).
DK_TP_SHARE = share("dk.temporary_protection_permits.2015_2019", "dk.syrian_refugees.2019")
#: 2018 refusal rate of all family reunification (2,254 / (4,602 + 2,254)) and the spouse applications it
#: implies (3,225 permits / (1 - rate)); the Danish/Nordic sponsor share is 2,748 of those (about 57 %).
_DK_REFUSAL_RATE = share(
    "dk.family_reunification.refusals.2018",
    "dk.family_reunification.permits.2018",
    "dk.family_reunification.refusals.2018",
)
DK_SPOUSE_APPLICATIONS_2018 = value("dk.family_reunification.spouse_permits.2018") / (1 - _DK_REFUSAL_RATE)
DK_NATIVE_SPONSOR_SHARE = (
    value("dk.family_reunification.spouse_applications_danish_nordic_sponsor.2018")
    / DK_SPOUSE_APPLICATIONS_2018
)
#: Persons granted asylum in Denmark by year; gaps (2016, 2018, 2019, 2021) linearly interpolated.
DK_GRANTS_BY_YEAR: dict[int, float] = {
    2015: value("dk.asylum_grants.2015"),
    2016: (value("dk.asylum_grants.2015") + value("dk.asylum_grants.2017")) / 2,
    2017: value("dk.asylum_grants.2017"),
    2018: value("dk.asylum_grants.2017")
    + (value("dk.asylum_grants.2020") - value("dk.asylum_grants.2017")) / 3,
    2019: value("dk.asylum_grants.2017")
    + 2 * (value("dk.asylum_grants.2020") - value("dk.asylum_grants.2017")) / 3,
    2020: value("dk.asylum_grants.2020"),
    2021: (value("dk.asylum_grants.2020") + value("dk.asylum_grants.2022")) / 2,
    2022: value("dk.asylum_grants.2022"),
    2023: value("dk.asylum_grants.2023"),
    2024: value("dk.asylum_grants.2024"),
}
#: People granted protection or other leave at initial decision in the UK, by year.
UK_GRANTS_BY_YEAR: dict[int, float] = {
    2023: value("uk.grants.total.2023"),
    2024: value("uk.grants.total.2024"),
    2025: value("uk.grants.total.2025"),
}
#: 2024 UK grants: refugee status 35,559 (90 %), humanitarian protection 3,346 (8 %), other 711 (2 %).
UK_GRANT_MIX = {
    "refugee_convention": value("uk.grants.refugee_status.2024"),
    "protection_status": value("uk.grants.humanitarian_protection.2024"),
    "other": value("uk.grants.other_leave.2024"),
}
#: 2025 UK grants by nationality: the three named nationalities, the rest as "other" (assumed split below).
_UK_NAMED = value("uk.grants.eritrea.2025") + value("uk.grants.sudan.2025") + value("uk.grants.iran.2025")
UK_REFUGEE_NATIONALITIES = {
    "Eritrea": value("uk.grants.eritrea.2025"),
    "Sudan": value("uk.grants.sudan.2025"),
    "Iran": value("uk.grants.iran.2025"),
    # assumption: the remaining 32,287 grants split among the next nationalities and the rest
    "Afghanistan": 0.20 * (value("uk.grants.total.2025") - _UK_NAMED),
    "Syria": 0.12 * (value("uk.grants.total.2025") - _UK_NAMED),
    "other": 0.68 * (value("uk.grants.total.2025") - _UK_NAMED),
}
#: Denmark: Syrians dominate (about 20,000 Syrian refugees, 2019); the other weights are assumptions.
DK_REFUGEE_NATIONALITIES = {
    "Syria": value("dk.syrian_refugees.2019"),
    "Eritrea": 6_000,
    "Afghanistan": 4_000,
    "Iran": 2_500,
    "Somalia": 2_500,
    "stateless": 1_500,
    "other": 5_000,
}
# assumption: partners of citizens and settled persons (no published mix in the briefs)
_PARTNER_NATIONALITIES = {
    "Thailand": 8,
    "Philippines": 8,
    "Turkey": 8,
    "Pakistan": 8,
    "India": 8,
    "Syria": 6,
    "Iran": 5,
    "Ukraine": 5,
    "United States": 5,
    "other": 39,
}

#: Assumed rates for facts of the Danish spouse rules that no published figure covers (docs/data-sources.md).
_DK_RATES = {
    "case.relationship_forced_or_pro_forma": 0.02,
    "case.marriage_recognised": 0.96,
    "case.both_present_at_ceremony": 0.97,
    "case.integration_declaration_signed": 0.93,
    "case.housing_very_special_reasons": 0.02,
    "applicant.has_made_lawful_visit": 0.85,
    "applicant.english_b1_or_higher": 0.4,
    "applicant.higher_or_vocational_education": 0.5,
    "sponsor.has_independent_dwelling": 0.9,
    "sponsor.dwelling_on_housing_requirement_list": 0.05,
    "sponsor.qualifying_education_beyond_basic_school": 0.5,
    "sponsor.support_undertaking_given": 0.9,
    "sponsor.convicted_of_partner_violence": 0.01,
}
_DK_CODES = {
    "case.relationship_type": {"married": 0.85, "cohabiting": 0.15},
    "sponsor.danish_test_level": {"none": 0.2, "pd1": 0.1, "pd2": 0.25, "pd3": 0.45},
    "applicant.danish_test_level": {"none": 0.85, "pd1": 0.08, "pd2": 0.05, "pd3": 0.02},
    "sponsor.dwelling_tenure": {
        "owned": 0.35,
        "cooperative_share": 0.05,
        "rented_unlimited": 0.5,
        "rented_fixed_term": 0.07,
        "cooperative_rented_fixed_term": 0.01,
        "free_or_symbolic_rent": 0.02,
    },
}
_DK_INTS: dict[str, tuple[str, float] | tuple[str, float, float]] = {
    "sponsor.full_time_work_years": ("poisson", 4.0),
    "sponsor.full_time_work_years_with_danish": ("poisson", 3.0),
    "sponsor.education_years": ("poisson", 3.0),
    "applicant.full_time_work_years_last_5_years": ("poisson", 2.0),
    "case.cohabitation_months": ("lognormal", 24.0, 0.8),
}
_DK_WINDOWS = {
    "case.marriage_date": (0.0, 3.0),
    "case.application_date": (0.0, 1.0),
    "sponsor.dwelling_lease_end_date": (-3.0, 0.0),
}

#: Assumed rates for facts of the UK family rules that no published figure covers (docs/data-sources.md).
_UK_RATES = {
    "application.biometrics_provided": 0.98,
    "application.made_before_route_closure_time": 0.95,
    "applicant.excluded_from_protection": 0.01,
    "applicant.refused_under_part_9": 0.03,
    "applicant.formed_independent_family_unit": 0.1,
    "applicant.leading_independent_life": 0.1,
    "applicant.adult_child_exceptional_circumstances": 0.05,
    "relationship.genuine_and_subsisting": 0.95,
    "relationship.intend_to_live_together": 0.97,
    "application.adequate_maintenance": 0.85,
    "application.transitional_mir_protection": 0.2,
    "accommodation.owned_or_occupied_exclusively": 0.92,
    "accommodation.without_recourse_to_public_funds": 0.95,
    "accommodation.contravenes_public_health_regulations": 0.02,
    "case.unjustifiably_harsh_consequences": 0.05,
}
_UK_CODES = {
    "relationship.type": {
        "married": 0.75,
        "civil_partner": 0.02,
        "unmarried_partner": 0.2,
        "fiance": 0.02,
        "proposed_civil_partner": 0.01,
    },
    "applicant.english_level": {
        "below_a1": 0.15,
        "a1": 0.3,
        "a2": 0.15,
        "b1": 0.2,
        "b2": 0.1,
        "c1": 0.07,
        "c2": 0.03,
    },
    "applicant.english_exemption": {
        "none": 0.85,
        "aged_65_or_over": 0.01,
        "disability": 0.02,
        "exceptional_circumstances": 0.02,
        "majority_english_speaking_national": 0.07,
        "degree_taught_in_english": 0.03,
    },
    "application.stage": {"entry": 0.6, "extension": 0.4},
}

_SPONSOR = Age(33, 9, 18, 75)
_APPLICANT = Age(29, 8, 16, 70)
_ADULT = Age(34, 11, 18, 80)
_SPONSOR_AGES = {"sponsor": _SPONSOR, "applicant": _APPLICANT, "person": _ADULT}

PROFILES: dict[str, Profile] = {
    p.id: p
    for p in [
        Profile(
            "dk-spouse",
            "dk",
            "Spouse and partner reunification applicants (Denmark)",
            "Couples applying under UL § 9, stk. 1, nr. 1; sponsor mix calibrated to 2018 application "
            "figures.",
            statuses={
                "danish_citizen": DK_NATIVE_SPONSOR_SHARE - 0.03,
                "nordic_citizen": 0.03,
                "permanent_resident": 0.13,
                "refugee_convention": 0.08,
                "protection_status": 0.05,
                "quota_refugee": 0.02,
                "temporary_protection": 0.07,
                "other": 1 - DK_NATIVE_SPONSOR_SHARE - 0.35,
            },
            nationalities=_PARTNER_NATIONALITIES,
            ages=_SPONSOR_AGES,
            rates={
                **_DK_RATES,
                "sponsor.has_received_public_assistance": 0.25,
                "sponsor.financial_guarantee_provided": 0.8,
                "case.exceptional_circumstances": 0.03,
                "case.age_requirement_dispensation": 0.02,
            },
            date_years={"sponsor.protection_granted_on": DK_GRANTS_BY_YEAR},
            date_windows={
                **_DK_WINDOWS,
                "sponsor.permanent_residence_since": (0, 15),
                "sponsor.last_public_assistance_date": (0, 8),
            },
            codes=_DK_CODES,
            ints=_DK_INTS,
            calibration=(
                "dk.family_reunification.spouse_applications_danish_nordic_sponsor.2018",
                "dk.family_reunification.spouse_permits.2018",
                "dk.family_reunification.permits.2018",
                "dk.family_reunification.refusals.2018",
                "dk.asylum_grants.2015",
                "dk.asylum_grants.2017",
                "dk.asylum_grants.2020",
                "dk.asylum_grants.2022",
                "dk.asylum_grants.2023",
                "dk.asylum_grants.2024",
            ),
        ),
        Profile(
            "dk-refugee-sponsors",
            "dk",
            "Refugee sponsors and their partners (Denmark)",
            "Sponsors with a UL § 7 or § 8 permit; § 7(3) share calibrated to 4,700 of 20,000 Syrian "
            "refugees.",
            statuses={
                "temporary_protection": DK_TP_SHARE,
                "refugee_convention": (1 - DK_TP_SHARE) * 0.45,
                "protection_status": (1 - DK_TP_SHARE) * 0.45,
                "quota_refugee": (1 - DK_TP_SHARE) * 0.10,
            },
            nationalities=DK_REFUGEE_NATIONALITIES,
            ages=_SPONSOR_AGES,
            rates={
                **_DK_RATES,
                "sponsor.has_received_public_assistance": 0.55,
                "sponsor.financial_guarantee_provided": 0.55,
                "case.exceptional_circumstances": 0.05,
                "case.age_requirement_dispensation": 0.03,
            },
            date_years={"sponsor.protection_granted_on": DK_GRANTS_BY_YEAR},
            date_windows={
                **_DK_WINDOWS,
                "sponsor.permanent_residence_since": (0, 8),
                "sponsor.last_public_assistance_date": (0, 6),
            },
            codes=_DK_CODES,
            ints=_DK_INTS,
            calibration=(
                "dk.temporary_protection_permits.2015_2019",
                "dk.syrian_refugees.2019",
                "dk.asylum_grants.2015",
                "dk.asylum_grants.2017",
                "dk.asylum_grants.2020",
                "dk.asylum_grants.2022",
                "dk.asylum_grants.2023",
                "dk.asylum_grants.2024",
            ),
        ),
        Profile(
            "dk-temporary-protection",
            "dk",
            "Temporary-protection holders, UL § 7, stk. 3 (Denmark)",
            "Holders of § 7(3) permits; grant years follow the published grants by year.",
            statuses={"temporary_protection": 1.0},
            nationalities={"Syria": 0.85, "Afghanistan": 0.05, "Somalia": 0.05, "other": 0.05},
            ages={"sponsor": _SPONSOR, "applicant": _APPLICANT, "person": _ADULT},
            rates={
                **_DK_RATES,
                "sponsor.has_received_public_assistance": 0.6,
                "sponsor.financial_guarantee_provided": 0.45,
                "case.exceptional_circumstances": 0.05,
                "person.home_region_declared_safe": 0.6,
            },
            date_years={
                "sponsor.protection_granted_on": DK_GRANTS_BY_YEAR,
                "person.protection_granted_on": DK_GRANTS_BY_YEAR,
            },
            codes=_DK_CODES,
            ints=_DK_INTS,
            date_windows=_DK_WINDOWS,
            status_owner="the protection holder's residence status",
            calibration=(
                "dk.temporary_protection_permits.2015_2019",
                "dk.syrian_refugees.2019",
                "dk.asylum_grants.2015",
                "dk.asylum_grants.2024",
            ),
        ),
        Profile(
            "dk-settlement",
            "dk",
            "Permanent residence applicants (Denmark)",
            "Foreign nationals with a time-limited permit applying for permanent residence (mix assumed).",
            statuses={
                "refugee_convention": 0.2,
                "protection_status": 0.15,
                "temporary_protection": 0.1,
                "quota_refugee": 0.05,
                "other": 0.5,
            },
            nationalities={**DK_REFUGEE_NATIONALITIES, "other": 15_000},
            ages=_SPONSOR_AGES,
            rates={
                **_DK_RATES,
                "sponsor.has_received_public_assistance": 0.35,
                "person.has_received_public_assistance": 0.35,
            },
            date_years={"sponsor.protection_granted_on": DK_GRANTS_BY_YEAR},
            codes=_DK_CODES,
            ints=_DK_INTS,
            date_windows=_DK_WINDOWS,
            status_owner="the applicant's residence status",
            calibration=("dk.asylum_grants.2015", "dk.asylum_grants.2024", "dk.syrian_refugees.2019"),
        ),
        Profile(
            "dk-convicted",
            "dk",
            "Foreign nationals with a criminal conviction (Denmark)",
            "People sentenced for an offence; group size anchored on 1,105 expulsions by judgment (2021).",
            statuses={
                "permanent_resident": 0.3,
                "refugee_convention": 0.15,
                "protection_status": 0.1,
                "temporary_protection": 0.05,
                "other": 0.4,
            },
            nationalities={**DK_REFUGEE_NATIONALITIES, "other": 20_000},
            ages={"person": Age(31, 10, 18, 75), "sponsor": _SPONSOR, "applicant": _APPLICANT},
            rates={**_DK_RATES, "person.convicted_in_uk": 0.0, "sponsor.convicted_of_partner_violence": 0.15},
            ints={**_DK_INTS, "person.custodial_sentence_months": ("lognormal", 10, 1.0)},
            date_windows={**_DK_WINDOWS, "person.conviction_date": (0, 10)},
            codes=_DK_CODES,
            status_owner="the convicted person's residence status",
            calibration=(),
        ),
        Profile(
            "uk-refugee-sponsors",
            "uk",
            "Refugee sponsors and their family members (UK)",
            "Sponsors granted protection; status mix calibrated to 2024 grants (90 % refugee status, "
            "8 % HP).",
            statuses=UK_GRANT_MIX,
            nationalities=UK_REFUGEE_NATIONALITIES,
            ages=_SPONSOR_AGES,
            rates={
                **_UK_RATES,
                "relationship.formed_before_sponsor_fled": 0.7,
                "applicant.part_of_pre_flight_family_unit": 0.75,
                "applicant.married_or_civil_partner": 0.6,
                "application.made_before_route_closure_time": 0.5,
                "sponsor.has_received_public_assistance": 0.55,
            },
            codes={
                **_UK_CODES,
                "applicant.relationship_to_sponsor": {"partner": 0.55, "child": 0.4, "other": 0.05},
            },
            date_years={"sponsor.protection_granted_on": UK_GRANTS_BY_YEAR},
            calibration=(
                "uk.grants.refugee_status.2024",
                "uk.grants.humanitarian_protection.2024",
                "uk.grants.other_leave.2024",
                "uk.grants.eritrea.2025",
                "uk.grants.sudan.2025",
                "uk.grants.iran.2025",
                "uk.grants.total.2023",
                "uk.grants.total.2024",
                "uk.grants.total.2025",
            ),
        ),
        Profile(
            "uk-partners",
            "uk",
            "Partner route applicants, Appendix FM (UK)",
            "Partners of British citizens and settled persons (status mix assumed; no published split in "
            "briefs).",
            statuses={
                "british_citizen": 0.7,
                "permanent_resident": 0.15,
                "settled_protection_route": 0.05,
                "refugee_convention": 0.05,
                "euss_limited_leave": 0.05,
            },
            nationalities=_PARTNER_NATIONALITIES,
            ages=_SPONSOR_AGES,
            rates={
                **_UK_RATES,
                "sponsor.receives_specified_benefit": 0.1,
                "accommodation.overcrowded": 0.07,
                "sponsor.has_received_public_assistance": 0.15,
            },
            amounts={"sponsor.gross_annual_income": (31_000, 0.5), "application.cash_savings": (4_000, 1.6)},
            codes=_UK_CODES,
            calibration=(),
        ),
        Profile(
            "uk-protection",
            "uk",
            "People granted protection, including 30-month core protection (UK)",
            "Recent grants; status and nationality mix calibrated to 2024-2025 initial decisions.",
            statuses=UK_GRANT_MIX,
            nationalities=UK_REFUGEE_NATIONALITIES,
            ages=_SPONSOR_AGES,
            rates={**_UK_RATES, "person.home_region_declared_safe": 0.1},
            date_years={
                "sponsor.protection_granted_on": UK_GRANTS_BY_YEAR,
                "person.protection_granted_on": UK_GRANTS_BY_YEAR,
                "claim.lodged_date": UK_GRANTS_BY_YEAR,
            },
            codes=_UK_CODES,
            status_owner="the protection holder's residence status",
            calibration=(
                "uk.grants.refugee_status.2024",
                "uk.grants.humanitarian_protection.2024",
                "uk.grants.other_leave.2024",
                "uk.grants.total.2023",
                "uk.grants.total.2024",
                "uk.grants.total.2025",
            ),
        ),
        Profile(
            "uk-settlement",
            "uk",
            "Settlement (indefinite leave) applicants (UK)",
            "People on the 5-year protection or partner route applying to settle (mix assumed).",
            statuses={
                "settled_protection_route": 0.35,
                "refugee_convention": 0.3,
                "protection_status": 0.05,
                "other": 0.3,
            },
            nationalities={**UK_REFUGEE_NATIONALITIES, **{"other": 60_000}},
            ages=_SPONSOR_AGES,
            rates=_UK_RATES,
            codes=_UK_CODES,
            status_owner="the applicant's residence status",
            calibration=("uk.grants.total.2023",),
        ),
        Profile(
            "uk-convicted",
            "uk",
            "Foreign national offenders (UK)",
            "Foreign nationals convicted in the UK; anchored on about 5,200 FNO returns a year.",
            statuses={
                "permanent_resident": 0.3,
                "refugee_convention": 0.1,
                "euss_limited_leave": 0.25,
                "other": 0.35,
            },
            nationalities={
                "Albania": 15,
                "Romania": 12,
                "Poland": 10,
                "Jamaica": 5,
                "Pakistan": 5,
                "Vietnam": 5,
                "Iran": 4,
                "other": 44,
            },
            ages={"person": Age(32, 10, 18, 75), "sponsor": _SPONSOR, "applicant": _APPLICANT},
            rates={
                **_UK_RATES,
                "person.convicted_in_uk": 0.97,
                "person.sentence_suspended": 0.15,
                "person.is_refugee": 0.1,
                "person.mental_health_order": 0.02,
                "removal.real_risk_of_article_3_treatment": 0.03,
            },
            codes={
                **_UK_CODES,
                "person.citizenship": {"british_citizen": 0.0, "irish_citizen": 0.02, "other": 0.98},
            },
            ints={"person.custodial_sentence_months": ("lognormal", 14, 1.0)},
            date_windows={"person.conviction_date": (0, 6)},
            status_owner="the convicted person's residence status",
            calibration=(),
        ),
    ]
}


def get_profile(profile_id: str) -> Profile:
    """A profile by id, or a ``KeyError`` naming the known ones."""
    try:
        return PROFILES[profile_id]
    except KeyError:
        raise KeyError(f"unknown population profile {profile_id!r}; known: {', '.join(PROFILES)}") from None
