"""URL rules of the selection round: calls, proposals, reviews, opinions and decisions."""

from flask import Blueprint

from portal.grants.views import attachments, calls, decisions, grants, proposals, reviews, translations

bp = Blueprint("grants", __name__, template_folder="templates")

GET_POST = ["GET", "POST"]

# Calls
bp.add_url_rule("/calls/", "calls", calls.calls)
bp.add_url_rule("/calls/new", "create_call", calls.create_call, methods=GET_POST)
bp.add_url_rule("/calls/<int:call_id>", "call", calls.call)
bp.add_url_rule("/calls/<int:call_id>/edit", "edit_call", calls.edit_call, methods=GET_POST)
bp.add_url_rule("/calls/<int:call_id>/publish", "publish_call", calls.publish, methods=["POST"])
bp.add_url_rule("/calls/<int:call_id>/proposals/new", "start_proposal", proposals.start, methods=["POST"])

# Proposals
bp.add_url_rule("/proposals/", "proposals", proposals.proposals)
bp.add_url_rule("/proposals/<int:proposal_id>", "proposal", proposals.proposal)
bp.add_url_rule("/proposals/<int:proposal_id>/edit", "edit_proposal", proposals.edit, methods=GET_POST)
bp.add_url_rule("/proposals/<int:proposal_id>/extension", "extend_deadline", proposals.extend, methods=GET_POST)
bp.add_url_rule("/proposals/<int:proposal_id>/versions", "proposal_versions", proposals.versions)
bp.add_url_rule("/proposals/<int:proposal_id>/translation", "translate_proposal", translations.translate,
                methods=GET_POST)
bp.add_url_rule("/proposals/<int:proposal_id>/versions/<int:number>", "proposal_version", proposals.version)
bp.add_url_rule("/proposals/<int:proposal_id>/attachments", "upload_attachment", attachments.upload,
                methods=["POST"])
bp.add_url_rule("/attachments/<int:attachment_id>", "download_attachment", attachments.download)
bp.add_url_rule("/attachments/<int:attachment_id>/remove", "remove_attachment", attachments.remove,
                methods=["POST"])

# Review and decision

bp.add_url_rule("/proposals/<int:proposal_id>/assignments", "assign_reviewers", reviews.assign, methods=GET_POST)
bp.add_url_rule("/assignments/<int:assignment_id>/remove", "remove_assignment", reviews.remove_assignment,
                methods=["POST"])
bp.add_url_rule("/assignments/<int:assignment_id>/declaration", "declare_conflict", reviews.declare,
                methods=GET_POST)
bp.add_url_rule("/proposals/<int:proposal_id>/review", "review", reviews.review, methods=GET_POST)
bp.add_url_rule("/proposals/<int:proposal_id>/reviews", "reviews", reviews.reviews)
bp.add_url_rule("/proposals/<int:proposal_id>/opinion", "give_opinion", reviews.opinion, methods=GET_POST)
bp.add_url_rule("/proposals/<int:proposal_id>/decision", "decide", decisions.decide, methods=GET_POST)
bp.add_url_rule("/calls/<int:call_id>/board", "review_board", decisions.board)
bp.add_url_rule("/calls/<int:call_id>/board/assignments", "assign_in_bulk", decisions.assign_in_bulk,
                methods=["POST"])

# Grants
bp.add_url_rule("/grants/", "grants", grants.grants)
bp.add_url_rule("/grants/<int:grant_id>", "grant", grants.grant)
bp.add_url_rule("/grants/<int:grant_id>/terms", "edit_terms", grants.edit_terms, methods=["POST"])
bp.add_url_rule("/grants/<int:grant_id>/instalments", "edit_instalments", grants.edit_instalments, methods=GET_POST)
bp.add_url_rule("/grants/<int:grant_id>/schedule", "edit_schedule", grants.edit_schedule, methods=GET_POST)
