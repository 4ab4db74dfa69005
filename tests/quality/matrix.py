"""The permission matrix, declared: for every URL name, how to build its URL from the quality
world (`KWARGS`) and what each role gets on GET (`EXPECT`).

Outcomes, one token per role in `ROLES` order
(anonymous, citizen, other_citizen, staff, other_staff, coordinator, committee, admin):
  200  a page (any 2xx)          L    a redirect to the login page
  302  another redirect          403  forbidden: may see the object, may not do this
  404  not found (outsiders must not learn that a private object exists)
  405  method not allowed (a POST-only URL asked with GET)

A new URL without a row here fails `test_every_url_is_in_the_matrix`: add its row (and its
kwargs when it has parameters). `citizen` represents the group that owns the objects, `staff`
is posted to the department that handles them, `coordinator` works at the centre that holds
the consultation, `committee` sits on the screening round.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .world import ROLES, World

Kwargs = Callable[[World], dict[str, Any]]


def pk(name: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, name).pk}


KWARGS: dict[str, Kwargs] = {
    # partners
    "partners:organisation_detail": pk("organisation"),
    "partners:organisation_edit": pk("organisation"),
    "partners:organisation_members": pk("organisation"),
    "partners:invitation_create": pk("organisation"),
    "partners:organisation_verify": pk("pending_organisation"),
    "partners:organisation_reject": pk("pending_organisation"),
    "partners:invitation_cancel": pk("invitation"),
    "partners:invitation_accept": lambda w: {"token": w.invitation.token},
    "partners:membership_role": pk("membership"),
    "partners:membership_remove": pk("membership"),
    # projects
    "projects:call_detail": pk("call"),
    "projects:register_detail": pk("adopted_proposal"),
    "projects:proposal_step": lambda w: {"pk": w.draft_proposal.pk, "step": _first_step()},
    "projects:proposal_autosave": lambda w: {"pk": w.draft_proposal.pk, "step": _first_step()},
    "projects:attachment_upload": pk("draft_proposal"),
    "projects:attachment_delete": pk("attachment"),
    "projects:attachment_download": pk("attachment"),
    "projects:proposal_detail": pk("submitted_proposal"),
    "projects:proposal_submit": pk("draft_proposal"),
    "projects:proposal_withdraw": pk("submitted_proposal"),
    "projects:proposal_delete": pk("draft_proposal"),
    "projects:proposal_return_for_brushup": pk("submitted_proposal"),
    "projects:proposal_send_to_screening": pk("submitted_proposal"),
    "projects:proposal_decide": pk("screening_proposal"),
    "projects:message_post": pk("submitted_proposal"),
    "projects:revision_compare": pk("submitted_proposal"),
    "projects:proposal_score": pk("screening_proposal"),
    "projects:conflict_declare": pk("screening_proposal"),
    "projects:screening_round_detail": pk("round"),
    # agreements
    "agreements:create": lambda w: {"proposal_pk": w.adopted_proposal.pk},
    "agreements:detail": pk("draft_agreement"),
    "agreements:edit": pk("draft_agreement"),
    "agreements:version": lambda w: {"pk": w.draft_agreement.pk, "number": w.version.number},
    "agreements:version_pdf": lambda w: {"pk": w.agreement.pk, "number": w.signed_version.number},
    "agreements:render_status": lambda w: {"pk": w.agreement.pk, "number": w.signed_version.number},
    "agreements:render_retry": lambda w: {"pk": w.agreement.pk, "number": w.signed_version.number},
    "agreements:compare": pk("draft_agreement"),
    "agreements:comment": pk("draft_agreement"),
    "agreements:agree": lambda w: {"pk": w.draft_agreement.pk, "party_pk": w.group_party.pk},
    "agreements:sign": lambda w: {"pk": w.draft_agreement.pk, "party_pk": w.group_party.pk},
    "agreements:paper_signature": pk("draft_agreement"),
    "agreements:amend": pk("agreement"),
    "agreements:history": pk("draft_agreement"),
    "agreements:register_detail": pk("agreement"),
    "agreements:register_pdf": pk("agreement"),
    # reviews
    "reviews:agreement_reviews": pk("agreement"),
    "reviews:target_add": pk("agreement"),
    "reviews:target_delete": lambda w: {"pk": w.agreement.pk, "target_pk": w.target.pk},
    "reviews:milestone_add": pk("agreement"),
    "reviews:milestone_reschedule": lambda w: {"pk": w.agreement.pk, "milestone_pk": w.future_milestone.pk},
    "reviews:open": lambda w: {"milestone_pk": w.future_milestone.pk},
    "reviews:detail": pk("review"),
    "reviews:submit": lambda w: {"pk": w.review.pk, "party_pk": w.signed_group_party.pk},
    "reviews:compare": pk("review"),
    "reviews:decide": pk("review"),
    "reviews:summary": pk("review"),
    "reviews:approve": lambda w: {"pk": w.review.pk, "party_pk": w.signed_group_party.pk},
    "reviews:public_detail": pk("review"),
    "reviews:opendata_download": lambda w: {"dataset": "reviews", "fmt": "csv"},
    "reviews:report_download": lambda w: {"fmt": "csv"},
    # cases
    "cases:detail": pk("consultation"),
    "cases:contact_add": pk("consultation"),
    "cases:refer": pk("consultation"),
    "cases:follow_up": pk("consultation"),
    "cases:hand_over": pk("consultation"),
    "cases:take": pk("consultation"),
    "cases:close": pk("consultation"),
    "cases:reopen": pk("consultation"),
    "cases:matches": pk("consultation"),
    "cases:introduce": pk("consultation"),
    "cases:start_proposal": pk("consultation"),
}


def _first_step() -> str:
    try:
        from projects.views import wizard

        steps = getattr(wizard, "STEPS", None) or getattr(wizard, "STEP_NAMES", None)
        if steps:
            first = steps[0]
            return first if isinstance(first, str) else getattr(first, "slug", None) or first[0]
    except ImportError:
        pass
    return "basics"


#                                          anon cit  oth  stf  ost  crd  cmt  adm
EXPECT: dict[str, str] = {
    # kyodo, accounts
    "home":                                    "200  200  200  200  200  200  200  200",
    "health":                                  "*    *    *    *    *    *    *    *",  # 503 without a worker
    "metrics":                                 "200  200  200  200  200  200  200  200",  # open outside production; a bearer token there
    "javascript-catalog":                      "200  200  200  200  200  200  200  200",
    "accounts:me":                             "L    200  200  200  200  200  200  200",
    # partners
    "partners:organisation_list":              "200  200  200  200  200  200  200  200",
    "partners:organisation_detail":            "200  200  200  200  200  200  200  200",
    "partners:centre_list":                    "200  200  200  200  200  200  200  200",
    "partners:department_list":                "200  200  200  200  200  200  200  200",
    "partners:my_organisations":               "L    200  200  200  200  200  200  200",
    "partners:organisation_create":            "L    200  200  200  200  200  200  200",
    "partners:organisation_edit":              "L    200  404  403  403  403  404  200",
    "partners:organisation_members":           "L    200  404  200  200  200  404  200",
    "partners:invitation_accept":              "L    200  200  200  200  200  200  200",  # the token is the key
    "partners:invitation_create":              "L    405  405  405  405  405  405  405",
    "partners:invitation_cancel":              "L    405  405  405  405  405  405  405",
    "partners:membership_role":                "L    405  405  405  405  405  405  405",
    "partners:membership_remove":              "L    405  405  405  405  405  405  405",
    "partners:organisation_verify":            "L    405  405  405  405  405  405  405",
    "partners:organisation_reject":            "L    405  405  405  405  405  405  405",
    "partners:verification_queue":             "L    403  403  200  200  403  403  200",
    # projects: public
    "projects:call_list":                      "200  200  200  200  200  200  200  200",
    "projects:call_detail":                    "200  200  200  200  200  200  200  200",
    "projects:register_list":                  "200  200  200  200  200  200  200  200",
    "projects:register_detail":                "200  200  200  200  200  200  200  200",
    "projects:register_json":                  "200  200  200  200  200  200  200  200",
    # projects: proposers (a draft belongs to its group; any city staff or coordinator may
    # read a submitted proposal: projects.permissions.can_view_proposal)
    "projects:my_proposals":                   "L    200  200  200  200  200  200  200",
    "projects:proposal_start":                 "L    200  200  302  302  302  302  302",
    "projects:proposal_step":                  "L    200  404  404  404  404  404  403",
    "projects:proposal_autosave":              "405  405  405  405  405  405  405  405",
    "projects:attachment_upload":              "L    405  405  405  405  405  405  405",
    "projects:attachment_delete":              "L    405  405  405  405  405  405  405",
    "projects:attachment_download":            "L    200  404  404  404  404  404  200",
    "projects:proposal_detail":                "L    200  404  200  200  200  404  200",
    "projects:proposal_submit":                "L    405  405  405  405  405  405  405",
    "projects:proposal_withdraw":              "L    405  405  405  405  405  405  405",
    "projects:proposal_delete":                "L    405  405  405  405  405  405  405",
    "projects:proposal_return_for_brushup":    "L    405  405  405  405  405  405  405",
    "projects:proposal_send_to_screening":     "L    405  405  405  405  405  405  405",
    "projects:proposal_decide":                "L    405  405  405  405  405  405  405",
    "projects:message_post":                   "L    405  405  405  405  405  405  405",
    "projects:revision_compare":               "L    404  404  404  404  404  404  404",  # one revision only
    # projects: screening and staff
    "projects:screening_list":                 "L    403  403  403  403  403  200  403",
    "projects:proposal_score":                 "L    403  404  403  403  403  200  403",
    "projects:conflict_declare":               "L    405  405  405  405  405  405  405",
    "projects:staff_proposal_list":            "L    403  403  200  200  403  403  200",
    "projects:staff_assign_screeners":         "L    405  405  405  405  405  405  405",
    "projects:screening_round_list":           "L    403  403  200  200  403  403  200",
    "projects:screening_round_detail":         "L    403  403  200  200  403  403  200",
    # agreements (private to their parties; the register is public)
    "agreements:list":                         "L    200  200  200  200  200  200  200",
    "agreements:create":                       "L    405  405  405  405  405  405  405",
    "agreements:detail":                       "404  200  404  200  404  404  404  200",
    "agreements:edit":                         "L    200  404  200  404  404  404  403",
    "agreements:version":                      "404  200  404  200  404  404  404  200",
    "agreements:version_pdf":                  "404  404  404  404  404  404  404  404",  # no PDF rendered yet
    "agreements:render_status":                "404  200  404  200  404  404  404  200",
    "agreements:render_retry":                 "L    405  405  405  405  405  405  405",
    "agreements:compare":                      "404  200  404  200  404  404  404  200",
    "agreements:comment":                      "L    405  405  405  405  405  405  405",
    "agreements:agree":                        "L    405  405  405  405  405  405  405",
    "agreements:sign":                         "L    403  404  403  404  404  404  403",
    "agreements:paper_signature":              "L    403  404  403  404  404  404  403",
    "agreements:amend":                        "L    405  405  405  405  405  405  405",
    "agreements:history":                      "L    403  404  200  404  404  404  200",
    "agreements:register":                     "200  200  200  200  200  200  200  200",
    "agreements:register_detail":              "200  200  200  200  200  200  200  200",
    "agreements:register_pdf":                 "404  404  404  404  404  404  404  404",  # no PDF rendered yet
    "agreements:verify":                       "200  200  200  200  200  200  200  200",
    # reviews
    "reviews:agreement_reviews":               "L    200  404  200  404  404  404  200",
    "reviews:target_add":                      "L    405  405  405  405  405  405  405",
    "reviews:target_delete":                   "L    405  405  405  405  405  405  405",
    "reviews:milestone_add":                   "L    405  405  405  405  405  405  405",
    "reviews:milestone_reschedule":            "L    405  405  405  405  405  405  405",
    "reviews:open":                            "L    405  405  405  405  405  405  405",
    "reviews:detail":                          "L    200  404  200  404  404  404  200",
    "reviews:submit":                          "L    200  404  403  404  404  404  403",
    "reviews:compare":                         "L    403  404  403  404  404  404  403",  # until both parties submit
    "reviews:decide":                          "L    403  404  403  404  404  404  403",
    "reviews:summary":                         "L    405  405  405  405  405  405  405",
    "reviews:approve":                         "L    405  405  405  405  405  405  405",
    "reviews:public_list":                     "200  200  200  200  200  200  200  200",
    "reviews:public_detail":                   "404  404  404  404  404  404  404  404",  # not published
    "reviews:opendata":                        "200  200  200  200  200  200  200  200",
    "reviews:opendata_download":               "200  200  200  200  200  200  200  200",
    "reviews:report":                          "L    403  403  200  200  200  403  200",
    "reviews:report_print":                    "L    403  403  200  200  200  403  200",
    "reviews:report_download":                 "L    403  403  200  200  200  403  200",
    # cases (a consultation is seen by its centre's coordinators and the citizen who asked)
    "cases:queue":                             "L    403  403  403  403  200  403  403",
    "cases:create":                            "L    403  403  403  403  200  403  403",
    "cases:request":                           "L    200  200  403  403  403  403  403",
    "cases:mine":                              "L    200  200  200  200  200  200  200",
    "cases:analysis":                          "L    403  403  200  200  200  403  200",
    "cases:analysis_csv":                      "L    403  403  200  200  200  403  200",
    "cases:detail":                            "L    200  404  404  404  200  404  200",
    "cases:matches":                           "L    403  404  404  404  200  404  200",
    "cases:start_proposal":                    "L    200  404  404  404  200  404  403",
    "cases:contact_add":                       "L    405  405  405  405  405  405  405",
    "cases:refer":                             "L    405  405  405  405  405  405  405",
    "cases:follow_up":                         "L    405  405  405  405  405  405  405",
    "cases:hand_over":                         "L    405  405  405  405  405  405  405",
    "cases:take":                              "L    405  405  405  405  405  405  405",
    "cases:close":                             "L    405  405  405  405  405  405  405",
    "cases:reopen":                            "L    405  405  405  405  405  405  405",
    "cases:introduce":                         "L    405  405  405  405  405  405  405",
}

# POST-only URLs answer GET with 405 for everyone, which says nothing about who may use them:
# they are guarded by the row of a page about the same object. A role refused that page
# (L, 403, 404) must be refused the POST too.
POST_GUARD: dict[str, str] = {
    "partners:invitation_create": "partners:organisation_members",
    "partners:invitation_cancel": "partners:organisation_members",
    "partners:membership_role": "partners:organisation_members",
    "partners:membership_remove": "partners:organisation_members",
    "partners:organisation_verify": "partners:verification_queue",
    "partners:organisation_reject": "partners:verification_queue",
    "projects:attachment_upload": "projects:proposal_step",
    "projects:attachment_delete": "projects:attachment_download",
    "projects:proposal_autosave": "projects:proposal_step",
    "projects:proposal_submit": "projects:proposal_step",
    "projects:proposal_delete": "projects:proposal_step",
    "projects:proposal_withdraw": "projects:proposal_detail",
    "projects:message_post": "projects:proposal_detail",
    "projects:proposal_return_for_brushup": "projects:staff_proposal_list",
    "projects:proposal_send_to_screening": "projects:staff_proposal_list",
    "projects:proposal_decide": "projects:staff_proposal_list",
    "projects:staff_assign_screeners": "projects:staff_proposal_list",
    "projects:conflict_declare": "projects:screening_list",
    "agreements:create": "projects:staff_proposal_list",
    "agreements:comment": "agreements:detail",
    "agreements:agree": "agreements:detail",
    "agreements:render_retry": "agreements:render_status",
    "agreements:amend": "agreements:detail",  # any party may start an amendment
    "reviews:target_add": "reviews:agreement_reviews",
    "reviews:target_delete": "reviews:agreement_reviews",
    "reviews:milestone_add": "reviews:agreement_reviews",
    "reviews:milestone_reschedule": "reviews:agreement_reviews",
    "reviews:open": "reviews:agreement_reviews",
    "reviews:summary": "reviews:detail",
    "reviews:approve": "reviews:detail",
    "cases:contact_add": "cases:matches",
    "cases:refer": "cases:matches",
    "cases:follow_up": "cases:matches",
    "cases:hand_over": "cases:matches",
    "cases:take": "cases:matches",
    "cases:close": "cases:matches",
    "cases:reopen": "cases:matches",
    "cases:introduce": "cases:matches",
}

# A refused POST that answers 2xx on purpose, changing nothing: {(url name, role): outcome}.
POST_ANSWERS: dict[tuple[str, str], str] = {
    # htmx background save: an expired session gets a "log in again" notice (200) so the
    # browser keeps the typed text; nothing is saved.
    ("projects:proposal_autosave", "anonymous"): "200",
}

# Outcomes that differ from the declared ones because of a bug in a page we do not own: kept
# here, with the reason, so the matrix stays green for CI while the owner fixes it. The
# integrator empties this dict as the fixes land. {(url name, role): (observed, why it is wrong)}
KNOWN_DEVIATIONS: dict[tuple[str, str], tuple[str, str]] = {}


def refused_on_post(name: str, role: str) -> bool:
    """Whether `role` must be refused a POST to `name`."""
    guard = POST_GUARD.get(name, name)
    return guard in EXPECT and expected(guard)[role] in {"L", "403", "404"}


def expected(name: str) -> dict[str, str]:
    tokens = EXPECT[name].split()
    assert len(tokens) == len(ROLES), f"{name}: {len(tokens)} outcomes for {len(ROLES)} roles"
    return dict(zip(ROLES, tokens, strict=True))
