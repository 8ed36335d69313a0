"""Published aggregate statistics that synthetic populations are calibrated to.

Every figure carries its citation: title, publisher, table, publication date and URL (also listed in
``docs/data-sources.md``). Grade ``P`` is an official primary source (a government statistics release, a
ministry's answer to parliament); ``S`` is a secondary copy (press), kept only where no official figure was
found and marked UNVERIFIED in the documentation. Shares derived from the figures are computed in code
(``profiles.py``), so the arithmetic can be checked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

HO = "Home Office"
HO_RELEASE = "Immigration system statistics"
UIM = "Udlændinge- og Integrationsministeriet"
UIM_2016 = "https://uim.dk/nyhedsarkiv/2016/marts/faa-nyankomne-flygtninge-og-familiesammenfoerte-til-flygtninge-er-i-arbejde/"
UIM_2016_TITLE = (
    "Få nyankomne flygtninge og familiesammenførte til flygtninge er i arbejde (Integration i tal nr. 1)"
)


@dataclass(frozen=True)
class Figure:
    """One published number: what it counts, its value, the period and where it was published."""

    id: str
    label: str
    value: float
    period: str
    url: str
    grade: str = "S"  # P = official primary source, S = secondary (press, NGO): UNVERIFIED
    title: str = ""
    publisher: str = ""
    table: str = ""
    published: str = ""


FIGURES: dict[str, Figure] = {
    f.id: f
    for f in [
        # --- Denmark (dk-rules.md § 9) -------------------------------------------------------------
        Figure(
            "dk.asylum_grants.2015",
            "Persons granted asylum in Denmark",
            10_849,
            "2015",
            "http://news.camellarry.com/default.aspx?id=90640",
        ),
        Figure(
            "dk.asylum_grants.2017",
            "Persons granted asylum in Denmark",
            2_572,
            "2017",
            "https://www.mm.dk/tjekdet/artikel/vi-goer-status-saa-mange-asylansoegere-blev-afvist-og-udvist-sidste-aar",
        ),
        Figure(
            "dk.asylum_grants.2020",
            "Persons granted asylum in Denmark",
            601,
            "2020",
            "http://news.camellarry.com/default.aspx?id=90640",
        ),
        Figure(
            "dk.asylum_grants.2022",
            "Persons granted asylum in Denmark",
            1_403,
            "2022",
            "https://europeanconservative.com/?p=48189",
        ),
        Figure(
            "dk.asylum_grants.2023",
            "Persons granted asylum in Denmark",
            1_343,
            "2023",
            "https://europeanconservative.com/?p=48189",
        ),
        Figure(
            "dk.asylum_grants.2024",
            "Persons granted asylum in Denmark",
            859,
            "2024",
            "https://europeanconservative.com/?p=48189",
        ),
        Figure(
            "dk.temporary_protection_permits.2015_2019",
            "§ 7(3) permits granted, 2015 to Feb 2019",
            4_700,
            "2015-2019",
            "https://www.bt.dk/politik/udlaendingestyrelsen-vil-bremse-opholdstilladelser-til-syrere",
        ),
        Figure(
            "dk.syrian_refugees.2019",
            "Syrian refugees in Denmark",
            20_000,
            "2019",
            "https://www.bt.dk/politik/udlaendingestyrelsen-vil-bremse-opholdstilladelser-til-syrere",
        ),
        Figure(
            "dk.family_reunification.spouse_permits.2018",
            "Spouse/cohabitant family reunification permits",
            3_225,
            "2018",
            "https://sameksistens.dk/hver-tredje-ansoeger-fik-i-2018-afslag-paa-familiesammenfoering/",
        ),
        Figure(
            "dk.family_reunification.permits.2018",
            "Family reunification permits (all)",
            4_602,
            "2018",
            "https://sameksistens.dk/hver-tredje-ansoeger-fik-i-2018-afslag-paa-familiesammenfoering/",
        ),
        Figure(
            "dk.family_reunification.refusals.2018",
            "Family reunification refusals (all)",
            2_254,
            "2018",
            "https://sameksistens.dk/hver-tredje-ansoeger-fik-i-2018-afslag-paa-familiesammenfoering/",
        ),
        *[
            Figure(
                f"dk.family_reunification.spouse_applications_danish_nordic_sponsor.{year}",
                "Applications for spouse or cohabitant reunification with a Danish or Nordic sponsor",
                n,
                str(year),
                "https://ft.dk/samling/20222/almdel/uui/spm/172/svar/1964997/2721934/index.htm",
                "P",
                "Svar på UUI Alm.del spørgsmål 172 (2022-23, 2. samling)",
                UIM + " (figures from Udlændingestyrelsen)",
                "table of applications 2018-2023",
                "2023-06-08",
            )
            for year, n in ((2018, 2_748), (2019, 2_061), (2020, 2_035), (2021, 2_040), (2022, 1_847))
        ],
        *[
            Figure(
                f"dk.employment.{group}.3y",
                f"Share in employment after 3 years in Denmark, aged 25-64, first registered 2011: {label}",
                share,
                "2014",
                UIM_2016,
                "P",
                UIM_2016_TITLE,
                UIM,
                "Figur 1",
                "2016-03-01",
            )
            for group, label, share in (
                ("refugees", "refugees", 0.29),
                ("family_reunified_refugees", "family reunified to refugees", 0.25),
                ("family_reunified_others", "family reunified to non-refugees", 0.54),
            )
        ],
        # --- United Kingdom ----------------------------------------------------------------------
        Figure(
            "uk.refugee_family_reunion.grants.ye_jun_2025",
            "Refugee family reunion visas granted",
            20_817,
            "year ending June 2025",
            "https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-june-2025/how-many-people-come-to-the-uk-via-safe-and-legal-humanitarian-routes",
            "P",
            "How many people come to the UK via safe and legal (humanitarian) routes?",
            HO + ", " + HO_RELEASE + ", year ending June 2025",
            "safe and legal routes summary (section 1)",
            "2025-08-21",
        ),
        Figure(
            "uk.family_visas.applications.ye_jun_2025",
            "Family visa applications",
            76_327,
            "year ending June 2025",
            "https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-june-2025/why-do-people-come-to-the-uk-family",
            "P",
            "Why do people come to the UK - Family?",
            HO + ", " + HO_RELEASE + ", year ending June 2025",
            "Vis_D01",
            "2025-08-21",
        ),
        Figure(
            "uk.family_visas.grants.ye_dec_2025",
            "Family visas granted",
            66_610,
            "year ending December 2025",
            "https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2025/why-do-people-come-to-the-uk-family",
            "P",
            "Why do people come to the UK? Family",
            HO + ", " + HO_RELEASE + ", year ending December 2025",
            "Vis_D02",
            "2026-02-26",
        ),
        Figure(
            "uk.grants.refugee_status.2024",
            "Grants of refugee status at initial decision",
            35_559,
            "2024",
            "https://gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2024/how-many-people-are-granted-asylum-in-the-uk",
            "P",
        ),
        Figure(
            "uk.grants.humanitarian_protection.2024",
            "Grants of humanitarian protection at initial decision",
            3_346,
            "2024",
            "https://gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2024/how-many-people-are-granted-asylum-in-the-uk",
            "P",
        ),
        Figure(
            "uk.grants.other_leave.2024",
            "Grants of other leave at initial decision",
            711,
            "2024",
            "https://gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2024/how-many-people-are-granted-asylum-in-the-uk",
            "P",
        ),
        Figure(
            "uk.grants.eritrea.2025",
            "Eritreans granted protection",
            8_700,
            "2025",
            "https://uknip.co.uk/news/uk/uk-news/home-office-slams-record-80000-asylum-claims-as-most-get-the-boot/",
        ),
        Figure(
            "uk.grants.sudan.2025",
            "Sudanese granted protection",
            7_000,
            "2025",
            "https://uknip.co.uk/news/uk/uk-news/home-office-slams-record-80000-asylum-claims-as-most-get-the-boot/",
        ),
        Figure(
            "uk.grants.iran.2025",
            "Iranians granted protection",
            6_900,
            "2025",
            "https://uknip.co.uk/news/uk/uk-news/home-office-slams-record-80000-asylum-claims-as-most-get-the-boot/",
        ),
        Figure(
            "uk.grants.total.2025",
            "People granted protection or other leave at initial decision",
            54_887,
            "2025",
            "https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2025/how-many-people-are-granted-asylum-in-the-uk",
            "P",
        ),
        Figure(
            "uk.grants.total.2023",
            "People granted protection or other leave at initial decision",
            63_008,
            "2023",
            "https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2023/how-many-people-do-we-grant-protection-to",
            "P",
        ),
        Figure(
            "uk.grants.total.2024",
            "People granted protection or other leave at initial decision",
            39_616,
            "2024",
            "https://gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2024/how-many-people-are-granted-asylum-in-the-uk",
            "P",
        ),
    ]
}


#: Citation details of the official pages the older figures come from (by URL); "" where not checked.
_PAGE_LIST = [
    (
        "https://gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2024/how-many-people-are-granted-asylum-in-the-uk",
        "How many people are granted asylum in the UK?",
        HO + ", " + HO_RELEASE + ", year ending December 2024",
        "2025-02-27",
    ),
    (
        "https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2025/how-many-people-are-granted-asylum-in-the-uk",
        "How many people are granted asylum in the UK?",
        HO + ", " + HO_RELEASE + ", year ending December 2025",
        "2026-02-26",
    ),
    (
        "https://www.gov.uk/government/statistics/immigration-system-statistics-year-ending-december-2023/how-many-people-do-we-grant-protection-to",
        "How many people do we grant protection to?",
        HO + ", " + HO_RELEASE + ", year ending December 2023",
        "",
    ),
]
_PAGES = {u: (t, pub, d) for u, t, pub, d in _PAGE_LIST}
FIGURES = {
    k: (
        replace(f, title=_PAGES[f.url][0], publisher=_PAGES[f.url][1], published=_PAGES[f.url][2])
        if f.url in _PAGES and not f.title
        else f
    )
    for k, f in FIGURES.items()
}


def value(figure_id: str) -> float:
    """The value of a figure by id."""
    return FIGURES[figure_id].value


def share(numerator: str, *denominator: str) -> float:
    """``numerator / sum(denominator)`` of figures, e.g. the § 7(3) share among Syrian refugees."""
    return value(numerator) / sum(value(d) for d in denominator)
