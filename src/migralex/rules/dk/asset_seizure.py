"""Danish seizure of asylum seekers' assets ("smykkeloven"): Udlændingeloven (UL) § 40, stk. 9, inserted by
lov nr. 102 af 3. februar 2016 (L 87, 2015-16); later cited as stk. 10 (current stk. number UNVERIFIED).

Covers decisions from 5 February 2016 (entry into force) to date. The police may seize assets of asylum
seekers and unlawfully present foreigners for whom Udlændingestyrelsen has or expects costs (UL § 42 a,
stk. 1-2), to cover maintenance, health services or accommodation: cash above DKK 10,000 (the person keeps
DKK 10,000), and single items worth more than DKK 10,000, except items of special personal or sentimental
value (e.g. wedding rings), on the person's own account of that value. Foreign bank accounts are not covered.

Items of value are a list (``person.items_of_value``), each item assessed on its own; decisions stored
with the three numbered item slots of pack 0.1 are carried over by ``items_from_slots``.
Primary source: Udlændingeloven, LBK nr. 1009 af 02/09/2024
(https://www.retsinformation.dk/eli/lta/2024/1009); each condition cites its provision.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from migralex.engine import (
    FactType,
    ItemField,
    Program,
    all_of,
    any_of,
    any_of_items,
    computation,
    condition,
    fact,
    fact_list,
    if_,
    param,
    sum_items,
)
from migralex.engine.meta import ConditionTag, MoneyOutput, OutcomeVocabulary, ProgramMeta
from migralex.rules import citing
from migralex.rules.citing import secondary_text, statute_text
from migralex.rules.meta import commenced
from migralex.rules.upgrades import FactUpgrade

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
ITEMS = fact_list(
    "person.items_of_value",
    "Items of value the person carries, one record per item",
    "Each item with its value in DKK and whether it has special personal or sentimental value (e.g. a "
    "wedding ring) on the person's own account; an empty list when the person carries none.",
    item={
        "value": ItemField(FactType.DECIMAL, "Value of the item", unit="DKK", minimum=0),
        "special_personal_value": ItemField(
            FactType.BOOL,
            "The item has special personal or sentimental value (e.g. a wedding ring), on the person's own "
            "account",
        ),
    },
)
ITEM_SEIZABLE = (ITEMS.item("value") > param(f"{A}.item_threshold")) & ~ITEMS.item("special_personal_value")

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


items_seizable = condition(
    f"{A}.items_seizable",
    "At least one item is worth more than DKK {param:dk.asset_seizure.item_threshold} on its own and has no "
    "special personal or sentimental value",
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
    any_of_items(ITEMS, ITEM_SEIZABLE),
    tags={ConditionTag.ASSETS},
)

may_seize = condition(
    A,
    "The police may seize assets from the person to cover the costs of their stay",
    UL_40_9,
    all_of(in_scope, any_of(cash_seizable, items_seizable)),
)


seizable_amount = computation(
    f"{A}.seizable_amount",
    "Value that may be seized: cash above DKK {param:dk.asset_seizure.cash_threshold} plus each item worth "
    "more than DKK {param:dk.asset_seizure.item_threshold} without special personal value (0 when the "
    "person is not in scope)",
    UL_40_9,
    if_(
        in_scope,
        if_(cash_seizable, CASH - param(f"{A}.cash_threshold"), ZERO)
        + sum_items(ITEMS, ITEMS.item("value"), where=ITEM_SEIZABLE),
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

# --- stored decisions: facts of pack 0.1.x (three numbered item slots) -> the list of items -------------
OLD_SLOTS = 3


def items_from_slots(facts: Mapping[str, Any]) -> dict[str, Any]:
    """``person.item_count`` and ``person.item_N_*`` (N = 1-3) become ``person.items_of_value``.

    The first ``item_count`` slots become items. A count above 3 recorded items the old schema could not
    hold: they become items whose value is unknown, so the outcome is never decided on items left out.
    An unknown count leaves the list unknown.
    """
    fields = ("value", "special_personal_value")
    old = ["person.item_count"] + [f"person.item_{i}_{f}" for i in range(1, OLD_SLOTS + 1) for f in fields]
    out = {k: v for k, v in facts.items() if k not in old}
    count = facts.get("person.item_count")
    if isinstance(count, int) and not isinstance(count, bool):
        out[ITEMS.spec.id] = [
            {
                "value": facts.get(f"person.item_{i}_value") if i <= OLD_SLOTS else None,
                "special_personal_value": (
                    facts.get(f"person.item_{i}_special_personal_value") if i <= OLD_SLOTS else None
                ),
            }
            for i in range(1, count + 1)
        ]
    return out


UPGRADES = [
    FactUpgrade(
        "dk",
        "0.2.0",
        (A,),
        "items of value: three numbered slots (person.item_count, person.item_N_*) became the list "
        "person.items_of_value",
        items_from_slots,
    )
]
