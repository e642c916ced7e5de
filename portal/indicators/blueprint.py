"""URL rules of the indicator catalogue and its breakdowns."""

from flask import Blueprint

from portal.indicators.views import breakdowns, catalogue, indicators

bp = Blueprint("indicators", __name__, url_prefix="/indicators", template_folder="templates")

GET_POST = ["GET", "POST"]

bp.add_url_rule("/", "catalogue", catalogue.catalogue)
bp.add_url_rule("/new", "create_indicator", indicators.create_indicator, methods=GET_POST)
bp.add_url_rule("/<int:indicator_id>", "indicator", catalogue.indicator)
bp.add_url_rule("/<int:indicator_id>/edit", "edit_indicator", indicators.edit_indicator, methods=GET_POST)
bp.add_url_rule("/<int:indicator_id>/retire", "retire_indicator", indicators.retire_indicator, methods=["POST"])
bp.add_url_rule("/<int:indicator_id>/reactivate", "reactivate_indicator", indicators.reactivate_indicator,
                methods=["POST"])
bp.add_url_rule("/<int:indicator_id>/delete", "delete_indicator", indicators.delete_indicator, methods=["POST"])

bp.add_url_rule("/breakdowns/", "breakdowns", breakdowns.breakdowns)
bp.add_url_rule("/breakdowns/<int:dimension_id>/categories", "add_category", breakdowns.add_category,
                methods=["POST"])
bp.add_url_rule("/categories/<int:category_id>/edit", "edit_category", breakdowns.edit_category, methods=GET_POST)
bp.add_url_rule("/categories/<int:category_id>/delete", "delete_category", breakdowns.delete_category,
                methods=["POST"])
