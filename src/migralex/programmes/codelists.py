"""Code lists used to check programme data and IATI output.

* The IATI *embedded* 2.03 lists used here (OrganisationRole, ActivityStatus,
  ActivityDateType, TransactionType, BudgetType, BudgetStatus, DocumentCategory A-series)
  are complete for those lists, from IATI-Codelists branch ``version-2.03``.
* ISO 4217 currencies and ISO 3166-1 countries (plus IATI's ``XK`` Kosovo) are complete
  lists of active codes as this module was written.
* FlowType is complete (IATI-Codelists-NonEmbedded ``xml/FlowType.xml``); ResultType,
  IndicatorMeasure and RelatedActivityType are complete lists of their codes.
* Sector, Region, Language, FileFormat, AidType, FinanceType and TagVocabulary
  are **subsets**: only the codes this module uses are bundled. A valid IATI code
  outside the subset is reported as "not in the bundled subset", so add it here,
  from IATI-Codelists-NonEmbedded, before using it.

IATI codelists are published by the IATI Secretariat under CC BY 4.0
("IATI Standard (http://iatistandard.org/)"); see ``iati_schema/NOTICE.md``.
"""

from __future__ import annotations

ORGANISATION_ROLE: dict[str, str] = {
    "1": "Funding",
    "2": "Accountable",
    "3": "Extending",
    "4": "Implementing",
}

ORGANISATION_TYPE: dict[str, str] = {
    "10": "Government",
    "11": "Local Government",
    "15": "Other Public Sector",
    "21": "International NGO",
    "22": "National NGO",
    "23": "Regional NGO",
    "24": "Partner Country based NGO",
    "30": "Public Private Partnership",
    "40": "Multilateral",
    "60": "Foundation",
    "70": "Private Sector",
    "71": "Private Sector in Provider Country",
    "72": "Private Sector in Aid Recipient Country",
    "73": "Private Sector in Third Country",
    "80": "Academic, Training and Research",
    "90": "Other",
}

ACTIVITY_STATUS: dict[str, str] = {
    "1": "Pipeline/identification",
    "2": "Implementation",
    "3": "Finalisation",
    "4": "Closed",
    "5": "Cancelled",
    "6": "Suspended",
}

ACTIVITY_DATE_TYPE: dict[str, str] = {
    "1": "Planned start",
    "2": "Actual start",
    "3": "Planned end",
    "4": "Actual end",
}

TRANSACTION_TYPE: dict[str, str] = {
    "1": "Incoming Funds",
    "2": "Outgoing Commitment",
    "3": "Disbursement",
    "4": "Expenditure",
    "5": "Interest Payment",
    "6": "Loan Repayment",
    "7": "Reimbursement",
    "8": "Purchase of Equity",
    "9": "Sale of Equity",
    "10": "Credit Guarantee",
    "11": "Incoming Commitment",
    "12": "Outgoing Pledge",
    "13": "Incoming Pledge",
}

BUDGET_TYPE: dict[str, str] = {"1": "Original", "2": "Revised"}
BUDGET_STATUS: dict[str, str] = {"1": "Indicative", "2": "Committed"}

DOCUMENT_CATEGORY: dict[str, str] = {
    "A01": "Pre- and post-project impact appraisal",
    "A02": "Objectives / Purpose of activity",
    "A03": "Intended ultimate beneficiaries",
    "A04": "Conditions",
    "A05": "Budget",
    "A06": "Summary information about contract",
    "A07": "Review of project performance and evaluation",
    "A08": "Results, outcomes and outputs",
    "A09": "Memorandum of understanding (If agreed by all parties)",
    "A10": "Tender",
    "A11": "Contract",
    "A12": "Activity web page",
}

DESCRIPTION_TYPE: dict[str, str] = {
    "1": "General",
    "2": "Objectives",
    "3": "Target Groups",
    "4": "Other",
}

ACTIVITY_SCOPE: dict[str, str] = {
    "1": "Global",
    "2": "Regional",
    "3": "Multi-national",
    "4": "National",
    "5": "Sub-national: Multi-first-level administrative areas",
    "6": "Sub-national: Single first-level administrative area",
    "7": "Sub-national: Single second-level administrative area",
    "8": "Single location",
}

EARMARKING_CATEGORY: dict[str, str] = {
    "1": "Unearmarked",
    "2": "Softly earmarked",
    "3": "Earmarked",
    "4": "Tightly earmarked",
}

CONDITION_TYPE: dict[str, str] = {"1": "Policy", "2": "Performance", "3": "Fiduciary"}

COLLABORATION_TYPE: dict[str, str] = {
    "1": "Bilateral",
    "2": "Multilateral (inflows)",
    "3": "Bilateral, core contributions to NGOs and other private bodies / PPPs",
    "4": "Multilateral outflows",
    "6": "Private Development Finance",
    "7": "Bilateral, ex-post reporting on NGOs' activities funded through core contributions",
    "8": "Bilateral, triangular co-operation",
}

TIED_STATUS: dict[str, str] = {"3": "Partially tied", "4": "Tied", "5": "Untied"}

# ---- subsets (see module docstring) -------------------------------------------------

SECTOR_DAC5: dict[str, str] = {
    "15190": "Facilitation of orderly, safe, regular and responsible migration and mobility",
    "15136": "Immigration",
    "15130": "Legal and judicial development",
    "15160": "Human rights",
    "15180": "Ending violence against women and girls",
    "15196": "Government and civil society statistics and data",
    "16020": "Employment creation",
    "16070": "Labour rights",
}
#: Withdrawn DAC codes that must not be used for new data.
SECTOR_WITHDRAWN: frozenset[str] = frozenset({"15161", "15162", "15163", "15164"})

REGION_DAC: dict[str, str] = {
    "88": "States Ex-Yugoslavia unspecified",
    "89": "Europe, regional",
}

#: FlowType, complete (active codes; 20 and 35 were withdrawn on 2015-12-31).
FLOW_TYPE: dict[str, str] = {
    "10": "ODA",
    "21": "Non-export credit OOF",
    "22": "Officially supported export credits",
    "30": "Private Development Finance",
    "36": "Private Foreign Direct Investment",
    "37": "Other Private flows at market terms",
    "40": "Non flow",
    "50": "Other flows",
}
FLOW_TYPE_WITHDRAWN: frozenset[str] = frozenset({"20", "35"})
#: FinanceType, bundled subset (grants, subsidies, capital subscriptions, guarantees).
FINANCE_TYPE: dict[str, str] = {
    "110": "Standard grant",
    "210": "Interest subsidy",
    "310": "Capital subscription on deposit basis",
    "311": "Capital subscription on encashment basis",
    "1100": "Guarantees/insurance",
    "2100": "Direct provider spending",
    "3100": "Subsidies and similar transfers",
}
#: AidType vocabulary 1 (OECD DAC), bundled subset.
AID_TYPE: dict[str, str] = {
    "A00": "Budget support",
    "A01": "General budget support",
    "A02": "Sector budget support",
    "B01": "Core support to NGOs, other private bodies, PPPs and research institutes",
    "B02": "Core contributions to multilateral institutions and global funds",
    "B021": "Core contributions to multilateral institutions",
    "B022": "Core contributions to global funds",
    "B03": "Contributions to specific-purpose programmes and funds managed by implementing partners",
    "B031": "Contributions to multi-donor/multi-entity funding mechanisms",
    "C01": "Project-type interventions",
}
RESULT_TYPE: dict[str, str] = {"1": "Output", "2": "Outcome", "3": "Impact", "9": "Other"}
INDICATOR_MEASURE: dict[str, str] = {
    "1": "Unit",
    "2": "Percentage",
    "3": "Nominal",
    "4": "Ordinal",
    "5": "Qualitative",
}
RELATED_ACTIVITY_TYPE: dict[str, str] = {
    "1": "Parent",
    "2": "Child",
    "3": "Sibling",
    "4": "Co-funded",
    "5": "Third Party",
}
TAG_VOCABULARY: dict[str, str] = {
    "1": "Agrovoc",
    "2": "UN Sustainable Development Goals (SDG)",
    "3": "UN Sustainable Development Goals (SDG) Targets",
    "4": "Team Europe Initiatives",
    "5": "GFNS PP",
    "99": "Reporting Organisation",
}
LANGUAGE: frozenset[str] = frozenset({"en", "da", "de", "fr", "tr", "sq", "sr", "bs", "hr", "mk"})
FILE_FORMAT: frozenset[str] = frozenset(
    {"text/html", "application/pdf", "application/xml", "text/csv", "application/json"}
)

# ---- ISO 4217 and ISO 3166-1 ----------------------------------------------------------

_CURRENCY_CODES = """
    AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN
    BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR
    ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
    MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK
    PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC
    SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND
    VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
"""
CURRENCIES: frozenset[str] = frozenset(_CURRENCY_CODES.split())

_ZERO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND"

#: Currencies whose minor unit is not 2 decimals (ISO 4217).
CURRENCY_DECIMALS: dict[str, int] = {
    **dict.fromkeys(_ZERO_DECIMALS.split(), 0),
    **dict.fromkeys(_THREE_DECIMALS.split(), 3),
    "CLF": 4,
    "UYW": 4,
}

_COUNTRY_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
"""
COUNTRIES: frozenset[str] = frozenset(_COUNTRY_CODES.split())

COUNTRY_NAMES: dict[str, str] = {
    "AL": "Albania",
    "BA": "Bosnia and Herzegovina",
    "XK": "Kosovo",
    "ME": "Montenegro",
    "MK": "North Macedonia",
    "RS": "Serbia",
    "TR": "Türkiye",
    "DK": "Denmark",
    "GB": "United Kingdom",
    "DE": "Germany",
}


def currency_decimals(code: str) -> int:
    """Number of decimals of the currency's minor unit (2 unless ISO 4217 says otherwise)."""
    return CURRENCY_DECIMALS.get(code, 2)


def country_name(code: str) -> str:
    """A readable name for the countries this module shows; otherwise the code itself."""
    return COUNTRY_NAMES.get(code, code)
