"""Views for the parties: targets, milestones, reviews, comparison, decision, publication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import AgreementMilestone
from kyodo.workflow import NotAllowed, TransitionError

from .. import permissions as perm
from .. import selectors, services
from ..forms import DecisionForm, MilestoneForm, RescheduleForm, ResponseForm, SummaryForm, TargetForm
from ..models import ProjectTarget, Review
from .common import agreement_for, party_for, refuse, require, review_for


@login_required
def agreement_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    milestones = list(
        agreement.milestones.select_related("review").order_by("due_date", "id")
    )
    reviews = {r.milestone_id: r for r in Review.objects.filter(agreement=agreement)}
    for m in milestones:
        m.review_obj = reviews.get(m.pk)
    return render(request, "reviews/agreement_reviews.html", {
        "agreement": agreement,
        "targets": agreement.targets.all(),
        "milestones": milestones,
        "target_form": TargetForm(),
        "milestone_form": MilestoneForm(),
        "can_edit_targets": perm.can_edit_targets(request.user, agreement),
        "can_edit_milestones": perm.can_edit_milestones(request.user, agreement),
        "can_open": perm.can_open_review(request.user, agreement),
    })


@login_required
@require_POST
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    require(perm.can_edit_targets(request.user, agreement))
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_create(agreement=agreement, by=request.user, **form.cleaned_data)
            messages.success(request, _("The target was added."))
        except (NotAllowed, TransitionError) as exc:
            refuse(request, exc)
        return redirect("reviews:agreement_reviews", pk=agreement.pk)
    return render(request, "reviews/target_form.html", {"agreement": agreement, "form": form}, status=400)


@login_required
@require_POST
def target_delete(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    target = get_object_or_404(ProjectTarget, pk=target_pk, agreement=agreement)
    require(perm.can_edit_targets(request.user, agreement))
    try:
        services.target_delete(target=target, by=request.user)
        messages.success(request, _("The target was removed."))
    except (NotAllowed, TransitionError) as exc:
        refuse(request, exc)
    return redirect("reviews:agreement_reviews", pk=agreement.pk)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    require(perm.can_edit_milestones(request.user, agreement))
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_create(agreement=agreement, by=request.user, **form.cleaned_data)
            messages.success(request, _("The milestone was added."))
        except (NotAllowed, TransitionError) as exc:
            refuse(request, exc)
        return redirect("reviews:agreement_reviews", pk=agreement.pk)
    return render(request, "reviews/milestone_form.html", {"agreement": agreement, "form": form}, status=400)


@login_required
@require_POST
def milestone_reschedule(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    milestone = get_object_or_404(AgreementMilestone, pk=milestone_pk, agreement=agreement)
    require(perm.can_edit_milestones(request.user, agreement))
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_reschedule(milestone=milestone, due_date=form.cleaned_data["due_date"], by=request.user)
            messages.success(request, _("The milestone was moved."))
        except (NotAllowed, TransitionError) as exc:
            refuse(request, exc)
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("reviews:agreement_reviews", pk=agreement.pk)


@login_required
@require_POST
def review_open(request: HttpRequest, milestone_pk: int) -> HttpResponse:
    milestone = get_object_or_404(AgreementMilestone.objects.select_related("agreement"), pk=milestone_pk)
    agreement = agreement_for(request.user, milestone.agreement_id)
    require(perm.can_open_review(request.user, agreement))
    try:
        review = services.review_open(milestone=milestone, by=request.user)
    except (NotAllowed, TransitionError) as exc:
        refuse(request, exc)
        return redirect("reviews:agreement_reviews", pk=agreement.pk)
    return redirect("reviews:detail", pk=review.pk)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, review_for(request.user, pk))


def _detail(request: HttpRequest, review, summary_form: SummaryForm | None = None) -> HttpResponse:
    """The review's page; a public text that did not validate is shown as typed, with the reason."""
    mine = perm.acting_parties(request.user, review.agreement)
    submitted = set(review.responses.values_list("party_id", flat=True))
    approvals = {a.party_id: a for a in review.approvals.all()}
    parties = list(review.agreement.parties.select_related("organisation", "department"))
    for party in parties:
        party.submitted = party.pk in submitted
        party.is_mine = party in mine
        approval = approvals.get(party.pk)
        party.approved = bool(approval and approval.text_hash == review.summary_hash)
        party.can_submit = bool(perm.can_submit_response(request.user, review, party))
        party.can_approve = bool(perm.can_approve_publication(request.user, review, party)) and not party.approved
    return render(request, "reviews/review_detail.html", {
        "review": review,
        "parties": parties,
        "responses": list(perm.visible_responses(request.user, review)),
        "can_compare": perm.can_view_comparison(request.user, review),
        "can_decide": perm.can_record_decision(request.user, review),
        "can_edit_summary": perm.can_edit_summary(request.user, review),
        "summary_form": summary_form or SummaryForm(initial={"public_summary": review.public_summary}),
        "target_results": review.target_results.select_related("target"),
    }, status=400 if summary_form else 200)


@login_required
def response_submit(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    review = review_for(request.user, pk)
    party = party_for(review, party_pk)
    require(perm.can_submit_response(request.user, review, party))
    form = ResponseForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                review=review, party=party, answers=form.answers(), ratings=form.ratings(),
                overall_comment=form.cleaned_data["overall_comment"], by=request.user,
            )
            messages.success(request, _("Your review was submitted."))
        except (NotAllowed, TransitionError) as exc:
            refuse(request, exc)
        return redirect("reviews:detail", pk=review.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviews/response_form.html", {"review": review, "party": party, "form": form},
                  status=status)


@login_required
def review_compare(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(request.user, pk)
    require(perm.can_view_comparison(request.user, review))
    responses = list(perm.visible_responses(request.user, review).prefetch_related("ratings", "answers"))
    return render(request, "reviews/review_compare.html", {
        "review": review,
        "comparison": selectors.comparison(review, responses),
        "can_decide": perm.can_record_decision(request.user, review),
    })


@login_required
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(request.user, pk)
    require(perm.can_record_decision(request.user, review))
    form = DecisionForm(request.POST or None, targets=review.agreement.targets.all())
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in
                ("effect_vs_alone", "beneficiary_satisfaction", "problems", "course_corrections", "decision")}
        try:
            services.review_record_decision(review=review, actual_values=form.actual_values(), by=request.user,
                                            **data)
            messages.success(request, _("The joint record and the decision were saved."))
        except (NotAllowed, TransitionError) as exc:
            refuse(request, exc)
        return redirect("reviews:detail", pk=review.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviews/review_decide.html", {"review": review, "form": form}, status=status)


@login_required
@require_POST
def review_summary(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_for(request.user, pk)
    require(perm.can_edit_summary(request.user, review))
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return _detail(request, review, summary_form=form)
    try:
        services.review_set_summary(review=review, text=form.cleaned_data["public_summary"], by=request.user)
        messages.success(request, _("The public text was saved. Each party now approves it."))
    except (NotAllowed, TransitionError) as exc:
        refuse(request, exc)
    return redirect("reviews:detail", pk=review.pk)


@login_required
@require_POST
def review_approve(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    review = review_for(request.user, pk)
    party = party_for(review, party_pk)
    require(perm.can_approve_publication(request.user, review, party))
    try:
        review = services.review_approve_publication(review=review, party=party, by=request.user)
        if review.status == Review.Status.PUBLISHED:
            messages.success(request, _("Every party approved: the review is published."))
        else:
            messages.success(request, _("Your approval was recorded."))
    except (NotAllowed, TransitionError) as exc:
        refuse(request, exc)
    return redirect("reviews:detail", pk=review.pk)
