"""URL rules of the annual review and its exports."""

from flask import Blueprint

from portal.annual import views

bp = Blueprint("annual", __name__)

# The IATI activity file of a programme year, for the mission
bp.add_url_rule("/annual/iati.xml", "iati_export", views.iati_export)
