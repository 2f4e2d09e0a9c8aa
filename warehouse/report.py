"""A self-contained HTML report of a warehouse, for people rather than SQL.

Charts are Altair (Vega-Lite) specifications rendered in the browser by the Vega
bundle that ``vl-convert-python`` ships, inlined once in the page: the file opens
offline, from disk or as a Prefect artifact, with tooltips. The page is laid out
right to left; charts use Vega's SVG renderer, so the browser shapes Arabic labels.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import altair as alt
import polars as pl

from akhbar.warehouse.sql import load_sql
from akhbar.warehouse.store import Warehouse

WIDTH = 720


def count_axis(largest: float) -> alt.Axis:
    """An axis of whole counts: no 0.5 ticks when the largest count is small."""
    return alt.Axis(format="d", tickCount=int(min(max(largest, 1), 8)))


PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>تقرير أخبار · akhbar report</title>
<style>
  body {{ font-family: "Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans", sans-serif;
         margin: 2rem auto; max-width: 60rem; color: #222; }}
  h1 {{ margin-bottom: .2rem; }} .sub {{ color: #666; margin-top: 0; }}
  section {{ margin: 2.5rem 0; }} h2 {{ border-bottom: 1px solid #ddd; padding-bottom: .3rem; }}
  table.kpi {{ border-collapse: collapse; }}
  table.kpi td {{ padding: .3rem 1rem; border: 1px solid #ddd; text-align: center; }}
  table.kpi td b {{ display: block; font-size: 1.4rem; }}
  .chart {{ direction: ltr; }} .empty {{ color: #888; }}
</style>
<script>
{bundle}
</script>
</head>
<body>
<h1>تقرير أخبار · <bdi>akhbar report</bdi></h1>
<p class="sub"><bdi dir="ltr">{subtitle}</bdi></p>
{kpis}
{sections}
<script>
const charts = {charts};
for (const [id, spec] of Object.entries(charts)) {{
  vegaEmbed("#" + id, spec, {{renderer: "svg", actions: false}}).catch(console.error);
}}
</script>
</body>
</html>
"""


def _frame(warehouse: Warehouse, name: str) -> pl.DataFrame:
    return warehouse.frame(load_sql(name))


def charts(warehouse: Warehouse) -> list[tuple[str, str, alt.TopLevelMixin | None]]:
    """``(id, heading, chart or None when there is no data)`` for each section."""
    sections = []
    for id_, heading, sql, build in SECTIONS:
        frame = _frame(warehouse, sql)
        sections.append((id_, heading, build(frame.to_pandas()) if frame.height else None))
    return sections


def _per_day_chart(d) -> alt.Chart:
    return (
        alt.Chart(d)
        .mark_bar()
        .encode(
            x=alt.X("published_date:T", title="اليوم · day"),
            y=alt.Y(
                "articles:Q",
                title="مقالات · articles",
                stack=True,
                axis=count_axis(d.groupby("published_date")["articles"].sum().max()),
            ),
            color=alt.Color("outlet:N", title="المنبر · outlet"),
            tooltip=[
                alt.Tooltip("published_date:T", title="اليوم"),
                alt.Tooltip("outlet:N", title="المنبر"),
                alt.Tooltip("articles:Q", title="مقالات"),
            ],
        )
        .properties(width=WIDTH, height=260)
    )


def _entities_chart(d) -> alt.Chart:
    return (
        alt.Chart(d)
        .mark_rect()
        .encode(
            x=alt.X("yearmonth(month):O", title="الشهر · month"),
            y=alt.Y("entity:N", sort=_by_volume(d), title=None),
            color=alt.Color("mentions:Q", title="ذكر · mentions", scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip("entity:N", title="الكيان"),
                alt.Tooltip("yearmonth(month):O", title="الشهر"),
                alt.Tooltip("mentions:Q", title="مرات الذكر"),
            ],
        )
        .properties(width=WIDTH, height=alt.Step(22))
    )


def _clusters_chart(d) -> alt.Chart:
    return (
        alt.Chart(d)
        .mark_bar()
        .encode(
            x=alt.X(
                "members:O",
                title="مقالات في العنقود · articles per story",
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("clusters:Q", title="عناقيد · clusters", axis=count_axis(d["clusters"].max())),
            tooltip=[
                alt.Tooltip("members:O", title="الحجم"),
                alt.Tooltip("clusters:Q", title="عناقيد"),
            ],
        )
        .properties(width=WIDTH, height=220)
    )


def _quarantine_chart(d) -> alt.Chart:
    return (
        alt.Chart(d)
        .mark_bar(color="#c0392b")
        .encode(
            y=alt.Y("reason:N", sort="-x", title=None),
            x=alt.X("inputs:Q", title="مدخلات · inputs", axis=count_axis(d["inputs"].max())),
            tooltip=[
                alt.Tooltip("reason:N", title="السبب"),
                alt.Tooltip("inputs:Q", title="مدخلات"),
            ],
        )
        .properties(width=WIDTH, height=alt.Step(22))
    )


def _validation_chart(d) -> alt.Chart:
    return (
        alt.Chart(d)
        .mark_bar()
        .encode(
            x=alt.X("run_id:N", sort=alt.EncodingSortField("started_at"), title="التشغيل · run"),
            y=alt.Y("expectations:Q", title="توقعات · expectations"),
            color=alt.Color(
                "status:N",
                title="الحالة · status",
                scale=alt.Scale(
                    domain=["passed", "warning", "failed", "errored"],
                    range=["#27ae60", "#f1c40f", "#c0392b", "#e67e22"],
                ),
            ),
            tooltip=["run_id:N", "run_status:N", "status:N", "expectations:Q"],
        )
        .properties(width=WIDTH, height=220)
    )


#: The report's sections: id, heading, the query behind it, and its chart.
SECTIONS = [
    (
        "per-day",
        "المقالات يوميًا حسب المنبر · Articles per day by outlet",
        "report/articles_per_day",
        _per_day_chart,
    ),
    (
        "entities",
        "أكثر الكيانات ذكرًا عبر الزمن · Top entities over time",
        "report/top_entities",
        _entities_chart,
    ),
    (
        "clusters",
        "حجم عناقيد الأخبار المكررة · Duplicate-cluster sizes",
        "report/cluster_sizes",
        _clusters_chart,
    ),
    ("quarantine", "أسباب الحجر · Quarantine reasons", "report/quarantine", _quarantine_chart),
    ("validation", "سجل التحقق · Validation history", "report/validation", _validation_chart),
]


def _by_volume(frame) -> list[str]:
    """Entities, most mentioned first (the heatmap's rows)."""
    totals = frame.groupby("entity")["mentions"].sum().sort_values(ascending=False, kind="stable")
    return list(totals.index)


def _bundle() -> str:
    import vl_convert as vlc

    try:
        from altair.utils._importers import vl_version_for_vl_convert

        return vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
    except ImportError:  # a future Altair may move the helper; the default bundle works too
        return vlc.javascript_bundle()


def render(warehouse: Warehouse) -> str:
    """The report as one self-contained HTML page."""
    summary = _frame(warehouse, "report/summary").row(0, named=True)
    labels = [
        ("articles", "مقالات"),
        ("canonical_articles", "قصص فريدة"),
        ("outlets", "منابر"),
        ("story_clusters", "عناقيد مكررة"),
        ("quarantined", "محجوزة"),
        ("undated", "بلا تاريخ"),
        ("runs", "تشغيلات"),
    ]
    kpis = (
        "<table class='kpi'><tr>"
        + "".join(f"<td><b>{summary[key]:,}</b>{label}</td>" for key, label in labels)
        + "</tr></table>"
    )
    sections, specs = [], {}
    for id_, heading, chart in charts(warehouse):
        body = (
            f"<div class='chart' id='{id_}'></div>"
            if chart is not None
            else "<p class='empty'>لا بيانات · no data</p>"
        )
        if id_ in ("per-day", "entities") and summary["undated"]:
            body += (
                f"<p class='empty'>{summary['undated']:,} مقالة بلا تاريخ لا تظهر هنا · "
                f"{summary['undated']:,} undated articles are not shown</p>"
            )
        sections.append(f"<section><h2>{html.escape(heading)}</h2>{body}</section>")
        if chart is not None:
            # the data is inlined whatever its size (Altair refuses 5,000+ rows by default:
            # a 100,000-article warehouse has that many outlet-days)
            with alt.data_transformers.disable_max_rows():
                specs[id_] = chart.to_dict()
    period = f"{summary['first_day']} – {summary['last_day']}" if summary["first_day"] else ""
    subtitle = html.escape(
        f"{warehouse.path} · {period} · {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    return PAGE.format(
        bundle=_bundle().replace("</script", "<\\/script"),
        subtitle=subtitle,
        kpis=kpis,
        sections="\n".join(sections),
        charts=json.dumps(specs, ensure_ascii=False, default=str).replace("</", "<\\/"),
    )


def write_report(warehouse: Warehouse, out: str | Path) -> Path:
    """Write the report to ``out`` and return its absolute path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(warehouse), encoding="utf-8")
    return out.resolve()
