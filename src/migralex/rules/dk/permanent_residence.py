"""Danish permanent residence ("tidsubegrænset opholdstilladelse"): Udlændingeloven (UL) § 11, stk. 3-4,
and § 11 a.

Covers decisions from 15 May 2017 (the regime passed 4 May 2017; applications lodged from 15 March 2017) to
date: 8 years of lawful residence with 2 of the 4 supplementary conditions, or 4 years with all 4; full-time
work for 3 years 6 months of the last 4 years; no public assistance for 4 years; Prøve i Dansk 2; permanent
exclusion after an unconditional prison sentence of 6 months or more, and waiting periods (karens) after
shorter sentences (§ 11 a, read in the consolidated act); no overdue public debt; the integration declaration.
The easier routes (pensioners, refugees, young applicants) are not encoded: their parameters are UNVERIFIED.
Primary source: Udlændingeloven, LBK nr. 1009 af 02/09/2024
(https://www.retsinformation.dk/eli/lta/2024/1009); each condition cites its provision.
"""

from __future__ import annotations

from datetime import date

from migralex.engine import (
    FactType,
    Program,
    add_months,
    add_years,
    age_on,
    all_of,
    any_of,
    at_least,
    computation,
    condition,
    decision_date,
    fact,
    if_,
    not_,
    param,
    unless,
)
from migralex.engine.meta import ConditionTag, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import case_text, guidance_text, secondary_text, statute_text
from migralex.rules.dk.family_reunification import APPLICANT_BIRTH_DATE, APPLICANT_DANISH
from migralex.rules.meta import GRANT, encoded_from

P = "dk.permanent_residence"

PR_PAGE = (
    "https://www.nyidanmark.dk/da/Du-vil-ansøge/Permanent-ophold/Permanent-ophold/"
    "?anchor=C18C2BCC8DE648F3AB92F840AEC26D3B"
)
NEWS_2017 = (
    "https://www.nyidanmark.dk/da/News%20Front%20Page/2017/11/Nye_regler_om_permanent_opholdstilladelse"
)
DRAFT_2017 = (
    "http://docplayer.dk/34919160-U-d-k-a-s-t-hoering-forslag-til-lov-om-aendring-af-udlaendingeloven-"
    "skaerpelse-af-reglerne-om-tidsubegraenset-opholdstilladelse.html"
)
WORK_PAGE = (
    "https://www.nyidanmark.dk/da/Ord-og-begreber/US/Permanent-ophold/Permanent-ophold---Ordin%C3%A6rt-"
    "fuldtidsarbejde/"
)
THE_LOCAL = "https://www.thelocal.dk/20231115/when-can-i-start-counting-my-stay-in-denmark-towards-permanent-residency"
#: The page on ordinary full-time work, read in the stored copy on 2026-11-29.
WORK_EXCERPT = (
    "Det er en grundlæggende betingelse for at få permanent opholdstilladelse, at du har været i ordinært "
    "fuldtidsarbejde i mindst 3 år og 6 måneder inden for de seneste 4 år. Hvis du har været i ordinært "
    "fuldtidsarbejde i mindst 4 år inden for de seneste 4 år og 6 måneder, kan du også opfylde den "
    "supplerende betingelse om arbejde."
)
#: Udlændingestyrelsen's news of 15 May 2017 on the new rules, read in the stored copy on 2026-11-29.
NEWS_2017_EXCERPT = (
    "Opholdskravet ændres fra 6 til 8 års lovligt ophold i Danmark. ... Dog kan opholdskravet opfyldes efter "
    "4 års lovligt ophold, hvis ansøger opfylder alle 4 supplerende betingelser. ... Kravet om ikke at have "
    "modtaget offentlig hjælp efter lov om aktiv socialpolitik (aktivloven) eller integrationsloven ændres "
    "til inden for de sidste 4 år. ... De supplerende betingelser er uændrede."
)
NEMFAMILIE_PR = "https://nemfamiliesammenfoering.dk/permanent-opholdstilladelse/"
UDLN = "https://udln.dk/da/Praksis/Tidsubegraenset_ophold/Krav_lovligt_ophold"
#: The page on permanent residence, read in the stored copy on 2026-11-29 (fees 7,475 / 5,545 kr.).
PR_BASIC_EXCERPT = (
    "Du har mulighed for at få permanent opholdstilladelse i Danmark, når du har haft tidsbegrænset "
    "opholdstilladelse i Danmark i mindst 8 år. I visse tilfælde mindst 4 år. ... For at få permanent "
    "opholdstilladelse skal du, som er ansøger, opfylde en række grundlæggende betingelser og 2 ud af 4 "
    "supplerende betingelser. Hvis du opfylder alle 4 supplerende betingelser, vil du kunne få permanent "
    "opholdstilladelse efter at have boet lovligt i Danmark i mindst 4 år i stedet for 8 år."
)
UL_11_3 = guidance_text(
    "Udlændingeloven § 11, stk. 3 (basic conditions, as tightened from 15 May 2017)",
    PR_PAGE,
    pinpoint="'Hvem kan få permanent opholdstilladelse?' and 'Hvad er betingelserne?'",
    excerpt=PR_BASIC_EXCERPT,
    verified=True,
)
UL_11_4 = citing.ul(
    "§ 11, stk. 4",
    (
        "Stk. 4. Meddelelse af tidsubegrænset opholdstilladelse er endvidere betinget af, at udlændingen "
        "opfylder to "
        "af følgende betingelser: 1) ... medborgerskabsprøve ... eller udvist aktivt medborgerskab her i "
        "landet "
        "gennem mindst 1 års deltagelse i bestyrelser, organisationer m.v. 2) ... mindst 4 år inden for de "
        "sidste 4 "
        "år og 6 måneder ... 3) ... årlig skattepligtig indkomst på gennemsnitligt 270.000 kr. de sidste 2 "
        "år ... "
        "4) Udlændingen har bestået Prøve i Dansk 3 ..."
    ),
    see_also=(
        secondary_text(
            "Udlændingeloven § 11, stk. 4 (supplementary conditions) [S: The Local, Nov 2023]",
            THE_LOCAL,
        ),
    ),
)

# --- facts ---------------------------------------------------------------------------------------------
RESIDENCE_YEARS = fact(
    "applicant.lawful_residence_years",
    FactType.INT,
    "Completed years of uninterrupted lawful residence in Denmark on qualifying permits (UL §§ 7-9 f, 9 i-9 "
    "n, 9 p, 9 q, stk. 2-3); periods abroad deducted; stays under the Ukrainian special act do not count",
    minimum=0,
)
LONGEST_PRISON = fact(
    "applicant.longest_unconditional_prison_months",
    FactType.INT,
    "Longest unconditional prison sentence the applicant has received, in months (0 if none)",
    minimum=0,
)
HAS_CONDITIONAL = fact(
    "applicant.has_conditional_sentence",
    FactType.BOOL,
    "The applicant has received a conditional (suspended) prison sentence",
)
CONDITIONAL_DATE = fact(
    "applicant.conditional_sentence_date",
    FactType.DATE,
    "Date of the final judgment of the latest conditional sentence",
)
COMMUNITY_SERVICE = fact(
    "applicant.conditional_sentence_with_community_service",
    FactType.BOOL,
    "The latest conditional sentence came with community service",
)
PROBATION_END = fact(
    "applicant.probation_end_date",
    FactType.DATE,
    "End of the probation period of the latest conditional sentence",
)
HAS_SHORT_PRISON = fact(
    "applicant.has_short_prison_sentence",
    FactType.BOOL,
    "The applicant has received an unconditional prison sentence of more than 60 days but under the bar of "
    "6 months",
)
SHORT_PRISON_DATE = fact(
    "applicant.short_prison_sentence_date",
    FactType.DATE,
    "Date of the final judgment of the latest such unconditional sentence",
)
DEBT = fact(
    "applicant.has_overdue_public_debt",
    FactType.BOOL,
    "The applicant has overdue debt to public authorities (student loans and bank debt do not count)",
)
DEFERRAL = fact(
    "applicant.public_debt_deferral_granted",
    FactType.BOOL,
    "A deferral of payment (henstand) has been granted for the overdue public debt",
)
RECEIVED_ASSISTANCE = fact(
    "applicant.has_received_public_assistance",
    FactType.BOOL,
    "The applicant has ever received assistance under aktivloven or the Integration Act",
)
LAST_ASSISTANCE = fact(
    "applicant.last_public_assistance_date",
    FactType.DATE,
    "Last date the applicant received assistance under aktivloven or the Integration Act",
)
DECLARATION = fact(
    "applicant.integration_declaration_signed",
    FactType.BOOL,
    "The applicant has signed the declaration on integration and active citizenship",
)
WORK_LAST_4 = fact(
    "applicant.full_time_work_months_last_4_years",
    FactType.INT,
    "Months of ordinary full-time employment or self-employment (at least 30 h/week on average) within the "
    "last 4 years",
    minimum=0,
)
EMPLOYED_NOW = fact(
    "applicant.currently_employed",
    FactType.BOOL,
    "The applicant is in employment or self-employment at the time of the decision",
)
LIVES_HERE = fact(
    "applicant.resides_in_country",
    FactType.BOOL,
    "The applicant lives in Denmark at the time of the decision",
)
MEETS_PERMIT = fact(
    "applicant.meets_current_permit_conditions",
    FactType.BOOL,
    "The applicant still meets the conditions of the current residence permit",
)
CITIZENSHIP_TEST = fact(
    "applicant.passed_citizenship_test",
    FactType.BOOL,
    "The applicant has passed the citizenship test (medborgerskabsprøven)",
)
ACTIVE_CITIZENSHIP = fact(
    "applicant.active_citizenship_months",
    FactType.INT,
    "Months of active citizenship in Denmark (e.g. board member or member of an association)",
    minimum=0,
)
WORK_LAST_4_5 = fact(
    "applicant.full_time_work_months_last_4_5_years",
    FactType.INT,
    "Months of ordinary full-time employment or self-employment within the last 4 years and 6 months",
    minimum=0,
)
INCOME = fact(
    "applicant.average_taxable_income",
    FactType.DECIMAL,
    "Average annual taxable income over the 2 years before the decision",
    unit="DKK",
)

# --- basic conditions ------------------------------------------------------------------------------------
adult = condition(
    f"{P}.adult",
    "The applicant is at least {param:dk.permanent_residence.min_age}",
    guidance_text(
        "Udlændingeloven § 11, stk. 3 (age)",
        PR_PAGE,
        pinpoint="Grundlæggende betingelser (age)",
        excerpt="Du skal være over 18 år for at få permanent opholdstilladelse.",
        verified=True,
    ),
    age_on(APPLICANT_BIRTH_DATE, decision_date()) >= param(f"{P}.min_age"),
    tags={ConditionTag.AGE_LIMIT},
)
no_sentence_bar = condition(
    f"{P}.no_prison_sentence_bar",
    "The applicant has never had an unconditional prison sentence of "
    "{param:dk.permanent_residence.prison_bar_months} months or more (permanent exclusion)",
    citing.ul(
        "§ 11, stk. 3, nr. 2",
        (
            "2) Udlændingen er ikke idømt ubetinget straf af mindst 6 måneders fængsel eller anden "
            "strafferetlig "
            "retsfølge, der indebærer eller giver mulighed for frihedsberøvelse, for en lovovertrædelse, "
            "der ville "
            "have medført en straf af denne varighed."
        ),
        see_also=(
            secondary_text(
                "Udlændingeloven § 11, stk. 3, nr. 2 ('1 års' -> '6 måneders', 2017 hearing draft)",
                DRAFT_2017,
            ),
        ),
    ),
    param(f"{P}.prison_bar_months") > LONGEST_PRISON,
    tags={ConditionTag.CRIMINALITY},
)
conditional_waiting = condition(
    f"{P}.conditional_sentence_waiting_period",
    "The waiting period after a conditional sentence has run: 6 years from the final judgment (7.5 years "
    "with community service), and at least until the probation period has ended",
    citing.ul(
        "§ 11 a, stk. 1",
        (
            "§ 11 a. Betinget frihedsstraf er til hinder for meddelelse af tidsubegrænset opholdstilladelse "
            "i "
            "følgende tidsrum: 1) Betinget frihedsstraf med vilkår om samfundstjeneste ... i 7 år og 6 "
            "måneder fra "
            "tidspunktet for afsigelse af endelig dom, dog altid indtil udløbet af den prøvetid, der er "
            "fastsat i "
            "dommen. 2) Anden betinget frihedsstraf ... i 6 år fra tidspunktet for afsigelse af endelig "
            "dom, dog "
            "altid indtil udløbet af den prøvetid, der er fastsat i dommen."
        ),
        see_also=(secondary_text("Udlændingeloven § 11 a (2017 hearing draft)", DRAFT_2017),),
    ),
    any_of(
        not_(HAS_CONDITIONAL),
        all_of(
            add_months(
                CONDITIONAL_DATE,
                if_(
                    COMMUNITY_SERVICE,
                    param(f"{P}.conditional_community_service_waiting_months"),
                    param(f"{P}.conditional_waiting_months"),
                ),
                "round_down",
            )
            <= decision_date(),
            decision_date() >= PROBATION_END,
        ),
    ),
    tags={ConditionTag.WAITING_PERIOD},
)
prison_waiting = condition(
    f"{P}.prison_sentence_waiting_period",
    "The waiting period after an unconditional sentence of more than 60 days (and under 6 months) has run: "
    "{param:dk.permanent_residence.short_prison_waiting_years} years from the date recorded for the "
    "sentence (the act counts from release)",
    citing.ul(
        "§ 11 a, stk. 2, nr. 3",
        (
            "3) Ubetinget frihedsstraf i 60 dage eller mere, men under 6 måneder, er til hinder for "
            "meddelelse af "
            "tidsubegrænset opholdstilladelse i 15 år fra tidspunktet for løsladelse."
        ),
        "The act counts from release (stk. 3: from parole); the rule counts from the date recorded for the "
        "sentence.",
        see_also=(secondary_text("Udlændingeloven § 11 a (2017 hearing draft, 12 -> 15 years)", DRAFT_2017),),
    ),
    any_of(
        not_(HAS_SHORT_PRISON),
        add_years(SHORT_PRISON_DATE, param(f"{P}.short_prison_waiting_years"), "round_down")
        <= decision_date(),
    ),
    tags={ConditionTag.WAITING_PERIOD},
)
no_public_debt = condition(
    f"{P}.no_overdue_public_debt",
    "The applicant has no overdue public debt",
    citing.ul(
        "§ 11, stk. 3, nr. 4",
        (
            "4) Udlændingen har ikke forfalden gæld til det offentlige, medmindre der er givet henstand med "
            "hensyn "
            "til tilbagebetalingen af gælden og gælden ikke overstiger 100.000 kr."
        ),
        see_also=(
            secondary_text(
                "Udlændingeloven § 11, stk. 3 (overdue public debt) [S: nemfamiliesammenfoering.dk]",
                NEMFAMILIE_PR,
            ),
        ),
    ),
    not_(DEBT),
    unless=[
        unless(
            f"{P}.no_overdue_public_debt.deferral",
            "A deferral of payment (henstand) has been granted",
            statute_text(
                "Udlændingeloven § 11, stk. 3 (unless deferral granted)",
                citing.UL,
                see_also=(
                    secondary_text(
                        (
                            "Udlændingeloven § 11, stk. 3 (unless deferral granted) [S: "
                            "nemfamiliesammenfoering.dk]"
                        ),
                        NEMFAMILIE_PR,
                    ),
                ),
            ),
            all_of(DEBT, DEFERRAL),
        )
    ],
    tags={ConditionTag.PUBLIC_ASSISTANCE},
)
no_public_assistance = condition(
    f"{P}.no_public_assistance",
    "The applicant has received no assistance under aktivloven or the Integration Act in the "
    "{param:dk.permanent_residence.no_assistance_years} years before "
    "the decision",
    guidance_text(
        "Udlændingeloven § 11, stk. 3, nr. 5 (3 -> 4 years from 15 May 2017)",
        NEWS_2017,
        pinpoint="news of 15 May 2017, third point",
        excerpt=NEWS_2017_EXCERPT,
        verified=True,
    ),
    any_of(
        not_(RECEIVED_ASSISTANCE),
        add_years(LAST_ASSISTANCE, param(f"{P}.no_assistance_years"), "round_down") <= decision_date(),
    ),
    tags={ConditionTag.PUBLIC_ASSISTANCE},
)
declaration = condition(
    f"{P}.integration_declaration",
    "The applicant has signed the declaration on integration and active citizenship",
    citing.ul(
        "§ 11, stk. 3, nr. 6",
        (
            "6) Udlændingen har underskrevet en opholds- og selvforsørgelseserklæring, jf. "
            "integrationslovens § 19, "
            "stk. 1, 3. pkt., eller på anden vis tilkendegivet at acceptere indholdet heraf."
        ),
        see_also=(
            secondary_text(
                "Udlændingeloven § 11, stk. 3 (declaration) [S: nemfamiliesammenfoering.dk]",
                NEMFAMILIE_PR,
            ),
        ),
    ),
    DECLARATION,
    tags={ConditionTag.INTEGRATION},
)
danish_basic = condition(
    f"{P}.danish_test",
    "The applicant has passed Prøve i Dansk 2 or an equivalent or higher test",
    citing.ul(
        "§ 11, stk. 3, nr. 7",
        (
            "7) Udlændingen har bestået Prøve i Dansk 2, jf. § 9, stk. 1, i danskuddannelsesloven, eller en "
            "danskprøve på et tilsvarende eller højere niveau."
        ),
        see_also=(
            secondary_text(
                "Udlændingeloven § 11, stk. 3 (Prøve i Dansk 2 since 2016) [S: homann law]",
                (
                    "https://homann.server14.opengate.dk/artikel/stramninger-i-reglerne-om-tidsubegraense"
                    "t-opholdstilladelse/"
                ),
            ),
        ),
    ),
    APPLICANT_DANISH.is_in(param(f"{P}.basic_danish_levels")),
    tags={ConditionTag.INTEGRATION},
)
employment = condition(
    f"{P}.full_time_work",
    "The applicant has had ordinary full-time work or self-employment for at least 3 years 6 months of the "
    "last 4 years",
    guidance_text(
        "Udlændingeloven § 11, stk. 3, nr. 8 (Udlændingestyrelsen, ordinary full-time work)",
        WORK_PAGE,
        excerpt=WORK_EXCERPT,
        verified=True,
    ),
    param(f"{P}.work_months_last_4_years") <= WORK_LAST_4,
    tags={ConditionTag.INCOME},
)
employed_now = condition(
    f"{P}.currently_employed",
    "The applicant is in employment at the time of the decision",
    case_text("Udlændingeloven § 11, stk. 3, nr. 9 (Udlændingenævnet, 14 April 2023)", UDLN),
    EMPLOYED_NOW,
    tags={ConditionTag.INCOME},
)
residence_at_decision = condition(
    f"{P}.residence_at_decision",
    "The applicant lives in Denmark when the decision is made and still meets the conditions of the current "
    "permit",
    guidance_text(
        "Udlændingeloven § 11, stk. 3 (residence at the time of decision)",
        PR_PAGE,
        pinpoint="Grundlæggende betingelser (current permit; residence at the decision)",
        excerpt=(
            "Du skal fortsat opfylde de løbende betingelser, der er stillet for din nuværende "
            "opholdstilladelse. Du skal også være opmærksom på, at det er en forudsætning for at få "
            "permanent opholdstilladelse, at du har bopæl i Danmark, når Udlændingestyrelsen træffer "
            "afgørelse i din sag."
        ),
        verified=True,
    ),
    all_of(LIVES_HERE, MEETS_PERMIT),
    tags={ConditionTag.RESIDENCE},
)

# --- supplementary conditions (§ 11, stk. 4) ---------------------------------------------------------------
s1_active_citizenship = condition(
    f"{P}.supplementary.active_citizenship",
    "Supplementary 1: the applicant has passed the citizenship test or shown at least 1 year of active "
    "citizenship",
    UL_11_4,
    any_of(CITIZENSHIP_TEST, param(f"{P}.active_citizenship_months") <= ACTIVE_CITIZENSHIP),
    tags={ConditionTag.INTEGRATION},
)
s2_extra_work = condition(
    f"{P}.supplementary.extra_work",
    "Supplementary 2: ordinary full-time work or self-employment for at least 4 years of the last 4 years "
    "6 months",
    guidance_text(
        "Udlændingeloven § 11, stk. 4 (Udlændingestyrelsen, ordinary full-time work)",
        WORK_PAGE,
        excerpt=WORK_EXCERPT,
        verified=True,
    ),
    param(f"{P}.extra_work_months") <= WORK_LAST_4_5,
    tags={ConditionTag.INCOME},
)
s3_income = condition(
    f"{P}.supplementary.income",
    "Supplementary 3: average annual taxable income over the last 2 years at or above the threshold "
    "(DKK {param:dk.permanent_residence.income_threshold}, the level of the decision year)",
    UL_11_4,
    param(f"{P}.income_threshold") <= INCOME,
    tags={ConditionTag.INCOME},
)
s4_danish = condition(
    f"{P}.supplementary.danish",
    "Supplementary 4: the applicant has passed Prøve i Dansk 3 or an equivalent or higher test",
    UL_11_4,
    APPLICANT_DANISH.is_in(param(f"{P}.supplementary_danish_levels")),
    tags={ConditionTag.INTEGRATION},
)
SUPPLEMENTARY = (s1_active_citizenship, s2_extra_work, s3_income, s4_danish)

route_8_years = condition(
    f"{P}.route_8_years",
    "Basic route: at least {param:dk.permanent_residence.residence_years} years of lawful residence and at "
    "least {param:dk.permanent_residence.supplementary_required} of the 4 supplementary conditions",
    guidance_text(
        "Udlændingeloven § 11, stk. 3, nr. 1 (6 -> 8 years in 2017) and stk. 4",
        NEWS_2017,
        pinpoint="news of 15 May 2017, first point",
        excerpt=NEWS_2017_EXCERPT,
        verified=True,
    ),
    all_of(
        param(f"{P}.residence_years") <= RESIDENCE_YEARS,
        at_least(param(f"{P}.supplementary_required"), *SUPPLEMENTARY),
    ),
)
route_4_years = condition(
    f"{P}.route_4_years",
    "Fast route: at least {param:dk.permanent_residence.residence_years_fast_route} years of lawful "
    "residence and all the supplementary conditions",
    guidance_text(
        "Udlændingeloven § 11, stk. 3, nr. 1 (4 years if all supplementary conditions are met)",
        PR_PAGE,
        pinpoint="'Hvad er betingelserne?'",
        excerpt=(
            "Hvis du opfylder alle 4 supplerende betingelser, vil du kunne få permanent opholdstilladelse "
            "efter at have boet lovligt i Danmark i mindst 4 år i stedet for 8 år."
        ),
        verified=True,
    ),
    all_of(param(f"{P}.residence_years_fast_route") <= RESIDENCE_YEARS, *SUPPLEMENTARY),
)
residence = condition(
    f"{P}.lawful_residence",
    "Lawful residence long enough for one of the two routes (8 years with 2 of 4 supplementary conditions, "
    "or 4 years with all 4)",
    UL_11_3,
    any_of(route_8_years, route_4_years),
    tags={ConditionTag.RESIDENCE},
)

eligible = condition(
    P,
    "Permanent residence in Denmark",
    UL_11_3,
    all_of(
        adult,
        residence,
        no_sentence_bar,
        conditional_waiting,
        prison_waiting,
        no_public_debt,
        no_public_assistance,
        declaration,
        danish_basic,
        employment,
        employed_now,
        residence_at_decision,
    ),
)
route = computation(
    f"{P}.route",
    "The route on which permanent residence is granted: four_year, eight_year, or none",
    UL_11_3,
    if_(eligible, if_(route_4_years, "four_year", "eight_year"), "none"),
)

PERMANENT_RESIDENCE = Program(
    id=P,
    meta=ProgramMeta(
        vocabulary=GRANT,
    ),
    in_force=encoded_from(
        date(2017, 5, 15),
        UL_11_3,
        "permanent residence before the regime of 15 May 2017",
    ),
    title="Permanent residence (Denmark)",
    description=(
        "UL § 11, stk. 3-4 and § 11 a (from 15 May 2017): 8 years with 2 of 4 supplementary conditions or "
        "4 years with all 4; work, no public assistance for 4 years, Prøve i Dansk 2, no public debt, the "
        "criminal-sentence bar and waiting periods, the declaration."
    ),
    root=eligible,
    citation=UL_11_3,
    outputs={"route": route},
)

PROGRAMS = [PERMANENT_RESIDENCE]
