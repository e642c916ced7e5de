"""URL rules of the embassy's view of its country."""

from flask import Blueprint

from portal.embassy import policy, views  # noqa: F401  (policy: who reads a country's share)

bp = Blueprint("embassy", __name__, template_folder="templates")

bp.add_url_rule("/country", "country_share", views.country_share)
