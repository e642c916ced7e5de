"""The home page of each role."""

from flask import render_template
from flask_login import current_user

from portal.dashboard import queries


def index():
    role = current_user.role
    context = {"programme_years": queries.programme_years()}
    if role == "mission":
        context["figures"] = queries.mission_figures()
    elif role == "reviewer":
        context["assignments"] = queries.reviewer_assignments()
    elif role in {"partner", "embassy"}:
        context["organisations"] = queries.organisations_in_view()
    return render_template(f"dashboard/{role}.html", **context)
