"""The documented distribution of every fact a synthetic population can hold.

Each entry gives the distribution and its basis: a calibration figure id (``calibration.FIGURES``, with its
primary citation) or ``UNVERIFIED: ...`` (a stated assumption: no official figure was found; see
``docs/data-sources.md``). Profiles override entries for their group (``profiles.py``). A fact with no entry
here and no profile override is **not generated**: the population lacks it, and ``migralex simulate`` names it
and the rows it leaves unknown. There is no blanket default.

Adverse circumstances (sentences, debts, exclusion, risks of harm, refusals) are rare unless a profile is
about them; counts of months or years within a window are bounded by that window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

UNV = "UNVERIFIED assumption"
_EMP = "dk.employment.family_reunified_others.3y (54 % in work); months worked per person UNVERIFIED"


@dataclass(frozen=True)
class IntDist:
    """A whole-number distribution, clipped to ``[low, high]``.

    ``kind``: ``poisson`` (a = mean), ``binomial`` (a = trials, b = probability), ``employment`` (months or
    years worked in a window of ``a``: a share ``p`` is in work and works each month with probability 0.95,
    the others with probability ``b``), ``lognormal`` (a = median, b = sigma), ``rare`` (with probability
    ``p`` a log-normal value with median a and sigma b, else 0).
    """

    kind: str
    a: float
    b: float = 0.0
    low: int = 0
    high: int = 1_000_000
    p: float = 1.0

    def describe(self) -> str:
        """The distribution in words."""
        rng = f", clipped to {self.low}-{self.high}"
        if self.kind == "poisson":
            return f"Poisson, mean {self.a:g}{rng}"
        if self.kind == "binomial":
            return f"Binomial({self.a:g} months or years, p = {self.b:g}); never more than {self.a:g}"
        if self.kind == "employment":
            return (
                f"out of {self.a:g}: {self.p:.0%} in work (each unit worked with p = 0.95), the others "
                f"with p = {self.b:g}; never more than {self.a:g}"
            )
        if self.kind == "lognormal":
            return f"log-normal, median {self.a:g}, sigma {self.b:g}{rng}"
        return f"0 for {1 - self.p:.0%}; otherwise log-normal, median {self.a:g}, sigma {self.b:g}{rng}"


@dataclass(frozen=True)
class Amount:
    """A log-normal money amount or share: median, sigma, clipped to ``[low, high]``."""

    median: float
    sigma: float
    low: float = 0.0
    high: float = 1e12

    def describe(self) -> str:
        """The distribution in words."""
        bounds = f"clipped to {self.low:g}-{self.high:g}"
        return f"log-normal, median {self.median:,g}, sigma {self.sigma:g}, {bounds}"


#: boolean fact -> (probability true, basis)
RATES: dict[str, tuple[float, str]] = {
    # accommodation and housing
    "accommodation.contravenes_public_health_regulations": (0.02, UNV),
    "accommodation.overcrowded": (0.05, UNV),
    "accommodation.owned_or_occupied_exclusively": (0.92, UNV),
    "accommodation.without_recourse_to_public_funds": (0.95, UNV),
    "sponsor.has_independent_dwelling": (0.9, UNV),
    "sponsor.dwelling_on_housing_requirement_list": (0.05, UNV),
    "area.public_housing_area": (0.2, UNV),
    # applicant: circumstances (adverse ones rare)
    "applicant.adult_child_exceptional_circumstances": (0.05, UNV),
    "applicant.conditional_sentence_with_community_service": (0.005, UNV),
    "applicant.has_conditional_sentence": (0.02, UNV),
    "applicant.has_short_prison_sentence": (0.01, UNV),
    "applicant.has_overdue_public_debt": (0.04, UNV),
    "applicant.public_debt_deferral_granted": (0.01, UNV),
    "applicant.excluded_from_protection": (0.01, UNV),
    "applicant.refused_under_part_9": (0.03, UNV),
    "applicant.real_risk_of_serious_harm": (0.3, UNV),
    "applicant.risk_from_generalised_violence": (0.15, UNV),
    "applicant.well_founded_fear_of_persecution": (0.4, UNV),
    "applicant.recognised_as_refugee": (0.1, UNV),
    "applicant.granted_humanitarian_protection": (0.05, UNV),
    "applicant.unaccompanied_asylum_seeking_child": (0.02, UNV),
    "applicant.outside_country_of_nationality": (0.9, UNV),
    "applicant.resides_in_country": (0.95, UNV),
    "applicant.currently_employed": (0.54, "dk.employment.family_reunified_others.3y"),
    "applicant.has_received_public_assistance": (0.3, UNV),
    "applicant.english_b1_or_higher": (0.4, UNV),
    "applicant.higher_or_vocational_education": (0.5, UNV),
    "applicant.has_made_lawful_visit": (0.85, UNV),
    "applicant.integration_declaration_signed": (0.93, UNV),
    "applicant.passed_citizenship_test": (0.3, UNV),
    "applicant.meets_current_permit_conditions": (0.95, UNV),
    "applicant.formed_independent_family_unit": (0.1, UNV),
    "applicant.leading_independent_life": (0.1, UNV),
    "applicant.lives_abroad_with_other_parent_or_carer": (0.3, UNV),
    "applicant.married_or_civil_partner": (0.6, UNV),
    "applicant.part_of_pre_flight_family_unit": (0.75, UNV),
    "applicant.unmarried_without_own_family": (0.85, UNV),
    # application
    "application.adequate_maintenance": (0.85, UNV),
    "application.biometrics_provided": (0.98, UNV),
    "application.made_before_route_closure_time": (0.95, UNV),
    "application.transitional_mir_protection": (0.2, UNV),
    # case (decision-maker findings; exceptions and dispensations rare)
    "case.age_requirement_dispensation": (0.02, UNV),
    "case.attachment_to_denmark_greater": (0.7, UNV),
    "case.attachment_very_special_reasons": (0.02, UNV),
    "case.both_present_at_ceremony": (0.97, UNV),
    "case.child_very_special_reasons": (0.03, UNV),
    "case.deadline_very_special_reasons": (0.03, UNV),
    "case.exceptional_circumstances": (0.03, UNV),
    "case.expulsion_certainly_breaches_international_obligations": (0.05, UNV),
    "case.first_country_of_asylum_applies": (0.02, UNV),
    "case.housing_very_special_reasons": (0.02, UNV),
    "case.integration_declaration_signed": (0.93, UNV),
    "case.marriage_recognised": (0.96, UNV),
    "case.minister_decided_repatriation_act_applies": (0.01, UNV),
    "case.relationship_forced_or_pro_forma": (0.02, UNV),
    "case.revocation_breaches_international_obligations": (0.1, UNV),
    "case.unjustifiably_harsh_consequences": (0.05, UNV),
    # deportation / expulsion findings
    "deportation.unduly_harsh_on_child": (0.05, UNV),
    "deportation.unduly_harsh_on_partner": (0.05, UNV),
    "deportation.very_compelling_circumstances": (0.03, UNV),
    # family return pilot
    "family.refused_or_obstructed_departure": (0.05, UNV),
    "family.selected_for_return_pilot": (0.1, UNV),
    # person
    "person.age_health_weigh_against_removal": (0.05, UNV),
    "person.came_as_child": (0.1, UNV),
    "person.convicted_in_uk": (0.02, UNV),
    "person.danger_presumption_rebutted": (0.1, UNV),
    "person.deportation_order_after_conviction": (0.01, UNV),
    "person.exempt_under_immigration_act_1971_s7_s8": (0.01, UNV),
    "person.has_sufficient_own_assets": (0.05, UNV),
    "person.holds_protection_or_settlement": (0.5, UNV),
    "person.home_country_fundamental_change": (0.05, UNV),
    "person.home_region_declared_safe": (0.05, UNV),
    "person.immigration_service_bears_costs": (0.5, UNV),
    "person.is_asylum_seeker": (0.1, UNV),
    "person.is_refugee": (0.1, UNV),
    "person.items_of_value.special_personal_value": (0.2, UNV),
    "person.lawfully_resident_most_of_life": (0.1, UNV),
    "person.mental_health_order": (0.005, UNV),
    "person.nordic_eu_eea_swiss_citizen": (0.05, UNV),
    "person.offence_specified_under_niaa_s72_4a": (0.01, UNV),
    "person.other_risk_of_harm_on_return": (0.05, UNV),
    "person.parental_relationship_with_qualifying_child": (0.2, UNV),
    "person.pending_criminal_charge": (0.01, UNV),
    "person.previous_convictions": (0.03, UNV),
    "person.real_risk_of_serious_harm": (0.1, UNV),
    "person.received_repatriation_support_before": (0.01, UNV),
    "person.relationship_with_qualifying_partner": (0.3, UNV),
    "person.removal_affects_close_family": (0.3, UNV),
    "person.return_breaches_non_refoulement": (0.05, UNV),
    "person.returns_with_reference_or_exception": (0.6, UNV),
    "person.sentence_length_only_by_consecutive_sentences": (0.01, UNV),
    "person.sentence_suspended": (0.01, UNV),
    "person.socially_and_culturally_integrated": (0.4, UNV),
    "person.strong_ties_to_host_country": (0.3, UNV),
    "person.subject_to_extradition_proceedings": (0.002, UNV),
    "person.third_country_case": (0.02, UNV),
    "person.ties_to_persons_in_host_country": (0.5, UNV),
    "person.under_investigation_or_detained": (0.01, UNV),
    "person.unlawfully_present": (0.02, UNV),
    "person.very_significant_obstacles_to_integration": (0.05, UNV),
    "person.voluntary_return_for_permanent_residence": (0.5, UNV),
    "person.weak_ties_to_country_of_return": (0.3, UNV),
    "person.well_founded_fear_of_persecution": (0.1, UNV),
    # relationship
    "relationship.formed_before_sponsor_fled": (0.7, UNV),
    "relationship.genuine_and_subsisting": (0.95, UNV),
    "relationship.intend_to_live_together": (0.97, UNV),
    "removal.real_risk_of_article_3_treatment": (0.03, UNV),
    # sponsor
    "sponsor.convicted_of_child_abuse": (0.002, UNV),
    "sponsor.convicted_of_partner_violence": (0.01, UNV),
    "sponsor.partner_convicted_of_child_abuse": (0.002, UNV),
    "sponsor.financial_guarantee_provided": (0.8, UNV),
    "sponsor.has_custody": (0.9, UNV),
    "sponsor.has_received_public_assistance": (0.2, UNV),
    "sponsor.on_core_protection": (0.0, "no person is on core protection before the 2 March 2026 claims"),
    "sponsor.qualifying_education_beyond_basic_school": (0.5, UNV),
    "sponsor.receives_specified_benefit": (0.1, UNV),
    "sponsor.support_undertaking_given": (0.9, UNV),
    # departure centres, art. 31 penalty bar, vulnerability screening, UK asylum support and certification
    # (programs added in the second round; no population profile is built for them yet: rare unless a
    # person's situation makes them common, every rate an assumption)
    "assessment.medical_psychological_documented": (0.3, UNV),
    "case.special_reasons_against_control_duties": (0.05, UNV),
    "person.asylum_claim_pending": (0.3, UNV),
    "person.came_directly_from_threat": (0.5, UNV),
    "person.destitute_or_likely_destitute": (0.5, UNV),
    "person.expelled_by_final_judgment": (0.02, UNV),
    "person.expelled_under_ul_25": (0.002, UNV),
    "person.good_cause_for_illegal_entry": (0.5, UNV),
    "person.liable_to_deportation": (0.02, UNV),
    "person.made_human_rights_claim": (0.3, UNV),
    "person.not_cooperating_with_departure": (0.05, UNV),
    "person.permit_lapsed_under_ul_21b": (0.01, UNV),
    "person.presented_without_delay": (0.7, UNV),
    "person.recognised_convention_refugee": (0.3, UNV),
    "person.refused_protection_not_removable": (0.02, UNV),
    "person.remanded_under_return_act_s14": (0.005, UNV),
    "removal.real_risk_of_serious_irreversible_harm": (0.03, UNV),
    "screening.physical_signs": (0.1, UNV),
    "screening.psychological_trauma_symptoms": (0.2, UNV),
    "screening.sexual_or_gender_based_violence": (0.05, UNV),
    "screening.torture_or_ill_treatment_reported": (0.1, UNV),
    "support.full_board_accommodation": (0.3, UNV),
    "person.convicted_of_sexual_offences_act_schedule_3_offence": (0.005, UNV),
}

#: code fact -> (weights by code, basis); residence statuses come from the profile's status mix
CODES: dict[str, tuple[Mapping[str, float], str]] = {
    "applicant.danish_test_level": ({"none": 0.85, "pd1": 0.08, "pd2": 0.05, "pd3": 0.02}, UNV),
    "sponsor.danish_test_level": ({"none": 0.2, "pd1": 0.1, "pd2": 0.25, "pd3": 0.45}, UNV),
    "applicant.english_level": (
        {"below_a1": 0.15, "a1": 0.3, "a2": 0.15, "b1": 0.2, "b2": 0.1, "c1": 0.07, "c2": 0.03},
        UNV,
    ),
    "applicant.english_exemption": (
        {
            "none": 0.85,
            "aged_65_or_over": 0.01,
            "disability": 0.02,
            "exceptional_circumstances": 0.02,
            "majority_english_speaking_national": 0.07,
            "degree_taught_in_english": 0.03,
        },
        UNV,
    ),
    "applicant.relationship_to_sponsor": ({"partner": 0.55, "child": 0.4, "other": 0.05}, UNV),
    "application.stage": ({"entry": 0.6, "extension": 0.4}, UNV),
    "case.relationship_type": ({"married": 0.85, "cohabiting": 0.15}, UNV),
    "person.citizenship": ({"british_citizen": 0.0, "irish_citizen": 0.02, "other": 0.98}, UNV),
    "person.repatriation_group": (
        {
            "refugee": 0.3,
            "refugee_family_member": 0.15,
            "other_family_reunified": 0.15,
            "dual_national": 0.05,
            "permit_before_1983": 0.02,
            "permit_refused_or_revoked": 0.08,
            "other_foreigner": 0.2,
            "not_covered": 0.05,
        },
        UNV,
    ),
    "relationship.type": (
        {
            "married": 0.75,
            "civil_partner": 0.02,
            "unmarried_partner": 0.2,
            "fiance": 0.02,
            "proposed_civil_partner": 0.01,
        },
        UNV,
    ),
    "sponsor.dwelling_tenure": (
        {
            "owned": 0.35,
            "cooperative_share": 0.05,
            "rented_unlimited": 0.5,
            "rented_fixed_term": 0.07,
            "cooperative_rented_fixed_term": 0.01,
            "free_or_symbolic_rent": 0.02,
        },
        UNV,
    ),
    "offence.kind": (
        {
            "illegal_entry": 0.3,
            "illegal_presence": 0.3,
            "false_identity_document_at_entry": 0.1,
            "entry_ban_breach": 0.05,
            "other": 0.25,
        },
        UNV,
    ),
    # the 23 countries of the UK's "deport now, appeal later" list are rare among the people modelled
    "person.nationality_iso2": ({"other": 0.95, "AL": 0.02, "IN": 0.02, "NG": 0.01}, UNV),
}

#: code-set fact -> (probability that each code is in the set, basis)
CODE_SETS: dict[str, tuple[Mapping[str, float], str]] = {
    "person.reintegration_support_grounds": (
        {
            "returning_to_developing_country": 0.6,
            "refused_asylum": 0.3,
            "confirmed_modern_slavery_victim": 0.03,
            "family_with_child_under_18": 0.2,
            "under_18_travelling_alone": 0.01,
            "care_leaver_under_21": 0.01,
            "sleeping_rough": 0.03,
            "needs_more_help": 0.05,
        },
        UNV,
    ),
    "person.voluntary_return_grounds": (
        {
            "irregular_stay_or_overstayer": 0.5,
            "withdrawing_application": 0.1,
            "asylum_claimant": 0.3,
            "confirmed_modern_slavery_victim": 0.02,
            "eea_resident_before_2021": 0.05,
        },
        UNV,
    ),
}

#: whole-number fact -> (distribution, basis)
INTS: dict[str, tuple[IntDist, str]] = {
    "applicant.active_citizenship_months": (IntDist("rare", 12, 0.8, 0, 120, p=0.2), UNV),
    "applicant.full_time_work_months_last_4_5_years": (
        IntDist("binomial", 54, 0.54, 0, 54),
        "dk.employment.family_reunified_others.3y",
    ),
    "applicant.full_time_work_months_last_4_years": (
        IntDist("binomial", 48, 0.54, 0, 48),
        "dk.employment.family_reunified_others.3y",
    ),
    "applicant.full_time_work_years_last_5_years": (
        IntDist("binomial", 5, 0.54, 0, 5),
        "dk.employment.family_reunified_others.3y",
    ),
    "applicant.lawful_residence_years": (IntDist("poisson", 9, 0, 0, 40), UNV),
    "applicant.longest_unconditional_prison_months": (IntDist("rare", 4, 0.8, 0, 120, p=0.01), UNV),
    "application.dependent_children": (IntDist("poisson", 1, 0, 0, 10), UNV),
    "area.prior_consecutive_parallel_society_years": (IntDist("poisson", 1, 0, 0, 10), UNV),
    "area.residents": (IntDist("lognormal", 1500, 0.6, 1, 30_000), UNV),
    "case.cohabitation_months": (IntDist("lognormal", 24, 0.8, 0, 240), UNV),
    "case.household_size": (IntDist("poisson", 2.5, 0, 1, 12), UNV),
    "family.days_to_accept_offer": (IntDist("lognormal", 14, 0.6, 0, 365), UNV),
    "family.size": (IntDist("poisson", 3, 0, 1, 12), UNV),
    "person.custodial_sentence_months": (IntDist("rare", 12, 1.0, 0, 480, p=0.02), UNV),
    "person.lawful_residence_years": (IntDist("poisson", 8, 0, 0, 60), UNV),
    "person.residence_permit_years": (IntDist("poisson", 7, 0, 0, 60), UNV),
    "person.unconditional_prison_days": (IntDist("rare", 60, 1.0, 0, 3650, p=0.01), UNV),
    "sponsor.dwelling_floor_area_m2": (IntDist("lognormal", 75, 0.4, 10, 400), UNV),
    "sponsor.dwelling_living_rooms": (IntDist("poisson", 3, 0, 1, 10), UNV),
    "sponsor.education_years": (IntDist("poisson", 3, 0, 0, 12), UNV),
    "sponsor.full_time_work_years": (IntDist("poisson", 4, 0, 0, 45), UNV),
    "sponsor.full_time_work_years_with_danish": (IntDist("poisson", 3, 0, 0, 45), UNV),
}

#: money or share fact -> (distribution, basis)
AMOUNTS: dict[str, tuple[Amount, str]] = {
    "applicant.average_taxable_income": (Amount(250_000, 0.6, 0, 5_000_000), UNV),
    "application.cash_savings": (Amount(4_000, 1.6, 0, 1_000_000), UNV),
    "area.conviction_rate_ratio": (Amount(1.5, 0.6, 0, 20), UNV),
    "area.income_share_of_regional_average": (Amount(70, 0.2, 0, 200), UNV),
    "area.share_basic_schooling_only": (Amount(40, 0.3, 0, 100), UNV),
    "area.share_non_western": (Amount(45, 0.3, 0, 100), UNV),
    "area.share_outside_work_or_education": (Amount(35, 0.3, 0, 100), UNV),
    "person.cash_amount": (Amount(2_000, 1.5, 0, 1_000_000), UNV),
    "person.items_of_value.value": (Amount(1_000, 1.5, 0, 1_000_000), UNV),
    "sponsor.gross_annual_income": (Amount(31_000, 0.5, 0, 1_000_000), UNV),
}

#: date fact -> ((fewest, most) years before the decision date, drawn uniformly; negative = after), basis.
#: Birth dates follow the profile's age distributions by role; protection grant dates its grants by year.
DATES: dict[str, tuple[tuple[float, float], str]] = {
    "applicant.conditional_sentence_date": ((0, 10), UNV),
    "applicant.last_public_assistance_date": ((0, 8), UNV),
    "applicant.probation_end_date": ((-2, 8), UNV),
    "applicant.short_prison_sentence_date": ((0, 15), UNV),
    "case.application_date": ((0, 1), UNV),
    "case.marriage_date": ((0, 3), UNV),
    "claim.lodged_date": ((0, 3), UNV),
    "person.conviction_date": ((0, 10), UNV),
    "relationship.cohabitation_start_date": ((0, 6), UNV),
    "relationship.start_date": ((0, 8), UNV),
    "sponsor.danish_citizenship_since": ((0, 40), UNV),
    "sponsor.dwelling_lease_end_date": ((-3, 0), UNV),
    "sponsor.last_child_abuse_conviction_date": ((0, 15), UNV),
    "sponsor.last_partner_violence_conviction_date": ((0, 15), UNV),
    "sponsor.last_public_assistance_date": ((0, 8), UNV),
    "sponsor.partner_last_child_abuse_conviction_date": ((0, 15), UNV),
    "sponsor.permanent_residence_since": ((0, 15), UNV),
    "sponsor.protection_granted_on": ((0, 10), UNV),
    "person.protection_granted_on": ((0, 10), UNV),
    "sponsor.residence_granted_on": ((0, 12), UNV),
}
