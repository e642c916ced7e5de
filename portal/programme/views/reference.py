"""The reference data page: what everyone signed in may read, with the mission's edit links."""

from flask import render_template
from flask_login import current_user

from portal.core.access import can
from portal.programme import queries
from portal.programme.models import ProgrammeYear


def reference():
    return render_template(
        "programme/reference.html",
        components=queries.components(),
        countries=queries.countries(),
        years=queries.programme_years(),
        currency_history=queries.currency_history,
        can_create_year=can(current_user, "create", ProgrammeYear),
    )
