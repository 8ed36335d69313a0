"""Appeal routes against Danish decisions (Udlændingeloven §§ 46 a, 52 b, 53 a, 53 b; Retsplejeloven § 904).

* Family reunification, permanent residence and their revocation (Udlændingestyrelsen, 1st instance):
  complaint to Udlændingenævnet within 8 weeks of notification (UL § 46 a, stk. 1 and 3; § 52 b, stk. 1).
  A complaint does not as a rule suspend a departure deadline.
* Refusal of asylum (UL § 7): heard by Flygtningenævnet (UL § 53 a, stk. 1, nr. 2), counted as lodged
  without a complaint and with suspensive effect (§ 53 a, stk. 2, 3.-5. pkt.); none when
  Udlændingestyrelsen, after putting the case to Dansk Flygtningehjælp, decides the claim is manifestly
  unfounded (UL § 53 b, stk. 1).
* Revocation or non-extension of a protection permit: Flygtningenævnet (UL § 53 a, stk. 1, nr. 3), counted
  as lodged without a complaint and with suspensive effect (§ 53 a, stk. 2, 3. and 5. pkt., see
  ``dk.appeal.revocation_automatic``).
* No deadline here moves off a Saturday, Sunday or public holiday: no Danish text found says it does (see
  :mod:`migralex.rules.appeals`).
* Expulsion by judgment (UL §§ 22-24, 49): appeal of the judgment to the landsret within 14 days of the
  judgment (Retsplejeloven § 904, stk. 1).
"""

from __future__ import annotations

from migralex.engine import statute
from migralex.rules.appeals import AppealQuery, AppealRoute, Parameters
from migralex.rules.dk.common import UL
from migralex.rules.families import ProgramFamily

LBK = "LBK nr. 1009 af 2024"
UL_46A = statute(
    "Udlændingeloven",
    "§ 46 a, stk. 1",
    UL,
    consolidated=LBK,
    excerpt="Udlændingestyrelsens og Styrelsen for International Rekruttering og Integrations afgørelser "
    "efter denne lov kan påklages til Udlændingenævnet, jf. dog stk. 4 og 6 og § 53 a.",
)
UL_52B = statute("Udlændingeloven", "§ 52 b, stk. 1, nr. 1, 3 og 4", UL, consolidated=LBK)
UL_53A_2 = statute(
    "Udlændingeloven",
    "§ 53 a, stk. 1, nr. 2",
    UL,
    consolidated=LBK,
    excerpt="Nægtelse af opholdstilladelse til en udlænding, der påberåber sig at være omfattet af § 7 eller "
    "§ 8, stk. 1 eller 2, og i den forbindelse udsendelse efter § 32 a.",
)
UL_53A_3 = statute(
    "Udlændingeloven",
    "§ 53 a, stk. 1, nr. 3",
    UL,
    consolidated=LBK,
    excerpt="Bortfald efter §§ 17, 17 a og 21 b, nægtelse af forlængelse efter § 11, stk. 2, og inddragelse "
    "efter §§ 19 eller 20 af en opholdstilladelse, der er givet efter § 7 eller § 8, stk. 1 eller 2",
)
UL_53B = statute(
    "Udlændingeloven",
    "§ 53 b, stk. 1",
    UL,
    consolidated=LBK,
    excerpt="Udlændingestyrelsen kan efter forelæggelse for Dansk Flygtningehjælp bestemme, at afgørelsen i "
    "en sag om opholdstilladelse efter § 7 ikke kan indbringes for Flygtningenævnet, når ansøgningen må "
    "anses for åbenbart grundløs",
)
#: Decision kinds of the casework service that are adverse first-instance decisions appealable as such.
ADVERSE_KINDS = frozenset({"refusal", "revocation", "expulsion"})
#: Families whose decisions go to Flygtningenævnet: the parameter saying whether that is automatic.
AUTOMATIC = {
    ProgramFamily.ASYLUM: ("dk.appeal.asylum_refusal_automatic", UL_53A_2),
    ProgramFamily.PROTECTION_REVOCATION: ("dk.appeal.revocation_automatic", UL_53A_3),
}


def route(family: ProgramFamily, query: AppealQuery, params: Parameters) -> AppealRoute:
    """The appeal route for a Danish decision."""
    if query.decision_kind not in ADVERSE_KINDS:
        return AppealRoute("not_determined", status="unverified")
    if family in (ProgramFamily.FAMILY_REUNIFICATION, ProgramFamily.SETTLEMENT):
        return params.timed_route(
            "dk.appeal.complaint_weeks",
            query.notified_on,
            "notification",
            "complaint",
            "udlaendingenaevnet",
            (UL_46A, UL_52B),
            suspensive=False,
        )
    if family is ProgramFamily.ASYLUM and query.manifestly_unfounded:
        return AppealRoute("none", body="flygtningenaevnet", citations=(UL_53B,))
    if family in AUTOMATIC:
        param_id, citation = AUTOMATIC[family]
        pv = params.value(param_id, query.notified_on)
        return AppealRoute(
            "automatic" if pv.value else "complaint",
            body="flygtningenaevnet",
            suspensive=True if pv.value else None,
            status=pv.status,
            citations=(citation, pv.source),
        )
    if family is ProgramFamily.EXPULSION:
        judgment = query.decided_on or query.notified_on
        return params.timed_route(
            "dk.appeal.criminal_appeal_days", judgment, "judgment", "court", "landsret", ()
        )
    return AppealRoute("not_determined", status="unverified")
