"""URL rules of the annual review and its exports."""

from flask import Blueprint

from portal.annual import export_views, review_views, views

bp = Blueprint("annual", __name__, template_folder="templates")

GET_POST = ["GET", "POST"]

# The mission's programme years: the review, the programming of envelopes, the sign-off
bp.add_url_rule("/annual/", "years", review_views.years)
bp.add_url_rule("/annual/victim-threshold", "set_threshold", review_views.set_threshold, methods=["POST"])
bp.add_url_rule("/annual/<int:year>", "review", review_views.review)
bp.add_url_rule("/annual/<int:year>/programming", "programming", review_views.programming, methods=GET_POST)
bp.add_url_rule("/annual/<int:year>/sign-off", "sign_off", review_views.sign_off, methods=GET_POST)

# The IATI activity file of a programme year, for the mission
bp.add_url_rule("/annual/iati.xml", "iati_export", views.iati_export)

# Indicator tables and the PDF
bp.add_url_rule("/annual/<int:year>/indicators.xlsx", "indicators_xlsx", export_views.indicators_xlsx)
bp.add_url_rule("/annual/<int:year>/indicators.csv", "indicators_csv", export_views.indicators_csv)
bp.add_url_rule("/annual/indicators.xlsx", "indicators_xlsx_years", export_views.indicators_xlsx_years)
bp.add_url_rule("/annual/<int:year>/review.pdf", "review_pdf", export_views.review_pdf)
