"""UK "deport now, appeal later": certification of a human rights claim under NIAA 2002 s.94B.

Where a person liable to deportation makes a human rights claim, the Secretary of State may certify it under
s.94B if removal pending the appeal would not breach the person's Convention rights, in particular because
there is no real risk of serious irreversible harm before the appeals process is exhausted; the appeal is
then brought from abroad. The Supreme Court held in Kiarie and Byndloss [2017] UKSC 42 that removal pending an
appeal can breach art. 8 where the appeal cannot be effectively conducted from abroad. The Home Office
applies the power to nationals of a published list of countries: 8 countries when the scheme restarted in
2023, widened to 23 on 10 August 2025 (announcement; the list and start day rest on a secondary source and
are unverified).

``eligible`` means the claim may be certified (the person can be deported before the appeal is heard).
"""

from __future__ import annotations

from datetime import date

from migralex.engine import FactType, Program, all_of, condition, fact, not_, param
from migralex.engine.citations import case_law, secondary, statute
from migralex.engine.meta import ConditionTag, OutcomeVocabulary, ProgramMeta
from migralex.rules.meta import encoded_from

D = "uk.deportation.deport_now_appeal_later"
CHECKED = date(2026, 11, 29)

S94B = statute(
    "Nationality, Immigration and Asylum Act 2002",
    "s.94B (appeal from within the United Kingdom: certification of human rights claims made by persons "
    "liable to deportation)",
    "https://www.legislation.gov.uk/ukpga/2002/41/section/94B",
    checked_on=CHECKED,
    note="Section text not opened in this session.",
)
KIARIE_CASE = case_law(
    "R (Kiarie) v Secretary of State for the Home Department; R (Byndloss) v Secretary of State for the Home "
    "Department [2017] UKSC 42",
    "art. 8: an appeal from abroad must be effective",
    "",
    checked_on=CHECKED,
    note="Judgment not opened in this session and no address for it was found in the stored copies.",
)
KIARIE = statute(
    "Nationality, Immigration and Asylum Act 2002",
    "s.94B(2) (no real risk of serious irreversible harm), read with Kiarie and Byndloss [2017] UKSC 42",
    "https://www.legislation.gov.uk/ukpga/2002/41/section/94B",
    checked_on=CHECKED,
    see_also=(KIARIE_CASE,),
)
COUNTRY_LIST = statute(
    "Nationality, Immigration and Asylum Act 2002",
    "s.94B, as the Home Office applies it to a list of countries (23 from 10 August 2025)",
    "https://www.legislation.gov.uk/ukpga/2002/41/section/94B",
    checked_on=CHECKED,
    note="No gov.uk publication of the list was found; the list rests on the EIN report below.",
    see_also=(
        secondary(
            "EIN, 'Government plans immediate deportation of foreign convicts and expansion of countries for "
            "deport now appeal later'",
            "https://www.ein.org.uk/news/government-plans-immediate-deportation-foreign-convicts-and-expansion-"
            "countries-deport-now",
            checked_on=CHECKED,
        ),
    ),
)

LIABLE = fact(
    "person.liable_to_deportation",
    FactType.BOOL,
    "The person is liable to deportation (e.g. a foreign criminal under UK Borders Act 2007 s.32)",
)
HUMAN_RIGHTS_CLAIM = fact(
    "person.made_human_rights_claim",
    FactType.BOOL,
    "The person has made a human rights claim against deportation",
)
NATIONALITY = fact(
    "person.nationality_iso2",
    FactType.CODE,
    "The person's nationality (ISO 3166-1 alpha-2; XK for Kosovo, a user-assigned code)",
    codes=(
        "AL", "BZ", "EE", "FI", "XK", "MU", "NG", "TZ", "AO", "AU", "BW", "BN", "BG", "CA", "GY", "IN", "ID",
        "KE", "LV", "LB", "MY", "UG", "ZM", "other",
    ),
)  # fmt: skip
IRREVERSIBLE_HARM = fact(
    "removal.real_risk_of_serious_irreversible_harm",
    FactType.BOOL,
    "Removal pending the appeal would expose the person to a real risk of serious irreversible harm, or the "
    "appeal could not be effectively conducted from abroad (art. 8)",
)

liable = condition(
    f"{D}.liable_with_human_rights_claim",
    "The person is liable to deportation and has made a human rights claim",
    S94B,
    all_of(LIABLE, HUMAN_RIGHTS_CLAIM),
    tags={ConditionTag.CRIMINALITY},
)
listed_country = condition(
    f"{D}.listed_country",
    "The person is a national of a country on the Home Office's s.94B list",
    COUNTRY_LIST,
    NATIONALITY.is_in(param(f"{D}.countries")),
    tags={ConditionTag.NATIONALITY},
)
no_irreversible_harm = condition(
    f"{D}.no_serious_irreversible_harm",
    "Removal pending the appeal would not breach Convention rights (no real risk of serious irreversible "
    "harm; an effective appeal from abroad)",
    KIARIE,
    not_(IRREVERSIBLE_HARM),
    tags={ConditionTag.INTERNATIONAL_OBLIGATIONS},
)
certifiable = condition(
    D,
    "The human rights claim may be certified under s.94B: deport now, appeal later",
    S94B,
    all_of(liable, listed_country, no_irreversible_harm),
    tags={ConditionTag.PROCEDURE},
)

DEPORT_NOW_APPEAL_LATER = Program(
    id=D,
    meta=ProgramMeta(
        vocabulary=OutcomeVocabulary(
            positive="certifiable",
            negative="not_certifiable",
            positive_text="The claim may be certified: deport now, appeal later",
            negative_text="The claim may not be certified under s.94B",
            positive_is_adverse=True,
        ),
    ),
    in_force=encoded_from(
        date(2025, 8, 10),
        COUNTRY_LIST,
        "s.94B certification before the 23-country list of 10 August 2025 (the shorter list of 2023 and "
        "earlier practice)",
    ),
    title="Deport now, appeal later: s.94B certification (UK)",
    description=(
        "NIAA 2002 s.94B as applied by the Home Office to a list of countries (23 from 10 August 2025, "
        "unverified): whether a deportee's human rights claim may be certified so the appeal is heard from "
        "abroad."
    ),
    root=certifiable,
    citation=S94B,
)

PROGRAMS = [DEPORT_NOW_APPEAL_LATER]
