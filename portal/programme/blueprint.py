"""URL rules of the reference data pages."""

from flask import Blueprint

from portal.programme.views import components, countries, priorities, reference, years

bp = Blueprint("programme", __name__, url_prefix="/programme", template_folder="templates")

GET_POST = ["GET", "POST"]

bp.add_url_rule("/", "reference", reference.reference)

bp.add_url_rule("/components/<int:component_id>/edit", "edit_component", components.edit_component,
                methods=GET_POST)

bp.add_url_rule("/years/new", "create_year", years.create_year, methods=GET_POST)
bp.add_url_rule("/years/<int:programme_year_id>/edit", "edit_year", years.edit_year, methods=GET_POST)

bp.add_url_rule("/years/<int:programme_year_id>/priorities", "priorities", priorities.priorities)
bp.add_url_rule("/years/<int:programme_year_id>/priorities/new", "create_priority",
                priorities.create_priority, methods=GET_POST)
bp.add_url_rule("/priorities/<int:priority_id>/edit", "edit_priority", priorities.edit_priority,
                methods=GET_POST)
bp.add_url_rule("/priorities/<int:priority_id>/move", "move_priority", priorities.move_priority,
                methods=["POST"])
bp.add_url_rule("/priorities/<int:priority_id>/delete", "delete_priority", priorities.delete_priority,
                methods=["POST"])

bp.add_url_rule("/countries/<string(length=2):country_code>/edit", "edit_country", countries.edit_country,
                methods=GET_POST)
bp.add_url_rule("/countries/<string(length=2):country_code>/currencies", "add_currency_period",
                countries.add_currency_period, methods=["POST"])
bp.add_url_rule("/countries/<string(length=2):country_code>/currencies/<int:period_id>/remove",
                "remove_currency_period", countries.remove_currency_period, methods=["POST"])
