"""The schema comes only from migrations: they must build exactly what the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.extensions import db


def test_migrations_build_exactly_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_reference_data_holds_the_sixteen_countries_and_four_components(app):
    from portal.programme.models import Component, Country

    countries = db.session.scalars(db.select(Country)).all()
    assert len(countries) == 16
    assert {c.code for c in countries} >= {"AL", "RS", "XK", "UA", "ME", "MD"}
    assert [c.code for c in db.session.scalars(db.select(Component).order_by(Component.position))] == [
        "C1", "C2", "C3", "C4"]
