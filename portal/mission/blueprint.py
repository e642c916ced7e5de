from flask import Blueprint

from portal.mission import views, views_audit

bp = Blueprint("mission", __name__, url_prefix="/mission", template_folder="templates")
bp.add_url_rule("/outbox/", "outbox", views.outbox)
bp.add_url_rule("/outbox/<int:message_id>", "outbox_message", views.outbox_message)
bp.add_url_rule("/outbox/<int:message_id>/retry", "retry_message", views.retry_message,
                methods=["POST"])
# The audit log is read only: no rule under /mission/audit takes anything but GET.
bp.add_url_rule("/audit", "audit", views_audit.audit)
bp.add_url_rule("/audit/<int:audit_event_id>", "audit_event", views_audit.audit_event)
bp.add_url_rule("/audit/export.csv", "audit_export", views_audit.audit_export)
