"""Danish departure centres (udrejsecentre) and tolerated stay: the control duties of the Return Act.

Hjemrejseloven (lov om hjemrejse for udlændinge uden lovligt ophold, LBK nr. 1014 af 27/08/2024):

* **residence obligation** (opholdspligt, § 13, stk. 1-2): Hjemrejsestyrelsen orders a person to live at a
  named accommodation centre (in practice a departure centre such as Kærshovedgård or Sjælsmark), unless
  special reasons speak against it, when the person does not cooperate with departure (stk. 1), or is
  refused asylum but cannot be removed (UL § 31: tolerated stay) or has lost a protection permit and cannot
  be removed (nr. 1), is expelled by final judgment and not remanded under § 14 (nr. 2), has lost a permit
  under UL § 21 b (nr. 3), or is administratively expelled under UL § 25 (nr. 4);
* **notification duty** (underretningspligt, § 13, stk. 4): a person ordered to live there under stk. 2 must
  tell the operator when away from the centre between 23.00 and 6.00;
* **reporting duty** (meldepligt, § 12, stk. 2-3): a person refused asylum who cannot be removed (or whose
  protection permit lapsed and who cannot be removed), and a person expelled by final judgment who is not
  remanded, must report at set times unless special reasons speak against it; Hjemrejsestyrelsen reports
  daily reporting for tolerated stay and three times a week otherwise as its practice.

The program's outcome is the residence obligation; the reporting and notification duties are outputs. The
Big Issue report by Victoria Canning on Danish departure centres (date and URL not found; the text is
mirrored at https://www.europesays.com/2583508) describes the centres' conditions; the duties rest on the
statute alone.
"""

from __future__ import annotations

from datetime import date

from migralex.engine import FactType, Program, all_of, any_of, condition, fact, not_
from migralex.engine.citations import Citation, guidance, statute, travaux
from migralex.engine.meta import ConditionTag, OutcomeVocabulary, ProgramMeta
from migralex.rules.meta import encoded_from

D = "dk.departure_centre"
CHECKED = date(2026, 11, 29)

HJEMREJSELOVEN = "https://www.retsinformation.dk/eli/lta/2024/1014"
LBK = "LBK nr. 1014 af 27/08/2024"


def _hjl(pinpoint: str, excerpt: str = "", see: str = "") -> Citation:
    """A pinpoint in the consolidated Return Act."""
    return statute(
        "Hjemrejseloven",
        pinpoint,
        HJEMREJSELOVEN,
        consolidated=LBK,
        excerpt=excerpt,
        verified=bool(excerpt),
        checked_on=CHECKED,
        note=(
            "Text read on lovguiden.dk / danskelove.dk (consolidated LBK 1014/2024) and, on 2026-11-29, in "
            "the retsinformation.dk XML text mirrored in Ansvar-Systems/Danish-law-mcp "
            "(data/seed/2024_1014.json); retsinformation.dk itself not opened."
        ),
        see_also=(guidance("Hjemrejsestyrelsen, Meldepligt", "", see),) if see else (),
    )


HJL_13 = _hjl(
    "§ 13, stk. 1-2",
    "Medvirker en udlænding ikke til sin udrejse, bestemmer Hjemrejsestyrelsen, at udlændingen skal tage "
    "ophold på et bestemt indkvarteringssted, jf. udlændingelovens § 42 a, stk. 5, medmindre særlige grunde "
    "taler derimod.",
)
HJL_13_4 = _hjl(
    "§ 13, stk. 4",
    "En udlænding, som efter stk. 2 er pålagt at tage ophold på et bestemt indkvarteringssted, skal give "
    "underretning til indkvarteringsoperatøren, hvis udlændingen i tidsrummet mellem kl. 23.00 og kl. 6.00 "
    "opholder sig uden for indkvarteringsstedet, medmindre særlige grunde taler derimod.",
)
HJL_12 = _hjl(
    "§ 12, stk. 2-3",
    "... skal give møde på nærmere angivne tidspunkter med henblik på løbende at sikre, at myndighederne har "
    "kendskab til udlændingens opholdssted, medmindre særlige grunde taler derimod.",
    see="https://hjemst.dk/for-udlaendinge/du-er-paalagt-pligter/meldepligt/",
)
L165 = travaux(
    "L 165 (2018-19), Forslag til lov om ændring af udlændingeloven (Nyaffattelse af bestemmelserne om "
    "opholds-, underretnings- og meldepligt ...)",
    "§ 1, nr. 1-2 (UL § 34, stk. 4; § 42 a, stk. 8)",
    "https://www.ft.dk/samling/20181/lovforslag/l165/20181_l165_som_fremsat.htm",
    verified=True,
    checked_on=CHECKED,
    note=(
        "The duties sat in UL §§ 34 and 42 a until the Return Act of 2021 (lov nr. 982 af 26/05/2021) "
        "moved them."
    ),
)
RETURN_ACT_IN_FORCE = statute(
    "Hjemrejseloven (lov nr. 982 af 26. maj 2021)",
    "§ 24, stk. 1",
    "https://www.retsinformation.dk/eli/lta/2021/982",
    excerpt="Loven træder i kraft den 1. juni 2021, jf. dog stk. 2.",
    checked_on=CHECKED,
    note=(
        "Text read on danskelove.dk (hjemrejseloven § 24) and elov.dk (lov nr. 982 af 26. maj 2021); "
        "retsinformation.dk not opened. Stk. 2 leaves to the minister the commencement of §§ 4, 13, stk. 6, "
        "16, stk. 9, 2. pkt., 22, stk. 3, 2. pkt., and 23, stk. 1, 3. pkt., none of which this program reads."
    ),
)

# --- facts -------------------------------------------------------------------------------------------
NOT_COOPERATING = fact(
    "person.not_cooperating_with_departure",
    FactType.BOOL,
    "The person has no right to stay and does not cooperate with their departure (Hjemrejseloven § 3)",
)
TOLERATED = fact(
    "person.refused_protection_not_removable",
    FactType.BOOL,
    "The person was refused asylum under UL § 7, or lost a protection permit (UL § 7 or § 8, stk. 1-2, "
    "lapsed under § 26 c or § 21 b), but cannot be removed because of UL § 31 (tolerated stay)",
)
EXPELLED_JUDGMENT = fact(
    "person.expelled_by_final_judgment",
    FactType.BOOL,
    "The person is expelled by a final judgment under UL §§ 22-24",
)
REMANDED = fact(
    "person.remanded_under_return_act_s14",
    FactType.BOOL,
    "The person is remanded in custody under Hjemrejseloven § 14",
)
LAPSED_21B = fact(
    "person.permit_lapsed_under_ul_21b",
    FactType.BOOL,
    "The person's residence permit or right of residence has lapsed under UL § 21 b, stk. 1",
)
EXPELLED_25 = fact(
    "person.expelled_under_ul_25",
    FactType.BOOL,
    "The person is administratively expelled under UL § 25 (danger to national security)",
)
SPECIAL_REASONS = fact(
    "case.special_reasons_against_control_duties",
    FactType.BOOL,
    "Special reasons speak against the duty (e.g. health, family with children): an individual assessment",
)

# --- conditions --------------------------------------------------------------------------------------
expelled_not_remanded = condition(
    f"{D}.expelled_by_judgment_not_remanded",
    "The person is expelled by final judgment and is not remanded in custody under the Return Act",
    _hjl(
        "§ 13, stk. 2, nr. 2",
        "2) udlændingen er udvist ved endelig dom efter udlændingelovens §§ 22-24 og ikke er "
        "varetægtsfængslet "
        "efter § 14,",
    ),
    all_of(EXPELLED_JUDGMENT, not_(REMANDED)),
    tags={ConditionTag.CRIMINALITY},
)
listed_group = condition(
    f"{D}.listed_group",
    "The person is in a group the Return Act places at an accommodation centre: tolerated stay, expelled by "
    "judgment and not remanded, permit lapsed under UL § 21 b, or expelled under UL § 25",
    _hjl(
        "§ 13, stk. 2, nr. 1-4",
        "Stk. 2. Hjemrejsestyrelsen bestemmer, at en udlænding skal tage ophold på et bestemt "
        "indkvarteringssted, "
        "jf. udlændingelovens § 42 a, stk. 5, medmindre særlige grunde taler derimod, hvis 1) ... ikke kan "
        "udsendes af landet, jf. udlændingelovens § 31, ... 2) udlændingen er udvist ved endelig dom efter "
        "udlændingelovens §§ 22-24 og ikke er varetægtsfængslet efter § 14, 3) udlændingens "
        "opholdstilladelse "
        "eller opholdsret er bortfaldet efter udlændingelovens § 21 b, stk. 1, eller 4) udlændingen er "
        "udvist "
        "efter udlændingelovens § 25.",
    ),
    any_of(TOLERATED, expelled_not_remanded, LAPSED_21B, EXPELLED_25),
    tags={ConditionTag.PROTECTION, ConditionTag.CRIMINALITY},
)
residence_obligation = condition(
    D,
    "Must live at the accommodation centre named by Hjemrejsestyrelsen (a departure centre)",
    HJL_13,
    all_of(any_of(NOT_COOPERATING, listed_group), not_(SPECIAL_REASONS)),
    tags={ConditionTag.PROCEDURE, ConditionTag.INDIVIDUAL_ASSESSMENT},
)
notification_duty = condition(
    f"{D}.notification_duty",
    "Must notify the centre's operator when away between 23.00 and 6.00",
    HJL_13_4,
    all_of(listed_group, not_(SPECIAL_REASONS)),
    tags={ConditionTag.PROCEDURE, ConditionTag.INDIVIDUAL_ASSESSMENT},
)
reporting_duty = condition(
    f"{D}.reporting_duty",
    "Must report to the authorities at set times (meldepligt)",
    HJL_12,
    all_of(any_of(TOLERATED, expelled_not_remanded), not_(SPECIAL_REASONS)),
    tags={ConditionTag.PROCEDURE, ConditionTag.INDIVIDUAL_ASSESSMENT},
)

DEPARTURE_CENTRE = Program(
    id=D,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="must_reside",
            negative="no_residence_obligation",
            positive_text="Must live at the departure centre Hjemrejsestyrelsen names",
            negative_text="No obligation to live at a departure centre",
            positive_is_adverse=True,
        ),
    ),
    in_force=encoded_from(
        date(2021, 6, 1),
        RETURN_ACT_IN_FORCE,
        "the regime of residence, notification and reporting duties under UL §§ 34 and 42 a before the "
        "Return Act",
    ),
    title="Departure centre and tolerated stay: residence, reporting and notification duties (Denmark)",
    description=(
        "Hjemrejseloven §§ 12-13 (LBK 1014/2024): whether a person without a right to stay must live at a "
        "departure centre, and whether the reporting and night-time notification duties follow."
    ),
    root=residence_obligation,
    citation=statute(
        "Hjemrejseloven",
        "§§ 12-13",
        HJEMREJSELOVEN,
        consolidated=LBK,
        checked_on=CHECKED,
        see_also=(L165,),
    ),
    outputs={"reporting_duty": reporting_duty, "notification_duty": notification_duty},
)

PROGRAMS = [DEPARTURE_CENTRE]
