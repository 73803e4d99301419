"""Site administrators manage users in the admin, without granting themselves privileges."""

import pytest
from django.contrib.auth import get_user_model

from obeya.accounts.services import user_create


@pytest.fixture
def site_admin(db):
    return user_create(username="siteadmin", password="a long pass phrase 42", site_admin=True)


def test_site_admin_reaches_the_organisation_admin(client, site_admin):
    client.force_login(site_admin)
    assert client.get("/admin/organisation/person/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 200


def test_site_admin_cannot_make_themselves_superuser(client, site_admin):
    client.force_login(site_admin)
    page = client.get(f"/admin/auth/user/{site_admin.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()


def test_site_admin_cannot_edit_a_superuser(client, site_admin):
    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(site_admin)
    response = client.post(f"/admin/auth/user/{root.pk}/change/", {"username": "pwned"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.username == "root"


def test_site_admin_does_not_see_projects_without_a_role(client, site_admin, project):
    client.force_login(site_admin)
    assert client.get(f"/projects/{project.pk}/").status_code == 404
