"""URL rules of the reference data pages."""

from flask import Blueprint

from portal.programme import views

bp = Blueprint("programme", __name__, url_prefix="/programme", template_folder="templates")
bp.add_url_rule("/", "reference", views.reference)
