"""A SYNTHETIC data/ folder at national scale, for the benchmark only (bench/run.py).

    .venv/bin/python bench/synthetic.py OUT_DIR [--branches 47 --years 10 --metrics 100]

Writes CSV files into OUT_DIR (a temporary folder; never data/): a copy of every real
data/*.csv (so every page and deep link still has its content) plus synthetic rows shaped
like the real branch tables (002 群馬 monthly tables, 004 三重 KPI charts), but for every
branch:

* 47 branches x 10 fiscal years x 100 metrics, each with 12 単月 + 12 累計 months, the 年度
  total (the exact sum of the months for counts), a 目標 and a national 順位 per year;
* the same metrics for 全国 (単月 + 累計 + 年度), so branch_vs_national finds a national figure;
* printed statuses (◎○△×) for a tenth of the metrics;
* one row per metric in metrics.csv and one synthetic document in sources.csv.

Every synthetic label says so: the source is ``900_SYNTHETIC_benchmark.txt`` titled
【合成データ】, the files are ``900_synthetic_*.csv``, the metrics ``合成指標NNN``. The rows pass
``kenpo.build.validate`` (累計 never falls, 年度 = sum of 単月 for counts, % within 0–100) so the
benchmark times the real ``kenpo.build.store.build``.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
sys.path.insert(0, str(ROOT))  # also when run as a script

from kenpo.contracts import DATASET_COLUMNS, FACT_COLUMNS, METRIC_COLUMNS  # noqa: E402
from kenpo.fiscal import FISCAL_MONTHS as FISCAL_ORDER  # noqa: E402

SOURCE = "900_SYNTHETIC_benchmark.txt"
BRANCHES = [
    "北海道",
    "青森",
    "岩手",
    "宮城",
    "秋田",
    "山形",
    "福島",
    "茨城",
    "栃木",
    "群馬",
    "埼玉",
    "千葉",
    "東京",
    "神奈川",
    "新潟",
    "富山",
    "石川",
    "福井",
    "山梨",
    "長野",
    "岐阜",
    "静岡",
    "愛知",
    "三重",
    "滋賀",
    "京都",
    "大阪",
    "兵庫",
    "奈良",
    "和歌山",
    "鳥取",
    "島根",
    "岡山",
    "広島",
    "山口",
    "徳島",
    "香川",
    "愛媛",
    "高知",
    "福岡",
    "佐賀",
    "長崎",
    "熊本",
    "大分",
    "宮崎",
    "鹿児島",
    "沖縄",
]
FISCAL_MONTHS = FISCAL_ORDER  # the fiscal calendar's owner: kenpo.fiscal
FACT_HEADER = list(FACT_COLUMNS)  # the data contract's owner: kenpo.contracts
STATUS_HEADER = ["source", "section", "dataset", "scope", "metric", "fiscal_year", "status", "note"]
# unit, direction: counts (additive), rates, people (additive), average days (not additive)
UNIT_CYCLE = [("件", "higher"), ("%", "higher"), ("人", "higher"), ("日", "lower")]


@dataclass(frozen=True)
class Shape:
    branches: int = 47
    years: int = 10
    metrics: int = 100
    first_year: int = 2015

    @property
    def fact_rows(self) -> int:
        per_series_year = 12 + 12 + 1  # 単月, 累計, 年度
        branch = self.branches * self.years * self.metrics * (per_series_year + 2)  # + 目標 + 順位
        national = self.years * self.metrics * per_series_year
        return branch + national

    def label(self) -> str:
        return f"{self.branches} branches x {self.years} FY x 12 months x {self.metrics} metrics"


def metric_name(i: int) -> str:
    return f"合成指標{i + 1:03d}"


def metric_unit(i: int) -> tuple[str, str]:
    return UNIT_CYCLE[i % len(UNIT_CYCLE)]


def dataset_of(i: int) -> str:
    return f"synthetic_group_{i // 10:02d}"


def section_of(i: int) -> str:
    return f"【合成データ・ベンチマーク用】グループ{i // 10:02d}（SYNTHETIC）"


def _fmt(value: float, unit: str) -> str:
    return f"{value:.1f}" if unit in ("%", "日") else str(int(value))


def _months(rng: random.Random, unit: str, scale: float) -> list[float]:
    if unit == "%":
        base = rng.uniform(40, 95)
        return [round(min(100.0, max(0.0, base + rng.uniform(-5, 5))), 1) for _ in FISCAL_MONTHS]
    if unit == "日":
        base = rng.uniform(5, 9)
        return [round(base + rng.uniform(-1, 1), 1) for _ in FISCAL_MONTHS]
    base = rng.uniform(50, 5000) * scale
    return [float(int(base * rng.uniform(0.7, 1.3))) for _ in FISCAL_MONTHS]


def _series_rows(rng: random.Random, scope: str, i: int, year: int, scale: float) -> list[list[str]]:
    """単月 x 12, 累計 x 12 and the 年度 figure of one metric, scope and fiscal year."""
    unit, _ = metric_unit(i)
    metric, dataset, section = metric_name(i), dataset_of(i), section_of(i)
    months = _months(rng, unit, scale)
    rows = []
    running = 0.0
    for n, (month, value) in enumerate(zip(FISCAL_MONTHS, months), start=1):
        rows.append(
            [
                SOURCE,
                section,
                dataset,
                scope,
                metric,
                "実績",
                str(year),
                str(month),
                "単月",
                "",
                _fmt(value, unit),
                unit,
                _fmt(value, unit),
                "",
            ]
        )
        running += value
        cumulative = running if unit in ("件", "人") else round(running / n, 1)
        rows.append(
            [
                SOURCE,
                section,
                dataset,
                scope,
                metric,
                "実績",
                str(year),
                str(month),
                "累計",
                "",
                _fmt(cumulative, unit),
                unit,
                _fmt(cumulative, unit),
                "",
            ]
        )
    total = running if unit in ("件", "人") else round(running / 12, 1)
    rows.append(
        [
            SOURCE,
            section,
            dataset,
            scope,
            metric,
            "実績",
            str(year),
            "",
            "年度",
            "",
            _fmt(total, unit),
            unit,
            _fmt(total, unit),
            "合成データ（ベンチマーク用）",
        ]
    )
    return rows


def write(out_dir: Path, shape: Shape = Shape(), *, seed: int = 20240401, with_real: bool = True) -> dict:
    """Write the synthetic CSV folder; returns counts. ``out_dir`` must not be data/."""
    out_dir = Path(out_dir)
    if out_dir.resolve() == DATA_DIR.resolve():
        raise ValueError("synthetic data is never written into data/")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    if with_real:
        for path in sorted(DATA_DIR.glob("*.csv")):
            if path.name not in ("metrics.csv", "sources.csv"):
                shutil.copyfile(path, out_dir / path.name)
    branches = BRANCHES[: shape.branches]
    years = range(shape.first_year, shape.first_year + shape.years)
    fact_rows = 0
    with open(out_dir / "900_synthetic_branches.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(FACT_HEADER)
        for i in range(shape.metrics):
            unit, direction = metric_unit(i)
            metric, dataset, section = metric_name(i), dataset_of(i), section_of(i)
            for year in years:
                ranks = list(range(1, len(branches) + 1))
                rng.shuffle(ranks)
                for b, branch in enumerate(branches):
                    rows = _series_rows(rng, branch, i, year, 1.0)
                    total = float(rows[-1][10])
                    target = total * (1.02 if direction == "higher" else 0.98)
                    if unit == "%":
                        target = min(100.0, target)
                    rows.append(
                        [
                            SOURCE,
                            section,
                            dataset,
                            branch,
                            metric,
                            "目標",
                            str(year),
                            "",
                            "年度",
                            "",
                            _fmt(target, unit),
                            unit,
                            _fmt(target, unit),
                            "合成データ（ベンチマーク用）",
                        ]
                    )
                    rows.append(
                        [
                            SOURCE,
                            section,
                            dataset,
                            branch,
                            metric,
                            "順位",
                            str(year),
                            "",
                            "年度",
                            "",
                            str(ranks[b]),
                            "位",
                            f"{ranks[b]}位",
                            "合成データ（ベンチマーク用）",
                        ]
                    )
                    w.writerows(rows)
                    fact_rows += len(rows)
    with open(out_dir / "900_synthetic_national.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(FACT_HEADER)
        for i in range(shape.metrics):
            for year in years:
                rows = _series_rows(rng, "全国", i, year, float(shape.branches))
                w.writerows(rows)
                fact_rows += len(rows)
    status_rows = 0
    with open(out_dir / "900_synthetic_status.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(STATUS_HEADER)
        for i in range(0, shape.metrics, 10):
            for year in years:
                for branch in branches:
                    w.writerow(
                        [
                            SOURCE,
                            section_of(i),
                            dataset_of(i),
                            branch,
                            metric_name(i),
                            str(year),
                            rng.choice("◎○△×"),
                            "合成データ（ベンチマーク用）",
                        ]
                    )
                    status_rows += 1
    with (
        open(DATA_DIR / "metrics.csv", encoding="utf-8-sig", newline="") as src,
        open(out_dir / "metrics.csv", "w", encoding="utf-8", newline="") as fh,
    ):
        fh.write(src.read().rstrip("\r\n") + "\n")
        w = csv.writer(fh)
        for i in range(shape.metrics):
            row = {
                "source": SOURCE,
                "metric": metric_name(i),
                "direction": metric_unit(i)[1],
                "note": "合成データ（ベンチマーク用）",
            }
            w.writerow(
                [row.get(column, "") for column in METRIC_COLUMNS]
            )  # the metric catalogue's columns, as the contract lists them
    with (
        open(DATA_DIR / "sources.csv", encoding="utf-8-sig", newline="") as src,
        open(out_dir / "sources.csv", "w", encoding="utf-8", newline="") as fh,
    ):
        fh.write(src.read().rstrip("\r\n") + "\n")
        csv.writer(fh).writerow(
            [
                SOURCE,
                "【合成データ】SYNTHETIC national-scale benchmark data（実在の資料ではない）",
                "【合成データ】ベンチマーク用",
                "kenpo bench/synthetic.py",
                f"FY{years.start}–FY{years.stop - 1}",
                "全国・47支部",
                f"ベンチマーク用の合成データ（{shape.label()}）。実在の数値ではありません。",
            ]
        )
    # every dataset has a title (data/datasets.csv): the real ones copied above, then the synthetic groups
    titles = out_dir / "datasets.csv"
    copied = titles.read_text(encoding="utf-8-sig").rstrip("\r\n") if titles.exists() else ""
    with open(titles, "w", encoding="utf-8", newline="") as fh:
        fh.write(copied + "\n" if copied else "")
        w = csv.writer(fh)
        if not copied:
            w.writerow(DATASET_COLUMNS)
        for i in range(0, shape.metrics, 10):
            w.writerow([SOURCE, dataset_of(i), section_of(i)])
    return {"synthetic_fact_rows": fact_rows, "synthetic_status_rows": status_rows, "metrics": shape.metrics}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--branches", type=int, default=47)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--metrics", type=int, default=100)
    args = parser.parse_args()
    print(write(args.out, Shape(args.branches, args.years, args.metrics)))


if __name__ == "__main__":
    main()
