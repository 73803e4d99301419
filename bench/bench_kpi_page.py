"""A KPI page with 10,000 measurements, served by Django (server side), against a peer.

Builds a temporary SQLite database (migrations, one project, one XmR KPI with an "after SMED"
phase and a target, N measurements), logs a facilitator in with Django's test client, requests
the KPI page a few times to warm the caches, then reports the median of the timed requests.

Peer: the same chart the way an analyst's script draws it, pandas + matplotlib: read the same
measurements with `pandas.read_sql`, compute the same XmR limits per phase and the same
Western Electric rules with pandas (bench_spc.py's peer), and render the chart to an SVG page
with matplotlib. Both read the same database file; the ratio is peer time / Obeya time.

    .venv/bin/python bench/bench_kpi_page.py [N] [--repeat R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BUDGET_S = 0.300


def _django(var_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "obeya.site.settings"
    os.environ["OBEYA_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ["OBEYA_DEBUG"] = "0"  # production settings: cached templates, no debug toolbar
    os.environ["OBEYA_SECRET_KEY"] = "bench-only-secret-key"  # noqa: S105 (a throwaway database)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django
    from django.conf import settings

    django.setup()
    # No collectstatic in a temporary directory: name the static files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world(n: int):
    """A facilitator, a project and an XmR KPI with `n` measurements, a phase half way."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from obeya.kpis.models import Kpi, KpiPhase, Measurement
    from obeya.organisation.models import Area, Company, Person, Site
    from obeya.projects.models import Membership, Project

    company = Company.objects.create(name="Bench Tôlerie")
    area = Area.objects.create(site=Site.objects.create(company=company, name="Plant"), name="Bend")
    user = get_user_model().objects.create_user(username="bench", password=None)
    person = Person.objects.create(company=company, first_name="B", last_name="Ench", user=user)
    project = Project.objects.create(
        company=company, title="Bench", area=area, sponsor=person, facilitator=person
    )
    Membership.objects.create(project=project, user=user, role=Membership.Role.FACILITATOR)
    kpi = Kpi.objects.create(
        project=project,
        name="Changeover time",
        definition="Last good part to first good part",
        unit="min",
        target=20,
        alert_threshold=50,
        data_type=Kpi.DataType.INDIVIDUAL,
        chart=Kpi.Chart.XMR,
    )
    rng = np.random.default_rng(7)
    values = rng.normal(45, 4, n)
    values[n // 2 :] -= 20
    start = timezone.now() - dt.timedelta(hours=8 * n)
    moments = [start + dt.timedelta(hours=8 * i) for i in range(n)]
    Measurement.objects.bulk_create(
        Measurement(kpi=kpi, measured_at=m, value=float(v), entered_by=user)
        for m, v in zip(moments, values, strict=True)
    )
    KpiPhase.objects.create(kpi=kpi, starts_at=moments[n // 2], name="After SMED")
    return user, kpi


def _timed(work, repeat: int, warm: int = 2) -> list[float]:
    for _ in range(warm):
        work()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return times


def obeya_page(client, url: str) -> bytes:
    response = client.get(url, secure=True)  # production settings redirect to HTTPS
    assert response.status_code == 200, response.status_code
    return response.content


def pandas_matplotlib_page(db_path: Path, kpi_id: int) -> bytes:
    """The peer: the same measurements and phase, XmR limits and rules 1-4, as an SVG page."""
    import sqlite3

    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    import pandas as pd

    with sqlite3.connect(db_path) as connection:
        frame = pd.read_sql(
            "SELECT measured_at, value FROM kpis_measurement WHERE kpi_id = ? "
            "ORDER BY measured_at, id",
            connection,
            params=(kpi_id,),
            parse_dates=["measured_at"],
        )
        phases = pd.read_sql(
            "SELECT starts_at FROM kpis_kpiphase WHERE kpi_id = ?",
            connection,
            params=(kpi_id,),
            parse_dates=["starts_at"],
        )
    phase = np.zeros(len(frame), dtype=int)
    for start in phases["starts_at"]:
        phase += (frame["measured_at"] >= start).to_numpy()
    frame["phase"] = phase
    grouped = frame.groupby("phase")["value"]
    mr = grouped.diff().abs()
    center = grouped.transform("mean")
    sigma = mr.groupby(frame["phase"]).transform("mean") / 1.128
    z = (frame["value"] - center) / sigma

    def run(mask):
        groups = (mask != mask.shift()).cumsum()
        return mask.groupby(groups).cumsum()

    flagged = (
        (z.abs() > 3)
        | ((z > 2).astype(int).rolling(3).sum() >= 2) & (z > 2)
        | ((z < -2).astype(int).rolling(3).sum() >= 2) & (z < -2)
        | ((z > 1).astype(int).rolling(5).sum() >= 4) & (z > 1)
        | ((z < -1).astype(int).rolling(5).sum() >= 4) & (z < -1)
        | (run(z > 0) >= 8)
        | (run(z < 0) >= 8)
    )
    figure, axes = plt.subplots(figsize=(12, 4))
    axes.plot(frame.index + 1, frame["value"], color="#0b5cad", linewidth=1)
    axes.scatter(frame.index[flagged] + 1, frame["value"][flagged], color="#b42318", s=6)
    axes.step(frame.index + 1, center, color="#1f7a3f", where="post")
    axes.step(frame.index + 1, center + 3 * sigma, color="#b42318", where="post")
    axes.step(frame.index + 1, center - 3 * sigma, color="#b42318", where="post")
    axes.axhline(20, color="#e09a1f", linestyle=":")
    out = io.StringIO()
    figure.savefig(out, format="svg")
    plt.close(figure)
    return f"<!doctype html><html><body>{out.getvalue()}</body></html>".encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="obeya-bench-") as tmp:
        var_dir = Path(tmp)
        _django(var_dir)
        from django.db import connection
        from django.test import Client

        user, kpi = _world(args.n)
        client = Client()
        client.force_login(user)
        url = kpi.get_absolute_url()
        ours = _timed(lambda: obeya_page(client, url), args.repeat)
        statements: list[str] = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            size = len(obeya_page(client, url))
        theirs = _timed(
            lambda: pandas_matplotlib_page(var_dir / "bench.sqlite3", kpi.pk), args.repeat
        )
        ours_s, theirs_s = statistics.median(ours), statistics.median(theirs)
        print(f"KPI page with {args.n:,} measurements, XmR with 2 phases (median of {args.repeat})")
        print(
            f"  obeya KPI page           {ours_s * 1000:7.1f} ms  "
            f"({len(statements)} queries, {size / 1024:,.0f} KiB of HTML with the chart data)"
        )
        print(f"  pandas + matplotlib SVG  {theirs_s * 1000:7.1f} ms")
        ratio = theirs_s / ours_s
        verdict = "faster" if ratio >= 1 else "slower"
        print(f"  ratio (peer / obeya)     {ratio:7.2f}x ({verdict} than the peer)")
        met = ours_s < BUDGET_S
        print(f"  budget {BUDGET_S * 1000:.0f} ms: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
