"""Value stream maps: compute the figures and draw a 50-step map, against a 100 ms target.

No peer computes a VSM from a text file, so the comparison is with the target: a map the web
editor redraws on every keystroke must come back well within a tenth of a second.

    .venv/bin/python bench/bench_vsm.py [--steps 50] [--repeat 20]
"""

from __future__ import annotations

import argparse
import time

from obeya.core.vsm import compute_metrics, parse_value_stream
from obeya.core.vsm_draw import draw_svg

TARGET_S = 0.100


def value_stream(steps: int) -> dict:
    """A long stream with every kind of part: pushed inventories, supermarkets, FIFO lanes,
    continuous flow, changeovers with batches, parallel machines and information flows."""
    flow: list[dict] = [{"inventory": {"name": "Raw material", "days": 3}}]
    for i in range(steps):
        flow.append(
            {
                "process": {
                    "name": f"Step {i + 1}",
                    "cycle_time_s": 20 + (i * 13) % 45,
                    "changeover_s": 600 * (i % 3),
                    "uptime": 0.85 if i % 4 == 0 else 1,
                    "machines": 2 if i % 11 == 5 else 1,
                    **({"batch_size": 100} if i % 3 else {}),
                }
            }
        )
        if i < steps - 1 and i % 5 != 4:
            kind = ("inventory", "supermarket", "inventory", "fifo")[i % 4]
            flow.append({kind: {"quantity": 100 + 37 * i, "unit_value": 2.5}})
    flow.append({"inventory": {"name": "Finished goods", "quantity": 900}})
    information = [
        {"kind": "schedule", "from": "production control", "to": f"Step {i + 1}"}
        for i in range(0, steps, 4)
    ]
    information += [
        {"kind": "forecast", "from": "customer", "to": "production control"},
        {"kind": "orders", "from": "production control", "to": "supplier", "electronic": True},
        {"kind": "kanban", "from": "Step 3", "to": "Step 2"},
    ]
    return {
        "name": f"{steps}-step benchmark",
        "customer": {"name": "Customer", "demand": 20000, "period_days": 20},
        "work": {"shifts": 2, "available_s_per_shift": 27000},
        "supplier": {"name": "Supplier"},
        "flow": flow,
        "information": information,
        "transport": {"supplier": "truck weekly", "customer": "truck daily"},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    vs = parse_value_stream(value_stream(args.steps))
    timings = []
    size = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        metrics = compute_metrics(vs)
        svg = draw_svg(vs, metrics)
        timings.append(time.perf_counter() - start)
        size = len(svg)
    best = min(timings)
    print(f"VSM, {args.steps} steps: compute + draw, best of {args.repeat}")
    print(f"  obeya        {best * 1000:8.2f} ms   ({size / 1024:.0f} KiB of SVG)")
    print(f"  target     < {TARGET_S * 1000:8.2f} ms")
    print(f"  ratio to target: {best / TARGET_S:.3f} ({'within' if best < TARGET_S else 'OVER'})")


if __name__ == "__main__":
    main()
