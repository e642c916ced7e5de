from flask import Blueprint

from portal.dashboard import views

bp = Blueprint("dashboard", __name__, template_folder="templates")
bp.add_url_rule("/", "index", views.index)
