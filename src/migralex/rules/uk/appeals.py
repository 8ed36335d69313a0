"""Appeal routes against UK refusals of protection and human rights claims (NIAA 2002 ss. 82, 92, 94, 94B).

* A refusal of a protection claim (s. 82(1)(a)) or of a human rights claim (s. 82(1)(b)) is appealed to
  the First-tier Tribunal (Immigration and Asylum Chamber).
* Place: from within the UK, unless the claim is certified under s. 94(1) or (7) (clearly unfounded, safe
  third country) or, for a human rights claim of a person liable to deportation, under s. 94B: then the
  appeal must be brought from outside the UK (s. 92(2) and (3)), i.e. it does not suspend removal.
* Time (FtT IAC Rules 2014, rule 19): in the UK, 14 days after the notice of decision is sent (r. 19(2));
  outside the UK, 28 days after departure when the appeal may not be brought in the UK (r. 19(3)(a)),
  otherwise 28 days after the notice is received (r. 19(3)(b)).
"""

from __future__ import annotations

from migralex.engine import statute
from migralex.rules.appeals import AppealInputError, AppealQuery, AppealRoute, Parameters
from migralex.rules.families import ProgramFamily

NIAA = "https://www.legislation.gov.uk/ukpga/2002/41"
ACT = "Nationality, Immigration and Asylum Act 2002"
S82 = statute(ACT, "s. 82(1)(a) and (b)", f"{NIAA}/section/82")
S92 = statute(
    ACT,
    "s. 92(2) and (3) (as substituted from 20 October 2014 by the Immigration Act 2014)",
    f"{NIAA}/section/92",
    verified=True,
    excerpt="In the case of an appeal under section 82(1)(a) (protection claim appeal), the appeal must be "
    "brought from outside the United Kingdom if (a) the claim to which the appeal relates has been certified "
    "under section 94(1) or (7) (claim clearly unfounded or removal to safe third country) ... Otherwise, "
    "the appeal must be brought from within the United Kingdom.",
)
S94 = statute(ACT, "s. 94(1) and (7) (certificates)", f"{NIAA}/section/94")
S94B = statute(
    ACT,
    "s. 94B (certification of human rights claims made by persons liable to deportation)",
    f"{NIAA}/section/94B",
)
#: Families whose refusals are refusals of a protection or human rights claim.
CLAIM_FAMILIES = frozenset({ProgramFamily.ASYLUM, ProgramFamily.EXPULSION})
ADVERSE_KINDS = frozenset({"refusal", "revocation", "expulsion"})


def route(family: ProgramFamily, query: AppealQuery, params: Parameters) -> AppealRoute:
    """The appeal route for a UK decision refusing a protection or human rights claim."""
    if family not in CLAIM_FAMILIES or query.decision_kind not in ADVERSE_KINDS:
        return AppealRoute("not_determined", status="unverified")
    if query.certification == "s94b" and family is not ProgramFamily.EXPULSION:
        raise AppealInputError("certification", "s. 94B applies only to persons liable to deportation")
    certified = query.certification != "none"
    if query.in_country is None:
        raise AppealInputError("in_country", "say whether the appellant is in the United Kingdom")
    extra = (S94B if query.certification == "s94b" else S94,) if certified else ()
    if query.in_country and not certified:
        return params.timed_route(
            "uk.appeal.in_country_days",
            query.notified_on,
            "sent",
            "tribunal",
            "ftt_iac",
            (S82, S92),
            suspensive=True,
        )
    if query.in_country and certified:
        # r. 19(3)(a): 28 days after departure; the date is known only once the person has left
        if query.departed_on is None:
            pv = params.value("uk.appeal.out_of_country_days", query.notified_on)
            assert isinstance(pv.value, int)  # noqa: S101 -- narrows a type for mypy
            return AppealRoute(
                "tribunal",
                body="ftt_iac",
                runs_from="departure",
                period=pv.value,
                unit=params.pack.parameters[pv.parameter].unit,
                from_outside_country=True,
                suspensive=False,
                status=pv.status,
                citations=(S82, S92, *extra, pv.source),
            )
        return params.timed_route(
            "uk.appeal.out_of_country_days",
            query.departed_on,
            "departure",
            "tribunal",
            "ftt_iac",
            (S82, S92, *extra),
            from_outside_country=True,
            suspensive=False,
        )
    return params.timed_route(
        "uk.appeal.out_of_country_days",
        query.notified_on,
        "receipt",
        "tribunal",
        "ftt_iac",
        (S82, S92, *extra),
        from_outside_country=True,
    )
