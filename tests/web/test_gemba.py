"""Field observations: who may do what, photos, the Paretos by waste, the phone form, the demo.

Rules (docs/diagnosis.md, docs/roles.md): everyone with a role in the project reads the
observations; facilitators and team members add them; an observation is changed by a
facilitator or by its author; sponsors, viewers and assessors get 403 on every change; a user
without a role gets 404 everywhere.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from permission_table import (
    AUTHORS,
    CONTRIBUTORS,
    FACILITATORS,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)
from PIL import Image

from obeya.audit.models import AuditEntry
from obeya.gemba import services
from obeya.gemba.models import Observation, ObservationPhoto
from obeya.gemba.photos import photo_prepare

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def png_bytes(size=(3000, 2000), colour=(200, 60, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def png_upload(name="press-brake.png", size=(3000, 2000)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(size), content_type="image/png")


def text_as_jpg(name="notes.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"Tools on the floor, 12 min lost", content_type="image/jpeg")


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def world(cast):
    """The cast and two observations: one written by the facilitator, one by the teammate
    (with a photo)."""
    project = cast["project"]
    theirs = services.observation_create(
        project=project,
        user=cast["owner"],
        observed_on=dt.date(2026, 3, 2),
        observer=cast["owner"].person,
        description="Press brake waits 40 min for the first-article check",
        waste="waiting",
        impact_time_s=2400,
        impact_eur=Decimal("57"),
    )
    mine = services.observation_create(
        project=project,
        user=cast["teammate"],
        photos=[png_upload(size=(400, 300))],
        observed_on=dt.date(2026, 3, 3),
        observer=cast["teammate"].person,
        description="Punch searched for 12 min",
        waste="motion",
        impact_time_s=720,
    )
    return {**cast, "obs": {"owner": theirs, "teammate": mine}, "photo": mine.photos.get()}


def _url(name: str, whose: str | None = None, photo: bool = False) -> Callable[[dict], str]:
    def url(w: dict) -> str:
        args = [w["project"].pk]
        if whose:
            args.append(w["obs"][whose].pk)
        if photo:
            args.append(w["photo"].pk)
        return reverse(name, args=args)

    return url


def _form(w: dict) -> dict:
    return {
        "observed_on": "2026-03-04",
        "method": "field_visit",
        "description": "14 pallets between cutting and bending",
        "waste": "inventory",
        "impact_quantity": "14",
    }


def _quick(w: dict) -> dict:
    return {"description": "Forklift waited for 10 min", "waste": "transport"}


PAGES = [
    Endpoint("list", "get", _url("gemba:index"), 200),
    Endpoint("list partial", "get", _url("gemba:index"), 200, htmx=True),
    Endpoint("create form", "get", _url("gemba:create"), 200, CONTRIBUTORS),
    Endpoint("create", "post", _url("gemba:create"), 302, CONTRIBUTORS, _form),
    Endpoint("quick form", "get", _url("gemba:quick"), 200, CONTRIBUTORS),
    Endpoint("quick create", "post", _url("gemba:quick"), 302, CONTRIBUTORS, _quick),
    Endpoint("facilitator's observation", "get", _url("gemba:detail", "owner"), 200),
    Endpoint("teammate's observation", "get", _url("gemba:detail", "teammate"), 200),
    Endpoint("photo", "get", _url("gemba:photo", "teammate", photo=True), 200),
    Endpoint("facilitator's edit form", "get", _url("gemba:edit", "owner"), 200, FACILITATORS),
    Endpoint("facilitator's edit", "post", _url("gemba:edit", "owner"), 302, FACILITATORS, _form),
    Endpoint("teammate's edit form", "get", _url("gemba:edit", "teammate"), 200, AUTHORS),
    Endpoint("teammate's edit", "post", _url("gemba:edit", "teammate"), 302, AUTHORS, _form),
    Endpoint("facilitator's delete", "post", _url("gemba:delete", "owner"), 302, FACILITATORS),
    Endpoint("teammate's delete", "post", _url("gemba:delete", "teammate"), 302, AUTHORS),
    Endpoint(
        "photo add to the teammate's",
        "post",
        _url("gemba:photo_add", "teammate"),
        302,
        AUTHORS,
        lambda w: {"image": png_upload(size=(40, 30)), "caption": "Tools"},
    ),
    Endpoint(
        "photo add to the facilitator's",
        "post",
        _url("gemba:photo_add", "owner"),
        302,
        FACILITATORS,
        lambda w: {"image": png_upload(size=(40, 30))},
    ),
    Endpoint(
        "photo delete", "post", _url("gemba:photo_delete", "teammate", photo=True), 302, AUTHORS
    ),
]


def _state() -> tuple[int, int, int]:
    return AuditEntry.objects.count(), Observation.objects.count(), ObservationPhoto.objects.count()


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_observation_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_observation_page = each_role_gets_what_it_may(
    PAGES, _state
)


def test_observation_of_another_project_gets_404_through_this_projects_urls(client_for, world):
    from obeya.projects.models import Membership, Project

    other = Project.objects.create(company=world["project"].company, title="Paint shop 5S")
    Membership.objects.create(project=other, user=world["owner"], role="facilitator")
    foreign = services.observation_create(
        project=other, user=world["owner"], observed_on=dt.date(2026, 1, 5), description="Dust"
    )
    client = client_for(world["owner"])
    mine = world["project"].pk
    for name in ("gemba:detail", "gemba:edit"):
        assert client.get(reverse(name, args=[mine, foreign.pk])).status_code == 404
    assert client.post(reverse("gemba:delete", args=[mine, foreign.pk])).status_code == 404
    photo = world["photo"]
    url = reverse("gemba:photo", args=[mine, world["obs"]["owner"].pk, photo.pk])
    assert client.get(url).status_code == 404, "a photo is reached through its own observation"
    assert Observation.objects.filter(pk=foreign.pk).exists()


def test_teammate_sees_edit_links_on_their_observations_only(client_for, world):
    client = client_for(world["teammate"])
    project = world["project"].pk
    mine = client.get(reverse("gemba:detail", args=[project, world["obs"]["teammate"].pk]))
    theirs = client.get(reverse("gemba:detail", args=[project, world["obs"]["owner"].pk]))
    assert (
        reverse("gemba:edit", args=[project, world["obs"]["teammate"].pk]) in mine.content.decode()
    )
    assert (
        reverse("gemba:edit", args=[project, world["obs"]["owner"].pk])
        not in theirs.content.decode()
    )


def test_viewer_sees_no_add_button(client_for, world):
    page = client_for(world["viewer"]).get(reverse("gemba:index", args=[world["project"].pk]))
    assert reverse("gemba:create", args=[world["project"].pk]) not in page.content.decode()


# --- photos --------------------------------------------------------------------------------


def test_real_png_is_resized_to_1600_px_reencoded_as_jpeg_and_stored(client_for, world, settings):
    client = client_for(world["teammate"])
    response = client.post(
        reverse("gemba:create", args=[world["project"].pk]),
        {**_form(world), "photos": [png_upload("Press Brake.PNG", (3000, 2000))]},
    )
    assert response.status_code == 302
    observation = Observation.objects.get(description=_form(world)["description"])
    photo = observation.photos.get()
    assert (photo.width, photo.height) == (1600, 1067)
    assert photo.image.name.endswith(".jpg") and "press-brake" in photo.image.name
    with Image.open(photo.image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (1600, 1067)
    assert observation.created_by == world["teammate"]
    served = client.get(
        reverse("gemba:photo", args=[world["project"].pk, observation.pk, photo.pk])
    )
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_photo_keeps_exif_orientation_and_loses_its_metadata():
    raw = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (2000, 1000), "white").save(raw, format="JPEG", exif=exif)
    prepared = photo_prepare(SimpleUploadedFile("IMG_0001.jpeg", raw.getvalue()))
    with Image.open(prepared) as image:
        assert image.size == (800, 1600), "upright: the portrait photo stays portrait"
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info


def test_transparent_png_is_flattened_on_white():
    raw = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(raw, format="PNG")
    with Image.open(photo_prepare(SimpleUploadedFile("t.png", raw.getvalue()))) as image:
        assert image.mode == "RGB"
        assert image.getpixel((5, 5)) == (255, 255, 255)


def test_text_file_named_jpg_is_rejected_with_a_message_and_nothing_is_stored(
    client_for, world, settings
):
    before, files = _state(), media_files(settings)
    response = client_for(world["teammate"]).post(
        reverse("gemba:create", args=[world["project"].pk]),
        {**_form(world), "photos": [png_upload("good.png", (50, 50)), text_as_jpg("notes.jpg")]},
        **EN,
    )
    assert response.status_code == 200
    assert "“notes.jpg” is not an image" in response.content.decode()
    assert _state() == before, "no observation half-written"
    assert media_files(settings) == files, "no file left behind"


def test_text_file_sent_as_an_extra_photo_is_refused_with_a_message(client_for, world, settings):
    observation = world["obs"]["teammate"]
    client = client_for(world["teammate"])
    url = reverse("gemba:photo_add", args=[world["project"].pk, observation.pk])
    response = client.post(url, {"image": text_as_jpg("scan.jpg")}, follow=True, **EN)
    assert "“scan.jpg” is not an image" in response.content.decode()
    assert observation.photos.count() == 1
    assert len(media_files(settings)) == 1


def test_file_over_15_mb_is_refused_naming_the_file():
    big = SimpleUploadedFile("huge.jpg", b"\0" * (15 * 1024 * 1024 + 1))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        photo_prepare(big)
    assert "huge.jpg" in caught.value.messages[0]
    assert "15 MB" in caught.value.messages[0]


def test_a_failure_after_a_photo_was_written_removes_the_file(world, settings, monkeypatch):
    real = services.audit_record

    def failing(*, obj, **kwargs):
        if isinstance(obj, ObservationPhoto):
            raise RuntimeError("disk full")
        return real(obj=obj, **kwargs)

    monkeypatch.setattr(services, "audit_record", failing)
    before, files = _state(), media_files(settings)
    with pytest.raises(RuntimeError):
        services.observation_create(
            project=world["project"],
            user=world["owner"],
            photos=[png_upload(size=(60, 40))],
            observed_on=dt.date(2026, 3, 9),
            description="Scrap bin full",
        )
    assert _state() == before
    assert media_files(settings) == files


def test_deleting_an_observation_deletes_its_photo_files(
    world, settings, django_capture_on_commit_callbacks
):
    observation = world["obs"]["teammate"]
    assert len(media_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.observation_delete(observation=observation, user=world["owner"])
    assert media_files(settings) == []


# --- services' rules -----------------------------------------------------------------------


def test_area_and_observer_must_belong_to_the_projects_company(world):
    from obeya.organisation.models import Area, Company, Person, Site

    other = Company.objects.create(name="Elsewhere")
    area = Area.objects.create(site=Site.objects.create(company=other, name="S"), name="A")
    stranger = Person.objects.create(company=other, first_name="Al", last_name="Ien")
    with pytest.raises(ValidationError) as caught:
        services.observation_create(
            project=world["project"],
            user=world["owner"],
            observed_on=dt.date(2026, 3, 9),
            description="X",
            area=area,
            observer=stranger,
        )
    assert set(caught.value.message_dict) == {"area", "observer"}


def test_negative_impact_is_refused_naming_the_field(world):
    with pytest.raises(ValidationError) as caught:
        services.observation_create(
            project=world["project"],
            user=world["owner"],
            observed_on=dt.date(2026, 3, 9),
            description="X",
            impact_eur=Decimal("-5"),
        )
    assert "impact_eur" in caught.value.message_dict


# --- the list, its filters and Paretos -----------------------------------------------------


@pytest.fixture
def wastes(cast):
    """Waiting 3 times (600 € in all), motion twice (300 €), defects once (100 €), one
    observation without a waste."""
    rows = [
        ("waiting", 200, 3600, "Bending"),
        ("waiting", 200, 3600, "Bending"),
        ("waiting", 200, 1800, "Cutting"),
        ("motion", 150, 900, "Bending"),
        ("motion", 150, None, "Bending"),
        ("defects", 100, 1800, "Welding"),
        ("", None, None, "Bending"),
    ]
    for i, (waste, eur, seconds, step) in enumerate(rows):
        services.observation_create(
            project=cast["project"],
            user=cast["owner"],
            observed_on=dt.date(2026, 3, 1) + dt.timedelta(days=i),
            description=f"Observation {i} {waste}",
            waste=waste,
            impact_eur=Decimal(eur) if eur is not None else None,
            impact_time_s=seconds,
            step=step,
        )
    return cast


def _pareto_table(page: str, measure: str) -> str:
    start = page.index(f'id="pareto-{measure}"')
    return page[start : page.index("</table>", start)]


def test_pareto_numbers_are_on_the_page(client_for, wastes):
    page = (
        client_for(wastes["viewer"])
        .get(reverse("gemba:index", args=[wastes["project"].pk]), **EN)
        .content.decode()
    )
    count = _pareto_table(page, "count")
    # Waiting 3/6 = 50 %, motion 2/6 -> 83.3 % cumulative, defects 1/6 -> 100 %.
    for text in ("Waiting", ">3<", "50.0 %", "Motion", "33.3 %", "83.3 %", "Defects", "100.0 %"):
        assert text in count, text
    assert count.index("Waiting") < count.index("Motion") < count.index("Defects")
    euros = _pareto_table(page, "eur")
    # 600 / 1000 = 60 %, then 300 -> 90 %, then 100 -> 100 %.
    for text in ("600", "60.0 %", "300", "90.0 %", "100.0 %"):
        assert text in euros, text
    hours = _pareto_table(page, "hours")
    # 9000 s = 2.5 h of waiting, 1800 s = 0.5 h of defects, 900 s = 0.3 h of motion.
    assert hours.index("Waiting") < hours.index("Defects") < hours.index("Motion")
    assert "2.5" in hours
    assert "1 observation without a waste category is left out" in page
    for spec_id in ("pareto-spec-count", "pareto-spec-eur", "pareto-spec-hours"):
        assert f'id="{spec_id}"' in page
    assert "vega-lite-6.4.3.min.js" in page


def test_vital_few_are_marked_in_the_pareto(client_for, wastes):
    page = (
        client_for(wastes["owner"])
        .get(reverse("gemba:index", args=[wastes["project"].pk]), **EN)
        .content.decode()
    )
    count = _pareto_table(page, "count")
    # Waiting reaches 50 %, motion crosses 80 % (83.3 %): both vital; defects not.
    assert count.count("vital few") == 2


def test_filters_narrow_the_list_but_the_pareto_keeps_every_waste(client_for, wastes):
    client = client_for(wastes["owner"])
    url = reverse("gemba:index", args=[wastes["project"].pk])
    page = client.get(url, {"waste": "motion"}, headers={"HX-Request": "true"}, **EN)
    html = page.content.decode()
    assert "<html" not in html, "HTMX gets the results only"
    assert "Observation 3 motion" in html and "Observation 0 waiting" not in html
    assert "Waiting" in _pareto_table(html, "count")
    by_step = client.get(url, {"step": "Bending"}, **EN).content.decode()
    count = _pareto_table(by_step, "count")
    assert "Defects" not in count, "the Pareto follows the step filter"
    assert "Observation 2 waiting" not in by_step


# --- the phone form ------------------------------------------------------------------------


def test_quick_form_has_big_camera_input_and_records_today_with_the_user_as_observer(
    client_for, cast
):
    client = client_for(cast["teammate"])
    url = reverse("gemba:quick", args=[cast["project"].pk])
    page = client.get(url).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page and "multiple" in page
    area = cast["project"].area
    assert f'<option value="{area.pk}" selected>' in page, "the project's area comes chosen"
    data = {**_quick(cast), "area": area.pk, "photos": [png_upload(size=(30, 20))]}
    response = client.post(url, data)
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.observed_on == dt.date.today()
    assert observation.observer == cast["teammate"].person
    assert observation.created_by == cast["teammate"]
    assert observation.area == area
    assert observation.photos.count() == 1
    again = client.get(response["Location"])
    assert observation.get_absolute_url() in again.content.decode()


def test_quick_form_shows_a_bad_photo_and_keeps_nothing(client_for, cast, settings):
    response = client_for(cast["teammate"]).post(
        reverse("gemba:quick", args=[cast["project"].pk]),
        {**_quick(cast), "photos": [text_as_jpg("IMG_2.jpg")]},
        **EN,
    )
    assert response.status_code == 200
    assert "“IMG_2.jpg” is not an image" in response.content.decode()
    assert not Observation.objects.exists()
    assert media_files(settings) == []


# --- the demo ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_demo_observations_are_idempotent_quantified_and_illustrated(cast, settings, language):
    from obeya.gemba.demo import load_demo_observations

    project, user = cast["project"], cast["owner"]
    first = load_demo_observations(
        project=project, language=language, user=user, today=dt.date(2026, 5, 1)
    )
    again = load_demo_observations(
        project=project, language=language, user=user, today=dt.date(2026, 5, 1)
    )
    assert [o.pk for o in first] == [o.pk for o in again]
    assert 12 <= len(first) == Observation.objects.filter(project=project).count()
    assert {o.waste for o in first} >= {"waiting", "inventory", "motion", "defects", "transport"}
    assert sum(1 for o in first if o.impact_eur is not None) >= 10
    photos = ObservationPhoto.objects.filter(observation__project=project)
    assert photos.count() >= 4 and len(media_files(settings)) == photos.count()
    assert all(max(p.width, p.height) <= 1600 for p in photos)
    changeover = "changeover" if language == "en" else "Changement de série"
    assert any(changeover in o.description for o in first)


@pytest.mark.parametrize(("observer", "may_edit"), [("teammate", True), ("viewer", False)])
def test_observer_who_contributes_edits_an_observation_the_facilitator_entered(
    client_for, cast, observer, may_edit
):
    observation = services.observation_create(
        project=cast["project"],
        user=cast["owner"],
        observed_on=dt.date(2026, 3, 5),
        observer=cast[observer].person,
        description="Seen together on the walk",
    )
    url = reverse("gemba:edit", args=[cast["project"].pk, observation.pk])
    assert client_for(cast[observer]).get(url).status_code == (200 if may_edit else 403)


def test_adding_a_photo_without_a_file_says_so(client_for, world):
    observation = world["obs"]["teammate"]
    url = reverse("gemba:photo_add", args=[world["project"].pk, observation.pk])
    response = client_for(world["teammate"]).post(url, {"caption": "x"}, follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    assert observation.photos.count() == 1
