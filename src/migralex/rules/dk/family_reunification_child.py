"""Danish family reunification of children: Udlændingeloven (UL) § 9, stk. 1, nr. 2, the 3-month deadline of
§ 9, stk. 20 (L 43 (2019-20)), and § 9 c, stk. 1 for children aged 15-17.

Covers decisions from 1 January 2020 (the 3-month application deadline; the "integration potential" test
for children over 8 abolished) to date. The child must be under 15 at application (15-17 only for "very
special reasons" under § 9 c), unmarried, with a parent in Denmark who has custody and can sponsor, and
neither that parent nor their spouse convicted of abuse of minors in the last 10 years. The waiting period
of a parent with temporary protection (§ 7, stk. 3) is 3 years until 30 June 2022 and presumably 2 years
after (UNVERIFIED).
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
from migralex.rules.citing import guidance_text, secondary_text, statute_text, travaux_text
from migralex.rules.dk.common import MA_V_DENMARK
from migralex.rules.dk.family_reunification import (
    APPLICANT_BIRTH_DATE,
    APPLICATION_DATE,
    EXCEPTIONAL_CIRCUMSTANCES,
    SPONSOR_PROTECTION_SINCE,
    SPONSOR_STATUS,
)
from migralex.rules.meta import GRANT, encoded_from

C = "dk.family_reunification.child"

NEWS_2019 = "https://www.nyidanmark.dk/da/Nyheder/2019/12/Nye-regler-for-familiesammenfoering-med-boern"
L43 = "https://ft.dk/samling/20191/lovforslag/l43/20191_l43_som_fremsat.htm"
FAIROPHOLD = "https://www.fairophold.dk/gennemgang-af-krav-til/familiesammenforing-med-barn-danske-regler"
LAWMAN = "http://lawman.dk/familiesammenforing-med-et-barn-under-15-ar/"
# Passages read on 2026-11-29 in the stored copies of the two pages above.
NEWS_2019_DEADLINE = (
    "Fra den 1. januar 2020 stilles i stedet et krav om, at ansøgning om opholdstilladelse fra børn "
    "under 15 år, der opholder sig i hjemlandet med den ene forælder eller en fast omsorgsperson, skal "
    "indgives senest 3 måneder efter, at den anden forælder har fået opholdstilladelse i Danmark på "
    "baggrund af familiesammenføring eller asyl. Hvis forælderen i Danmark er dansk eller nordisk "
    "statsborger, gælder 3-månedersfristen fra det tidspunkt, hvor forælderen er tilmeldt "
    "folkeregisteret."
)
L43_STK_20 = (
    "1) Når forælderen er meddelt opholdstilladelse efter § 7, stk. 3, regnes fristen fra det tidspunkt, "
    "hvor forælderen har haft opholdstilladelse i mere end de sidste 3 år, jf. stk. 1, nr. 2, litra d."
)
UL_9_1_2 = citing.ul(
    "§ 9, stk. 1, nr. 2",
    (
        "2) et ugift mindreårigt barn under 15 år af en i Danmark fastboende person eller dennes ægtefælle, "
        "når barnet "
        "bor hos forældremyndighedens indehaver og ikke gennem fast samlivsforhold har stiftet selvstændig "
        "familie, og "
        "når den i Danmark fastboende person a) har dansk indfødsret, b) ..., c) har opholdstilladelse "
        "efter § 7, "
        "stk. 1 eller 2, eller § 8, d) har haft opholdstilladelse efter § 7, stk. 3, i mere end de sidste 2 "
        "år, jf. "
        "dog § 37 m, eller e) har tidsubegrænset opholdstilladelse eller opholdstilladelse med mulighed for "
        "varigt "
        "ophold,"
    ),
    see_also=(secondary_text("Udlændingeloven § 9, stk. 1, nr. 2 (children under 15)", FAIROPHOLD),),
)

# --- facts ---------------------------------------------------------------------------------------------
UNMARRIED = fact(
    "applicant.unmarried_without_own_family",
    FactType.BOOL,
    "The child is unmarried and has not founded a family or household of their own",
)
CHILD_SPECIAL_REASONS = fact(
    "case.child_very_special_reasons",
    FactType.BOOL,
    "Very special reasons, such as family unity or the best interests of the child (UNCRC art. 3), support a "
    "permit to a child aged 15-17 (UL § 9 c, stk. 1)",
    "The best-interests assessment: leave out until it is recorded.",
)
CUSTODY = fact(
    "sponsor.has_custody",
    FactType.BOOL,
    "The parent in Denmark has custody (or joint custody) of the child",
)
ABUSE = fact(
    "sponsor.convicted_of_child_abuse",
    FactType.BOOL,
    "The parent in Denmark has been convicted of abuse of minors",
)
LAST_ABUSE = fact(
    "sponsor.last_child_abuse_conviction_date",
    FactType.DATE,
    "Date of the latest conviction of the parent in Denmark for abuse of minors",
)
PARTNER_ABUSE = fact(
    "sponsor.partner_convicted_of_child_abuse",
    FactType.BOOL,
    "The spouse or partner of the parent in Denmark has been convicted of abuse of minors",
)
PARTNER_LAST_ABUSE = fact(
    "sponsor.partner_last_child_abuse_conviction_date",
    FactType.DATE,
    "Date of the latest conviction of the parent's spouse or partner for abuse of minors",
)
LIVES_WITH_OTHER_PARENT = fact(
    "applicant.lives_abroad_with_other_parent_or_carer",
    FactType.BOOL,
    "The child lives abroad with the other parent or another carer",
)
SPONSOR_GRANTED = fact(
    "sponsor.residence_granted_on",
    FactType.DATE,
    "Date the parent in Denmark was granted the residence permit (family reunification or asylum) on which "
    "the application rests; for a Danish or Nordic citizen, the date of registration in the CPR register",
)
DEADLINE_SPECIAL_REASONS = fact(
    "case.deadline_very_special_reasons",
    FactType.BOOL,
    "Very special reasons excuse an application lodged after the 3-month deadline",
)

# --- conditions ----------------------------------------------------------------------------------------
under_15 = condition(
    f"{C}.under_15",
    "The child is under {param:dk.family_reunification.child.max_age_exclusive} on the date of application",
    UL_9_1_2,
    age_on(APPLICANT_BIRTH_DATE, APPLICATION_DATE) < param(f"{C}.max_age_exclusive"),
    tags={ConditionTag.AGE_LIMIT},
)
age_limit = condition(
    f"{C}.age_limit",
    "The child is under 15 at application, or aged 15-17 with very special reasons (UL § 9 c, stk. 1)",
    UL_9_1_2,
    under_15,
    unless=[
        unless(
            f"{C}.age_limit.section_9c",
            "A child aged 15-17 is granted a permit for very special reasons, e.g. family unity or the best "
            "interests of the child",
            statute_text(
                "Udlændingeloven § 9 c, stk. 1 (children aged 15-17)",
                citing.UL,
                see_also=(
                    secondary_text(
                        "Udlændingeloven § 9 c, stk. 1 (children aged 15-17) [S: fairophold.dk]",
                        FAIROPHOLD,
                    ),
                ),
            ),
            all_of(age_on(APPLICANT_BIRTH_DATE, APPLICATION_DATE) < 18, CHILD_SPECIAL_REASONS),
        )
    ],
    tags={ConditionTag.AGE_LIMIT},
)
unmarried = condition(
    f"{C}.unmarried",
    "The child is unmarried and has not founded a family or household of their own",
    UL_9_1_2,
    UNMARRIED,
    tags={ConditionTag.RELATIONSHIP},
)
parent_category = condition(
    f"{C}.parent_category",
    "The parent in Denmark is a Danish or Nordic citizen, holds permanent residence, or is a refugee; with "
    "temporary protection (§ 7, stk. 3) only once the permit has lasted the waiting period",
    citing.ul(
        "§ 9, stk. 1, nr. 2, litra a-e",
        (
            "2) et ugift mindreårigt barn under 15 år af en i Danmark fastboende person eller dennes "
            "ægtefælle, når barnet "
            "bor hos forældremyndighedens indehaver og ikke gennem fast samlivsforhold har stiftet "
            "selvstændig familie, og "
            "når den i Danmark fastboende person a) har dansk indfødsret, b) ..., c) har opholdstilladelse "
            "efter § 7, "
            "stk. 1 eller 2, eller § 8, d) har haft opholdstilladelse efter § 7, stk. 3, i mere end de "
            "sidste 2 år, jf. "
            "dog § 37 m, eller e) har tidsubegrænset opholdstilladelse eller opholdstilladelse med mulighed "
            "for varigt "
            "ophold,"
        ),
        "Waiting period of § 7, stk. 3 holders: L 43 (2019-20), cut to 2 years by L 185 (2021-22).",
        see_also=(
            secondary_text(
                (
                    "Udlændingeloven § 9, stk. 1, nr. 2 (same sponsor categories as for spouses) [S: "
                    "lawman.dk]; waiting period of § 7, stk. 3 holders: L 43 (2019-20)"
                ),
                LAWMAN,
            ),
        ),
    ),
    any_of(
        SPONSOR_STATUS.is_in(
            [
                "danish_citizen",
                "nordic_citizen",
                "permanent_resident",
                "refugee_convention",
                "protection_status",
                "quota_refugee",
            ]
        ),
        all_of(
            SPONSOR_STATUS.eq("temporary_protection"),
            add_years(SPONSOR_PROTECTION_SINCE, param(f"{C}.temporary_protection_wait_years"), "round_down")
            <= decision_date(),
        ),
    ),
    unless=[
        unless(
            f"{C}.parent_category.exceptional",
            "Exceptional circumstances allow reunification before a § 7(3) parent's waiting period ends",
            MA_V_DENMARK,
            all_of(SPONSOR_STATUS.eq("temporary_protection"), EXCEPTIONAL_CIRCUMSTANCES),
        )
    ],
    tags={ConditionTag.SPONSOR_STATUS},
)
custody = condition(
    f"{C}.custody",
    "The parent in Denmark has custody of the child",
    citing.ul(
        "§ 9, stk. 1, nr. 2",
        "2) et ugift mindreårigt barn under 15 år ..., når barnet bor hos forældremyndighedens indehaver ...",
        see_also=(secondary_text("Udlændingeloven § 9, stk. 1, nr. 2 (custody) [S: lawman.dk]", LAWMAN),),
    ),
    CUSTODY,
    tags={ConditionTag.RELATIONSHIP},
)
no_child_abuse = condition(
    f"{C}.no_child_abuse_conviction",
    "Neither the parent in Denmark nor that parent's spouse or partner has been convicted of abuse of minors "
    "in the last {param:dk.family_reunification.child.abuse_conviction_years} years",
    citing.ul(
        "§ 9, stk. 23",
        (
            "Stk. 23. Opholdstilladelse efter stk. 1, nr. 2, kan, medmindre ganske særlige grunde, herunder "
            "hensynet "
            "til familiens enhed, taler derfor, ikke gives, såfremt den i Danmark fastboende person eller "
            "dennes "
            "ægtefælle eller samlever inden for en periode på 10 år inden tidspunktet for afgørelsen for et "
            "eller "
            "flere forhold begået mod et eller flere mindreårige børn ved endelig dom er idømt betinget "
            "eller "
            "ubetinget frihedsstraf ..."
        ),
        see_also=(
            secondary_text("No conviction for abuse of minors within 10 years [S: lawman.dk]", LAWMAN),
        ),
    ),
    all_of(
        any_of(
            not_(ABUSE),
            add_years(LAST_ABUSE, param(f"{C}.abuse_conviction_years"), "round_down") <= decision_date(),
        ),
        any_of(
            not_(PARTNER_ABUSE),
            add_years(PARTNER_LAST_ABUSE, param(f"{C}.abuse_conviction_years"), "round_down")
            <= decision_date(),
        ),
    ),
    tags={ConditionTag.CRIMINALITY},
)
deadline_starts_on = computation(
    f"{C}.deadline_starts_on",
    "The day the application deadline starts: the parent's permit (or CPR registration); for a parent with "
    "temporary protection, the day the permit has lasted the waiting period",
    travaux_text(
        "Udlændingeloven § 9, stk. 20 (L 43 (2019-20))",
        L43,
        (
            "The 3-year start rule for § 7, stk. 3 parents is the bill's wording; the waiting period itself "
            "(litra d) was later cut to 2 years (L 185 (2021-22)), which the parameter follows."
        ),
        pinpoint="§ 1, nr. 1 (new § 9, stk. 20, 2. pkt., nr. 1)",
        excerpt=L43_STK_20,
        verified=True,
    ),
    if_(
        SPONSOR_STATUS.eq("temporary_protection"),
        add_years(SPONSOR_PROTECTION_SINCE, param(f"{C}.temporary_protection_wait_years"), "round_down"),
        SPONSOR_GRANTED,
    ),
)
deadline = condition(
    f"{C}.application_deadline",
    "A child under 15 living abroad with the other parent or another carer applied within "
    "{param:dk.family_reunification.child.deadline_months} months of the "
    "parent in Denmark obtaining the permit (or CPR registration)",
    guidance_text(
        "Udlændingeloven § 9, stk. 20 (L 43 (2019-20)), in force 1 January 2020",
        NEWS_2019,
        pinpoint="news of 19 December 2019",
        excerpt=NEWS_2019_DEADLINE,
        verified=True,
    ),
    any_of(
        not_(LIVES_WITH_OTHER_PARENT),
        not_(under_15),
        add_months(deadline_starts_on, param(f"{C}.deadline_months"), "round_down") >= APPLICATION_DATE,
    ),
    unless=[
        unless(
            f"{C}.application_deadline.very_special_reasons",
            "Very special reasons excuse a late application",
            guidance_text(
                "Udlændingeloven § 9, stk. 20 (exception for very special reasons)",
                NEWS_2019,
                pinpoint="news of 19 December 2019",
                excerpt="3-månedersfristen kan dog fraviges, hvis ganske særlige grunde taler for det.",
                verified=True,
            ),
            DEADLINE_SPECIAL_REASONS,
        )
    ],
    tags={ConditionTag.DEADLINE},
)
eligible = condition(
    C,
    "Family reunification of a child with a parent in Denmark",
    UL_9_1_2,
    all_of(age_limit, unmarried, parent_category, custody, no_child_abuse, deadline),
)

CHILD = Program(
    id=C,
    meta=ProgramMeta(
        vocabulary=GRANT,
    ),
    in_force=encoded_from(
        date(2020, 1, 1),
        UL_9_1_2,
        "child reunification before L 43 (2019-20), in force 1 January 2020 (the "
        "integration-potential test),",
    ),
    title="Child family reunification (Denmark)",
    description=(
        "UL § 9, stk. 1, nr. 2 and § 9 c, stk. 1: under 15 at application (15-17 for very special reasons), "
        "unmarried, parent with custody in a sponsoring category (§ 7(3) waiting period), no conviction for "
        "abuse of minors in 10 years, and the 3-month deadline from 1 January 2020."
    ),
    root=eligible,
    citation=UL_9_1_2,
)

PROGRAMS = [CHILD]
