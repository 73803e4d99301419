from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render

from obeya.organisation.access import can_manage_organisation, get_company_for_user
from obeya.organisation.models import Area, Person, PersonSkill, Site


@login_required
def overview(request):
    """The company at a glance: sites and their areas and processes, product families."""
    company = get_company_for_user(request.user)
    sites = Site.objects.filter(company=company).prefetch_related(
        Prefetch("areas", queryset=Area.objects.prefetch_related("processes"))
    )
    return render(
        request,
        "organisation/overview.html",
        {
            "company": company,
            "sites": sites,
            "product_families": company.product_families.all(),
            "can_manage": can_manage_organisation(request.user),
        },
    )


@login_required
def people(request):
    """Everyone in the company with function, area and skill levels (login or not)."""
    company = get_company_for_user(request.user)
    people = (
        Person.objects.filter(company=company)
        .select_related("area__site", "user")
        .prefetch_related(
            Prefetch("skill_levels", queryset=PersonSkill.objects.select_related("skill"))
        )
    )
    return render(
        request,
        "organisation/people.html",
        {
            "company": company,
            "people": people,
            "can_manage": can_manage_organisation(request.user),
        },
    )
