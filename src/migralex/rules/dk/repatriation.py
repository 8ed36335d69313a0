"""Danish repatriation support: Repatrieringsloven (lov nr. 353 af 2/6 1999, LBK nr. 1270 af 11/9 2022), § 2
(voluntary return to take up permanent residence), the target groups and conditions, and the amounts of § 7:
establishment aid per adult and per child, and the schooling contribution for children.

The target groups of § 3 are asked as facts: other family-reunified foreigners after 5 years of permit
(§ 3, stk. 4), a permit on another ground only by the minister's decision (§ 3, stk. 6), and a
family-reunified person only when returning with the reference or under an exception (§ 7, stk. 8-9).

Covers decisions from 1 January 2019 to date. The amounts are indexed each 1 January; the brief gives the
2019, 2020 and 2022 levels, so 2021 and 2023 onwards are UNVERIFIED (null: the amount is then unknown).
L 110 (2023-24) changed the payment structure and timing (the 40/60 split by instalment): not encoded.
Travel, transport of effects, business equipment, health insurance and reintegration assistance are not
included in the amounts. The program assesses one person (adult or child); a household is the sum of its
members. This is not the Return Act (Hjemrejseloven) return support. Primary source:
Repatrieringsloven, LBK nr. 1270 af 11/09/2022 (https://www.retsinformation.dk/eli/lta/2022/1270).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from migralex.engine import (
    FactType,
    Program,
    add_years,
    age_on,
    all_of,
    any_of,
    computation,
    condition,
    decision_date,
    fact,
    if_,
    minimum,
    not_,
    param,
    whole_months_between,
)
from migralex.engine.meta import ConditionTag, MoneyOutput, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import guidance_text, secondary_text, statute_text
from migralex.rules.meta import SUPPORT, encoded_from

R = "dk.repatriation_support"

LAW = "http://www.socialjura.dk/content-storage/love/love/repatrieringslov/"
GUIDANCE = "https://www.retsinformation.dk/Forms/R0710.aspx?id=209894"
UIM_SUPPORT = "https://uim.dk/arbejdsomrader/repatriering/hvilken-stotte-kan-man-fa"
#: Passages of the ministry's page 'Hvilken støtte kan man få?' (amounts at 2020 level), read on 2026-11-29.
UIM_ASSETS = (
    "Du kan få hjælp til repatriering, hvis du er omfattet af repatrieringsloven og ønsker at vende "
    "permanent tilbage til dit hjemland eller tidligere opholdsland. Det er en betingelse, at du ikke selv "
    "har formue, der kan dække udgifterne til repatriering."
)
UIM_ESTABLISHMENT = (
    "Hjælp til etablering i dit hjemland eller dit tidligere opholdsland. Der gives op til 142.059 kr. pr. "
    "person, der er fyldt 18 år, og op til 43.326 kr. pr. person, der ikke er fyldt 18 år."
)
UIM_SCHOOLING = (
    "Udgifter til skolegang i hjemlandet på 530 kr. om måneden pr. barn, der på tidspunktet for repatriering "
    "er fyldt 5 år, i op til 4 år, dog højst til det fyldte 16. år."
)
HJEMST = "https://hjemst.dk/samarbejdspartnere/information-til-kommunerne-om-repatrieringsopgaven/hvilken-stoette-kan-ydes/"
#: The consolidation of Repatrieringsloven read.
REPATRIERINGSLOVEN_LBK = "LBK nr. 1270 af 11/09/2022"
REPATRIATION_ACT = statute_text(
    "Repatrieringsloven §§ 2 and 7 (LBK nr. 1270 af 11/9 2022)",
    citing.REPATRIERINGSLOVEN,
    REPATRIERINGSLOVEN_LBK + ". " + citing.DK_MIRROR_NOTE,
    pinpoint="§ 7, stk. 1",
    excerpt=(
        "§ 7. Kommunalbestyrelsen yder efter ansøgning hjælp til repatriering til en person, der er "
        "omfattet af § 3, "
        "stk. 1 eller 6. Der kan kun udbetales hjælp til repatriering, hvis personen ikke har midler "
        "hertil, jf. stk. "
        "11, og ønsker at vende tilbage til hjemlandet, det tidligere opholdsland eller et land, hvortil den "
        "pågældende har nær familiemæssig tilknytning, med henblik på at tage varig bopæl."
    ),
    verified=True,
    see_also=(secondary_text("Repatrieringsloven §§ 2 and 7 (LBK nr. 1270 af 11/9 2022)", LAW),),
)
ZERO = Decimal("0")

GROUPS = (
    "refugee",
    "refugee_family_member",
    "other_family_reunified",
    "dual_national",
    "permit_before_1983",
    "permit_refused_or_revoked",
    "other_foreigner",
    "not_covered",
)
#: Family-reunified groups (§ 3, stk. 3 and 4): support only when returning with the reference (§ 7, stk.
#: 8-9).
FAMILY_GROUPS = ("refugee_family_member", "other_family_reunified")

# --- facts ---------------------------------------------------------------------------------------------
BIRTH_DATE = fact("person.birth_date", FactType.DATE, "The person's date of birth")
GROUP = fact(
    "person.repatriation_group",
    FactType.CODE,
    "The person's target group under the Repatriation Act",
    "refugee (UL §§ 7, 8 and related); refugee_family_member (family-reunified with a refugee); "
    "other_family_reunified; dual_national (Danish citizen with another nationality); permit_before_1983 "
    "(permit from before 1983); permit_refused_or_revoked (permit refused extension or revoked); "
    "other_foreigner (other groups in the guidance); not_covered",
    codes=GROUPS,
)
EXCLUDED_CITIZEN = fact(
    "person.nordic_eu_eea_swiss_citizen",
    FactType.BOOL,
    "The person is a citizen of a Nordic country, an EU/EEA country or Switzerland",
)
OWN_ASSETS = fact(
    "person.has_sufficient_own_assets",
    FactType.BOOL,
    "The person has assets of their own that can cover the repatriation",
)
PENDING_CHARGE = fact(
    "person.pending_criminal_charge",
    FactType.BOOL,
    "The person has a pending charge recorded in the criminal register",
)
SUPPORTED_BEFORE = fact(
    "person.received_repatriation_support_before",
    FactType.BOOL,
    "The person has received repatriation support before",
)
PERMANENT_RETURN = fact(
    "person.voluntary_return_for_permanent_residence",
    FactType.BOOL,
    "The person returns voluntarily to the home country, a former country of residence or a country of close "
    "family ties, to take up permanent residence there",
)

PERMIT_YEARS = fact(
    "person.residence_permit_years",
    FactType.INT,
    "Completed years the person has held a residence permit in Denmark",
    minimum=0,
)
RETURNS_WITH_REFERENCE = fact(
    "person.returns_with_reference_or_exception",
    FactType.BOOL,
    "The person returns together with the family member on whose tie the permit rests (the reference), or is "
    "divorced from and no longer lives with the reference, the reference has died, the person was reunified "
    "with the parents as a child and is now 18 or over, or the permit rests on a son or daughter living in "
    "Denmark (Repatrieringsloven § 7, stk. 8-9)",
)
MINISTER_DECIDED = fact(
    "case.minister_decided_repatriation_act_applies",
    FactType.BOOL,
    "The minister has decided on application that the Repatriation Act applies to the person (§ 3, stk. 6; "
    "stk. 7 before September 2022)",
)

# --- conditions ----------------------------------------------------------------------------------------
target_group = condition(
    f"{R}.target_group",
    "The person belongs to a target group of the Repatriation Act: refugees and those family-reunified with "
    "them, other family-reunified foreigners after {param:dk.repatriation_support.other_family_reunified_min_"
    "permit_years} years of permit, Danish dual nationals, pre-1983 permits, or a person the minister has "
    "decided the Act applies to",
    citing.dk_statute(
        "Repatrieringsloven § 3, stk. 1-4 og 6",
        citing.REPATRIERINGSLOVEN,
        REPATRIERINGSLOVEN_LBK,
        "§ 3, stk. 4 og 6",
        (
            "Stk. 4. Ved andre familiesammenførte udlændinge forstås udlændinge, der har haft "
            "opholdstilladelse her i landet i mindst 5 år, og som har opholdstilladelse efter "
            "udlændingelovens "
            "§ 9, § 9 c, stk. 1, som følge af en familiemæssig tilknytning til en person, der ikke er "
            "omfattet af "
            "stk. 2, § 9 m eller § 9 n. ... Stk. 6. Udlændinge- og integrationsministeren kan efter "
            "ansøgning "
            "beslutte, at en udlænding, der har opholdstilladelse på andet grundlag end nævnt i stk. 2-4, "
            "... "
            "skal anses for omfattet af loven."
        ),
        "The same words are in LBK nr. 1023 af 02/10/2019 (§ 3, stk. 4 and 7), read in the same mirror "
        "(data/seed/2019_1023.json).",
        see_also=(guidance_text("Guidance on the Repatriation Act (target groups)", GUIDANCE),),
    ),
    any_of(
        GROUP.is_in(param(f"{R}.target_groups")),
        all_of(
            GROUP.is_in(("other_family_reunified",)),
            param(f"{R}.other_family_reunified_min_permit_years") <= PERMIT_YEARS,
        ),
        all_of(GROUP.is_in(("other_foreigner",)), MINISTER_DECIDED),
    ),
)
returns_with_reference = condition(
    f"{R}.returns_with_reference",
    "A family-reunified person returns together with the reference, or an exception applies (divorce, the "
    "reference's death, reunified as a child and now an adult, a permit through a son or daughter)",
    citing.dk_statute(
        "Repatrieringsloven § 7, stk. 8-9",
        citing.REPATRIERINGSLOVEN,
        REPATRIERINGSLOVEN_LBK,
        "§ 7, stk. 8-9",
        (
            "Stk. 8. Til en udlænding, der er omfattet af § 3, stk. 3 eller 4, kan hjælp til repatriering "
            "kun "
            "ydes, når udlændingen vender tilbage til hjemlandet, det tidligere opholdsland eller et land, "
            "hvortil "
            "udlændingen har nær familiemæssig tilknytning, sammen med den person, til hvem udlændingen har "
            "den "
            "familiemæssige tilknytning, som har dannet grundlag for opholdstilladelsen (referencen). Stk. "
            "9. "
            "Uanset stk. 8 kan der ydes hjælp til repatriering, hvis 1) udlændingen er blevet skilt fra og "
            "ikke "
            "længere samlever med referencen, 2) referencen er død, 3) udlændingen som barn er blevet "
            "familiesammenført med sine forældre og efter sit fyldte 18. år ønsker at repatriere eller 4) ..."
        ),
        "The same rule is in LBK nr. 1023 af 02/10/2019 § 7, stk. 8-9 (mirror, data/seed/2019_1023.json). "
        "Not "
        "encoded: the minister's power since LBK 1270/2022 (§ 3, stk. 6) to apply the Act to a family member "
        "who for special reasons cannot meet stk. 9, nr. 1, so such a decision is not read here.",
    ),
    any_of(not_(GROUP.is_in(FAMILY_GROUPS)), RETURNS_WITH_REFERENCE),
)
not_excluded = condition(
    f"{R}.not_nordic_eu_citizen",
    "The person is not a citizen of a Nordic country, an EU/EEA country or Switzerland",
    citing.dk_statute(
        "Repatrieringsloven § 3, stk. 5",
        citing.REPATRIERINGSLOVEN,
        REPATRIERINGSLOVEN_LBK,
        "§ 3, stk. 5",
        (
            "Stk. 5. Loven gælder ikke for personer, der er statsborgere i et andet nordisk land eller er "
            "statsborgere i et land, som er tilsluttet Den Europæiske Union eller er omfattet af aftalen om "
            "Det "
            "Europæiske Økonomiske Samarbejde ..."
        ),
        see_also=(guidance_text("Guidance on the Repatriation Act (target groups)", GUIDANCE),),
    ),
    not_(EXCLUDED_CITIZEN),
    tags={ConditionTag.NATIONALITY},
)
no_own_assets = condition(
    f"{R}.no_sufficient_assets",
    "The person has no assets of their own sufficient to cover the repatriation",
    guidance_text(
        "Repatriation Act: support only without sufficient own assets (uim.dk)",
        UIM_SUPPORT,
        excerpt=UIM_ASSETS,
        verified=True,
    ),
    not_(OWN_ASSETS),
    tags={ConditionTag.ASSETS},
)
no_pending_charge = condition(
    f"{R}.no_pending_charge",
    "The person has no pending charge in the criminal register",
    guidance_text(
        "Repatriation Act: no pending charge (Hjemrejsestyrelsen guidance to municipalities)",
        HJEMST,
        pinpoint="'Hvilken støtte kan ydes?', first paragraphs",
        excerpt=(
            "For at få hjælp til repatriering skal ansøgeren være omfattet af repatrieringsloven, ikke være "
            "i besiddelse af en nærmere defineret formue, der kan dække udgifterne til repatriering. Desuden "
            "gælder, at pågældende ikke er registreret med en verserende sigtelse i Kriminalregisteret."
        ),
        verified=True,
    ),
    not_(PENDING_CHARGE),
    tags={ConditionTag.CRIMINALITY},
)
first_support = condition(
    f"{R}.first_support",
    "The person has not received repatriation support before (support is given only once)",
    citing.dk_statute(
        "Repatrieringsloven § 7, stk. 7",
        citing.REPATRIERINGSLOVEN,
        REPATRIERINGSLOVEN_LBK,
        "§ 7, stk. 7",
        "Stk. 7. En udlænding kan kun modtage hjælp til repatriering efter repatrieringsloven én gang.",
        see_also=(guidance_text("Repatriation Act: support only once (uim.dk)", UIM_SUPPORT),),
    ),
    not_(SUPPORTED_BEFORE),
)
permanent_return = condition(
    f"{R}.voluntary_permanent_return",
    "The return is voluntary, to the home country, a former country of residence or a country of close "
    "family ties, to take up permanent residence",
    citing.dk_statute(
        "Repatrieringsloven § 2",
        citing.REPATRIERINGSLOVEN,
        REPATRIERINGSLOVEN_LBK,
        "§ 2",
        (
            "§ 2. Ved repatriering forstås i denne lov personers frivillige tilbagevenden til deres "
            "hjemland, "
            "tidligere opholdsland eller et land, hvortil de har nær familiemæssig tilknytning, med henblik "
            "på at "
            "tage varig bopæl."
        ),
        see_also=(secondary_text("Repatrieringsloven § 2", LAW),),
    ),
    PERMANENT_RETURN,
)
eligible = condition(
    R,
    "Repatriation support under the Repatriation Act",
    REPATRIATION_ACT,
    all_of(
        target_group,
        returns_with_reference,
        not_excluded,
        no_own_assets,
        no_pending_charge,
        first_support,
        permanent_return,
    ),
)

age = age_on(BIRTH_DATE, decision_date())
adult = condition(
    f"{R}.adult",
    "The person is {param:dk.repatriation_support.adult_age} or older on the date of decision "
    "(establishment aid at the adult rate)",
    guidance_text(
        "Repatrieringsloven § 7: establishment aid per adult (18+) and per child (under 18)",
        UIM_SUPPORT,
        excerpt=UIM_ESTABLISHMENT,
        verified=True,
    ),
    age >= param(f"{R}.adult_age"),
    tags={ConditionTag.AGE_LIMIT},
)
schooling_age = condition(
    f"{R}.schooling_age",
    "The child is at least {param:dk.repatriation_support.schooling_min_age} and under "
    "{param:dk.repatriation_support.schooling_end_age} on the date of decision (schooling contribution)",
    guidance_text(
        "Repatrieringsloven § 7: schooling contribution for children aged 5 or more, until age 16",
        UIM_SUPPORT,
        excerpt=UIM_SCHOOLING,
        verified=True,
    ),
    all_of(age >= param(f"{R}.schooling_min_age"), age < param(f"{R}.schooling_end_age")),
    tags={ConditionTag.AGE_LIMIT},
)

# --- amounts -------------------------------------------------------------------------------------------
establishment_aid = computation(
    f"{R}.establishment_aid",
    "Establishment aid for this person: the adult rate (18+) or the child rate (under 18); 0 when not "
    "eligible",
    guidance_text(
        "Repatrieringsloven § 7 (establishment aid, indexed each 1 January)",
        UIM_SUPPORT,
        excerpt=UIM_ESTABLISHMENT,
        verified=True,
    ),
    if_(
        eligible,
        if_(adult, param(f"{R}.establishment_aid_adult"), param(f"{R}.establishment_aid_child")),
        ZERO,
    ),
    unit="DKK",
)
schooling_months = computation(
    f"{R}.schooling_months",
    "Months of schooling contribution: at most 4 years, and not beyond the child's 16th birthday",
    guidance_text(
        "Repatrieringsloven § 7: per month, for up to 4 years, at most until age 16",
        UIM_SUPPORT,
        excerpt=UIM_SCHOOLING,
        verified=True,
    ),
    minimum(
        param(f"{R}.schooling_max_months"),
        whole_months_between(
            decision_date(),
            add_years(BIRTH_DATE, param(f"{R}.schooling_end_age"), "round_down"),
            "round_down",
        ),
    ),
    unit="months",
)
schooling_contribution = computation(
    f"{R}.schooling_contribution",
    "Schooling contribution for a child aged 5-15: the monthly rate times the months it is paid; 0 otherwise",
    guidance_text(
        "Repatrieringsloven § 7 (schooling contribution per child per month)",
        UIM_SUPPORT,
        excerpt=UIM_SCHOOLING,
        verified=True,
    ),
    if_(
        eligible,
        if_(schooling_age, param(f"{R}.schooling_per_month") * schooling_months, ZERO),
        ZERO,
    ),
    unit="DKK",
)
total_amount = computation(
    f"{R}.total_amount",
    "Repatriation support for this person: establishment aid plus any schooling contribution",
    REPATRIATION_ACT,
    establishment_aid + schooling_contribution,
    unit="DKK",
)

REPATRIATION = Program(
    id=R,
    meta=ProgramMeta(
        vocabulary=SUPPORT,
        money=(
            MoneyOutput("total_amount", "DKK"),
            MoneyOutput("establishment_aid", "DKK"),
            MoneyOutput("schooling_contribution", "DKK"),
        ),
    ),
    in_force=encoded_from(
        date(2019, 1, 1),
        REPATRIATION_ACT,
        "support under the Repatriation Act before 2019 (the amounts of 1999-2018)",
    ),
    title="Repatriation support (Denmark)",
    description=(
        "Repatrieringsloven §§ 2, 7: who qualifies (target group, not Nordic/EU/EEA/Swiss, no own means, no "
        "pending charge, once only, voluntary permanent return) and the amount for one person: establishment "
        "aid per adult or child plus the children's schooling contribution, in DKK."
    ),
    root=eligible,
    citation=REPATRIATION_ACT,
    outputs={
        "establishment_aid": establishment_aid,
        "schooling_contribution": schooling_contribution,
        "total_amount": total_amount,
    },
)

PROGRAMS = [REPATRIATION]
