"""Applicant groups a synthetic population can be drawn from, calibrated to published figures.

A profile gives the mix of residence statuses and nationalities, age distributions by role, and the rates of
facts that differ for the group, each with its basis. Every other fact follows the documented distributions
of :mod:`migralex.population.distributions`; a fact documented nowhere is not generated. Shares that come
from published figures cite them by figure id (:mod:`migralex.population.calibration`); the rest are
labelled assumptions in ``docs/data-sources.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from migralex.population.calibration import FIGURES, share, value
from migralex.population.distributions import Amount, IntDist

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
    #: int fact id -> its distribution (overrides :data:`distributions.INTS`)
    ints: Mapping[str, IntDist] = field(default_factory=dict)
    #: decimal (money) fact id -> a log-normal amount (overrides :data:`distributions.AMOUNTS`)
    amounts: Mapping[str, Amount] = field(default_factory=dict)
    #: boolean fact id -> (code fact, probability by code): a rate that depends on another fact
    rates_by: Mapping[str, tuple[str, Mapping[str, float]]] = field(default_factory=dict)
    #: code fact id -> (code fact or "status", weights by its code): codes that depend on another fact
    codes_by: Mapping[str, tuple[str, Mapping[str, Mapping[str, float]]]] = field(default_factory=dict)
    #: role -> (code fact, age by code): an age that depends on another fact (e.g. partner or child)
    ages_by: Mapping[str, tuple[str, Mapping[str, Age]]] = field(default_factory=dict)
    #: fact id -> basis of each override above (a calibration figure id or an UNVERIFIED assumption)
    basis: Mapping[str, str] = field(default_factory=dict)
    missing: float = 0.02
    calibration: tuple[str, ...] = ()
    #: whose residence status the ``status`` column (and every ``<role>.residence_status``) holds
    status_owner: str = "the sponsor's residence status"
    #: the program the group is about, and the outcome shares it should produce under it (checked by a test)
    program: str = ""
    plausible: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    #: why the range is what it is (a published figure, or why no figure can be matched)
    plausible_basis: str = ""

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
#: Shares of 2024 UK grants: refugee status (89.8 %) and humanitarian protection (8.4 %).
UK_REFUGEE_SHARE = share("uk.grants.refugee_status.2024", "uk.grants.total.2024")
_UK_REFUGEE_BASIS = "uk.grants.refugee_status.2024 / uk.grants.total.2024"
UK_HP_SHARE = share("uk.grants.humanitarian_protection.2024", "uk.grants.total.2024")
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

#: Share of refugees (aged 25-64) NOT in employment after 3 years in Denmark: 1 - 29 % = 71 %. Used as the
#: share of refugee sponsors who received assistance under aktivloven / the Integration Act in the 3 years
#: before (an approximation: not employed is taken as supported by assistance).
DK_REFUGEE_ASSISTANCE = 1 - value("dk.employment.refugees.3y")
#: The same for family reunified to others than refugees: 1 - 54 % = 46 %.
DK_FAMILY_ASSISTANCE = 1 - value("dk.employment.family_reunified_others.3y")
DK_REFUGEE_STATUSES = ("refugee_convention", "protection_status", "quota_refugee", "temporary_protection")

_SPONSOR = Age(33, 9, 18, 75)
_APPLICANT = Age(29, 8, 16, 70)
_ADULT = Age(34, 11, 18, 80)
_SPONSOR_AGES = {"sponsor": _SPONSOR, "applicant": _APPLICANT, "person": _ADULT}
#: couples applying under the Danish 24-year rule: older on average (UNVERIFIED; no published age split found)
_COUPLE_AGES = {"sponsor": Age(36, 9, 18, 75), "applicant": Age(32, 7, 18, 70), "person": _ADULT}
_DERIVED_ASSIST = "derived from dk.employment.refugees.3y (1 - 29 %; not employed taken as assisted)"
_SPOUSE_ASSUMED = (
    "UNVERIFIED assumption: about 57 % of sponsors are Danish or Nordic citizens (figures above)"
)
_SELF_SELECTED = "UNVERIFIED assumption: applicants apply when they expect to qualify (85 % in work)"
_DERIVED_FAMILY = "derived from dk.employment.family_reunified_others.3y (1 - 54 %)"

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
            ages=_COUPLE_AGES,
            rates={
                "sponsor.financial_guarantee_provided": 0.92,
                "sponsor.qualifying_education_beyond_basic_school": 0.75,
                "sponsor.has_independent_dwelling": 0.95,
                "applicant.english_b1_or_higher": 0.55,
                "applicant.higher_or_vocational_education": 0.6,
            },
            codes_by={
                "sponsor.danish_test_level": (
                    "status",
                    {"danish_citizen": {"pd3": 1.0}, "nordic_citizen": {"none": 0.3, "pd2": 0.2, "pd3": 0.5}},
                )
            },
            rates_by={
                "sponsor.has_received_public_assistance": (
                    "status",
                    {
                        "danish_citizen": 0.05,
                        "nordic_citizen": 0.05,
                        "permanent_resident": DK_FAMILY_ASSISTANCE,
                        **dict.fromkeys(DK_REFUGEE_STATUSES, DK_REFUGEE_ASSISTANCE),
                        "other": 0.2,
                    },
                )
            },
            ints={
                "sponsor.full_time_work_years": IntDist("poisson", 9, 0, 0, 45),
                "sponsor.education_years": IntDist("poisson", 8, 0, 0, 12),
            },
            basis={
                "sponsor.has_received_public_assistance": (
                    "by the sponsor's status: refugees derived from dk.employment.refugees.3y (71 %), "
                    "permanent residents from dk.employment.family_reunified_others.3y (46 %); citizens "
                    "5 % and others 20 % UNVERIFIED"
                ),
                "sponsor.financial_guarantee_provided": _SPOUSE_ASSUMED,
                "sponsor.qualifying_education_beyond_basic_school": _SPOUSE_ASSUMED,
                "sponsor.has_independent_dwelling": _SPOUSE_ASSUMED,
                "applicant.english_b1_or_higher": _SPOUSE_ASSUMED,
                "applicant.higher_or_vocational_education": _SPOUSE_ASSUMED,
                "sponsor.danish_test_level": _SPOUSE_ASSUMED
                + "; a native speaker is counted at the PD3 level",
                "sponsor.full_time_work_years": _SPOUSE_ASSUMED,
                "sponsor.education_years": _SPOUSE_ASSUMED,
            },
            date_years={"sponsor.protection_granted_on": DK_GRANTS_BY_YEAR},
            program="dk.family_reunification.spouse",
            plausible={"eligible": (0.08, 0.7)},
            plausible_basis=(
                "Published 2018 grant share of all family reunification decisions: 4,602 of 6,856 = "
                "67 % (figures above). Synthetic couples do not self-select as applicants do and "
                "their facts are drawn independently, so the eligible share is expected BELOW it; the"
                " range only excludes the absurd."
            ),
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
                "sponsor.has_received_public_assistance": DK_REFUGEE_ASSISTANCE,
                "sponsor.financial_guarantee_provided": 0.55,
                "case.exceptional_circumstances": 0.05,
            },
            basis={
                "sponsor.has_received_public_assistance": _DERIVED_ASSIST,
                "sponsor.financial_guarantee_provided": "UNVERIFIED assumption",
                "case.exceptional_circumstances": "UNVERIFIED assumption",
                "sponsor.permanent_residence_since": "UNVERIFIED assumption (protection granted since 2015)",
            },
            date_years={"sponsor.protection_granted_on": DK_GRANTS_BY_YEAR},
            date_windows={"sponsor.permanent_residence_since": (0, 8)},
            program="dk.family_reunification.spouse",
            plausible={"eligible": (0.0, 0.3)},
            plausible_basis=(
                "No official grant rate for refugee sponsors found. 71 % received assistance (derived"
                " from dk.employment.refugees.3y) and the 24-year rule applies, so few qualify."
            ),
            calibration=(
                "dk.temporary_protection_permits.2015_2019",
                "dk.syrian_refugees.2019",
                "dk.employment.refugees.3y",
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
                "sponsor.has_received_public_assistance": DK_REFUGEE_ASSISTANCE,
                "sponsor.financial_guarantee_provided": 0.45,
                "person.home_region_declared_safe": 0.6,
            },
            basis={
                "sponsor.has_received_public_assistance": _DERIVED_ASSIST,
                "sponsor.financial_guarantee_provided": "UNVERIFIED assumption",
                "person.home_region_declared_safe": "UNVERIFIED assumption (Damascus, Rif Dimashq, Latakia)",
            },
            date_years={
                "sponsor.protection_granted_on": DK_GRANTS_BY_YEAR,
                "person.protection_granted_on": DK_GRANTS_BY_YEAR,
            },
            status_owner="the protection holder's residence status",
            program="dk.asylum.revocation",
            plausible={"eligible": (0.1, 0.7)},
            plausible_basis=(
                "No official revocation rate found; 34 % of 792 Syrian cases decided June 2019 to May"
                " 2021 ended in refusal (press, UNVERIFIED). Sanity range only."
            ),
            calibration=(
                "dk.temporary_protection_permits.2015_2019",
                "dk.syrian_refugees.2019",
                "dk.employment.refugees.3y",
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
            ages={"applicant": Age(38, 10, 18, 80), "sponsor": _SPONSOR, "person": Age(38, 10, 18, 80)},
            rates={
                "applicant.has_received_public_assistance": DK_FAMILY_ASSISTANCE,
                "applicant.currently_employed": 0.85,
                "applicant.passed_citizenship_test": 0.35,
            },
            codes={"applicant.danish_test_level": {"none": 0.05, "pd1": 0.1, "pd2": 0.4, "pd3": 0.45}},
            ints={
                "applicant.lawful_residence_years": IntDist("poisson", 10, 0, 4, 40),
                "applicant.full_time_work_months_last_4_years": IntDist("employment", 48, 0.1, 0, 48, p=0.85),
                "applicant.full_time_work_months_last_4_5_years": IntDist(
                    "employment", 54, 0.1, 0, 54, p=0.85
                ),
            },
            basis={
                "applicant.currently_employed": _SELF_SELECTED,
                "applicant.passed_citizenship_test": "UNVERIFIED assumption",
                "applicant.full_time_work_months_last_4_years": _SELF_SELECTED,
                "applicant.full_time_work_months_last_4_5_years": _SELF_SELECTED,
                "applicant.has_received_public_assistance": _DERIVED_FAMILY,
                "applicant.danish_test_level": "UNVERIFIED assumption (applicants mostly hold the test)",
                "applicant.lawful_residence_years": "UNVERIFIED assumption (applicants apply once resident)",
            },
            date_years={"sponsor.protection_granted_on": DK_GRANTS_BY_YEAR},
            status_owner="the applicant's residence status",
            program="dk.permanent_residence",
            plausible={"eligible": (0.05, 0.5), "unknown": (0.0, 0.35)},
            plausible_basis=(
                "No official grant rate for permanent residence found. Sentences and debts are rare "
                "(1-4 %); the 2025 income threshold has no value in the rule pack, so the "
                "supplementary income condition is unknown and some rows stay unknown."
            ),
            calibration=(
                "dk.employment.family_reunified_others.3y",
                "dk.asylum_grants.2015",
                "dk.asylum_grants.2024",
                "dk.syrian_refugees.2019",
            ),
        ),
        Profile(
            "dk-convicted",
            "dk",
            "Foreign nationals with a criminal conviction (Denmark)",
            "People sentenced for an offence; everyone in the group has a sentence (that defines it).",
            statuses={
                "permanent_resident": 0.3,
                "refugee_convention": 0.15,
                "protection_status": 0.1,
                "temporary_protection": 0.05,
                "other": 0.4,
            },
            nationalities={**DK_REFUGEE_NATIONALITIES, "other": 20_000},
            ages={"person": Age(31, 10, 18, 75), "sponsor": _SPONSOR, "applicant": _APPLICANT},
            rates={"person.convicted_in_uk": 0.0, "person.previous_convictions": 0.4},
            basis={
                "person.convicted_in_uk": "Danish group: no UK convictions",
                "person.previous_convictions": "UNVERIFIED assumption",
                "person.custodial_sentence_months": "UNVERIFIED assumption (every person has a sentence)",
                "person.unconditional_prison_days": "UNVERIFIED assumption (every person has a sentence)",
            },
            ints={
                "person.custodial_sentence_months": IntDist("lognormal", 10, 1.0, 1, 480),
                "person.unconditional_prison_days": IntDist("lognormal", 300, 1.0, 1, 14_600),
            },
            status_owner="the convicted person's residence status",
            program="dk.expulsion",
            plausible={"unknown": (0.9, 1.0)},
            plausible_basis=(
                "Why not a grant share: the minimum prison days of the expulsion rules have no value "
                "in the rule pack (dk.expulsion.long_residence_min_prison_days, "
                "dk.expulsion.short_residence_min_prison_days), so the sentence threshold is unknown "
                "for every row; simulate names them."
            ),
            calibration=(),
        ),
        Profile(
            "uk-refugee-sponsors",
            "uk",
            "Refugee sponsors and their family members (UK)",
            "Sponsors granted protection; status mix calibrated to 2024 grants (90 % refugee status, "
            "8 % HP); about 20,800 refugee family reunion visas a year (year to June 2025).",
            statuses=UK_GRANT_MIX,
            nationalities=UK_REFUGEE_NATIONALITIES,
            ages=_SPONSOR_AGES,
            rates={
                "application.made_before_route_closure_time": 1.0,
                "sponsor.has_received_public_assistance": 0.55,
            },
            rates_by={
                fid: ("applicant.relationship_to_sponsor", by)
                for fid, by in {
                    "applicant.married_or_civil_partner": {"partner": 0.9, "child": 0.01, "other": 0.3},
                    "applicant.part_of_pre_flight_family_unit": {
                        "partner": 0.95,
                        "child": 0.95,
                        "other": 0.6,
                    },
                    "applicant.leading_independent_life": {"partner": 0.5, "child": 0.02, "other": 0.5},
                    "applicant.formed_independent_family_unit": {"partner": 0.5, "child": 0.02, "other": 0.4},
                    "relationship.formed_before_sponsor_fled": {"partner": 0.95, "child": 0.95, "other": 0.5},
                }.items()
            },
            ages_by={
                "applicant": (
                    "applicant.relationship_to_sponsor",
                    {
                        "partner": Age(31, 8, 18, 70),
                        "child": Age(10, 4.5, 0, 17),
                        "other": Age(22, 5, 18, 40),
                    },
                )
            },
            basis={
                "application.made_before_route_closure_time": (
                    "every applicant in this group applied while the route was open (the group is defined "
                    "by uk.refugee_family_reunion.grants.ye_jun_2025)"
                ),
                "sponsor.has_received_public_assistance": "UNVERIFIED assumption",
                **dict.fromkeys(
                    [
                        "applicant.married_or_civil_partner",
                        "applicant.part_of_pre_flight_family_unit",
                        "applicant.leading_independent_life",
                        "applicant.formed_independent_family_unit",
                        "relationship.formed_before_sponsor_fled",
                        "applicant.birth_date",
                    ],
                    "UNVERIFIED assumption, by the applicant's relationship to the sponsor",
                ),
            },
            date_years={"sponsor.protection_granted_on": UK_GRANTS_BY_YEAR},
            program="uk.family_reunion.refugee",
            plausible={"eligible": (0.4, 0.9)},
            plausible_basis=(
                "No official grant rate for refugee family reunion found; the group is defined by visas "
                "granted (20,817, year to June 2025), so most should qualify. Partner and child facts are "
                "drawn by relationship (UNVERIFIED)."
            ),
            calibration=(
                "uk.refugee_family_reunion.grants.ye_jun_2025",
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
            "Partners of British citizens and settled persons (status mix assumed; no published split "
            "found); about 66,600 family visas a year (year to December 2025).",
            statuses={
                "british_citizen": 0.7,
                "permanent_resident": 0.15,
                "settled_protection_route": 0.05,
                "refugee_convention": 0.05,
                "euss_limited_leave": 0.05,
            },
            nationalities=_PARTNER_NATIONALITIES,
            ages=_SPONSOR_AGES,
            rates={"sponsor.has_received_public_assistance": 0.15},
            basis={"sponsor.has_received_public_assistance": "UNVERIFIED assumption"},
            program="uk.family.partner",
            plausible={"eligible": (0.1, 0.7)},
            plausible_basis=(
                "No official partner-visa grant rate found; family visa grants (66,610, 2025) and "
                "applications (76,327, year to June 2025) cover different periods. Sanity range only."
            ),
            calibration=("uk.family_visas.applications.ye_jun_2025", "uk.family_visas.grants.ye_dec_2025"),
        ),
        Profile(
            "uk-protection",
            "uk",
            "People granted protection, including 30-month core protection (UK)",
            "Recent grants; status and nationality mix calibrated to 2024-2025 initial decisions.",
            statuses=UK_GRANT_MIX,
            nationalities=UK_REFUGEE_NATIONALITIES,
            ages=_SPONSOR_AGES,
            rates={
                "applicant.recognised_as_refugee": UK_REFUGEE_SHARE,
                "applicant.granted_humanitarian_protection": UK_HP_SHARE / (1 - UK_REFUGEE_SHARE),
                "person.well_founded_fear_of_persecution": UK_REFUGEE_SHARE,
            },
            basis={
                "applicant.recognised_as_refugee": _UK_REFUGEE_BASIS,
                "applicant.granted_humanitarian_protection": (
                    "uk.grants.humanitarian_protection.2024 among grants other than refugee status"
                ),
                "person.well_founded_fear_of_persecution": _UK_REFUGEE_BASIS,
            },
            date_years={
                "sponsor.protection_granted_on": UK_GRANTS_BY_YEAR,
                "person.protection_granted_on": UK_GRANTS_BY_YEAR,
                "claim.lodged_date": UK_GRANTS_BY_YEAR,
            },
            status_owner="the protection holder's residence status",
            program="uk.asylum.protection",
            plausible={"eligible": (0.9, 1.0)},
            plausible_basis=(
                "The group is people granted protection: refugee status 89.8 % and humanitarian "
                "protection 8.4 % of 2024 grants (uk.grants.*.2024), so nearly all qualify."
            ),
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
            rates={
                "applicant.recognised_as_refugee": 0.65,
                "applicant.granted_humanitarian_protection": 0.15,
            },
            basis={
                "applicant.recognised_as_refugee": "UNVERIFIED: the status mix (refugee statuses 65 %)",
                "applicant.granted_humanitarian_protection": "UNVERIFIED: the status mix (protection status)",
            },
            status_owner="the applicant's residence status",
            program="uk.asylum.protection",
            plausible={"eligible": (0.5, 0.9)},
            plausible_basis=(
                "Settlement applicants on the protection route hold refugee status or humanitarian "
                "protection by construction of the status mix (assumed 70 %); sanity range."
            ),
            calibration=("uk.grants.total.2023",),
        ),
        Profile(
            "uk-convicted",
            "uk",
            "Foreign national offenders (UK)",
            "Foreign nationals convicted in the UK; everyone in the group has a conviction (its definition).",
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
                "person.convicted_in_uk": 1.0,
                "person.sentence_suspended": 0.15,
                "person.is_refugee": 0.1,
                "person.mental_health_order": 0.02,
            },
            basis={
                "person.convicted_in_uk": "definition of the group",
                "person.sentence_suspended": "UNVERIFIED assumption",
                "person.is_refugee": "UNVERIFIED assumption",
                "person.mental_health_order": "UNVERIFIED assumption",
                "person.custodial_sentence_months": "UNVERIFIED assumption (every person has a sentence)",
                "person.conviction_date": "UNVERIFIED assumption",
            },
            ints={"person.custodial_sentence_months": IntDist("lognormal", 14, 1.0, 1, 480)},
            date_windows={"person.conviction_date": (0, 6)},
            status_owner="the convicted person's residence status",
            program="uk.deportation",
            plausible={"eligible": (0.1, 0.6)},
            plausible_basis=(
                "No official share of foreign national offenders liable to automatic deportation "
                "found. Sanity range only."
            ),
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
