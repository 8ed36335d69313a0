"""Danish asylum: protection status under Udlændingeloven (UL) § 7, and revocation or non-extension of a
protection permit (UL §§ 11, 19, 19 a, with the individual assessment of § 26 and ECHR art. 8).

Covers decisions from 1 March 2019 (L 140 (2018-19), the "paradigm shift": every § 7 permit is granted with
a view to temporary stay, and under § 19 a revocation is mandatory once the grounds lapse unless it would
breach Denmark's international obligations) to date. The three statuses: Convention status (§ 7, stk. 1),
protection status (§ 7, stk. 2) and temporary protection status for generalised violence (§ 7, stk. 3, in
force since February 2015, lov nr. 153 af 18. februar 2015). Permit lengths as cut in 2016 (2 / 1 / 1
years). Primary source: Udlændingeloven, LBK nr. 1009 af 02/09/2024
(https://www.retsinformation.dk/eli/lta/2024/1009); each condition cites its provision.
"""

from __future__ import annotations

from datetime import date

from migralex.engine import (
    Expr,
    FactType,
    Program,
    all_of,
    any_of,
    computation,
    condition,
    fact,
    if_,
    not_,
    param,
    unless,
)
from migralex.engine.meta import ConditionTag, OutcomeVocabulary, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import guidance_text, regulation_text, secondary_text, statute_text, travaux_text
from migralex.rules.dk.common import (
    AGE_HEALTH_WEIGH_AGAINST_REMOVAL,
    OTHER_RISK_OF_HARM_ON_RETURN,
    REMOVAL_AFFECTS_CLOSE_FAMILY,
    RESIDENCE_STATUSES,
    SECTION_7_STATUSES,
    STRONG_TIES_TO_HOST_COUNTRY,
    TIES_TO_PERSONS_IN_HOST_COUNTRY,
    WEAK_TIES_TO_COUNTRY_OF_RETURN,
    recorded,
)
from migralex.rules.meta import PROTECTION, encoded_from

S = "dk.asylum.status"
R = "dk.asylum.revocation"

NYIDANMARK_ASYLUM = "https://nyidanmark.dk/de-DE/You-want-to-apply/Asyl/Voksen-asylansøger"
UL_7_1 = citing.ul(
    "§ 7, stk. 1",
    (
        "§ 7. Efter ansøgning gives der opholdstilladelse med henblik på midlertidigt ophold til en "
        "udlænding, hvis "
        "udlændingen er omfattet af flygtningekonventionen af 28. juli 1951."
    ),
    see_also=(guidance_text("Udlændingestyrelsen, asylum (Convention status)", NYIDANMARK_ASYLUM),),
)
UL_7_2 = citing.ul(
    "§ 7, stk. 2",
    (
        "Stk. 2. Efter ansøgning gives der opholdstilladelse med henblik på midlertidigt ophold til en "
        "udlænding, "
        "hvis udlændingen ved en tilbagevenden til sit hjemland risikerer dødsstraf eller at blive "
        "underkastet "
        "tortur eller umenneskelig eller nedværdigende behandling eller straf."
    ),
    see_also=(guidance_text("Udlændingestyrelsen, asylum (protection status)", NYIDANMARK_ASYLUM),),
)
#: Udlændingebekendtgørelsen (BEK nr. 587 af 07/05/2019) § 16, stk. 1: permit lengths by status.
BEK_587_16 = (
    "Tidsbegrænset opholdstilladelse efter udlændingelovens § 7, stk. 1, og § 8 gives for højst 2 år ad "
    "gangen. "
    "Tidsbegrænset opholdstilladelse efter udlændingelovens § 7, stk. 2, gives for højst 1 år og efter 1 år "
    "for "
    "højst 2 år ad gangen. Tidsbegrænset opholdstilladelse efter udlændingelovens § 7, stk. 3, gives for "
    "højst 1 år "
    "og efter 3 år for højst 2 år ad gangen."
)
BEK_587_NOTE = (
    "Set under UL § 12. Read in the retsinformation.dk text mirrored in Ansvar-Systems/Danish-law-mcp "
    "(data/seed/2019_587.json; the same words in BEK nr. 317 af 27/03/2019, 2019_317.json). Later orders "
    "were "
    "not read."
)
#: L 72 (2014-15) as tabled, § 1, nr. 1-2, read on ft.dk (stored copy) on 2026-11-29.
L72_7_3 = (
    "»Stk. 3. I tilfælde omfattet af stk. 2, hvor risikoen for dødsstraf eller for at blive underkastet "
    "tortur eller umenneskelig eller nedværdigende behandling eller straf har baggrund i en særlig alvorlig "
    "situation i hjemlandet præget af vilkårlig voldsudøvelse og overgreb på civile, gives der efter "
    "ansøgning opholdstilladelse med henblik på midlertidigt ophold. En ansøgning som nævnt i 1. pkt. anses "
    "også som en ansøgning om opholdstilladelse efter stk. 1 og 2.«"
)
L72_7_4 = (
    "»Stk. 4. Opholdstilladelse efter stk. 1-3 kan nægtes, hvis udlændingen allerede har opnået beskyttelse "
    "i et andet land, eller hvis udlændingen har nær tilknytning til et andet land, hvor udlændingen må "
    "antages at kunne opnå beskyttelse.«"
)
UL_7_3 = travaux_text(
    (
        "Udlændingeloven § 7, stk. 3 (temporary protection status); lov nr. 153 af 18. februar 2015 (L "
        "72, 2014-15)"
    ),
    "https://ft.dk/samling/20141/lovforslag/l72/20141_l72_som_fremsat.htm",
    pinpoint="§ 1, nr. 1 (new § 7, stk. 3)",
    excerpt=L72_7_3,
    verified=True,
)
UL_7_4 = travaux_text(
    (
        "Udlændingeloven § 7, stk. 4 (first country of asylum, close ties to a third country); L 72 "
        "(2014-15) § 1, nr. 2"
    ),
    "https://ft.dk/samling/20141/lovforslag/l72/20141_l72_som_fremsat.htm",
    pinpoint="§ 1, nr. 2 (§ 7, stk. 4)",
    excerpt=L72_7_4,
    verified=True,
)
DURATIONS = regulation_text(
    "Udlændingebekendtgørelsen (BEK nr. 587 af 07/05/2019) § 16, stk. 1: permit lengths by status",
    "https://www.retsinformation.dk/eli/lta/2019/587",
    BEK_587_NOTE,
    pinpoint="§ 16, stk. 1",
    excerpt=BEK_587_16,
    verified=True,
    see_also=(
        secondary_text(
            (
                "Permit lengths by status (UL § 7; set by executive order under UL § 12) [S: UNHCR Help "
                "Denmark; advokatfirmaet-ge.dk]"
            ),
            (
                "https://help.unhcr.org/denmark/how-to-apply-for-asylum-in-denmark/what-can-be-the-decisi"
                "on-in-my-case"
            ),
        ),
    ),
)
EXTENSION = "https://nyidanmark.dk/da/Du-vil-forl%C3%A6nge/Asyl/Flygtning/"
UL_19A = statute_text(
    (
        "Udlændingeloven § 19 a, stk. 1 (mandatory revocation unless contrary to international "
        "obligations), in force 1 March 2019 (L 140, 2018-19)"
    ),
    citing.UL_2025,
    "Read in LBK nr. 1183 af 25/09/2025. " + citing.DK_MIRROR_NOTE,
    pinpoint="§ 19 a, stk. 1, 1. pkt.",
    excerpt=(
        "§ 19 a. Når en af betingelserne i § 19, stk. 1-5, er opfyldt, skal en opholdstilladelse efter § 7 "
        "og § 8, "
        "stk. 1 og 2, inddrages eller nægtes forlænget, medmindre dette vil være i strid med Danmarks "
        "internationale forpligtelser."
    ),
    verified=True,
    see_also=(
        secondary_text(
            (
                "Udlændingeloven § 19 a, stk. 1 (mandatory revocation unless contrary to international "
                "obligations), in force 1 March 2019 (L 140, 2018-19)"
            ),
            "https://danskelove.dk/udl%C3%A6ndingeloven/19a",
        ),
    ),
)

# --- facts: the asylum application --------------------------------------------------------------
PERSECUTION = fact(
    "applicant.well_founded_fear_of_persecution",
    FactType.BOOL,
    "The applicant has a well-founded fear of persecution for reasons of race, religion, nationality, "
    "membership of a particular social group or political opinion (Refugee Convention 1951)",
)
OUTSIDE_COUNTRY = fact(
    "applicant.outside_country_of_nationality",
    FactType.BOOL,
    "The applicant is outside the country of nationality",
)
SERIOUS_HARM = fact(
    "applicant.real_risk_of_serious_harm",
    FactType.BOOL,
    "On return the applicant risks the death penalty, torture or inhuman or degrading treatment or "
    "punishment (ECHR art. 3 standard)",
)
GENERALISED_VIOLENCE = fact(
    "applicant.risk_from_generalised_violence",
    FactType.BOOL,
    "The risk stems from a particularly serious situation in the home country characterised by arbitrary "
    "violence and assaults on civilians, not from the applicant's individual circumstances",
)
FIRST_COUNTRY = fact(
    "case.first_country_of_asylum_applies",
    FactType.BOOL,
    "The authority refuses under UL § 7, stk. 4: the applicant already has protection in another country, "
    "or close ties to a country where protection can be assumed",
    "UL § 7, stk. 4 says the permit 'may' be refused: record true only when the authority applies it.",
)

# --- status conditions -----------------------------------------------------------------------------
convention = condition(
    f"{S}.convention",
    "The applicant is a refugee under the Refugee Convention: well-founded fear of persecution on a "
    "Convention ground, outside the country of nationality",
    UL_7_1,
    all_of(PERSECUTION, OUTSIDE_COUNTRY),
    tags={ConditionTag.PROTECTION},
)
protection_status = condition(
    f"{S}.protection_status",
    "On return the applicant individually risks the death penalty, torture or inhuman or degrading treatment",
    UL_7_2,
    all_of(SERIOUS_HARM, not_(GENERALISED_VIOLENCE)),
    tags={ConditionTag.PROTECTION},
)
temporary_protection = condition(
    f"{S}.temporary_protection",
    "The risk of serious harm stems from a particularly serious general situation of arbitrary violence and "
    "assaults on civilians in the home country",
    UL_7_3,
    all_of(SERIOUS_HARM, GENERALISED_VIOLENCE),
    tags={ConditionTag.PROTECTION},
)
granted = condition(
    S,
    "A residence permit under UL § 7 is granted (Convention status, protection status or temporary "
    "protection)",
    guidance_text("Udlændingeloven § 7, stk. 1-4", NYIDANMARK_ASYLUM),
    any_of(convention, protection_status, temporary_protection),
    unless=[
        unless(
            f"{S}.first_country_of_asylum",
            "The permit is refused because the applicant has, or can obtain, protection in another country",
            UL_7_4,
            FIRST_COUNTRY,
            then=False,
        )
    ],
)

# --- status outputs --------------------------------------------------------------------------------
status_code = computation(
    f"{S}.status_code",
    "The protection status granted: refugee_convention (§ 7, stk. 1), protection_status (stk. 2), "
    "temporary_protection (stk. 3), or none. An application under stk. 3 also counts as one under stk. 1 and "
    "2, so the higher status is examined first",
    travaux_text(
        "Udlændingeloven § 7, stk. 1-3 (stk. 3: 'also counts as an application under stk. 1 and 2')",
        "https://ft.dk/samling/20141/lovforslag/l72/20141_l72_som_fremsat.htm",
        pinpoint="§ 1, nr. 1 (new § 7, stk. 3, 2. pkt.)",
        excerpt=L72_7_3,
        verified=True,
    ),
    if_(
        granted,
        if_(
            convention,
            "refugee_convention",
            if_(protection_status, "protection_status", "temporary_protection"),
        ),
        "none",
    ),
)


def _by_status(suffix: str, temporary: str | None = None) -> Expr:
    """The parameter ``dk.asylum.<status>.<suffix>`` for the status granted, 0 when none is granted."""
    return if_(
        status_code.eq("refugee_convention"),
        param(f"dk.asylum.refugee_convention.{suffix}"),
        if_(
            status_code.eq("protection_status"),
            param(f"dk.asylum.protection_status.{suffix}"),
            if_(
                status_code.eq("temporary_protection"),
                param(f"dk.asylum.temporary_protection.{temporary or suffix}"),
                0,
            ),
        ),
    )


permit_years = computation(
    f"{S}.permit_years",
    "Length of the first residence permit for the status granted (0 when no permit is granted)",
    DURATIONS,
    _by_status("permit_years"),
    unit="years",
)
EXTENSION_PERIODS = regulation_text(
    "Udlændingebekendtgørelsen (BEK nr. 587 af 07/05/2019) § 16, stk. 1: extension periods by status",
    "https://www.retsinformation.dk/eli/lta/2019/587",
    BEK_587_NOTE,
    pinpoint="§ 16, stk. 1",
    excerpt=BEK_587_16,
    verified=True,
    see_also=(
        secondary_text(
            "Extension periods by status [S: advokatfirmaet-ge.dk]",
            "https://www.advokatfirmaet-ge.dk/forlaenget-opholdstilladelse/",
        ),
    ),
)
extension_years = computation(
    f"{S}.extension_years",
    "Longest extension at a time during the first years of the permit (0 when no permit is granted)",
    EXTENSION_PERIODS,
    _by_status("extension_years"),
    unit="years",
)
later_extension_years = computation(
    f"{S}.later_extension_years",
    "Longest extension at a time once the permit has lasted 3 years (§ 7, stk. 3: 1 year at a time during "
    "the first 3 years, then for the longer period shown)",
    EXTENSION_PERIODS,
    _by_status("extension_years", temporary="extension_years_after_3_years"),
    unit="years",
)

STATUS = Program(
    id=S,
    meta=ProgramMeta(
        vocabulary=PROTECTION,
        status_output="status",
    ),
    in_force=encoded_from(
        date(2019, 3, 1),
        UL_7_1,
        "the grant of § 7 permits before L 140 (2018-19), in force 1 March 2019,",
    ),
    title="Asylum: protection status and permit length (Denmark)",
    description=(
        "UL § 7: Convention status (stk. 1), protection status (stk. 2) or temporary protection status for "
        "generalised violence (stk. 3), the § 7, stk. 4 refusal, and the permit and extension lengths."
    ),
    root=granted,
    citation=guidance_text("Udlændingeloven § 7", NYIDANMARK_ASYLUM),
    outputs={
        "status": status_code,
        "permit_years": permit_years,
        "extension_years": extension_years,
        "later_extension_years": later_extension_years,
    },
)

# --- revocation: facts ---------------------------------------------------------------------------
PERSON_STATUS = fact(
    "person.residence_status",
    FactType.CODE,
    "The person's citizenship or residence status (the permit that may be revoked)",
    codes=RESIDENCE_STATUSES,
)
REGION_SAFE = fact(
    "person.home_region_declared_safe",
    FactType.BOOL,
    "The general situation in the person's home country or region has improved so that presence there no "
    "longer in itself creates a real risk (e.g. Damascus, 2019)",
)
DURABLE_CHANGE = fact(
    "person.home_country_fundamental_change",
    FactType.BOOL,
    "The home country has undergone fundamental, stable and durable changes",
)
STILL_PERSECUTED = fact(
    "person.well_founded_fear_of_persecution",
    FactType.BOOL,
    "On return the person would still have a well-founded fear of persecution on a Refugee Convention ground",
)
STILL_AT_RISK = fact(
    "person.real_risk_of_serious_harm",
    FactType.BOOL,
    "On return the person would still, on individual grounds, risk the death penalty, torture or inhuman or "
    "degrading treatment (ECHR art. 3)",
)
REVOCATION_BREACH = fact(
    "case.revocation_breaches_international_obligations",
    FactType.BOOL,
    "Conclusion of the individual assessment: revocation would breach Denmark's international obligations "
    "(in practice ECHR art. 8)",
)

# --- revocation: conditions ------------------------------------------------------------------------
holds_protection = condition(
    f"{R}.protection_permit",
    "The person holds a residence permit under UL § 7 (stk. 1, 2 or 3)",
    UL_19A,
    PERSON_STATUS.is_in(SECTION_7_STATUSES),
    tags={ConditionTag.PROTECTION},
)
personal_need = condition(
    f"{R}.personal_protection_need",
    "The person still needs protection on individual grounds (persecution, or an individual art. 3 risk)",
    guidance_text(
        "Revocation of § 7, stk. 2-3 permits: the person must no longer need protection",
        EXTENSION,
    ),
    any_of(STILL_PERSECUTED, STILL_AT_RISK),
    tags={ConditionTag.PROTECTION},
)
ground_lapsed = condition(
    f"{R}.ground_lapsed",
    "The basis of the permit no longer exists: § 7(1) after fundamental, stable and durable change; § 7(2) "
    "when the person no longer needs protection; § 7(3) when the home region is no longer generally unsafe "
    "(even if conditions stay fragile). Personal grounds for protection keep the permit in every case",
    guidance_text(
        (
            "Udlændingeloven § 19, stk. 1, and § 11, stk. 2; standard of change by status "
            "(Udlændingestyrelsen); L 72 (2014-15) explanatory notes on § 7, stk. 3 [S: sn.dk]"
        ),
        EXTENSION,
    ),
    any_of(
        all_of(PERSON_STATUS.eq("refugee_convention"), DURABLE_CHANGE, not_(personal_need)),
        all_of(PERSON_STATUS.eq("protection_status"), not_(personal_need)),
        all_of(PERSON_STATUS.eq("temporary_protection"), REGION_SAFE, not_(personal_need)),
    ),
    tags={ConditionTag.PROTECTION},
)
obligations_respected = condition(
    f"{R}.international_obligations",
    "Revocation would not breach Denmark's international obligations (ECHR art. 8), on an individual "
    "assessment recorded on every § 26 factor: attachment, age and health, ties to persons here, "
    "consequences for close family, ties to the home country, other risk of harm",
    statute_text(
        "Udlændingeloven § 19 a, stk. 1, and § 26, stk. 1, nr. 1-6; ECHR art. 8",
        citing.UL,
        see_also=(
            secondary_text(
                "Udlændingeloven § 19 a, stk. 1, and § 26, stk. 1, nr. 1-6; ECHR art. 8",
                "https://danskelove.dk/udl%C3%A6ndingeloven/19a",
                (
                    "The assessment is never skipped: it stays unknown until each factor and the "
                    "conclusion are recorded."
                ),
            ),
        ),
    ),
    all_of(
        recorded(STRONG_TIES_TO_HOST_COUNTRY),
        recorded(AGE_HEALTH_WEIGH_AGAINST_REMOVAL),
        recorded(TIES_TO_PERSONS_IN_HOST_COUNTRY),
        recorded(REMOVAL_AFFECTS_CLOSE_FAMILY),
        recorded(WEAK_TIES_TO_COUNTRY_OF_RETURN),
        recorded(OTHER_RISK_OF_HARM_ON_RETURN),
        not_(REVOCATION_BREACH),
    ),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)
revoked = condition(
    R,
    "The protection permit shall be revoked, or not extended (mandatory under UL § 19 a from 1 March 2019)",
    UL_19A,
    all_of(param(f"{R}.mandatory"), holds_protection, ground_lapsed, obligations_respected),
)

REVOCATION = Program(
    id=R,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="revoke",
            negative="keep_permit",
            positive_text="The permit is revoked or not extended",
            negative_text="The permit is kept",
            positive_is_adverse=True,
        ),
    ),
    in_force=encoded_from(
        date(2019, 3, 1),
        UL_19A,
        "revocation under §§ 11 and 19 before L 140 (2018-19), in force 1 March 2019,",
    ),
    title="Asylum: revocation or non-extension of a protection permit (Denmark)",
    description=(
        "UL §§ 19, 19 a, 11, stk. 2: a § 7 permit is revoked or not extended when its basis has lapsed "
        "(generalised-violence protection ends when the home region is no longer unsafe; personal grounds "
        "keep "
        "protection), unless revocation would breach international obligations (§ 26, ECHR art. 8), assessed "
        "on recorded facts."
    ),
    root=revoked,
    citation=UL_19A,
)

PROGRAMS = [STATUS, REVOCATION]
