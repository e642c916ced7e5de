"""The optional virus scan of uploads, before anything is kept.

ATTACHMENT_SCANNER is a command that reads the file on its standard input and answers by its
exit code, as `clamdscan --no-summary --fdpass -` does: 0 clean, 1 infected, anything else (or
no answer within ATTACHMENT_SCAN_TIMEOUT seconds) a failure of the scanner. When a scanner is
set, a file it has not found clean is refused: never kept unscanned."""

import hashlib
import shlex
import subprocess

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portal.core.audit import AuditEvent
from portal.core.errors import OperationRefused
from portal.extensions import db

CLEAN, INFECTED = 0, 1
INFECTED_MESSAGE = _l("This file contains a virus or other malicious content and was not kept. "
                      "Check the file and your computer before sending it again.")
UNCHECKED_MESSAGE = _l("This file could not be checked for viruses and was not kept. Please try again later.")


def refuse_unless_clean(data, filename, user):
    """Pass when no scanner is set or the scanner finds the file clean; refuse otherwise."""
    command = current_app.config.get("ATTACHMENT_SCANNER")
    if not command:
        return
    timeout = float(current_app.config.get("ATTACHMENT_SCAN_TIMEOUT", 60))
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        # The command is the operator's setting; the file only ever goes to its standard input.
        result = subprocess.run(shlex.split(command), input=data, capture_output=True,  # noqa: S603
                                timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        current_app.logger.error("Attachment scanner gave no answer within %ss (sha256 %s)", timeout, sha256)
        raise OperationRefused(UNCHECKED_MESSAGE)
    except OSError as error:  # not installed, not executable
        current_app.logger.error("Attachment scanner could not run: %s", error)
        raise OperationRefused(UNCHECKED_MESSAGE)
    if result.returncode == CLEAN:
        return
    finding = _first_line(result.stdout)
    if result.returncode == INFECTED:
        current_app.logger.warning("Infected upload refused (sha256 %s, user %s): %s",
                                   sha256, getattr(user, "id", None), finding)
        _record_despite_refusal("file.infected", user, {
            "file": filename, "size": len(data), "sha256": sha256, "finding": finding})
        raise OperationRefused(INFECTED_MESSAGE)
    current_app.logger.error("Attachment scanner failed with exit code %s (sha256 %s): %s",
                             result.returncode, sha256, _first_line(result.stderr) or finding)
    raise OperationRefused(UNCHECKED_MESSAGE)


def _first_line(output):
    lines = (output or b"").decode("utf-8", "replace").strip().splitlines()
    return lines[0][:200] if lines else ""


def _record_despite_refusal(action, user, after):
    """The refusal rolls the request's transaction back; this event must outlive it, so it is
    written and committed in a session of its own."""
    try:
        with Session(db.engine) as separate:
            separate.add(AuditEvent(
                action=action, actor_id=getattr(user, "id", None), after=after,
                remote_addr=request.remote_addr if has_request_context() else None,
            ))
            separate.commit()
    except SQLAlchemyError:
        # The upload is refused all the same; the log keeps what the audit log could not.
        current_app.logger.exception("Could not record %s in the audit log: %s", action, after)
