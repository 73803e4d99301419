"""Reads of value stream maps: each stored text read by the core and its figures computed."""

from __future__ import annotations

from dataclasses import dataclass, field

from obeya.core import vsm as core
from obeya.projects.models import Project
from obeya.valuestreams.models import ValueStream


@dataclass(frozen=True)
class Analysis:
    """A stored map with what the core makes of it. `errors` is only filled for a text stored
    before a rule of the parser changed: the services never store one that does not parse."""

    value_stream: ValueStream
    model: core.ValueStream | None = None
    metrics: core.VsmMetrics | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.metrics is not None


def value_stream_analysis(value_stream: ValueStream) -> Analysis:
    try:
        model = core.load_value_stream(value_stream.source)
        metrics = core.compute_metrics(model)
    except core.ValueStreamError as exc:
        return Analysis(value_stream, errors=exc.errors)
    return Analysis(value_stream, model, metrics)


@dataclass(frozen=True)
class Row:
    analysis: Analysis
    is_future_of_previous: bool = False  # listed under the current state it improves


def value_stream_rows(*, project: Project) -> list[Row]:
    """The project's maps for the list: each current state followed by its future states, then
    the future states that improve no map of the project."""
    maps = list(
        ValueStream.objects.filter(project=project)
        .select_related("current_state")
        .order_by("name", "pk")
    )
    futures: dict[int | None, list[ValueStream]] = {}
    for vs in maps:
        if vs.state == ValueStream.State.FUTURE:
            futures.setdefault(vs.current_state_id, []).append(vs)
    rows: list[Row] = []
    for vs in maps:
        if vs.state != ValueStream.State.CURRENT:
            continue
        rows.append(Row(value_stream_analysis(vs)))
        rows.extend(Row(value_stream_analysis(f), True) for f in futures.pop(vs.pk, []))
    for rest in futures.values():
        rows.extend(Row(value_stream_analysis(f)) for f in rest)
    return rows


def current_states(*, project: Project):
    return ValueStream.objects.filter(project=project, state=ValueStream.State.CURRENT).order_by(
        "name", "pk"
    )


def comparison_pair(value_stream: ValueStream) -> tuple[ValueStream, ValueStream] | None:
    """(current, future) for a future state tied to its current state, or for a current state
    with a future (its latest); None when the map has no counterpart."""
    if value_stream.state == ValueStream.State.FUTURE:
        if value_stream.current_state is None:
            return None
        return value_stream.current_state, value_stream
    future = value_stream.future_states.order_by("-updated_at", "-pk").first()
    return (value_stream, future) if future else None
