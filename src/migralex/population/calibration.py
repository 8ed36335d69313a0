"""Published aggregate statistics that synthetic populations are calibrated to.

Every figure carries its publisher and source URL (also listed in ``docs/data-sources.md``); ``[P]`` marks a
primary source (government, parliament), ``[S]`` a secondary one (press, NGO). Shares derived from them are
computed here, in code, so the arithmetic can be checked.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One published number: what it counts, its value, the period and where it was published."""

    id: str
    label: str
    value: float
    period: str
    url: str
    grade: str = "S"  # P = primary (government), S = secondary (press, NGO)


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
        Figure(
            "dk.family_reunification.spouse_applications_danish_nordic_sponsor.2018",
            "Spouse applications with a Danish or Nordic sponsor",
            2_748,
            "2018",
            "https://ft.dk/samling/20222/almdel/uui/spm/172/svar/1964997/2721934/index.htm",
            "P",
        ),
        # --- United Kingdom (uk-rules.md § 7) ------------------------------------------------------
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


def value(figure_id: str) -> float:
    """The value of a figure by id."""
    return FIGURES[figure_id].value


def share(numerator: str, *denominator: str) -> float:
    """``numerator / sum(denominator)`` of figures, e.g. the § 7(3) share among Syrian refugees."""
    return value(numerator) / sum(value(d) for d in denominator)
