"""Danish seizure of asylum seekers' assets ("smykkeloven"): Udlændingeloven (UL) § 40, stk. 9, inserted by
lov nr. 102 af 3. februar 2016 (L 87, 2015-16); later cited as stk. 10 (current stk. number UNVERIFIED).

Covers decisions from 5 February 2016 (entry into force) to date. The police may seize assets of asylum
seekers and unlawfully present foreigners for whom Udlændingestyrelsen has or expects costs (UL § 42 a,
stk. 1-2), to cover maintenance, health services or accommodation: cash above DKK 10,000 (the person keeps
DKK 10,000), and single items worth more than DKK 10,000, except items of special personal or sentimental
value (e.g. wedding rings), on the person's own account of that value. Foreign bank accounts are not covered.

The engine has no list facts, so this encoding assesses cash and up to three items of value
(``person.item_count`` says how many of the three slots are used).
Primary source: Udlændingeloven, LBK nr. 1009 af 02/09/2024
(https://www.retsinformation.dk/eli/lta/2024/1009); each condition cites its provision.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from migralex.engine import (
    Expr,
    FactType,
    Node,
    Program,
    all_of,
    any_of,
    computation,
    condition,
    fact,
    if_,
    param,
)
from migralex.engine.meta import ConditionTag, MoneyOutput, OutcomeVocabulary, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import secondary_text, statute_text
from migralex.rules.meta import commenced

A = "dk.asset_seizure"

GUIDANCE = "http://www.socialjura.dk/content-storage/regler/2016/vejl-9069-af-52-2016/"
POLITIKEN = (
    "https://politiken.dk/indland/politik/art6997666/Smykkelov-har-p%C3%A5-tre-%C3%A5r-ikke-f%C3%B8rt-til-et-"
    "eneste-smykke"
)
UL_40_9 = statute_text(
    (
        "Udlændingeloven § 40, stk. 9 (lov nr. 102 af 3. februar 2016; stk. 10 in later citations, "
        "UNVERIFIED); ministry guidance no. 9069 of 5 February 2016"
    ),
    citing.UL,
    see_also=(
        secondary_text(
            (
                "Udlændingeloven § 40, stk. 9 (lov nr. 102 af 3. februar 2016; stk. 10 in later "
                "citations, UNVERIFIED); ministry guidance no. 9069 of 5 February 2016"
            ),
            GUIDANCE,
        ),
    ),
)
ITEM_SLOTS = 3
ZERO = Decimal("0")

# --- facts ---------------------------------------------------------------------------------------------
ASYLUM_SEEKER = fact("person.is_asylum_seeker", FactType.BOOL, "The person is an asylum seeker")
UNLAWFUL = fact(
    "person.unlawfully_present",
    FactType.BOOL,
    "The person is staying in the country unlawfully",
)
BEARS_COSTS = fact(
    "person.immigration_service_bears_costs",
    FactType.BOOL,
    "Udlændingestyrelsen has or expects costs for the person's (or family's) maintenance, health services or "
    "accommodation (UL § 42 a, stk. 1-2, e.g. housed in an asylum centre)",
)
CASH = fact(
    "person.cash_amount",
    FactType.DECIMAL,
    "Cash the person carries (assets in foreign bank accounts are not covered)",
    unit="DKK",
    minimum=0,
)
ITEM_COUNT = fact(
    "person.item_count",
    FactType.INT,
    "Number of items of value recorded below (0 to 3; list the most valuable first)",
    minimum=0,
)
ITEM_VALUES = [
    fact(f"person.item_{i}_value", FactType.DECIMAL, f"Value of item {i}", unit="DKK", minimum=0)
    for i in range(1, ITEM_SLOTS + 1)
]
ITEM_PERSONAL = [
    fact(
        f"person.item_{i}_special_personal_value",
        FactType.BOOL,
        f"Item {i} has special personal or sentimental value (e.g. a wedding ring), on the person's own "
        "account",
    )
    for i in range(1, ITEM_SLOTS + 1)
]

# --- conditions ----------------------------------------------------------------------------------------
in_scope = condition(
    f"{A}.in_scope",
    "The person is an asylum seeker or unlawfully present, and Udlændingestyrelsen has or expects costs for "
    "them",
    statute_text(
        "Udlændingeloven § 40, stk. 9, jf. § 42 a, stk. 1-2 (guidance 9069/2016)",
        citing.UL,
        see_also=(
            secondary_text(
                "Udlændingeloven § 40, stk. 9, jf. § 42 a, stk. 1-2 (guidance 9069/2016)",
                GUIDANCE,
            ),
        ),
    ),
    all_of(any_of(ASYLUM_SEEKER, UNLAWFUL), BEARS_COSTS),
)
cash_seizable = condition(
    f"{A}.cash_seizable",
    "The person carries more than DKK {param:dk.asset_seizure.cash_threshold} in cash",
    statute_text(
        (
            "Udlændingeloven § 40, stk. 9 (seizure of cash; the DKK 10,000 threshold is in the ministry's "
            "guidance no. 9069 of 5 February 2016)"
        ),
        citing.UL,
        see_also=(
            secondary_text(
                "Cash: only amounts above DKK 10,000 may be seized [S: Politiken, 2019]", POLITIKEN
            ),
        ),
    ),
    param(f"{A}.cash_threshold") < CASH,
    tags={ConditionTag.ASSETS},
)


def _item(i: int) -> Node:
    """Item ``i`` (1-based) may be seized: recorded, worth more than the threshold on its own, and of no
    special personal value."""
    return condition(
        f"{A}.item_{i}_seizable",
        f"Item {i} is worth more than DKK {{param:{A}.item_threshold}} on its own and has no special "
        "personal or sentimental value",
        statute_text(
            (
                "Udlændingeloven § 40, stk. 9 (seizure of items; the DKK 10,000 threshold and the exemption "
                "for items of special personal value are in the ministry's guidance no. 9069 of 5 February "
                "2016)"
            ),
            citing.UL,
            see_also=(
                secondary_text(
                    (
                        "Items: individual value above DKK 10,000; items of special personal value exempt "
                        "(guidance 9069/2016) [S: Politiken, 2019]"
                    ),
                    GUIDANCE,
                ),
            ),
        ),
        all_of(
            i <= ITEM_COUNT,
            ITEM_VALUES[i - 1] > param(f"{A}.item_threshold"),
            ~ITEM_PERSONAL[i - 1],
        ),
        tags={ConditionTag.ASSETS},
    )


items_seizable = [_item(i) for i in range(1, ITEM_SLOTS + 1)]

may_seize = condition(
    A,
    "The police may seize assets from the person to cover the costs of their stay",
    UL_40_9,
    all_of(in_scope, any_of(cash_seizable, *items_seizable)),
)


def _item_amount(i: int) -> Expr:
    return if_(items_seizable[i - 1], ITEM_VALUES[i - 1], ZERO)


seizable_amount = computation(
    f"{A}.seizable_amount",
    "Value that may be seized: cash above DKK {param:dk.asset_seizure.cash_threshold} plus each item worth "
    "more than DKK {param:dk.asset_seizure.item_threshold} without special personal value (0 when the "
    "person is not in scope)",
    UL_40_9,
    if_(
        in_scope,
        if_(cash_seizable, CASH - param(f"{A}.cash_threshold"), ZERO)
        + _item_amount(1)
        + _item_amount(2)
        + _item_amount(3),
        ZERO,
    ),
    unit="DKK",
)

ASSET_SEIZURE = Program(
    id=A,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="seizable",
            negative="nothing_to_seize",
            positive_text="Assets may be seized",
            negative_text="Nothing may be seized",
            positive_is_adverse=True,
        ),
        money=(MoneyOutput("seizable_amount", "DKK"),),
    ),
    in_force=commenced(date(2016, 2, 5), UL_40_9),
    title="Seizure of asylum seekers' assets (Denmark)",
    description=(
        "UL § 40, stk. 9 (from 5 February 2016): cash above DKK 10,000 and single items worth more than "
        "DKK 10,000 without special personal value may be seized from asylum seekers and unlawfully present "
        "foreigners for whom Udlændingestyrelsen has costs; the output is the seizable amount in DKK."
    ),
    root=may_seize,
    citation=UL_40_9,
    outputs={"seizable_amount": seizable_amount},
)

PROGRAMS = [ASSET_SEIZURE]
