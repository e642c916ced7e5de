"""The catalogue and one indicator's page: everyone signed in reads them."""

from flask import render_template
from flask_login import current_user

from portal.core.access import can, visible_or_404
from portal.core.forms import ConfirmForm
from portal.indicators import queries
from portal.indicators.models import Indicator


def catalogue():
    return render_template(
        "indicators/catalogue.html",
        catalogue=queries.catalogue(),
        usage=queries.usage_by_indicator(),
        can_create=can(current_user, "create", Indicator),
    )


def indicator(indicator_id):
    return indicator_page(visible_or_404(Indicator, indicator_id))


def indicator_page(indicator, status=200):
    """The indicator's page; also the answer when the mission's action on it was refused (422)."""
    return render_template(
        "indicators/indicator.html",
        indicator=indicator,
        usage=queries.usage(indicator),
        in_use=queries.is_in_use(indicator),
        confirm=ConfirmForm(),
    ), status
