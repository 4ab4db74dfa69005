"""マッチング: which departments and organisations fit a consultation.

The score is transparent on purpose: the coordinator sees every component and can explain
why a partner was suggested. `score` and `rank` are pure functions over plain profiles (unit
tested on a known data set); `suggestions_for` builds the profiles from the database with a
constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from projects.models import Proposal, ProposalStatus

# Points per component. A shared field of activity weighs most: it is the substance of the
# collaboration; the same ward matters for local problems; past adopted collaborations show
# a partner that knows how to work together, and working before with this very group most.
FIELD_POINTS = 3
WARD_POINTS = 2
PAST_POINTS = 1
PAST_CAP = 3
PARTNER_POINTS = 2
PARTNER_CAP = 4

DEPARTMENT = "department"
ORGANISATION = "organisation"


@dataclass(frozen=True)
class CaseProfile:
    field_ids: frozenset[int]
    ward_id: int | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class Candidate:
    kind: str
    pk: int
    name: str
    field_ids: frozenset[int] = frozenset()
    ward_id: int | None = None
    adopted: int = 0  # adopted proposals the candidate took part in
    adopted_with_visitor: int = 0  # … of which together with the case's organisation


@dataclass(frozen=True)
class MatchScore:
    candidate: Candidate
    fields: int
    ward: int
    past: int
    partner: int
    shared_field_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def total(self) -> int:
        return self.fields + self.ward + self.past + self.partner

    @property
    def components(self) -> dict[str, int]:
        return {"fields": self.fields, "ward": self.ward, "past": self.past, "partner": self.partner}


def score(case: CaseProfile, candidate: Candidate) -> MatchScore:
    shared = case.field_ids & candidate.field_ids
    same_ward = case.ward_id is not None and case.ward_id == candidate.ward_id
    return MatchScore(
        candidate=candidate,
        fields=FIELD_POINTS * len(shared),
        ward=WARD_POINTS if same_ward else 0,
        past=min(PAST_CAP, PAST_POINTS * candidate.adopted),
        partner=min(PARTNER_CAP, PARTNER_POINTS * candidate.adopted_with_visitor),
        shared_field_ids=frozenset(shared),
    )


def rank(case: CaseProfile, candidates, limit: int | None = None) -> list[MatchScore]:
    """Candidates with a positive score, best first; ties by shared fields, then name."""
    scores = [s for s in (score(case, c) for c in candidates) if s.total > 0]
    scores.sort(key=lambda s: (-s.total, -s.fields, s.candidate.name, s.candidate.pk))
    return scores[:limit] if limit else scores


# --- From the database ---------------------------------------------------------------------
def case_profile(consultation) -> CaseProfile:
    return CaseProfile(
        field_ids=frozenset(f.pk for f in consultation.fields.all()),
        ward_id=consultation.ward_id,
        organisation_id=consultation.organisation_id,
    )


def _collaboration_facts(visitor_id: int | None):
    """Per department and per organisation: fields of their (non-draft) proposals, adopted
    counts, adopted together with the visitor. Five queries whatever the data size."""
    live = Proposal.objects.exclude(status__in=[ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN])
    proposals = {
        pk: (org_id, status) for pk, org_id, status in live.values_list("pk", "organisation_id", "status")
    }
    fields_of = defaultdict(set)
    for pid, fid in Proposal.fields.through.objects.filter(proposal_id__in=proposals).values_list(
        "proposal_id", "fieldofactivity_id"
    ):
        fields_of[pid].add(fid)
    parties = defaultdict(set)  # proposal -> organisations (lead and co-proposers)
    for pid, (org_id, _status) in proposals.items():
        parties[pid].add(org_id)
    for pid, oid in Proposal.co_proposers.through.objects.filter(proposal_id__in=proposals).values_list(
        "proposal_id", "organisation_id"
    ):
        parties[pid].add(oid)
    departments_of = defaultdict(set)
    for pid, did in Proposal.departments.through.objects.filter(proposal_id__in=proposals).values_list(
        "proposal_id", "department_id"
    ):
        departments_of[pid].add(did)

    dept = defaultdict(lambda: {"fields": set(), "adopted": 0, "with": 0})
    org = defaultdict(lambda: {"adopted": 0, "with": 0})
    for pid, (_org_id, status) in proposals.items():
        adopted = status == ProposalStatus.ADOPTED
        with_visitor = adopted and visitor_id in parties[pid]
        for did in departments_of[pid]:
            dept[did]["fields"] |= fields_of[pid]
            dept[did]["adopted"] += adopted
            dept[did]["with"] += with_visitor
        for oid in parties[pid]:
            org[oid]["adopted"] += adopted
            org[oid]["with"] += with_visitor and oid != visitor_id
    return dept, org


def candidates_from_db(visitor_id: int | None) -> list[Candidate]:
    from partners.models import Department, Organisation

    dept_facts, org_facts = _collaboration_facts(visitor_id)
    out = [
        Candidate(
            kind=DEPARTMENT, pk=d.pk, name=str(d), ward_id=d.ward_id,
            field_ids=frozenset(dept_facts[d.pk]["fields"]) if d.pk in dept_facts else frozenset(),
            adopted=dept_facts[d.pk]["adopted"] if d.pk in dept_facts else 0,
            adopted_with_visitor=dept_facts[d.pk]["with"] if d.pk in dept_facts else 0,
        )
        for d in Department.objects.select_related("parent")
    ]
    org_fields = defaultdict(set)
    for oid, fid in Organisation.fields.through.objects.values_list("organisation_id", "fieldofactivity_id"):
        org_fields[oid].add(fid)
    for o in Organisation.objects.verified().exclude(pk=visitor_id).only("pk", "name", "ward_id"):
        facts = org_facts.get(o.pk, {"adopted": 0, "with": 0})
        out.append(
            Candidate(
                kind=ORGANISATION, pk=o.pk, name=o.name, ward_id=o.ward_id,
                field_ids=frozenset(org_fields[o.pk]), adopted=facts["adopted"], adopted_with_visitor=facts["with"],
            )
        )
    return out


def suggestions_for(consultation, limit: int = 10) -> dict[str, list[MatchScore]]:
    """Best departments and organisations for the case, each list best first."""
    candidates = candidates_from_db(consultation.organisation_id)
    profile = case_profile(consultation)
    return {
        DEPARTMENT: rank(profile, [c for c in candidates if c.kind == DEPARTMENT], limit),
        ORGANISATION: rank(profile, [c for c in candidates if c.kind == ORGANISATION], limit),
    }


def score_for_target(consultation, *, department=None, organisation=None) -> MatchScore | None:
    kind, pk = (DEPARTMENT, department.pk) if department else (ORGANISATION, organisation.pk)
    for candidate in candidates_from_db(consultation.organisation_id):
        if candidate.kind == kind and candidate.pk == pk:
            return score(case_profile(consultation), candidate)
    return None
