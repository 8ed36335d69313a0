"""UK asylum support: from a duty to a power (June 2026), and the weekly rates.

Immigration and Asylum Act 1999 s.95 and the Asylum Support Regulations 2000 (SI 2000/704): support for an
asylum seeker (claim pending) who is destitute or likely to become destitute. Until June 2026 the Asylum
Seekers (Reception Conditions) Regulations 2005 made that support a **duty**; the draft Asylum Seekers
(Reception Conditions) (Amendment) Regulations 2026, laid on 5 March 2026, revoke the duty so that support
is a **power** the Home Office may use for those "in genuine need" (from June 2026; the day is UNVERIFIED).
The weekly cash rates (GBP 49.18 self-catered, GBP 8.86 full board from 8 January 2024) were found only in
secondary sources, so they are unverified.

The outcome ``eligible`` means the Home Office **must** provide support on the decision date; when the duty is
gone it is ``ineligible`` even for a destitute asylum seeker, because support is then discretionary.
"""

from __future__ import annotations

from datetime import date

from migralex.engine import FactType, Program, all_of, computation, condition, fact, if_, param
from migralex.engine.citations import regulation, secondary, statute
from migralex.engine.meta import ConditionTag, MoneyOutput, OutcomeVocabulary, ProgramMeta
from migralex.rules.meta import encoded_from

A = "uk.asylum_support"
CHECKED = date(2026, 11, 29)

IAA_1999_S95 = statute(
    "Immigration and Asylum Act 1999",
    "s.95 (persons for whom support may be provided)",
    "https://www.legislation.gov.uk/ukpga/1999/33/section/95",
    checked_on=CHECKED,
)
REGS_2000 = regulation(
    "Asylum Support Regulations 2000 (SI 2000/704)",
    "reg. 10 (kind and levels of support)",
    "https://www.legislation.gov.uk/uksi/2000/704",
    checked_on=CHECKED,
    note="In force 3 April 2000 (read on legislation.gov.uk); the regulation numbers of the current rates "
    "were not read.",
    see_also=(
        secondary(
            "Asylum Matters, Asylum Support briefing (update: GBP 49.18 and GBP 8.86 after the 2023 review)",
            "https://asylummatters.org/2023/01/31/asylum-support-briefing-jan-2023/",
            checked_on=CHECKED,
        ),
    ),
)
DUTY = statute(
    "Immigration and Asylum Act 1999",
    "s.95 ('may provide'): a power; the duty to use it came from the Asylum Seekers (Reception Conditions) "
    "Regulations 2005 and is revoked from June 2026 by the (draft) Amendment Regulations 2026",
    "https://www.legislation.gov.uk/ukpga/1999/33/section/95",
    checked_on=CHECKED,
    note="Neither the 2005 Regulations nor the 2026 amendment was opened; the revocation and its month are "
    "from the sources below.",
    see_also=(
        secondary(
            "EIN, 'Lords secondary legislation committee concerned at lack of clarity over new asylum "
            "support measures'",
            "https://www.ein.org.uk/news/lords-secondary-legislation-committee-concerned-lack-clarity-over-new-"
            "asylum-support-measures",
            checked_on=CHECKED,
        ),
    ),
)

CLAIM_PENDING = fact(
    "person.asylum_claim_pending",
    FactType.BOOL,
    "The person has claimed asylum and the claim (or an appeal) has not been finally determined",
)
DESTITUTE = fact(
    "person.destitute_or_likely_destitute",
    FactType.BOOL,
    "The person (and dependants) is destitute or likely to become destitute within 14 days: no adequate "
    "accommodation or cannot meet essential living needs",
)
FULL_BOARD = fact(
    "support.full_board_accommodation",
    FactType.BOOL,
    "The person is housed in full-board accommodation (meals provided)",
)

asylum_seeker = condition(
    f"{A}.asylum_seeker",
    "The person is an asylum seeker whose claim is pending",
    IAA_1999_S95,
    CLAIM_PENDING,
    tags={ConditionTag.PROTECTION},
)
destitute = condition(
    f"{A}.destitute",
    "The person is destitute or likely to become destitute",
    IAA_1999_S95,
    DESTITUTE,
    tags={ConditionTag.INCOME, ConditionTag.HOUSING},
)
duty_in_force = condition(
    f"{A}.duty_in_force",
    "The Home Office is under a duty (not merely a power) to support destitute asylum seekers",
    DUTY,
    param(f"{A}.duty_to_support"),
    tags={ConditionTag.PUBLIC_ASSISTANCE},
)
must_support = condition(
    A,
    "The Home Office must provide asylum support",
    IAA_1999_S95,
    all_of(asylum_seeker, destitute, duty_in_force),
    tags={ConditionTag.PUBLIC_ASSISTANCE},
)
weekly_rate = computation(
    f"{A}.weekly_rate",
    "Weekly cash support for the person: the full-board rate when meals are provided, else the main rate",
    REGS_2000,
    if_(FULL_BOARD, param(f"{A}.weekly_rate_full_board"), param(f"{A}.weekly_rate")),
    unit="GBP",
)

ASYLUM_SUPPORT = Program(
    id=A,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="must_support",
            negative="no_duty_to_support",
            positive_text="The Home Office must provide asylum support",
            negative_text="The Home Office has no duty to provide support (it may still, as a power)",
        ),
        money=(MoneyOutput("weekly_rate", "GBP"),),
    ),
    in_force=encoded_from(
        date(2024, 1, 8),
        REGS_2000,
        "asylum support before the rates in force from 8 January 2024",
    ),
    title="Asylum support: duty or power, and the weekly rate (UK)",
    description=(
        "IAA 1999 s.95 and the Asylum Support Regulations 2000: whether the Home Office must support a "
        "destitute asylum seeker (a duty until June 2026, a power after), and the weekly cash rate."
    ),
    root=must_support,
    citation=IAA_1999_S95,
    outputs={"weekly_rate": weekly_rate},
)

PROGRAMS = [ASYLUM_SUPPORT]
