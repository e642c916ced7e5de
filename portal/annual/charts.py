"""What the annual review's charts draw, as data for Chart.js (portal/static/js/charts.js).

The page passes each chart in a data attribute, never in an inline script (the CSP allows
none); amounts travel as exact decimal text and become numbers only for drawing. Every chart
has a table beside it with the same figures."""

from flask_babel import gettext as _

from portal.core.i18n import country_name

# The sixteen countries as tiles, roughly where they lie: (column, row).
COUNTRY_TILES = {
    "SI": (0, 0), "HU": (2, 0), "UA": (4, 0),
    "HR": (0, 1), "RS": (2, 1), "RO": (3, 1), "MD": (4, 1),
    "BA": (1, 2), "XK": (2, 2), "BG": (3, 2),
    "ME": (1, 3), "MK": (2, 3), "TR": (4, 3),
    "AL": (1, 4), "GR": (2, 4), "CY": (4, 4),
}


def review_charts(review, locale):
    return {
        "components": _components_chart(review, locale),
        "countries": _countries_grid(review, locale),
        "indicators": _indicators_chart(review, locale),
    }


def _components_chart(review, locale):
    planned = {row.component.id: row.planned for row in review.programming if not row.country and not row.priority}
    components = [component for component, _figure in review.money_by_component]
    return {
        "type": "bar", "format": "currency", "locale": locale,
        "labels": [component.code for component in components],
        "datasets": [
            {"label": _("Planned"), "data": [str(planned.get(c.id, "0")) for c in components]},
            {"label": _("Committed"), "data": [str(f.committed) for _c, f in review.money_by_component]},
            {"label": _("Spent (accepted reports)"), "data": [str(f.spent) for _c, f in review.money_by_component]},
        ],
    }


def _countries_grid(review, locale):
    committed = {code: figure.committed for code, figure in review.money_by_country}
    return {
        "type": "matrix", "format": "currency", "locale": locale, "label": _("Committed"),
        "columns": 5, "rows": 5,
        "tiles": [
            {"x": column, "y": row, "code": code, "name": country_name(code), "v": str(committed.get(code, "0"))}
            for code, (column, row) in COUNTRY_TILES.items()
        ],
    }


def _indicators_chart(review, locale):
    lines = [line for line in review.indicators if line.is_total and line.share_of_target is not None]
    return {
        "type": "bar", "format": "percent", "locale": locale, "horizontal": True,
        "labels": [line.indicator.code for line in lines],
        "datasets": [{"label": _("Share of the target reached"),
                      "data": [str(round(line.share_of_target * 100, 1)) for line in lines]}],
    }
