"""Control limits and all the run rules on 1 million individual values, against a peer.

Peer: a straightforward pandas implementation (rolling windows and groupby run lengths, the
way NelsonCheck 0.4 on PyPI writes its rules; NelsonCheck itself imports plotly at load time,
which Obeya does not install). Same data, same limits, same rules; the flags are compared.

    .venv/bin/python bench/bench_spc.py [N]
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from obeya.core.spc import xmr_chart


def pandas_peer(x: np.ndarray) -> dict[int, np.ndarray]:
    s = pd.Series(x)
    mr = s.diff().abs()
    center = s.mean()
    sigma = mr.mean() / 1.128
    z = (s - center) / sigma

    def run(mask: pd.Series) -> pd.Series:
        groups = (mask != mask.shift()).cumsum()
        return mask.groupby(groups).cumsum()

    above2, below2 = (z > 2).astype(int), (z < -2).astype(int)
    above1, below1 = (z > 1).astype(int), (z < -1).astype(int)
    r2 = ((above2.rolling(3).sum() >= 2) & (z > 2)) | ((below2.rolling(3).sum() >= 2) & (z < -2))
    r3 = ((above1.rolling(5).sum() >= 4) & (z > 1)) | ((below1.rolling(5).sum() >= 4) & (z < -1))
    return {
        1: (z.abs() > 3).to_numpy(),
        2: r2.to_numpy(),
        3: r3.to_numpy(),
        4: ((run(z > 0) >= 8) | (run(z < 0) >= 8)).to_numpy(),
    }


def main(n: int = 1_000_000) -> None:
    rng = np.random.default_rng(42)
    x = rng.normal(100, 5, n)
    x[n // 2 :] += 2  # a shift half way, so the run rules fire
    t0 = time.perf_counter()
    chart, _mr = xmr_chart(x, rule_set="we")
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    peer = pandas_peer(x)
    theirs = time.perf_counter() - t0
    for rule, flags in peer.items():
        mine = (chart.violations >> (rule - 1)) & 1
        assert np.array_equal(mine.astype(bool), flags), f"rule {rule} differs"
    t0 = time.perf_counter()
    xmr_chart(x, rule_set="nelson")
    nelson = time.perf_counter() - t0
    print(f"{n:,} individual values, XmR limits + Western Electric rules 1-4")
    print(f"  obeya.core.spc  {ours:7.3f} s   (all 8 Nelson rules: {nelson:.3f} s)")
    print(f"  pandas peer     {theirs:7.3f} s")
    print(f"  ratio           {theirs / ours:7.1f}x faster; the same points flagged")
    print(f"  budget 1 s: {'met' if max(ours, nelson) < 1 else 'MISSED'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
