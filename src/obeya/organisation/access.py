"""Who may see and manage the organisation (company, sites, areas, people)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from obeya.organisation.models import Company, Person


def user_company(user: Any) -> Company | None:
    """The company of the person the user is linked to."""
    if not getattr(user, "is_authenticated", False):
        return None
    person = Person.objects.select_related("company").filter(user=user).first()
    return person.company if person else None


def can_manage_organisation(user: Any) -> bool:
    """Site administrators (and superusers) manage the organisation and its users."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_perm("organisation.manage_organisation")
    )


def company_for_new_project(user: Any) -> Company | None:
    """The company a user may open a project in: their own."""
    return user_company(user)


def get_company_for_user(user: Any) -> Company:
    """The organisation pages show the user's own company; 404 for a user with none."""
    company = user_company(user)
    if company is None:
        if getattr(user, "is_superuser", False):
            company = Company.objects.order_by("pk").first()
        if company is None:
            raise Http404
    return company
