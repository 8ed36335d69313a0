"""Reform ``uk_core_protection_2025``: what "Restoring Order and Control" (17 Nov 2025) proposed.

The 30-month grant for claims lodged from 2 March 2026 is already in the ``uk`` pack (in force). This reform
adds what the statement proposed and the rules did not enact by July 2026: a 20-year road to settlement on
core protection, and no family sponsorship by a refugee on core protection ("no automatic right to family
reunion"; sponsorship only after moving to the Work and Study route, whose rules are not published, so not
encoded). Each citation names its public source.
"""

from __future__ import annotations

from pathlib import Path

from migralex.engine import FactType, ParameterSet, Reform, all_of, condition, fact, not_
from migralex.engine.meta import ConditionTag
from migralex.rules import citing
from migralex.rules.citing import regulation_text, secondary_text
from migralex.rules.uk import asylum, family
from migralex.rules.uk.facts import SPONSOR_STATUS

HERE = Path(__file__).parent
STATEMENT = secondary_text(
    (
        "Home Office, Restoring Order and Control: a statement on the government's asylum and returns "
        "policy (17 Nov 2025; gov.uk URL UNVERIFIED) [S: EIN summary]"
    ),
    "https://www.ein.org.uk/news/sweeping-asylum-reforms-detailed-major-new-home-office-policy-paper",
)
NO_FAMILY_REUNION = secondary_text(
    (
        "Restoring Order and Control: 'Under core protection there will be no automatic right to family "
        "reunion. Those who successfully move off core protection and enter a Work and Study visa route "
        "could become eligible to sponsor family members' [S: Together Now, quoting the statement]"
    ),
    "https://www.togethernow.org.uk/response-to-home-secretarys-statement-on-asylum-and-returns-policy",
)

ON_CORE_PROTECTION = fact(
    "sponsor.on_core_protection",
    FactType.BOOL,
    "The sponsor holds 'core protection': the 30-month permission granted on a claim lodged on or after "
    "2 March 2026",
)

sponsor_status = condition(
    family.sponsor_status.id,
    "The sponsor has a status that can sponsor a partner, and is not a refugee or humanitarian-protection "
    "holder on core protection",
    regulation_text(
        "Immigration Rules, Appendix FM: the sponsor-status requirement the proposal would narrow (the "
        "proposal itself is not in the rules)",
        citing.APPENDIX_FM,
        see_also=(NO_FAMILY_REUNION,),
    ),
    all_of(
        family.sponsor_status.expr,
        not_(all_of(SPONSOR_STATUS.is_in(["refugee_convention", "protection_status"]), ON_CORE_PROTECTION)),
    ),
    tags={ConditionTag.SPONSOR_STATUS},
)

UK_CORE_PROTECTION_2025 = Reform(
    id="uk_core_protection_2025",
    title="Core protection: 20 years to settlement and no family sponsorship (proposed, Nov 2025)",
    description=(
        "The proposals of 'Restoring Order and Control' (17 Nov 2025) not in the rules by July 2026: "
        "refugees "
        "and humanitarian-protection holders on core protection (30-month grants for claims lodged from 2 "
        "March 2026, already in force) settle only after 20 years, and cannot sponsor a partner under "
        "Appendix FM while on core protection. The Protection Work and Study route, the 10-year earned "
        "settlement baseline and the asset contributions are not encoded (no rules or amounts published)."
    ),
    base="uk",
    status="proposed",
    citation=STATEMENT,
    parameters=ParameterSet.load([HERE / "parameters" / "uk_core_protection_2025.yaml"]),
    replacements={sponsor_status.id: sponsor_status},
    programs=(asylum.P, family.P),
    source_files=(Path(__file__),),
)

REFORMS = [UK_CORE_PROTECTION_2025]
