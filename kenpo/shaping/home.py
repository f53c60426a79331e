"""概要: the headline cards, the latest KPI verdict counts, the declarations met."""

from __future__ import annotations

import pandas as pd

from kenpo.derived import derived
from kenpo.documents import short_title
from kenpo.figures import value_text

DELTA_COLOURS = {"higher": "normal", "lower": "inverse"}


@derived
def headline_cards(headlines: pd.DataFrame) -> list[dict]:
    """The home page's cards: the latest figure in the document's units, the printed change from
    the prior year, where it comes from, and the national page's view of the same series."""
    cards = []
    for h in headlines.to_dict("records"):
        rate = h["printed_yoy_rate"]
        as_of = h["as_of"]
        period = h["fiscal_year_label"] + ("末" if as_of is not None and not pd.isna(as_of) else "")
        cards.append(
            {
                # the period in the label: no caption element under every card on every rerun
                "label": f"{h['metric']}（{period}）",
                "value": value_text(
                    h["value"], h["unit"], printed_scale=h["printed_scale"], printed_decimals=h["printed_decimals"]
                ),
                "delta": None if rate is None or pd.isna(rate) else f"{rate:+.1f}%（前年度比）",
                # green for better, red for worse (data/metrics.csv direction); grey where neither is
                "delta_color": DELTA_COLOURS.get(h["direction"], "off"),
                "help": f"出典: {short_title(h['source'])}「{h['section']}」。前年度比は資料の値",
                # a metric the documents print as a series leads to its 推移; one printed for one year only
                # (003's medical cost) leads to the figure itself (national_headlines.in_national_series)
                **(
                    {
                        "link_page": "national",
                        "link_label": "推移を見る",
                        "link_params": {"view": "推移", "metric": h["metric"]},
                    }
                    if h["in_national_series"]
                    else {"link_page": "data", "link_label": "資料の数値を見る", "link_params": {"metric": h["metric"]}}
                ),
            }
        )
    return cards


@derived
def declarations_met(outcomes: pd.DataFrame) -> tuple[int, int]:
    """(declarations whose every judged row met its target in the final year, declarations judged)."""
    per = outcomes.groupby("declaration")["met_final_year"].all()
    return int(per.sum()), int(len(per))
