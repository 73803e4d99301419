"""Value stream maps: the list, the editor with its live preview, import and export, the detail
page with every figure explained, and current against future state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from obeya.audit.services import audit_trail
from obeya.core import vsm as core
from obeya.projects.access import ProjectAccess, get_project_for_user
from obeya.valuestreams import figures, services
from obeya.valuestreams.access import get_value_stream_for_user
from obeya.valuestreams.drawing import draw
from obeya.valuestreams.editor import Editor, EditorState, translate_message
from obeya.valuestreams.exports import export_filename, export_value_stream
from obeya.valuestreams.forms import ImportForm, SimulationForm
from obeya.valuestreams.models import ValueStream
from obeya.valuestreams.selectors import (
    comparison_pair,
    value_stream_analysis,
    value_stream_rows,
)
from obeya.valuestreams.simulation import simulation_panel


@login_required
def value_stream_index(request, project_id: int):
    """The project's maps, each current state followed by its future states."""
    access = get_project_for_user(request.user, project_id)
    rows = []
    for row in value_stream_rows(project=access.project):
        a = row.analysis
        rows.append(
            {
                "row": row,
                "vs": a.value_stream,
                "summary": figures.summary(a.metrics, a.model) if a.ok else None,
            }
        )
    return render(
        request,
        "valuestreams/value_stream_list.html",
        {"access": access, "project": access.project, "rows": rows},
    )


@login_required
def value_stream_detail(request, project_id: int, pk: int):
    access, vs = get_value_stream_for_user(request.user, project_id, pk)
    analysis = value_stream_analysis(vs)
    context = {
        "access": access,
        "project": access.project,
        "vs": vs,
        "analysis": analysis,
        "pair": comparison_pair(vs),
        "futures": vs.future_states.order_by("name", "pk"),
        "history": audit_trail(vs)[:50],
    }
    if analysis.ok:
        all_figures = figures.headline_figures(analysis.metrics, analysis.model)
        context.update(
            svg=draw(analysis.model, analysis.metrics, id_prefix=f"vsm-{vs.pk}"),
            figures=all_figures,
            key_figures=figures.key_figures(all_figures),
            steps=figures.step_rows(analysis.metrics, analysis.model),
            inventories=figures.inventory_rows(analysis.metrics),
        )
    return render(request, "valuestreams/value_stream_detail.html", context)


# --- the editor ---------------------------------------------------------------------------


def _preview_context(editor: Editor) -> dict:
    context = {"editor": editor}
    if editor.value_stream is not None:
        all_figures = figures.headline_figures(editor.metrics, editor.value_stream)
        context.update(
            svg=draw(editor.value_stream, editor.metrics, id_prefix="vsm-draft"),
            key_figures=figures.key_figures(all_figures),
        )
    return context


def _editor_page(request, access: ProjectAccess, vs: ValueStream | None):
    """The editor of a new map (`vs` None) or of a stored one. A POST carries the whole page;
    its `op` adds, removes or moves an item (the page comes back, nothing stored), or saves."""
    if request.method == "POST":
        state = EditorState.from_post(request.POST)
        op = request.POST.get("op") or "save"
        if op == "save":
            editor = Editor(state, show_errors=True)
            if not editor.name:
                editor.add_model_errors({"name": [_("Give the map a name.")]})
            if editor.is_valid:
                try:
                    vs = _save(request, access, vs, editor)
                except ValidationError as exc:
                    editor.add_model_errors(exc.message_dict)
                else:
                    messages.success(request, _("Value stream map saved."))
                    return redirect(vs)
        else:
            editor = Editor(state.apply(op))
    elif vs is not None:
        analysis = value_stream_analysis(vs)
        if analysis.ok:
            state = EditorState.from_value_stream(analysis.model, name=vs.name, notes=vs.notes)
        else:
            state = EditorState.blank(name=vs.name)
            messages.error(request, _("The stored map could not be read; it starts again here."))
        editor = Editor(state)
    else:
        editor = Editor(EditorState.blank())
    action = (
        reverse("valuestreams:edit", args=[access.project.pk, vs.pk])
        if vs is not None
        else reverse("valuestreams:create", args=[access.project.pk])
    )
    context = {
        "access": access,
        "project": access.project,
        "vs": vs,
        "action": action,
        **_preview_context(editor),
    }
    if request.htmx:
        return render(request, "valuestreams/_editor.html", context)
    return render(request, "valuestreams/value_stream_editor.html", context)


def _save(request, access: ProjectAccess, vs: ValueStream | None, editor: Editor) -> ValueStream:
    if vs is None:
        return services.value_stream_create(
            project=access.project,
            user=request.user,
            name=editor.name,
            notes=editor.notes,
            source=editor.source,
        )
    return services.value_stream_update(
        value_stream=vs,
        user=request.user,
        name=editor.name,
        notes=editor.notes,
        source=editor.source,
    )


@login_required
def value_stream_create(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    return _editor_page(request, access, None)


@login_required
def value_stream_edit(request, project_id: int, pk: int):
    access, vs = get_value_stream_for_user(request.user, project_id, pk, edit=True)
    return _editor_page(request, access, vs)


@login_required
@require_POST
def value_stream_preview(request, project_id: int):
    """The drawing, the figures and the mistakes of the map being typed (HTMX, nothing
    stored)."""
    get_project_for_user(request.user, project_id, edit=True)
    editor = Editor(EditorState.from_post(request.POST))
    return render(request, "valuestreams/_preview.html", _preview_context(editor))


# --- import and export --------------------------------------------------------------------


def _import_errors(exc: ValidationError, form: ImportForm) -> list[tuple[str, str]]:
    """The file's mistakes as (place, message); other errors go on the form."""
    listed = []
    for name, errors in exc.message_dict.items():
        if name != "source":
            form.add_error(name if name in form.fields else None, errors)
            continue
        for error in errors:
            place, _sep, message = error.partition(": ")
            key = place.rpartition(".")[2]
            text = translate_message(message, key=key, keep_value=True, percent=False)
            listed.append((place, text))
    return listed


@login_required
def value_stream_import(request, project_id: int):
    access = get_project_for_user(request.user, project_id, edit=True)
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None, request.FILES if posted else None, project=access.project
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            vs = services.value_stream_import(
                project=access.project,
                user=request.user,
                text=form.cleaned_data["content"],
                name=form.cleaned_data["name"],
                current_state=form.cleaned_data["current_state"],
            )
        except ValidationError as exc:
            errors = _import_errors(exc, form)
        else:
            message = _("Value stream map “%(name)s” imported.") % {"name": vs.name}
            messages.success(request, message)
            return redirect(vs)
    return render(
        request,
        "valuestreams/value_stream_import.html",
        {"access": access, "project": access.project, "form": form, "file_errors": errors},
    )


@login_required
def value_stream_export(request, project_id: int, pk: int, fmt: str):
    """The map's text (YAML) or its drawing (SVG, PNG, PDF), as a download."""
    access, vs = get_value_stream_for_user(request.user, project_id, pk)
    try:
        export = export_value_stream(vs.source, fmt)
    except core.ValueStreamError:
        messages.error(request, _("The map has mistakes: fix them before exporting the drawing."))
        return redirect(vs)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(vs.name, export.extension)
    )
    return response


# --- future state -------------------------------------------------------------------------


@login_required
@require_POST
def value_stream_copy_to_future(request, project_id: int, pk: int):
    access, vs = get_value_stream_for_user(request.user, project_id, pk, edit=True)
    try:
        future = services.value_stream_copy_to_future(value_stream=vs, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(vs)
    messages.success(
        request,
        _(
            "Future state “%(name)s” created from the current state: change it to draw the "
            "improvements."
        )
        % {"name": future.name},
    )
    return redirect("valuestreams:edit", access.project.pk, future.pk)


def _compare_context(access: ProjectAccess, vs: ValueStream, pair) -> dict:
    current, future = (value_stream_analysis(v) for v in pair)
    context = {
        "access": access,
        "project": access.project,
        "vs": vs,
        "current": current,
        "future": future,
    }
    if current.ok and future.ok:
        comparison = core.compare(current.metrics, future.metrics)
        context.update(
            comparison=comparison,
            current_svg=draw(current.model, current.metrics, id_prefix="vsm-current"),
            future_svg=draw(future.model, future.metrics, id_prefix="vsm-future"),
            compared=figures.compared_figures(comparison, current.metrics.unit),
            compared_steps=figures.compared_steps(comparison),
            simulation_form=SimulationForm(maps=(current.model, future.model)),
        )
    return context


@login_required
def value_stream_compare(request, project_id: int, pk: int):
    """Current and future state side by side: drawings, figures and steps."""
    access, vs = get_value_stream_for_user(request.user, project_id, pk)
    pair = comparison_pair(vs)
    if pair is None:
        messages.info(request, _("This map has no future or current state to compare with."))
        return redirect(vs)
    context = _compare_context(access, vs, pair)
    return render(request, "valuestreams/value_stream_compare.html", context)


@login_required
def value_stream_simulate(request, project_id: int, pk: int):
    """Both states run by the simulation with the form's settings (a read: nothing stored).
    HTMX gets the panel; without JavaScript the whole comparison page comes back with it."""
    access, vs = get_value_stream_for_user(request.user, project_id, pk)
    pair = comparison_pair(vs)
    if pair is None:
        raise Http404
    context = _compare_context(access, vs, pair)
    if "comparison" not in context:  # a stored map that no longer parses: the page says so
        return render(request, "valuestreams/value_stream_compare.html", context)
    form = SimulationForm(request.GET, maps=(context["current"].model, context["future"].model))
    context["simulation_form"] = form
    if form.is_valid():
        models = (context["current"].model, context["future"].model)
        context["simulation"] = simulation_panel(*models, form.settings)
    template = "valuestreams/_simulation.html" if request.htmx else None
    return render(request, template or "valuestreams/value_stream_compare.html", context)


@login_required
@require_POST
def value_stream_delete(request, project_id: int, pk: int):
    access, vs = get_value_stream_for_user(request.user, project_id, pk, edit=True)
    services.value_stream_delete(value_stream=vs, user=request.user)
    messages.success(request, _("Value stream map deleted."))
    return redirect("valuestreams:index", access.project.pk)
