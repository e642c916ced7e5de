from flask import Blueprint

from portal.mission import views

bp = Blueprint("mission", __name__, url_prefix="/mission", template_folder="templates")
bp.add_url_rule("/outbox/", "outbox", views.outbox)
bp.add_url_rule("/outbox/<int:message_id>", "outbox_message", views.outbox_message)
bp.add_url_rule("/outbox/<int:message_id>/retry", "retry_message", views.retry_message,
                methods=["POST"])
