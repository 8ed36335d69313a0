"""UK Voluntary Returns Service (VRS): who can apply, who cannot, and reintegration support.

Home Office guidance on returning home voluntarily (no statute). Covers decisions from 8 December 2020 (the
earliest dated description found: up to GBP 2,000 reintegration support; GBP 3,000 by 21 June 2022, date of
the rise UNVERIFIED). The 2026 pilot for failed-asylum families (GBP 10,000 per person, capped at GBP 40,000
per family, accept within 7 days) is the separate program ``uk.voluntary_return.family_pilot_2026`` from 5
March 2026. Source: Home Office guidance on the Voluntary Returns Service (gov.uk).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from migralex.engine import (
    FactType,
    Program,
    all_of,
    computation,
    condition,
    fact,
    if_,
    intersects,
    minimum,
    not_,
    param,
)
from migralex.engine.meta import ConditionTag, MoneyOutput, OutcomeVocabulary, ProgramMeta
from migralex.rules.citing import guidance_text, secondary_text
from migralex.rules.meta import SUPPORT as PAYMENT
from migralex.rules.meta import commenced, encoded_from
from migralex.rules.uk.facts import CUSTODIAL_MONTHS

P = "uk.voluntary_return"
PILOT = f"{P}.family_pilot_2026"
VRS = guidance_text(
    "Home Office, Returning to your home country voluntarily: how the service works (who can apply)",
    "https://gov.uk/government/publications/returning-to-your-home-country-voluntarily-how-the-service-works/",
    (
        "The gov.uk guidance itself was not opened in this session; its terms are taken from the secondary "
        "summary below."
    ),
    see_also=(
        secondary_text(
            (
                "Home Office, Voluntary Returns Service: who can apply (summary of gov.uk 'Return home "
                "voluntarily') [S: Jamaica Gleaner, 21 Jun 2022]"
            ),
            "https://jamaica-gleaner.com/article/news/20220621/immigration-corner-eligibility-voluntary-returns",
        ),
    ),
)
VRS_PROCESS = guidance_text(
    "gov.uk, Process for returning home voluntarily (updated 25 Jul 2024)",
    (
        "https://gov.uk/government/publications/returning-to-your-home-country-voluntarily-how-the-servic"
        "e-works/process-for-returning-home-voluntarily-accessible-version"
    ),
)
PILOT_CITE = guidance_text(
    (
        "Home Office, Home Secretary's speech on immigration, 5 March 2026 (IPPR): pilot of an increased "
        "return incentive for failed-asylum families"
    ),
    (
        "https://www.wired-gov.net/wg/news.nsf/articles/home+secretarys+speech+on+immigration+5+march+2026+"
        "06032026152000?open"
    ),
    (
        "The Home Office text of the speech was read in its wired-gov.net copy of 6 March 2026 (searched "
        "'Home Secretary speech IPPR immigration 5 March 2026'); the stored copy "
        "shows its opening, not the pilot paragraph. That paragraph is quoted verbatim by PTI (newsdrum.in, "
        "5 Mar 2026): 'This government will now pilot a similar model for families who are failed asylum "
        "seekers. A small number of whom will now be offered an increased incentive payment of 10,000 pounds "
        "per person and up to a maximum of 40,000 pounds per family'. The 7-day acceptance window and the "
        "exclusion of families who refuse or obstruct departure rest on the Home Office's briefing as "
        "reported by LBC and PA, not on the speech text read here; no gov.uk policy document on the pilot "
        "was found (searched 'gov.uk Home Office pilot families failed asylum 10,000 per person')."
    ),
    pinpoint="the pilot paragraph (failed-asylum families; GBP 10,000 per person, GBP 40,000 per family)",
    see_also=(
        secondary_text(
            "PTI, 'New scheme will pay failed asylum seekers thousands of pounds to leave UK', 5 March 2026",
            "https://www.newsdrum.in/international/new-scheme-will-pay-failed-asylum-seekers-thousands-of-pounds-to-leave-uk-11178667",
        ),
        secondary_text(
            "LBC, 'Families of failed asylum-seekers will be paid up to GBP 40,000 to leave', 5 March 2026 "
            "(7-day window; refusal or obstruction excludes)",
            "https://www.lbc.co.uk/article/failed-asylum-seeker-families-paid-leave-uk-5HjdTrM_2/",
        ),
        secondary_text(
            (
                "Home Office pilot announced 5 March 2026: GBP 10,000 per person, up to GBP 40,000 per "
                "family, for selected failed-asylum families who accept within 7 days [S: Shropshire Star/PA]"
            ),
            (
                "https://www.shropshirestar.com/uk-news/2026/03/05/home-office-offering-failed-asylum-claim-famil"
                "ies-40000-is-not-a-pull-factor/"
            ),
        ),
    ),
)

APPLY_GROUNDS = (
    "irregular_stay_or_overstayer",
    "withdrawing_application",
    "asylum_claimant",
    "confirmed_modern_slavery_victim",
    "eea_resident_before_2021",
)
SUPPORT_GROUNDS = (
    "returning_to_developing_country",
    "refused_asylum",
    "confirmed_modern_slavery_victim",
    "family_with_child_under_18",
    "under_18_travelling_alone",
    "care_leaver_under_21",
    "sleeping_rough",
    "needs_more_help",
)

# --- facts ---------------------------------------------------------------------------------------
GROUNDS = fact(
    "person.voluntary_return_grounds",
    FactType.CODE_SET,
    "Grounds on which the person may use the Voluntary Returns Service (any that apply)",
    "in the UK illegally or overstayed; withdrawing (or has withdrawn) an application to stay; has claimed "
    "asylum; UKVI letter confirming a victim of modern slavery; EU/EEA/Swiss national (or family) living in "
    "the UK before 1 January 2021",
    codes=APPLY_GROUNDS,
)
UNDER_INVESTIGATION = fact(
    "person.under_investigation_or_detained",
    FactType.BOOL,
    "The person is under police investigation or detained by the Home Office",
)
DEPORTATION_ORDER = fact(
    "person.deportation_order_after_conviction",
    FactType.BOOL,
    "The person has been convicted and given a deportation order",
)
HOLDS_STATUS = fact(
    "person.holds_protection_or_settlement",
    FactType.BOOL,
    "The person already holds humanitarian protection, indefinite leave to remain or refugee status",
)
THIRD_COUNTRY = fact(
    "person.third_country_case", FactType.BOOL, "The person's case is a 'third country case'"
)
SUPPORT = fact(
    "person.reintegration_support_grounds",
    FactType.CODE_SET,
    "Grounds on which the person may get reintegration (financial) support (any that apply)",
    codes=SUPPORT_GROUNDS,
)
PILOT_SELECTED = fact(
    "family.selected_for_return_pilot",
    FactType.BOOL,
    "The family is a failed-asylum family in taxpayer-funded accommodation selected for the 2026 pilot",
)
PILOT_DAYS = fact(
    "family.days_to_accept_offer",
    FactType.INT,
    "Days the family took to accept the offer to return",
    minimum=0,
)
PILOT_OBSTRUCTED = fact(
    "family.refused_or_obstructed_departure",
    FactType.BOOL,
    "The family refused or obstructed departure",
)
FAMILY_SIZE = fact("family.size", FactType.INT, "Number of people in the family who return", minimum=1)

# --- VRS -----------------------------------------------------------------------------------------
can_apply = condition(
    f"{P}.can_apply",
    "The person is in a group that can apply to the Voluntary Returns Service",
    VRS,
    intersects(GROUNDS, APPLY_GROUNDS),
)
not_excluded = condition(
    f"{P}.not_excluded",
    "The person is not excluded: not under police investigation or detained, no prison sentence of "
    "{param:uk.voluntary_return.excluding_sentence_months} months "
    "or more, no deportation order after conviction, no protection or settled status, not a third country "
    "case",
    VRS,
    all_of(
        not_(UNDER_INVESTIGATION),
        param(f"{P}.excluding_sentence_months") > CUSTODIAL_MONTHS,
        not_(DEPORTATION_ORDER),
        not_(HOLDS_STATUS),
        not_(THIRD_COUNTRY),
    ),
    tags={ConditionTag.CRIMINALITY},
)
eligible = condition(
    P,
    "The person can return home through the Voluntary Returns Service",
    VRS,
    all_of(can_apply, not_excluded),
)
support_group = condition(
    f"{P}.reintegration_support_group",
    "The person is in a group that may get reintegration support (e.g. returning to a developing country, "
    "refused asylum, family with a child, care leaver under 21)",
    guidance_text(
        "Home Office, Returning to your home country voluntarily: how the service works (financial support)",
        "https://gov.uk/government/publications/returning-to-your-home-country-voluntarily-how-the-service-works/",
        "The gov.uk guidance itself was not opened in this session.",
        see_also=(
            secondary_text(
                (
                    "gov.uk 'Return home voluntarily': who may get financial support [S: Amed Post, "
                    "summarising "
                    "gov.uk]"
                ),
                (
                    "https://amedpost.com/the-eye-watering-sum-the-uk-government-has-paid-migrants-to-leave-brita"
                    "in-revealed-politics-news"
                ),
            ),
        ),
    ),
    intersects(SUPPORT, SUPPORT_GROUNDS),
)
reintegration = computation(
    f"{P}.reintegration_support",
    "Maximum reintegration support (to find housing, find work or start a business)",
    VRS,
    if_(all_of(eligible, support_group), param(f"{P}.reintegration_max"), Decimal("0")),
    unit="GBP",
)

VOLUNTARY_RETURN = Program(
    id=P,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="may_return",
            negative="may_not_return",
            positive_text="Can return through the Voluntary Returns Service",
            negative_text="Cannot use the Voluntary Returns Service",
        ),
        money=(MoneyOutput("reintegration_support", "GBP"),),
    ),
    in_force=encoded_from(
        date(2020, 12, 8),
        VRS_PROCESS,
        "the Voluntary Returns Service before 8 December 2020 (the earliest dated guidance found)",
    ),
    title="Voluntary Returns Service (UK)",
    description=(
        "Who can apply to return home voluntarily with Home Office help, who is excluded, and the maximum "
        "reintegration support (up to GBP 3,000)."
    ),
    root=eligible,
    citation=VRS_PROCESS,
    outputs={"reintegration_support": reintegration},
)

# --- 2026 family pilot ----------------------------------------------------------------------------
pilot_selected = condition(
    f"{PILOT}.selected",
    "The family was selected for the 2026 return-payment pilot",
    PILOT_CITE,
    PILOT_SELECTED,
    tags={ConditionTag.PROCEDURE},
)
pilot_accepted = condition(
    f"{PILOT}.accepted_in_time",
    "The family accepted the offer within {param:uk.voluntary_return.family_pilot_2026.acceptance_days} days",
    PILOT_CITE,
    param(f"{PILOT}.acceptance_days") >= PILOT_DAYS,
    tags={ConditionTag.PROCEDURE},
)
pilot_cooperates = condition(
    f"{PILOT}.no_obstruction",
    "The family has not refused or obstructed departure",
    PILOT_CITE,
    not_(PILOT_OBSTRUCTED),
)
pilot_eligible = condition(
    PILOT,
    "The family qualifies for the 2026 return-payment pilot",
    PILOT_CITE,
    all_of(pilot_selected, pilot_accepted, pilot_cooperates),
)
pilot_amount = computation(
    f"{PILOT}.payment",
    "Pilot payment to the family: GBP {param:uk.voluntary_return.family_pilot_2026.per_person} per person, "
    "at most GBP {param:uk.voluntary_return.family_pilot_2026.family_cap}",
    PILOT_CITE,
    if_(
        pilot_eligible,
        minimum(param(f"{PILOT}.per_person") * FAMILY_SIZE, param(f"{PILOT}.family_cap")),
        Decimal("0"),
    ),
    unit="GBP",
)

FAMILY_PILOT = Program(
    id=PILOT,
    meta=ProgramMeta(
        vocabulary=PAYMENT,
        money=(MoneyOutput("payment", "GBP"),),
    ),
    in_force=commenced(date(2026, 3, 5), PILOT_CITE),
    title="Voluntary return payment pilot for failed-asylum families (UK, 2026)",
    description=(
        "Pilot from 5 March 2026: selected failed-asylum families in taxpayer-funded accommodation who "
        "accept "
        "within 7 days get GBP 10,000 per person, capped at GBP 40,000 per family (end date UNVERIFIED)."
    ),
    root=pilot_eligible,
    citation=PILOT_CITE,
    outputs={"payment": pilot_amount},
)

PROGRAMS = [VOLUNTARY_RETURN, FAMILY_PILOT]
