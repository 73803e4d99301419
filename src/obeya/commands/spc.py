"""`obeya spc FILE --chart KIND` and `obeya capability FILE --value COL --lsl X --usl Y`:
control charts with their rule violations, and process capability, from a CSV or XLSX file.

Loads only `obeya.core` (with NumPy), never Django. See docs/spc.md for the formulas.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path
from typing import Any

from obeya.core.capability import Capability, capability, histogram_bins
from obeya.core.spc import CHART_KINDS, SpcError, SpcResult, control_chart
from obeya.core.spc_rules import RULES, rules_of


class InputError(Exception):
    """A file that cannot be read as asked; the message names the row or the column."""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "spc",
        help="draw a control chart and mark the points that break the run rules",
        description="Read a CSV or XLSX file with a header row and print the control chart's "
        "center line and limits and the points that break the Western Electric or Nelson "
        "rules (docs/spc.md). run, xmr: one value per row; xbar-r, xbar-s: one measurement "
        "per row with its --subgroup; p, np: defectives per sample with its --size; c: defects "
        "per unit; u: defects with the --size (units inspected).",
    )
    p.add_argument("file", metavar="FILE", help="the data (.csv or .xlsx)")
    p.add_argument("--chart", required=True, choices=CHART_KINDS, help="the chart to draw")
    p.add_argument("--value", metavar="COL", help="column of the values (or counts)")
    p.add_argument("--subgroup", metavar="COL", help="column of the subgroup (xbar-r, xbar-s)")
    p.add_argument("--size", metavar="COL", help="column of the sample size (p, np, u)")
    p.add_argument(
        "--baseline",
        metavar="N",
        type=int,
        help="compute the limits from the first N points or subgroups, and apply them to all",
    )
    p.add_argument(
        "--rules",
        choices=("we", "nelson"),
        default="we",
        help="Western Electric (4 rules, default) or Nelson (8 rules)",
    )
    p.add_argument("--target", type=float, help="the target line of a run chart")
    p.add_argument("--json", action="store_true", help="print the charts as JSON")
    p.add_argument("--svg", metavar="OUT", help="write the charts as SVG to OUT")
    p.set_defaults(func=cmd_spc)

    p = subparsers.add_parser(
        "capability",
        help="compute Cp, Cpk, Pp, Ppk against specification limits",
        description="Read a CSV or XLSX file and print the process capability of a column "
        "against its specification limits: Cp and Cpk from the within-subgroup sigma (from the "
        "subgroups' ranges when --subgroup is given, else from the moving range), Pp and Ppk "
        "from the overall standard deviation (docs/spc.md).",
    )
    p.add_argument("file", metavar="FILE", help="the data (.csv or .xlsx)")
    p.add_argument("--value", metavar="COL", required=True, help="column of the values")
    p.add_argument("--subgroup", metavar="COL", help="column of the subgroup")
    p.add_argument("--lsl", type=float, help="lower specification limit")
    p.add_argument("--usl", type=float, help="upper specification limit")
    p.add_argument("--target", type=float, help="target (default: middle of the tolerance)")
    p.add_argument("--json", action="store_true", help="print the indices as JSON")
    p.add_argument("--svg", metavar="OUT", help="write the histogram with the limits as SVG")
    p.set_defaults(func=cmd_capability)


# --- reading ------------------------------------------------------------------------------


def read_table(path: str) -> tuple[list[str], list[list[Any]], int]:
    """The header and the rows of a CSV (`,` or `;`) or of the first sheet of an XLSX, with
    the spreadsheet number of the first data row (2)."""
    file = Path(path)
    if not file.is_file():
        raise InputError("no such file")
    if file.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        with file.open(newline="", encoding="utf-8-sig") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
            rows = list(csv.reader(fh, delimiter=delimiter))
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise InputError("the file is empty")
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    return header, rows[1:], 2


def _column(header: list[str], name: str, option: str) -> int:
    if name not in header:
        raise InputError(f"{option}: no column {name!r} (columns: {', '.join(header)})")
    return header.index(name)


def _numbers(rows: list[list[Any]], col: int, name: str, first_row: int) -> list[float]:
    out = []
    for offset, row in enumerate(rows):
        cell = row[col] if col < len(row) else None
        where = f"row {first_row + offset}, column {name!r}"
        if cell is None or cell == "":
            raise InputError(f"{where}: the value is missing")
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            value = float(cell)
        else:
            try:
                value = float(str(cell).strip().replace(",", "."))
            except ValueError:
                raise InputError(f"{where}: {cell!r} is not a number") from None
        if not math.isfinite(value):
            raise InputError(f"{where}: {cell!r} is not a finite number")
        out.append(value)
    return out


def _value_column(header: list[str], args: argparse.Namespace) -> str:
    if args.value:
        return args.value
    others = [h for h in header if h not in (args.subgroup, args.size)]
    if len(others) == 1:
        return others[0]
    raise InputError(f"--value: name the column of the values (columns: {', '.join(header)})")


def _report_error(path: str, message: str) -> int:
    print(f"{path}: {message}", file=sys.stderr)
    return 2


# --- obeya spc ----------------------------------------------------------------------------


def cmd_spc(args: argparse.Namespace) -> int:
    needs_size = args.chart in ("p", "np", "u")
    needs_subgroup = args.chart in ("xbar-r", "xbar-s")
    try:
        header, rows, first = read_table(args.file)
        if needs_size and not args.size:
            raise InputError(f"--size: a {args.chart} chart needs the column of sample sizes")
        if needs_subgroup and not args.subgroup:
            raise InputError(f"--subgroup: an {args.chart} chart needs the subgroup column")
        name = _value_column(header, args)
        values = _numbers(rows, _column(header, name, "--value"), name, first)
        sizes = subgroups = None
        if needs_size:
            sizes = _numbers(rows, _column(header, args.size, "--size"), args.size, first)
        if needs_subgroup:
            col = _column(header, args.subgroup, "--subgroup")
            subgroups = [str(r[col]) if col < len(r) else "" for r in rows]
        result = control_chart(
            args.chart,
            values,
            subgroups=subgroups,
            sizes=sizes,
            baseline=args.baseline,
            rule_set=args.rules,
            target=args.target,
        )
    except InputError as exc:
        return _report_error(args.file, str(exc))
    except SpcError as exc:
        return _report_error(args.file, _in_rows(str(exc), first, needs_subgroup))
    if args.svg:
        _write_svg(args.svg, _charts_svg(result, name))
    if args.json:
        print(json.dumps(result.to_dict(), indent=1))
    else:
        print(report(result, name))
        if args.svg:
            print(f"\nCharts written to {args.svg}")
    return 0


def _in_rows(message: str, first: int, subgroups: bool) -> str:
    """Core errors count points from 1; on individual values a point is a row of the file."""
    if subgroups or " point " not in message:
        return message
    head, _sep, rest = message.partition(" point ")
    number, _sp, tail = rest.partition(" ")
    if number.isdigit():
        return f"{head} row {int(number) + first - 1} {tail}"
    return message


def report(result: SpcResult, value_name: str) -> str:
    """Each chart's center line, limits and the points that break a rule, for the terminal."""
    rule_names = RULES.get(result.rule_set or "", {})
    lines = [f"{result.chart} chart of {value_name!r}, {result.rule_set or 'no'} rules"]
    for chart in result.charts:
        d = chart.to_dict()
        lines += ["", f"{chart.name}"]
        for phase in chart.phases:
            label = f"points {phase.start}-{phase.end}" if len(chart.phases) > 1 else "limits"
            lines.append(
                f"  {label}: center {_fmt(phase.center)}, from {phase.baseline_points} points"
            )
        if d["lcl"] is not None or d["ucl"] is not None:
            lines.append(f"  LCL {_fmt(d['lcl'])}   UCL {_fmt(d['ucl'])}")
        elif result.chart != "run":
            lines.append("  limits vary with the sample size (see --json)")
        flagged = [
            (int(i), rules_of(v))
            for i, v in zip(chart.index.tolist(), chart.violations.tolist(), strict=True)
            if v
        ]
        if not flagged:
            lines.append("  no point breaks a rule")
        for rule in sorted({r for _i, rs in flagged for r in rs}):
            points = [i for i, rs in flagged if rule in rs]
            shown = ", ".join(map(str, points[:20])) + (" ..." if len(points) > 20 else "")
            lines.append(f"  rule {rule} ({rule_names.get(rule, '')}): points {shown}")
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.6g}"


def _charts_svg(result: SpcResult, value_name: str) -> str:
    from obeya.core.charts import control_chart_spec

    specs = []
    for chart in result.charts:
        spec = control_chart_spec(chart, f"{chart.name} chart", value_name)
        config = spec.pop("config")
        for key in ("$schema", "autosize"):
            spec.pop(key)
        spec["width"] = 720
        specs.append(spec)
    return _svg({"$schema": specs[0].get("$schema"), "config": config, "vconcat": specs})


def _svg(spec: dict[str, Any]) -> str:
    import vl_convert as vlc

    from obeya.core.charts import SCHEMA

    spec["$schema"] = SCHEMA
    return vlc.vegalite_to_svg(spec)


def _write_svg(out: str, svg: str) -> None:
    if out == "-":
        sys.stdout.write(svg)
    else:
        Path(out).write_text(svg, encoding="utf-8")


# --- obeya capability ---------------------------------------------------------------------


def cmd_capability(args: argparse.Namespace) -> int:
    try:
        if args.lsl is None and args.usl is None:
            raise InputError("--lsl/--usl: give at least one specification limit")
        header, rows, first = read_table(args.file)
        values = _numbers(rows, _column(header, args.value, "--value"), args.value, first)
        subgroups = None
        if args.subgroup:
            col = _column(header, args.subgroup, "--subgroup")
            subgroups = [str(r[col]) if col < len(r) else "" for r in rows]
        result = capability(
            values, lsl=args.lsl, usl=args.usl, subgroups=subgroups, target=args.target
        )
    except InputError as exc:
        return _report_error(args.file, str(exc))
    except SpcError as exc:
        message = str(exc)
        for option in ("lsl", "usl"):
            if message.startswith(f"{option}:"):
                message = "--" + message
        return _report_error(args.file, _in_rows(message, first, False))
    if args.svg:
        from obeya.core.charts import capability_histogram_spec

        spec = capability_histogram_spec(
            histogram_bins(values), result, f"Capability of {args.value}", args.value
        )
        spec.pop("autosize")
        spec["width"] = 720
        _write_svg(args.svg, _svg(spec))
    if args.json:
        print(json.dumps(_json_safe(result.to_dict()), indent=1))
    else:
        print(capability_report(result, args.value))
    return 0


def _json_safe(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in data.items()
    }


def capability_report(c: Capability, value_name: str) -> str:
    """The indices for the terminal; an index that needs a missing limit shows as '-'."""

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{v * 100:.2f} %"

    return "\n".join(
        [
            f"Capability of {value_name!r} ({c.n} values)",
            "",
            f"  LSL {_fmt(c.lsl)}   USL {_fmt(c.usl)}   target {_fmt(c.target)}",
            f"  Mean           {_fmt(c.mean)}",
            f"  Sigma within   {_fmt(c.sigma_within)}",
            f"  Sigma overall  {_fmt(c.sigma_overall)}",
            "",
            f"  Cp  {_fmt(_round(c.cp))}   Cpk {_fmt(_round(c.cpk))}   Cpm {_fmt(_round(c.cpm))}",
            f"  Pp  {_fmt(_round(c.pp))}   Ppk {_fmt(_round(c.ppk))}",
            "",
            f"  Expected below LSL {pct(c.expected_below_lsl)}, above USL "
            f"{pct(c.expected_above_usl)}",
            f"  Observed below LSL {pct(c.observed_below_lsl)}, above USL "
            f"{pct(c.observed_above_usl)}",
        ]
    )


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 3)
