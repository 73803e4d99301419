"""Problem pages: the index with the proposals from KPI signals, a problem's analysis (5 whys,
Ishikawa), its corrective actions and the effectiveness check (docs/problems.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.kpis.access import get_kpi_for_user
from obeya.problems import services
from obeya.problems.access import get_cause_for_user, get_problem_for_user, get_why_for_user
from obeya.problems.forms import (
    CauseForm,
    CheckForm,
    CorrectiveActionForm,
    LessonsForm,
    ProblemForm,
    StatusForm,
    WhyForm,
)
from obeya.problems.labels import REASONS, WHY_FINDINGS
from obeya.problems.selectors import (
    effect_check,
    ishikawa_drawing,
    kpi_proposal,
    problem_analysis,
    problem_proposals,
    project_problems,
)
from obeya.projects.access import get_project_for_user
from obeya.site.views_support import form_saved, project_context


@login_required
def index(request, project_id: int):
    access = get_project_for_user(request.user, project_id)
    open_problems, closed = project_problems(access.project)
    proposals = problem_proposals(access.project) if access.can_edit else []
    context = project_context(access, open_problems=open_problems, closed=closed)
    return render(request, "problems/problem_index.html", {**context, "proposals": proposals})


@login_required
def create(request, project_id: int):
    """A problem by hand, or prefilled from a KPI's signal (?kpi=<id>)."""
    access = get_project_for_user(request.user, project_id, edit=True)
    initial = {}
    if request.GET.get("kpi", "").isdigit():
        _access, kpi = get_kpi_for_user(request.user, project_id, int(request.GET["kpi"]))
        proposal = kpi_proposal(kpi)
        initial = proposal.initial if proposal else {"kpi": kpi.pk}
    form = ProblemForm(request.POST or None, project=access.project, initial=initial)
    problem = form_saved(
        request, form, services.problem_create, _("Problem opened."), project=access.project
    )
    if problem:
        return redirect(problem)
    return render(request, "problems/problem_form.html", project_context(access, form=form))


@login_required
def edit(request, project_id: int, problem_id: int):
    access, problem = get_problem_for_user(request.user, project_id, problem_id, edit=True)
    form = ProblemForm(request.POST or None, instance=problem, project=access.project)
    if form_saved(request, form, services.problem_update, _("Problem saved."), problem=problem):
        return redirect(problem)
    context = project_context(access, form=form, problem=problem)
    return render(request, "problems/problem_form.html", context)


@login_required
@require_POST
def delete(request, project_id: int, problem_id: int):
    access, problem = get_problem_for_user(request.user, project_id, problem_id, edit=True)
    services.problem_delete(problem=problem, user=request.user)
    messages.success(request, _("Problem deleted."))
    return redirect("problems:index", access.project.pk)


def _detail_context(access, problem, **forms):
    analysis = problem_analysis(problem)
    defaults = {
        "why_form": WhyForm(problem=problem, prefix="why"),
        "cause_form": CauseForm(problem=problem, prefix="cause"),
        "corrective_form": CorrectiveActionForm(problem=problem),
        "check_form": CheckForm(initial={"check_from": problem.check_from}),
        "lessons_form": LessonsForm(),
    }
    effect = effect_check(problem) if problem.kpi_id else None
    return project_context(
        access,
        problem=problem,
        analysis=analysis,
        finding_labels=WHY_FINDINGS,
        ishikawa=ishikawa_drawing(problem),
        corrective_actions=problem.corrective_actions.select_related("action__owner", "cause"),
        cycles=problem.cycles.all(),
        effect=effect,
        reasons=[REASONS[r] for r in effect.check.reasons] if effect and effect.check else [],
        moves=services.MOVES[problem.Status(problem.status)],
        status_labels=dict(problem.Status.choices),
        **{**defaults, **forms},
    )


@login_required
def detail(request, project_id: int, problem_id: int):
    access, problem = get_problem_for_user(request.user, project_id, problem_id)
    return render(request, "problems/problem_detail.html", _detail_context(access, problem))


@login_required
def ishikawa(request, project_id: int, problem_id: int):
    """The fishbone as an SVG file to download."""
    _access, problem = get_problem_for_user(request.user, project_id, problem_id)
    response = HttpResponse(ishikawa_drawing(problem), content_type="image/svg+xml")
    name = slugify(problem.title)[:60] or "problem"
    response["Content-Disposition"] = f'attachment; filename="ishikawa-{name}.svg"'
    return response


@login_required
@require_POST
def move(request, project_id: int, problem_id: int):
    _access, problem = get_problem_for_user(request.user, project_id, problem_id, edit=True)
    form = StatusForm(request.POST)
    if form_saved(request, form, services.problem_move, _("Status changed."), problem=problem):
        return redirect(problem)
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(problem)


def _analysis_form(request, access, page, form, service, message, heading, **kwargs):
    """Save `form` through `service`, back to the problem `page`; else show the form."""
    if form_saved(request, form, service, message, **kwargs):
        return redirect(page)
    context = project_context(access, problem=page, form=form, heading=heading)
    return render(request, "problems/analysis_form.html", context)


@login_required
def why_add(request, project_id: int, problem_id: int):
    access, problem = get_problem_for_user(request.user, project_id, problem_id, contribute=True)
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else {}
    form = WhyForm(request.POST or None, problem=problem, prefix="why", initial=initial)
    return _analysis_form(
        request,
        access,
        problem,
        form,
        services.why_create,
        _("Why added."),
        _("Add a why"),
        problem=problem,
    )


@login_required
def why_edit(request, project_id: int, problem_id: int, why_id: int):
    access, why = get_why_for_user(request.user, project_id, problem_id, why_id)
    form = WhyForm(request.POST or None, instance=why, problem=why.problem, prefix="why")
    return _analysis_form(
        request,
        access,
        why.problem,
        form,
        services.why_update,
        _("Why saved."),
        _("Edit a why"),
        why=why,
    )


@login_required
@require_POST
def why_delete(request, project_id: int, problem_id: int, why_id: int):
    _access, why = get_why_for_user(request.user, project_id, problem_id, why_id)
    try:
        services.why_delete(why=why, user=request.user)
        messages.success(request, _("Why deleted with the whys under it."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(why.problem)


@login_required
def cause_add(request, project_id: int, problem_id: int):
    access, problem = get_problem_for_user(request.user, project_id, problem_id, contribute=True)
    form = CauseForm(request.POST or None, problem=problem, prefix="cause")
    return _analysis_form(
        request,
        access,
        problem,
        form,
        services.cause_create,
        _("Cause added."),
        _("Add an Ishikawa cause"),
        problem=problem,
    )


@login_required
def cause_edit(request, project_id: int, problem_id: int, cause_id: int):
    access, cause = get_cause_for_user(request.user, project_id, problem_id, cause_id)
    form = CauseForm(request.POST or None, instance=cause, problem=cause.problem, prefix="cause")
    return _analysis_form(
        request,
        access,
        cause.problem,
        form,
        services.cause_update,
        _("Cause saved."),
        _("Edit an Ishikawa cause"),
        cause=cause,
    )


@login_required
@require_POST
def cause_delete(request, project_id: int, problem_id: int, cause_id: int):
    _access, cause = get_cause_for_user(request.user, project_id, problem_id, cause_id)
    services.cause_delete(cause=cause, user=request.user)
    messages.success(request, _("Cause deleted."))
    return redirect(cause.problem)


@login_required
def corrective_add(request, project_id: int, problem_id: int):
    access, problem = get_problem_for_user(request.user, project_id, problem_id, edit=True)
    form = CorrectiveActionForm(request.POST or None, problem=problem)
    return _analysis_form(
        request,
        access,
        problem,
        form,
        services.corrective_action_create,
        _("Corrective action added to the action plan."),
        _("Add a corrective action"),
        problem=problem,
    )


def _outcome_view(request, project_id, problem_id, form_class, service, message, name):
    access, problem = get_problem_for_user(request.user, project_id, problem_id, edit=True)
    form = form_class(request.POST)
    if form_saved(request, form, service, message, problem=problem):
        return redirect(problem)
    context = _detail_context(access, problem, **{name: form})
    return render(request, "problems/problem_detail.html", context, status=422)


@login_required
@require_POST
def check(request, project_id: int, problem_id: int):
    return _outcome_view(
        request,
        project_id,
        problem_id,
        CheckForm,
        services.problem_check_effect,
        _("Effect checked."),
        "check_form",
    )


@login_required
@require_POST
def close(request, project_id: int, problem_id: int):
    return _outcome_view(
        request,
        project_id,
        problem_id,
        LessonsForm,
        services.problem_close,
        _("Problem closed: its effect is shown."),
        "lessons_form",
    )


@login_required
@require_POST
def reopen(request, project_id: int, problem_id: int):
    return _outcome_view(
        request,
        project_id,
        problem_id,
        LessonsForm,
        services.problem_reopen,
        _("PDCA loop reopened: a new cycle starts."),
        "lessons_form",
    )
