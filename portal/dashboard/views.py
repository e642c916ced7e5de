"""The home page of each role."""

from flask import render_template
from flask_login import current_user

from portal.dashboard import queries


def index():
    role = current_user.role
    context = {"programme_years": queries.programme_years()}
    if role == "mission":
        context["figures"] = queries.mission_figures()
        context["calls"] = queries.calls_with_proposal_counts()
    elif role == "reviewer":
        context["assignments"] = queries.reviewer_assignments()
    else:
        context["organisations"] = queries.organisations_in_view()
        context["calls"] = queries.open_calls()
        context["proposals"] = queries.recent_proposals()
        if role == "partner":
            context["reports_due"], context["late_reports"] = queries.partner_reports()
    return render_template(f"dashboard/{role}.html", **context)
