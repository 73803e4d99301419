from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from obeya.organisation.access import get_company_for_user
from obeya.site.views_support import form_errors_from, form_saved
from obeya.teams import services
from obeya.teams.access import AreaAccess, get_area_for_user
from obeya.teams.forms import SkillGridForm, SkillTargetForm
from obeya.teams.models import SkillTarget
from obeya.teams.selectors import area_skills_matrix, company_skills_summary


@login_required
def skills_matrix(request):
    """The company's areas, each with its people, targets and gap, linking to its matrix."""
    company = get_company_for_user(request.user)
    summary = company_skills_summary(company)
    return render(request, "teams/skills_matrix_page.html", {"company": company, "areas": summary})


def _render_area(request, access: AreaAccess, grid=None, target_form=None, status=200):
    matrix = area_skills_matrix(access.area)
    if grid is not None and grid.is_bound:
        matrix = grid.with_typed(matrix)
    context = {
        "access": access,
        "area": access.area,
        "matrix": matrix,
        "grid": grid or SkillGridForm(matrix=matrix),
        "target_form": target_form or SkillTargetForm(company=access.company),
    }
    return render(request, "teams/area_matrix_page.html", context, status=status)


@login_required
def area_matrix(request, area_id: int):
    """The grid; a POST saves every cell in one transaction, or none when one is wrong."""
    access = get_area_for_user(request.user, area_id, edit=request.method == "POST")
    if request.method != "POST":
        return _render_area(request, access)
    grid = SkillGridForm(request.POST, matrix=area_skills_matrix(access.area))
    if grid.is_valid():
        try:
            changed = services.skill_levels_save(
                area=access.area, user=request.user, levels=grid.levels()
            )
        except ValidationError as exc:
            form_errors_from(exc, grid)
        else:
            n = len(changed)
            messages.success(
                request, ngettext("%(n)d level saved.", "%(n)d levels saved.", n) % {"n": n}
            )
            return redirect("teams:area_matrix", access.area.pk)
    return _render_area(request, access, grid=grid, status=400)


@login_required
@require_POST
def target_set(request, area_id: int):
    access = get_area_for_user(request.user, area_id, edit=True)
    form = SkillTargetForm(request.POST, company=access.company)
    if form_saved(request, form, services.skill_target_set, _("Target saved."), area=access.area):
        return redirect("teams:area_matrix", access.area.pk)
    return _render_area(request, access, target_form=form, status=400)


@login_required
@require_POST
def target_delete(request, area_id: int, target_id: int):
    access = get_area_for_user(request.user, area_id, edit=True)
    target = SkillTarget.objects.filter(area=access.area, pk=target_id).first()
    if target is None:
        raise Http404
    services.skill_target_delete(target=target, user=request.user)
    messages.success(request, _("Target removed."))
    return redirect("teams:area_matrix", access.area.pk)
