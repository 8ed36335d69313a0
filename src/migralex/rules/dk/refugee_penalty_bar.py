"""Refugee Convention art. 31(1) as applied by the Danish Supreme Court: a flag on a proposed penalty (or an
expulsion resting on that conviction) for illegal entry or presence that the Convention bars.

Art. 31(1): "The Contracting States shall not impose penalties, on account of their illegal entry or
presence, on refugees who, coming directly from a territory where their life or freedom was threatened in the
sense of article 1, enter or are present in their territory without authorization, provided they present
themselves without delay to the authorities and show good cause for their illegal entry or presence."

* Højesteret, 3 February 2012 (case 179/2011): the protection covers Convention refugees only; whether a
  person is one (UL § 7, stk. 1, not § 7, stk. 2) is decided finally by the immigration authorities.
* Højesteret, 17 June 2025 (case 95/2024): a Syrian later granted asylum as a Convention refugee (UL § 7,
  stk. 1) could not be punished under straffeloven § 174 for presenting another person's ID to enter
  Denmark; the 14-day sentence and the expulsion with a 6-year entry ban fell.
* Højesteret, 10 September 2025 (case 13/2025): art. 31(1) also covers entry in breach of an entry ban;
  that the person could have sought asylum elsewhere does not by itself defeat "good cause"; while the
  asylum case is pending, the criminal case is remitted and stayed.

The outcome ``eligible`` means the proposed penalty is **barred**. While refugee status is undecided the
outcome is unknown, which is what the Supreme Court required: stay the criminal case until the immigration
authorities decide. The Big Issue report by Victoria Canning (mirrored at https://www.europesays.com/2583508)
relates the June 2025 judgment; the encoding rests on the judgments themselves.
"""

from __future__ import annotations

from datetime import date

from migralex.engine import FactType, Program, all_of, condition, fact
from migralex.engine.citations import case_law, secondary, statute
from migralex.engine.meta import ConditionTag, OutcomeVocabulary, ProgramMeta
from migralex.rules.meta import commenced

R = "dk.refugee_penalty_bar"
CHECKED = date(2026, 11, 29)

CONVENTION_URL = "https://www.unhcr.org/media/convention-and-protocol-relating-status-refugees"
ART_31 = statute(
    "Convention relating to the Status of Refugees (Geneva, 28 July 1951)",
    "art. 31(1)",
    CONVENTION_URL,
    excerpt=(
        "The Contracting States shall not impose penalties, on account of their illegal entry or presence, "
        "on "
        "refugees who, coming directly from a territory where their life or freedom was threatened in the "
        "sense of article 1, enter or are present in their territory without authorization, provided they "
        "present themselves without delay to the authorities and show good cause for their illegal entry or "
        "presence."
    ),
    checked_on=CHECKED,
    note="Treaty text quoted from the Convention; the UNHCR page itself was not opened from this machine.",
)
CONVENTION_IN_FORCE = statute(
    "Convention relating to the Status of Refugees (Geneva, 28 July 1951)",
    "art. 43 (in force on the ninetieth day after the sixth ratification: 22 April 1954); Denmark ratified "
    "on 4 December 1952",
    CONVENTION_URL,
    checked_on=CHECKED,
    note=(
        "The date of entry into force is from UNHCR's statement of 22 April 1954 and the Convention's "
        "header; Denmark's instrument of ratification of 4 December 1952 from the UN Treaty Series record. "
        "The UN Treaty Collection page itself was not opened."
    ),
    see_also=(
        secondary(
            "UNHCR, Statement by the High Commissioner on the entry into force of the Convention, "
            "22 April 1954",
            "https://unhcr.org/in/publications/statement-dr-gerrit-jan-van-heuven-goedhart-united-nations-high-"
            "commissioner-3",
            checked_on=CHECKED,
        ),
    ),
)
HR_2025_06 = case_law(
    "Højesteret, judgment of 17 June 2025, case 95/2024 (Anklagemyndigheden v. T)",
    "summary: refugee not punishable for using another person's ID to enter (art. 31(1))",
    "https://www.domstol.dk/hoejesteret/decided-cases-human-rights/2025/6/"
    "not-a-punishable-offence-for-refugee-to-use-another-person-s-id-to-gain-entry-into-denmark",
    excerpt=(
        "Syrian refugee who has been granted asylum as a convention refugee in Denmark could not be punished "
        "for using another person's ID to gain entry into Denmark under article 31(1) of the Refugee "
        "Convention"
    ),
    verified=True,
    checked_on=CHECKED,
)
HR_2025_09 = case_law(
    "Højesteret, judgment of 10 September 2025, case 13/2025 (Anklagemyndigheden v. T)",
    "summary: art. 31(1) covers entry in breach of an entry ban; case remitted and stayed",
    "https://www.domstol.dk/hoejesteret/decided-cases-human-rights/2025/9/"
    "criminal-case-on-illegal-entry-remitted-and-stayed-pending-asylum-decision",
    excerpt=(
        "The Supreme Court stated that article 31(1) also covers entry in contravention of an entry ban. The "
        "fact that T had entered Denmark in contravention of an entry ban and could possibly have travelled "
        "to another country than Denmark to apply for asylum there could not lead to him not showing good "
        "cause for entry into Denmark if he fulfilled the other conditions in article 31(1), including "
        "that he "
        "was a convention refugee."
    ),
    verified=True,
    checked_on=CHECKED,
)
HR_2012 = case_law(
    "Højesteret, judgment of 3 February 2012, case 179/2011 (Rigsadvokaten v. T)",
    "summary: art. 31(1) protects Convention refugees only; UL § 7, stk. 1 v. stk. 2",
    "http://www.hoejesteret.dk/hoejesteret/nyheder/Afgorelser/Pages/Mindrerigasylansgersdokumentfalsk.aspx",
    excerpt=(
        "Højesteret fandt, at den særlige beskyttelse mod straf for ulovlig indrejse m.v., som gælder efter "
        "artikel 31, stk. 1, i FN's flygtningekonvention, ... ikke gælder for personer, der ikke er "
        "flygtninge "
        "i konventionens forstand."
    ),
    verified=True,
    checked_on=CHECKED,
)

# --- facts -------------------------------------------------------------------------------------------
OFFENCE = fact(
    "offence.kind",
    FactType.CODE,
    "What the proposed penalty (or the expulsion resting on the conviction) is for",
    "illegal_entry (entry without authorisation), illegal_presence, false_identity_document_at_entry "
    "(presenting another person's or a false document to enter, e.g. straffeloven § 174), entry_ban_breach "
    "(entry in breach of an entry ban), other (any other offence: art. 31 does not apply)",
    codes=(
        "illegal_entry",
        "illegal_presence",
        "false_identity_document_at_entry",
        "entry_ban_breach",
        "other",
    ),
)
CONVENTION_REFUGEE = fact(
    "person.recognised_convention_refugee",
    FactType.BOOL,
    "The immigration authorities have finally recognised the person as a Convention refugee (UL § 7, stk. "
    "1); "
    "leave unknown while the asylum case is pending",
)
CAME_DIRECTLY = fact(
    "person.came_directly_from_threat",
    FactType.BOOL,
    "The person came directly from a territory where their life or freedom was threatened, as the courts "
    "read "
    "'directly' (transit through other countries does not by itself defeat it)",
)
PRESENTED_WITHOUT_DELAY = fact(
    "person.presented_without_delay",
    FactType.BOOL,
    "The person presented themselves to the authorities without delay (e.g. applied for asylum on arrest or "
    "soon after)",
)
GOOD_CAUSE = fact(
    "person.good_cause_for_illegal_entry",
    FactType.BOOL,
    "The person shows good cause for the illegal entry or presence (that they might have applied for asylum "
    "in another country does not by itself defeat good cause)",
)

# --- conditions --------------------------------------------------------------------------------------
entry_offence = condition(
    f"{R}.entry_or_presence_offence",
    "The proposed penalty is on account of illegal entry or presence (including entry on another person's "
    "identity papers or in breach of an entry ban)",
    ART_31,
    OFFENCE.is_in(
        ["illegal_entry", "illegal_presence", "false_identity_document_at_entry", "entry_ban_breach"]
    ),
    tags={ConditionTag.CRIMINALITY},
)
refugee = condition(
    f"{R}.convention_refugee",
    "The person is a Convention refugee (decided finally by the immigration authorities)",
    HR_2012,
    CONVENTION_REFUGEE,
    tags={ConditionTag.PROTECTION},
)
directly = condition(
    f"{R}.came_directly",
    "The person came directly from a territory where their life or freedom was threatened",
    ART_31,
    CAME_DIRECTLY,
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)
without_delay = condition(
    f"{R}.presented_without_delay",
    "The person presented themselves to the authorities without delay",
    ART_31,
    PRESENTED_WITHOUT_DELAY,
    tags={ConditionTag.DEADLINE},
)
good_cause = condition(
    f"{R}.good_cause",
    "The person shows good cause for the illegal entry or presence",
    HR_2025_09,
    GOOD_CAUSE,
    tags={ConditionTag.INDIVIDUAL_ASSESSMENT},
)
penalty_barred = condition(
    R,
    "Refugee Convention art. 31(1) bars the proposed penalty (and an expulsion resting on that conviction)",
    HR_2025_06,
    all_of(entry_offence, refugee, directly, without_delay, good_cause),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)

PENALTY_BAR = Program(
    id=R,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="penalty_barred",
            negative="penalty_not_barred",
            positive_text="Art. 31(1) of the Refugee Convention bars the penalty",
            negative_text="Art. 31(1) of the Refugee Convention does not bar the penalty",
        ),
    ),
    in_force=commenced(date(1954, 4, 22), CONVENTION_IN_FORCE),
    title="Refugee Convention art. 31: penalty for illegal entry barred (Denmark)",
    description=(
        "Flags a proposed penalty, or an expulsion ground resting on that conviction, for illegal entry or "
        "presence that art. 31(1) of the Refugee Convention bars, as the Danish Supreme Court applied it on "
        "17 June 2025 (case 95/2024) and 10 September 2025 (case 13/2025). Unknown while refugee status is "
        "undecided: the criminal case is then to be stayed."
    ),
    root=penalty_barred,
    citation=ART_31,
)

PROGRAMS = [PENALTY_BAR]
