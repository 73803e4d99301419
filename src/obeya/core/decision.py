"""Decision tools for choosing improvement axes and levers: the weighted multi-criteria matrix,
the exact sensitivity of its ranking to each weight, AHP weights from pairwise judgements, and
the impact/effort matrix.

The CQPM asks the facilitator to justify the priority axes and levers "with decision tools
(advantages/drawbacks grid, multi-criteria analysis)". Scores are put on a common 0-1 scale
before they are weighted, so a criterion scored in euros does not outweigh one scored 1 to 5
just because its numbers are larger; every figure shown to the team is traceable to a formula
of docs/decisions.md.

Conventions (docs/decisions.md gives the worked example):

- `scores[o][c]` is option o's score on criterion c, in the criterion's own unit or scale.
- Normalisation, with lo/hi the criterion's bounds when set, else the options' min/max:
  MAX (higher is better) n = (x - lo) / (hi - lo); MIN (lower is better: cost, delay, risk)
  n = (hi - x) / (hi - lo); when hi == lo every option gets 1 (the criterion cannot separate
  them, and no option should be penalised for it).
- Weights are >= 0 with a positive sum; they are divided by their sum, so only their ratios
  matter. total = sum_c w_c * n_oc, in [0, 1]; rank 1 is the best, equal totals share a rank
  (1, 1, 3).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from obeya.core.charts import ACCENT, BAD, CHART_CONFIG, GOOD, INK, MUTED, SCHEMA, WARN

CONSISTENCY_LIMIT = 0.10
"""Saaty's rule: judgements whose consistency ratio exceeds 10 % should be revised."""

RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
"""Saaty's random index RI(n): the mean consistency index of random reciprocal matrices on the
1/9..9 scale (Saaty, *The Analytic Hierarchy Process*, 1980; n = 11..15 as extended by Saaty
and quoted by the R package AHPWR). CR = CI / RI compares the judgements with chance."""

SAATY_MIN = 1 / 9
SAATY_MAX = 9.0
TIE_TOLERANCE = 1e-12
"""Totals closer than this are equal: sums of the same terms in another order differ by a few
ulps, and two options with the same scores must share a rank."""
RECIPROCAL_TOLERANCE = 1e-9


class Direction(StrEnum):
    """Which way a criterion is better: MAX for gains (quality, safety), MIN for costs, delays,
    risks and efforts."""

    MAX = "max"
    MIN = "min"


class DecisionInputError(ValueError):
    """Bad input, with every mistake found listed in `errors`, each naming its place
    (`scores[2][1] (option 'SMED', criterion 'Cost'): must be a number`), so a form can show
    all of them next to their fields at once."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class Criterion:
    """A criterion of the matrix: its raw weight (any scale: points, %), its good direction,
    and optionally the bounds of its scoring scale (1 and 5 for a 1-5 scale). Without bounds
    the options' lowest and highest scores are the ends of the scale."""

    name: str
    weight: float
    direction: Direction = Direction.MAX
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class OptionScore:
    """One option's place in the ranking. `total` is in [0, 1] (1 = best on every criterion);
    `contributions[i]` is normalised weight i times normalised score i: they add up to `total`
    and show where the total comes from."""

    option: str
    total: float
    rank: int
    contributions: tuple[float, ...]


@dataclass(frozen=True)
class MatrixResult:
    """The matrix worked out: `normalised[o][c]` in [0, 1] in the options' order, the `ranking`
    best first (equal totals in the options' order)."""

    criteria: tuple[Criterion, ...]
    options: tuple[str, ...]
    normalised: tuple[tuple[float, ...], ...]
    ranking: tuple[OptionScore, ...]

    @property
    def weights(self) -> tuple[float, ...]:
        """The criteria's weights divided by their sum, in the criteria's order."""
        return _normalised_weights([c.weight for c in self.criteria])


@dataclass(frozen=True)
class WeightRange:
    """How far one criterion's raw weight may move, the others fixed, before the order of the
    top options changes. `upper` None = any larger weight keeps the order. `lower_takeover` /
    `upper_takeover` is the option that moves up at that bound (ties with the one above it);
    None when the bound is no crossing (weight 0, or unbounded)."""

    criterion: str
    weight: float
    lower: float
    upper: float | None
    lower_takeover: str | None
    upper_takeover: str | None


@dataclass(frozen=True)
class AhpResult:
    """Weights derived from pairwise judgements by Saaty's principal-eigenvector method, and how
    consistent the judgements are: CI = (lambda_max - n) / (n - 1), CR = CI / RI(n)."""

    names: tuple[str, ...]
    weights: tuple[float, ...]
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float

    @property
    def consistent(self) -> bool:
        """True when CR <= 10 %: the judgements may be used as they are."""
        return self.consistency_ratio <= CONSISTENCY_LIMIT


class Quadrant(StrEnum):
    """The four boxes of the impact/effort matrix."""

    QUICK_WIN = "quick_win"  # high impact, low effort: do first
    MAJOR_PROJECT = "major_project"  # high impact, high effort: plan
    FILL_IN = "fill_in"  # low impact, low effort: when there is slack
    THANKLESS = "thankless"  # low impact, high effort: avoid


# ---------------------------------------------------------------------------------------------
# Reading numbers


def _number(value: Any) -> float | None:
    """A finite float from a number (int, float, Decimal, NumPy scalar), or None. Strings and
    booleans are refused: a form must convert them first, and True is no score."""
    if isinstance(value, bool | str | bytes) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _fmt(value: float) -> str:
    return f"{value:g}"


def _normalised_weights(weights: Sequence[float]) -> tuple[float, ...]:
    total = math.fsum(weights)
    return tuple(w / total for w in weights)


def _check_names(kind: str, names: Sequence[Any], errors: list[str]) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            errors.append(f"{kind}[{index}]: a name is required")
        elif name in seen:
            errors.append(f"{kind}[{index}] ({name!r}): the name is used twice")
        else:
            seen.add(name)


# ---------------------------------------------------------------------------------------------
# The weighted matrix


@dataclass(frozen=True)
class _Checked:
    criteria: tuple[Criterion, ...]
    options: tuple[str, ...]
    scores: tuple[tuple[float, ...], ...]
    normalised: tuple[tuple[float, ...], ...]


def _check_matrix(
    criteria: Sequence[Criterion], options: Sequence[str], scores: Sequence[Sequence[float]]
) -> _Checked:
    """Validate everything, collecting every mistake, and normalise the scores."""
    errors: list[str] = []
    criteria = tuple(criteria)
    options = tuple(options)
    if not criteria:
        errors.append("criteria: at least one criterion is needed")
    if not options:
        errors.append("options: at least one option is needed")
    _check_names("criteria", [c.name for c in criteria], errors)
    _check_names("options", options, errors)

    clean: list[Criterion] = []
    for index, criterion in enumerate(criteria):
        place = f"criteria[{index}] ({criterion.name!r})"
        weight = _number(criterion.weight)
        if weight is None:
            errors.append(f"{place}: the weight must be a number")
        elif weight < 0:
            errors.append(f"{place}: the weight must be >= 0, got {_fmt(weight)}")
        try:
            direction = Direction(criterion.direction)
        except ValueError:
            errors.append(f"{place}: the direction must be 'max' or 'min'")
            direction = Direction.MAX
        bounds: list[float | None] = []
        for label, raw in (("lower", criterion.lower), ("upper", criterion.upper)):
            bound = None if raw is None else _number(raw)
            if raw is not None and bound is None:
                errors.append(f"{place}: the {label} bound must be a number")
            bounds.append(bound)
        lower, upper = bounds
        if lower is not None and upper is not None and not lower < upper:
            errors.append(
                f"{place}: the upper bound ({_fmt(upper)}) must be greater than the lower "
                f"bound ({_fmt(lower)})"
            )
            lower = upper = None
        clean.append(Criterion(criterion.name, weight or 0.0, direction, lower=lower, upper=upper))
    weights = [c.weight for c in clean]
    if criteria and not errors and math.fsum(weights) <= 0:
        errors.append("criteria: at least one weight must be greater than 0")

    rows: list[list[float | None]] = []
    scores = list(scores)
    if len(scores) != len(options):
        errors.append(f"scores: {len(options)} rows expected (one per option), got {len(scores)}")
    for o, row in enumerate(scores):
        option = options[o] if o < len(options) else None
        try:
            if isinstance(row, str | bytes):
                raise TypeError
            row = list(row)
        except TypeError:
            errors.append(f"scores[{o}] (option {option!r}): a row of scores is expected")
            rows.append([])
            continue
        if len(row) != len(criteria):
            errors.append(
                f"scores[{o}] (option {option!r}): {len(criteria)} scores expected (one per "
                f"criterion), got {len(row)}"
            )
        values: list[float | None] = []
        for c, raw in enumerate(row):
            value = _number(raw)
            if c < len(clean):
                place = f"scores[{o}][{c}] (option {option!r}, criterion {clean[c].name!r})"
            else:
                place = f"scores[{o}][{c}] (option {option!r})"
            if value is None:
                errors.append(f"{place}: must be a number")
            elif c < len(clean):
                lower, upper = clean[c].lower, clean[c].upper
                if lower is not None and value < lower:
                    errors.append(
                        f"{place}: {_fmt(value)} is below the scale's lower bound {_fmt(lower)}"
                    )
                if upper is not None and value > upper:
                    errors.append(
                        f"{place}: {_fmt(value)} is above the scale's upper bound {_fmt(upper)}"
                    )
            values.append(value)
        rows.append(values)
    if errors:
        raise DecisionInputError(errors)

    table = [[float(v) for v in row] for row in rows]  # type: ignore[arg-type]
    columns = list(zip(*table, strict=True))
    normalised_columns = [
        _normalise_column(criterion, column)
        for criterion, column in zip(clean, columns, strict=True)
    ]
    normalised = tuple(zip(*normalised_columns, strict=True))
    return _Checked(tuple(clean), options, tuple(tuple(r) for r in table), normalised)


def _normalise_column(criterion: Criterion, column: Sequence[float]) -> tuple[float, ...]:
    lo = criterion.lower if criterion.lower is not None else min(column)
    hi = criterion.upper if criterion.upper is not None else max(column)
    if hi == lo:
        return tuple(1.0 for _ in column)
    span = hi - lo
    if criterion.direction == Direction.MAX:
        values = ((x - lo) / span for x in column)
    else:
        values = ((hi - x) / span for x in column)
    # Clip the last ulp of rounding so that the documented [0, 1] holds exactly.
    return tuple(min(1.0, max(0.0, v)) for v in values)


def _competition_ranks(totals: Sequence[float]) -> list[int]:
    """Ranks of totals already sorted best first: equal totals share a rank, the next rank skips
    (1, 1, 3), as in sports tables."""
    ranks: list[int] = []
    for index, total in enumerate(totals):
        if index and abs(totals[index - 1] - total) <= TIE_TOLERANCE:
            ranks.append(ranks[-1])
        else:
            ranks.append(index + 1)
    return ranks


def weighted_matrix(
    criteria: Sequence[Criterion], options: Sequence[str], scores: Sequence[Sequence[float]]
) -> MatrixResult:
    """Rank options by the weighted sum of their normalised scores (`scores[option][criterion]`).

    Raises DecisionInputError listing every mistake by place: names missing or used twice,
    negative weights or a zero sum, rows or scores missing, non-numbers, scores outside the
    criterion's bounds.

    >>> r = weighted_matrix([Criterion("Gain", 2), Criterion("Cost", 1, Direction.MIN)],
    ...                     ["SMED", "5S"], [[8, 3], [4, 1]])
    >>> [(s.option, round(s.total, 3), s.rank) for s in r.ranking]
    [('SMED', 0.667, 1), ('5S', 0.333, 2)]
    """
    checked = _check_matrix(criteria, options, scores)
    weights = _normalised_weights([c.weight for c in checked.criteria])
    scored = []
    for index, (option, row) in enumerate(zip(checked.options, checked.normalised, strict=True)):
        contributions = tuple(w * n for w, n in zip(weights, row, strict=True))
        total = min(1.0, max(0.0, math.fsum(contributions)))
        scored.append((index, option, total, contributions))
    scored.sort(key=lambda item: (-item[2], item[0]))
    ranks = _competition_ranks([item[2] for item in scored])
    ranking = tuple(
        OptionScore(option, total, rank, contributions)
        for (_index, option, total, contributions), rank in zip(scored, ranks, strict=True)
    )
    return MatrixResult(checked.criteria, checked.options, checked.normalised, ranking)


# ---------------------------------------------------------------------------------------------
# Sensitivity of the ranking to each weight


def weight_sensitivity(
    criteria: Sequence[Criterion],
    options: Sequence[str],
    scores: Sequence[Sequence[float]],
    *,
    top: int = 1,
) -> tuple[WeightRange, ...]:
    """For each criterion, the exact range of its raw weight (the other weights fixed) over
    which the order of the `top` best options stays the same.

    With the others fixed, option j's total is (A_j + w n_ji) / (S + w), where A_j is the sum
    of the other criteria's weighted scores and S the sum of their weights. The denominator is
    the same for every option, so the order is the order of the numerators, straight lines in
    w: options j and k swap at w = (A_k - A_j) / (n_ji - n_ki). The bounds are the nearest
    crossings below and above the current weight that change the order of the top options
    (a tie is a change); no scan, no tolerance on w. When the order is tied at the current
    weight already, the range is that weight alone.

    A weight cannot go below 0; when the other weights are all 0 it must stay above 0.
    """
    errors: list[str] = []
    top_number = _number(top)
    if isinstance(top, float) or top_number is None or top_number != int(top_number):
        errors.append("top: must be a whole number")
    elif top_number < 1:
        errors.append("top: must be at least 1")
    if errors:
        raise DecisionInputError(errors)
    checked = _check_matrix(criteria, options, scores)
    result = weighted_matrix(checked.criteria, checked.options, checked.scores)
    order = [checked.options.index(s.option) for s in result.ranking]
    top_count = min(int(top), len(order))
    leaders = order[:top_count]
    followers = order[top_count:]
    # Pairs (above, below) whose strict order makes "the same top order": consecutive leaders,
    # then the last leader against every follower.
    pairs = list(itertools.pairwise(leaders))
    if followers:
        pairs += [(leaders[-1], f) for f in followers]

    ranges = []
    raw = [c.weight for c in checked.criteria]
    for i, criterion in enumerate(checked.criteria):
        weight = raw[i]
        others = [c for c in range(len(raw)) if c != i]
        n = checked.normalised
        a = [math.fsum(raw[c] * n[o][c] for c in others) for o in range(len(n))]
        lower, lower_by = 0.0, None
        upper: float | None = None
        upper_by = None
        tied_by = None
        for above, below in pairs:
            # d(w) = (A_above - A_below) + w (n_above,i - n_below,i) must stay > 0.
            intercept = a[above] - a[below]
            slope = n[above][i] - n[below][i]
            now = intercept + weight * slope
            if abs(now) <= TIE_TOLERANCE * max(1.0, weight + math.fsum(raw[c] for c in others)):
                tied_by = tied_by or checked.options[below]
                continue
            if slope == 0:
                continue  # parallel lines never cross
            crossing = -intercept / slope
            if slope > 0 and lower < crossing < weight:
                lower, lower_by = crossing, checked.options[below]
            elif slope < 0 and crossing > weight and (upper is None or crossing < upper):
                upper, upper_by = crossing, checked.options[below]
        if tied_by is not None:
            ranges.append(WeightRange(criterion.name, weight, weight, weight, tied_by, tied_by))
            continue
        ranges.append(WeightRange(criterion.name, weight, lower, upper, lower_by, upper_by))
    return tuple(ranges)


# ---------------------------------------------------------------------------------------------
# AHP


def ahp_matrix(
    names: Sequence[str], judgements: Mapping[tuple[str, str], float]
) -> list[list[float]]:
    """The full pairwise comparison matrix from the judgements of one triangle.

    `judgements[(a, b)]` says how much a is preferred to b on Saaty's scale (1 equal, 3
    moderate, 5 strong, 7 very strong, 9 extreme, the even numbers between, and reciprocals when
    b is preferred). The matrix holds 1 on the diagonal and 1/x opposite x. A pair given both
    ways must be reciprocal; every pair must be given one way or the other.
    """
    errors: list[str] = []
    names = tuple(names)
    if not names:
        errors.append("names: at least one element is needed")
    _check_names("names", names, errors)
    if errors:
        raise DecisionInputError(errors)
    index = {name: i for i, name in enumerate(names)}
    size = len(names)
    matrix = [[1.0 if r == c else math.nan for c in range(size)] for r in range(size)]
    for key, raw in judgements.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            errors.append(f"judgements[{key!r}]: the key must be a pair of names")
            continue
        a, b = key
        place = f"judgements[({a!r}, {b!r})]"
        unknown = [x for x in (a, b) if x not in index]
        if unknown:
            errors.append(f"{place}: unknown name {unknown[0]!r}")
            continue
        value = _number(raw)
        if value is None:
            errors.append(f"{place}: must be a number")
            continue
        if (
            not SAATY_MIN * (1 - RECIPROCAL_TOLERANCE)
            <= value
            <= SAATY_MAX * (1 + RECIPROCAL_TOLERANCE)
        ):
            errors.append(f"{place}: must be between 1/9 and 9, got {_fmt(value)}")
            continue
        r, c = index[a], index[b]
        if r == c:
            if not math.isclose(value, 1.0, rel_tol=RECIPROCAL_TOLERANCE):
                errors.append(f"{place}: an element compared with itself must be 1")
            continue
        if not math.isnan(matrix[r][c]) and not math.isclose(
            matrix[r][c], value, rel_tol=RECIPROCAL_TOLERANCE
        ):
            errors.append(
                f"{place}: {_fmt(value)} contradicts judgements[({b!r}, {a!r})] = "
                f"{_fmt(1 / matrix[r][c])} (should be its reciprocal)"
            )
            continue
        matrix[r][c] = value
        matrix[c][r] = 1.0 / value
    for r in range(size):
        for c in range(r + 1, size):
            if math.isnan(matrix[r][c]):
                errors.append(f"judgements: missing ({names[r]!r}, {names[c]!r})")
    if errors:
        raise DecisionInputError(errors)
    return matrix


def ahp_weights(matrix: Sequence[Sequence[float]], names: Sequence[str] | None = None) -> AhpResult:
    """Weights from a positive reciprocal pairwise matrix by Saaty's eigenvector method.

    The weights are the principal (Perron) eigenvector of the matrix, scaled to sum 1;
    lambda_max is its eigenvalue, never below n for a reciprocal matrix and equal to n exactly
    when the judgements are consistent (a_ik = a_ij a_jk). CI = (lambda_max - n) / (n - 1)
    measures the departure, CR = CI / RI(n) compares it with random judgements. With one or
    two elements the judgements cannot contradict each other: CI = CR = 0.
    """
    errors: list[str] = []
    rows = [list(row) for row in matrix]
    size = len(rows)
    if size == 0:
        errors.append("matrix: at least one row is needed")
    elif size > max(RANDOM_INDEX):
        errors.append(
            f"matrix: at most {max(RANDOM_INDEX)} elements can be compared (Saaty's random "
            f"index table), got {size}"
        )
    labels = tuple(names) if names is not None else tuple(str(i + 1) for i in range(size))
    if names is not None:
        _check_names("names", labels, errors)
        if len(labels) != size:
            errors.append(f"names: {size} names expected (one per row), got {len(labels)}")
    for r, row in enumerate(rows):
        if len(row) != size:
            errors.append(f"matrix[{r}]: {size} values expected (a square matrix), got {len(row)}")
    if errors:
        raise DecisionInputError(errors)

    def name(i: int) -> str:
        return labels[i] if i < len(labels) else str(i + 1)

    values = [[_number(x) for x in row] for row in rows]
    for r in range(size):
        for c in range(size):
            value = values[r][c]
            place = f"matrix[{r}][{c}] ({name(r)!r} vs {name(c)!r})"
            if value is None:
                errors.append(f"{place}: must be a number")
            elif value <= 0:
                errors.append(f"{place}: must be greater than 0, got {_fmt(value)}")
    if not errors:
        for r in range(size):
            for c in range(r, size):
                product = values[r][c] * values[c][r]  # type: ignore[operator]
                if not math.isclose(product, 1.0, rel_tol=RECIPROCAL_TOLERANCE):
                    place = f"matrix[{r}][{c}] ({name(r)!r} vs {name(c)!r})"
                    if r == c:
                        errors.append(f"{place}: the diagonal must be 1, got {_fmt(values[r][c])}")
                    else:
                        errors.append(
                            f"{place}: {_fmt(values[r][c])} is not the reciprocal of "
                            f"matrix[{c}][{r}] = {_fmt(values[c][r])}"
                        )
    if errors:
        raise DecisionInputError(errors)

    array = np.array(values, dtype=float)
    eigenvalues, eigenvectors = np.linalg.eig(array)
    principal = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[principal].real)
    vector = np.abs(eigenvectors[:, principal].real)
    weights = tuple(float(x) for x in vector / vector.sum())
    if size <= 2:
        lambda_max = float(size)  # exact: a 1x1 or 2x2 reciprocal matrix is always consistent
        ci = 0.0
    else:
        ci = max(0.0, (lambda_max - size) / (size - 1))  # >= 0 in exact arithmetic (Perron)
    ri = RANDOM_INDEX[size]
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(labels, weights, lambda_max, ci, ri, cr)


# ---------------------------------------------------------------------------------------------
# Impact / effort


def impact_effort_quadrant(
    impact: float, effort: float, *, impact_mid: float, effort_mid: float
) -> Quadrant:
    """The box of a lever on the impact/effort matrix; a value at the mid counts as high.

    >>> impact_effort_quadrant(4, 1, impact_mid=3, effort_mid=3)
    <Quadrant.QUICK_WIN: 'quick_win'>
    """
    errors = []
    for label, raw in (
        ("impact", impact),
        ("effort", effort),
        ("impact_mid", impact_mid),
        ("effort_mid", effort_mid),
    ):
        if _number(raw) is None:
            errors.append(f"{label}: must be a number")
    if errors:
        raise DecisionInputError(errors)
    high_impact = float(impact) >= float(impact_mid)
    high_effort = float(effort) >= float(effort_mid)
    if high_impact:
        return Quadrant.MAJOR_PROJECT if high_effort else Quadrant.QUICK_WIN
    return Quadrant.THANKLESS if high_effort else Quadrant.FILL_IN


# ---------------------------------------------------------------------------------------------
# Charts

CRITERION_COLOURS = (ACCENT, GOOD, WARN, BAD, MUTED, INK, "#6941c6", "#0e9384", "#c4320a")
"""One colour per criterion in the stacked bars, in the criteria's order (cycled past nine)."""

QUADRANT_COLOURS = {
    Quadrant.QUICK_WIN: GOOD,
    Quadrant.MAJOR_PROJECT: ACCENT,
    Quadrant.FILL_IN: MUTED,
    Quadrant.THANKLESS: BAD,
}


def matrix_chart_spec(result: MatrixResult, *, title: str, score_title: str) -> dict[str, Any]:
    """The ranking as horizontal stacked bars, best option on top: each segment is one
    criterion's contribution, so the bar's length is the total (0-100 % of the ideal option)
    and the segments show what it owes to each criterion."""
    weights = result.weights
    names = [c.name for c in result.criteria]
    colours = [CRITERION_COLOURS[i % len(CRITERION_COLOURS)] for i in range(len(names))]
    position = {option: i for i, option in enumerate(result.options)}
    values = []
    for score in result.ranking:
        row = result.normalised[position[score.option]]
        for c, contribution in enumerate(score.contributions):
            values.append(
                {
                    "option": score.option,
                    "rank": score.rank,
                    "criterion": names[c],
                    "order": c,
                    "contribution": contribution,
                    "weight": weights[c],
                    "normalised": row[c],
                    "total": score.total,
                }
            )
    totals = [{"option": s.option, "total": s.total, "rank": s.rank} for s in result.ranking]
    y = {
        "field": "option",
        "type": "nominal",
        "sort": [s.option for s in result.ranking],
        "title": None,
        "axis": {"labelLimit": 220},
    }
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 30 * max(len(result.ranking), 1),
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CHART_CONFIG,
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "bar"},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "contribution",
                        "type": "quantitative",
                        "stack": "zero",
                        "title": score_title,
                        "scale": {"domain": [0, 1]},
                        "axis": {"format": ".0%"},
                    },
                    "color": {
                        "field": "criterion",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": names, "range": colours},
                        "legend": {"orient": "bottom"},
                    },
                    "order": {"field": "order", "type": "quantitative"},
                    "tooltip": [
                        {"field": "option", "type": "nominal", "title": " "},
                        {"field": "criterion", "type": "nominal", "title": "  "},
                        {
                            "field": "contribution",
                            "type": "quantitative",
                            "title": score_title,
                            "format": ".1%",
                        },
                        {"field": "weight", "type": "quantitative", "title": "w", "format": ".1%"},
                        {
                            "field": "normalised",
                            "type": "quantitative",
                            "title": "n",
                            "format": ".2f",
                        },
                    ],
                },
            },
            {
                "data": {"values": totals},
                "mark": {"type": "text", "align": "left", "dx": 4, "color": INK},
                "encoding": {
                    "y": y,
                    "x": {"field": "total", "type": "quantitative"},
                    "text": {"field": "total", "type": "quantitative", "format": ".0%"},
                },
            },
        ],
    }


def _domain(values: Sequence[float]) -> list[float]:
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.15 if hi > lo else max(abs(hi), 1.0) * 0.5
    return [lo - pad, hi + pad]


def impact_effort_spec(
    points: Sequence[tuple[str, float, float]],
    *,
    title: str,
    impact_title: str,
    effort_title: str,
    impact_mid: float,
    effort_mid: float,
    quadrant_labels: Mapping[Quadrant, str],
) -> dict[str, Any]:
    """The impact/effort matrix: each (label, impact, effort) as a labelled point, effort
    across and impact up, the two mid lines, and the name of each box in its corner (quick wins
    top left). Points are coloured by their box."""
    missing = [q.value for q in Quadrant if q not in quadrant_labels]
    if missing:
        raise DecisionInputError([f"quadrant_labels: missing {m!r}" for m in missing])
    values = []
    for label, impact, effort in points:
        quadrant = impact_effort_quadrant(
            impact, effort, impact_mid=impact_mid, effort_mid=effort_mid
        )
        values.append(
            {
                "label": label,
                "impact": float(impact),
                "effort": float(effort),
                "quadrant": quadrant.value,
                "quadrant_label": quadrant_labels[quadrant],
            }
        )
    x_domain = _domain([v["effort"] for v in values] + [float(effort_mid)])
    y_domain = _domain([v["impact"] for v in values] + [float(impact_mid)])
    corners = [
        (Quadrant.QUICK_WIN, x_domain[0], y_domain[1], "left", "top"),
        (Quadrant.MAJOR_PROJECT, x_domain[1], y_domain[1], "right", "top"),
        (Quadrant.FILL_IN, x_domain[0], y_domain[0], "left", "bottom"),
        (Quadrant.THANKLESS, x_domain[1], y_domain[0], "right", "bottom"),
    ]
    x = {
        "field": "effort",
        "type": "quantitative",
        "title": effort_title,
        "scale": {"domain": x_domain, "nice": False},
    }
    y = {
        "field": "impact",
        "type": "quantitative",
        "title": impact_title,
        "scale": {"domain": y_domain, "nice": False},
    }
    order = list(Quadrant)
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 360,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CHART_CONFIG,
        "layer": [
            *(
                {
                    "data": {"values": [{"label": quadrant_labels[q], "effort": ex, "impact": iy}]},
                    "mark": {
                        "type": "text",
                        "align": align,
                        "baseline": baseline,
                        "dx": 6 if align == "left" else -6,
                        "dy": 6 if baseline == "top" else -6,
                        "fontWeight": "bold",
                        "color": QUADRANT_COLOURS[q],
                        "opacity": 0.8,
                    },
                    "encoding": {"x": x, "y": y, "text": {"field": "label"}},
                }
                for q, ex, iy, align, baseline in corners
            ),
            {
                "data": {"values": [{"effort": float(effort_mid)}]},
                "mark": {"type": "rule", "color": MUTED, "strokeDash": [6, 4]},
                "encoding": {"x": x},
            },
            {
                "data": {"values": [{"impact": float(impact_mid)}]},
                "mark": {"type": "rule", "color": MUTED, "strokeDash": [6, 4]},
                "encoding": {"y": y},
            },
            {
                "data": {"values": values},
                "layer": [
                    {
                        "mark": {"type": "point", "filled": True, "size": 90},
                        "encoding": {
                            "x": x,
                            "y": y,
                            "color": {
                                "field": "quadrant",
                                "type": "nominal",
                                "scale": {
                                    "domain": [q.value for q in order],
                                    "range": [QUADRANT_COLOURS[q] for q in order],
                                },
                                "legend": None,
                            },
                            "tooltip": [
                                {"field": "label", "type": "nominal", "title": " "},
                                {"field": "impact", "type": "quantitative", "title": impact_title},
                                {"field": "effort", "type": "quantitative", "title": effort_title},
                                {"field": "quadrant_label", "type": "nominal", "title": "  "},
                            ],
                        },
                    },
                    {
                        "mark": {"type": "text", "align": "left", "dx": 7, "dy": -7, "color": INK},
                        "encoding": {"x": x, "y": y, "text": {"field": "label"}},
                    },
                ],
            },
        ],
    }
