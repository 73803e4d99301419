"""The services make every write: validated, in one transaction, each leaving an audit entry that
holds the changed fields only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from obeya.actions import services as action_services
from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.audit.services import audit_trail
from obeya.organisation.models import Company, Person
from obeya.projects import services as project_services
from obeya.projects.models import Membership, Project

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def foreigner(db):
    """A person of another company."""
    other = Company.objects.create(name="Other Ltd")
    return Person.objects.create(company=other, first_name="Fred", last_name="Foreign")


# --- actions: audit ------------------------------------------------------------------------


def test_action_create_records_an_audit_entry_with_the_new_values(cast):
    action = action_services.action_create(
        project=cast["project"],
        user=cast["owner"],
        title="Kanban loop",
        stage="pilot",
        owner=cast["teammate"].person,
        due_date=TODAY,
    )
    entry = AuditEntry.objects.get()
    assert entry.verb == AuditEntry.Verb.CREATE
    assert (entry.object_id, entry.project, entry.user) == (
        action.pk,
        cast["project"],
        cast["owner"],
    )
    assert entry.changes["title"] == [None, "Kanban loop"]
    assert entry.changes["owner"] == [None, "Teammate Test"]
    assert entry.changes["due_date"] == [None, "2026-03-16"]
    assert entry.changes["status"] == [None, "todo"]


def test_action_update_records_only_the_fields_that_changed(cast, actions):
    action = actions["owner"]
    action_services.action_update(
        action=action, user=cast["owner"], progress=40, title=action.title
    )
    entry = AuditEntry.objects.get()
    assert entry.verb == AuditEntry.Verb.UPDATE
    assert entry.changes == {"progress": [0, 40]}
    assert list(audit_trail(action)) == [entry]


def test_action_update_that_changes_nothing_records_nothing(cast, actions):
    action = actions["owner"]
    action_services.action_update(action=action, user=cast["owner"], title=action.title)
    assert not AuditEntry.objects.exists()


def test_action_update_refuses_an_unknown_field(cast, actions):
    with pytest.raises(TypeError):
        action_services.action_update(action=actions["owner"], user=cast["owner"], project=None)


def test_action_delete_records_what_was_deleted(cast, actions):
    action = actions["owner"]
    pk = action.pk
    action_services.action_delete(action=action, user=cast["owner"])
    assert not Action.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.verb, entry.object_id, entry.object_repr) == ("delete", pk, "Map the flow")
    assert entry.changes["title"] == ["Map the flow", None]


def test_editing_an_action_through_the_form_records_only_the_changed_fields(
    client_for, cast, actions
):
    action = actions["owner"]
    response = client_for(cast["owner"]).post(
        reverse("actions:edit", args=[cast["project"].pk, action.pk]),
        {
            "title": "Map the whole flow",
            "stage": action.stage,
            "owner": action.owner.pk,
            "due_date": action.due_date.isoformat(),
            "status": action.status,
            "progress": 0,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert entry.changes == {"title": ["Map the flow", "Map the whole flow"]}


def test_editing_a_project_through_the_form_records_only_the_changed_fields(client_for, cast):
    project = cast["project"]
    response = client_for(cast["owner"]).post(
        reverse("projects:edit", args=[project.pk]),
        {
            "title": project.title,
            "area": project.area.pk,
            "sponsor": project.sponsor.pk,
            "facilitator": project.facilitator.pk,
            "status": "active",
            "stakes": "Customer wants 5 days",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert entry.changes == {
        "stakes": ["", "Customer wants 5 days"],
        "status": ["draft", "active"],
    }


# --- actions: status rules -----------------------------------------------------------------


def test_done_status_sets_progress_100_and_completion_date(cast, actions):
    action = action_services.action_update(
        action=actions["owner"], user=cast["owner"], status=Action.Status.DONE
    )
    action.refresh_from_db()
    assert action.progress == 100
    assert action.completed_on == timezone.localdate()
    entry = AuditEntry.objects.get()
    assert set(entry.changes) == {"status", "progress", "completed_on"}


def test_created_done_action_is_complete(cast):
    action = action_services.action_create(
        project=cast["project"], user=cast["owner"], title="Already done", status="done"
    )
    assert (action.progress, action.completed_on) == (100, timezone.localdate())


def test_progress_100_on_a_todo_action_marks_it_done(cast, actions):
    action = action_services.action_update(
        action=actions["owner"], user=cast["owner"], progress=100
    )
    assert action.status == Action.Status.DONE
    assert action.completed_on == timezone.localdate()


@pytest.mark.parametrize("status", ["todo", "in_progress"])
def test_reopening_a_done_action_clears_its_completion_date(cast, actions, status):
    action = actions["owner"]
    action_services.action_update(action=action, user=cast["owner"], status="done")
    action_services.action_update(action=action, user=cast["owner"], status=status)
    action.refresh_from_db()
    assert action.status == status
    assert action.completed_on is None
    if status == "todo":
        assert action.progress == 0


# --- actions: validation, all or nothing ---------------------------------------------------


def test_due_date_before_start_date_is_refused_on_create_and_nothing_is_stored(cast):
    with pytest.raises(ValidationError) as caught:
        action_services.action_create(
            project=cast["project"],
            user=cast["owner"],
            title="Backwards",
            start_date=TODAY,
            due_date=TODAY - dt.timedelta(days=1),
        )
    with translation.override("en"):
        assert caught.value.message_dict == {
            "due_date": ["The due date comes before the start date."]
        }
    assert not Action.objects.exists()
    assert not AuditEntry.objects.exists()


def test_due_date_before_start_date_is_refused_on_update_and_nothing_is_stored(cast, actions):
    action = actions["teammate"]
    due = action.due_date
    with pytest.raises(ValidationError) as caught:
        action_services.action_update(
            action=action,
            user=cast["owner"],
            progress=50,
            due_date=action.start_date - dt.timedelta(days=1),
        )
    assert "due_date" in caught.value.message_dict
    stored = Action.objects.get(pk=action.pk)
    assert (stored.progress, stored.due_date) == (0, due)
    assert not AuditEntry.objects.exists()


def test_due_date_before_start_date_shows_the_error_on_the_due_date_field(
    client_for, cast, in_language_of
):
    from obeya.actions.models import Action as ActionModel

    response = client_for(cast["owner"]).post(
        reverse("actions:create", args=[cast["project"].pk]),
        {
            "title": "Backwards",
            "status": "todo",
            "progress": 0,
            "start_date": "2026-03-16",
            "due_date": "2026-03-10",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["due_date"]
    message = in_language_of(response, "The due date comes before the start date.")
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not ActionModel.objects.exists()


def test_a_failure_after_saving_rolls_the_action_back(cast, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(action_services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        action_services.action_create(project=cast["project"], user=cast["owner"], title="Ghost")
    assert not Action.objects.filter(title="Ghost").exists()


def test_owner_from_another_company_is_refused(cast, actions, foreigner):
    with pytest.raises(ValidationError) as caught:
        action_services.action_create(
            project=cast["project"], user=cast["owner"], title="Outsourced", owner=foreigner
        )
    assert "owner" in caught.value.message_dict
    with pytest.raises(ValidationError):
        action_services.action_update(action=actions["owner"], user=cast["owner"], owner=foreigner)
    assert Action.objects.get(pk=actions["owner"].pk).owner == cast["owner"].person
    assert not AuditEntry.objects.exists()


def test_progress_above_100_is_refused(cast, actions):
    with pytest.raises(ValidationError) as caught:
        action_services.action_update(action=actions["owner"], user=cast["owner"], progress=120)
    assert "progress" in caught.value.message_dict


# --- projects ------------------------------------------------------------------------------


def test_project_create_makes_its_creator_facilitator_and_is_audited(cast, company):
    project = project_services.project_create(
        company=company, user=cast["viewer"], title="Paint shop 5S"
    )
    assert Membership.objects.get(project=project).role == Membership.Role.FACILITATOR
    assert AuditEntry.objects.get(project=project).verb == AuditEntry.Verb.CREATE


def test_project_end_date_before_start_is_refused(cast, company):
    with pytest.raises(ValidationError) as caught:
        project_services.project_create(
            company=company,
            user=cast["owner"],
            title="Backwards",
            start_date=TODAY,
            end_date=TODAY - dt.timedelta(days=1),
        )
    assert "end_date" in caught.value.message_dict
    assert not Project.objects.filter(title="Backwards").exists()


def test_project_sponsor_from_another_company_is_refused(cast, foreigner):
    project = cast["project"]
    with pytest.raises(ValidationError) as caught:
        project_services.project_update(project=project, user=cast["owner"], sponsor=foreigner)
    assert "sponsor" in caught.value.message_dict
    assert Project.objects.get(pk=project.pk).sponsor == cast["sponsor"].person


def test_project_update_records_only_the_changed_fields(cast):
    project = cast["project"]
    project_services.project_update(project=project, user=cast["owner"], objectives="Halve WIP")
    assert AuditEntry.objects.get().changes == {"objectives": ["", "Halve WIP"]}


# --- memberships ---------------------------------------------------------------------------


def _membership(cast, name):
    return Membership.objects.get(project=cast["project"], user=cast[name])


def test_the_last_facilitator_cannot_be_removed(cast):
    with pytest.raises(ValidationError):
        project_services.membership_remove(
            membership=_membership(cast, "owner"), user=cast["owner"]
        )
    assert _membership(cast, "owner").role == Membership.Role.FACILITATOR


def test_the_last_facilitator_cannot_take_another_role(cast):
    with pytest.raises(ValidationError):
        project_services.membership_set(
            project=cast["project"], member=cast["owner"], role="viewer", user=cast["owner"]
        )
    assert _membership(cast, "owner").role == Membership.Role.FACILITATOR


def test_a_facilitator_can_step_down_once_another_is_named(cast):
    project = cast["project"]
    project_services.membership_set(
        project=project, member=cast["sponsor"], role="facilitator", user=cast["owner"]
    )
    project_services.membership_set(
        project=project, member=cast["owner"], role="viewer", user=cast["owner"]
    )
    assert _membership(cast, "owner").role == Membership.Role.VIEWER
    project_services.membership_remove(membership=_membership(cast, "owner"), user=cast["sponsor"])
    assert not Membership.objects.filter(project=project, user=cast["owner"]).exists()


def test_membership_changes_are_audited(cast):
    project = cast["project"]
    project_services.membership_set(
        project=project, member=cast["outsider"], role="member", user=cast["owner"]
    )
    project_services.membership_set(
        project=project, member=cast["outsider"], role="member", user=cast["owner"]
    )
    project_services.membership_remove(membership=_membership(cast, "outsider"), user=cast["owner"])
    changes = [e.changes for e in AuditEntry.objects.order_by("pk")]
    assert changes == [
        {"member:outsider": [None, "member"]},
        {"member:outsider": ["member", None]},
    ]


def test_an_unknown_role_is_refused(cast):
    with pytest.raises(ValidationError) as caught:
        project_services.membership_set(
            project=cast["project"], member=cast["outsider"], role="king", user=cast["owner"]
        )
    assert "role" in caught.value.message_dict
    assert not Membership.objects.filter(user=cast["outsider"]).exists()


def test_removing_the_last_facilitator_on_the_members_page_shows_an_error(client_for, cast):
    client = client_for(cast["owner"])
    response = client.post(
        reverse("projects:member_remove", args=[cast["project"].pk, _membership(cast, "owner").pk]),
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert _membership(cast, "owner").role == Membership.Role.FACILITATOR


def test_adding_a_member_on_the_members_page(client_for, cast):
    response = client_for(cast["owner"]).post(
        reverse("projects:members", args=[cast["project"].pk]),
        {"user": cast["outsider"].pk, "role": "member"},
    )
    assert response.status_code == 302
    assert _membership(cast, "outsider").role == Membership.Role.MEMBER


def test_members_page_offers_only_users_of_the_projects_company(client_for, cast, foreigner):
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("stranger", password="pw-stranger")
    foreigner.user = stranger
    foreigner.save()
    response = client_for(cast["owner"]).post(
        reverse("projects:members", args=[cast["project"].pk]),
        {"user": stranger.pk, "role": "viewer"},
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not Membership.objects.filter(user=stranger).exists()


def test_opening_a_project_on_the_page_makes_its_creator_facilitator(client_for, cast):
    client = client_for(cast["outsider"])
    response = client.post(
        reverse("projects:create"),
        {"title": "Paint shop 5S", "status": "draft", "sponsor": cast["sponsor"].person.pk},
    )
    project = Project.objects.get(title="Paint shop 5S")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.company == cast["project"].company
    assert Membership.objects.get(project=project).user == cast["outsider"]
    assert client.get(project.get_absolute_url()).status_code == 200
    assert AuditEntry.objects.get(project=project).verb == AuditEntry.Verb.CREATE


def test_project_form_offers_only_people_of_the_users_company(client_for, cast, foreigner):
    response = client_for(cast["owner"]).post(
        reverse("projects:create"),
        {"title": "Borrowed sponsor", "status": "draft", "sponsor": foreigner.pk},
    )
    assert response.status_code == 200
    assert "sponsor" in response.context["form"].errors
    assert not Project.objects.filter(title="Borrowed sponsor").exists()


def test_a_user_of_another_company_cannot_be_given_a_role(cast):
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from obeya.organisation.models import Company, Person
    from obeya.projects.models import Membership
    from obeya.projects.services import membership_set

    other = Company.objects.create(name="Other Co")
    stranger = get_user_model().objects.create_user("stranger", password="x")
    Person.objects.create(company=other, first_name="S", last_name="T", user=stranger)
    with pytest.raises(ValidationError) as exc:
        membership_set(
            project=cast["project"],
            member=stranger,
            role=Membership.Role.VIEWER,
            user=cast["owner"],
        )
    assert "user" in exc.value.message_dict
    assert not Membership.objects.filter(user=stranger).exists()
