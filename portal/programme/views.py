"""Reference data: what everyone signed in may read, and the mission edits."""

from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.core.access import scope
from portal.extensions import db
from portal.programme.models import Component, Country, ProgrammeYear


def reference():
    countries = db.session.scalars(
        scope(current_user, Country).options(selectinload(Country.currencies))
    ).all()
    return render_template(
        "programme/reference.html",
        components=db.session.scalars(
            scope(current_user, Component).order_by(Component.position)
        ).all(),
        countries=sorted(countries, key=lambda country: country.name),
        years=db.session.scalars(
            scope(current_user, ProgrammeYear)
            .options(selectinload(ProgrammeYear.priorities))
            .order_by(ProgrammeYear.year.desc())
        ).all(),
    )
