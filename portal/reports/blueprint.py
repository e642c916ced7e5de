"""URL rules of partner reporting."""

from flask import Blueprint

from portal.reports.views import editing, listing, receipts, report, review

bp = Blueprint("reports", __name__, template_folder="templates")

GET_POST = ["GET", "POST"]

# The list, for everyone within their scope; its export, for the mission
bp.add_url_rule("/reports/", "reports", listing.reports)
bp.add_url_rule("/reports/export.csv", "export_reports", listing.export)

# One report: read, written by its partner, reviewed by the mission
bp.add_url_rule("/reports/<int:report_id>", "report", report.report)
bp.add_url_rule("/reports/<int:report_id>/edit", "edit_report", editing.edit, methods=GET_POST)
bp.add_url_rule("/reports/<int:report_id>/review", "review_report", review.review, methods=GET_POST)
bp.add_url_rule("/reports/<int:report_id>/answer", "answer_report", review.answer, methods=["POST"])
bp.add_url_rule("/reports/<int:report_id>/versions", "report_versions", report.versions)
bp.add_url_rule("/reports/<int:report_id>/versions/<int:number>", "report_version", report.version)

# Receipts
bp.add_url_rule("/reports/<int:report_id>/receipts", "upload_receipt", receipts.upload, methods=["POST"])
bp.add_url_rule("/receipts/<int:receipt_id>", "download_receipt", receipts.download)
bp.add_url_rule("/receipts/<int:receipt_id>/remove", "remove_receipt", receipts.remove, methods=["POST"])
