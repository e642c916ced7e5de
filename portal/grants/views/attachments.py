"""Attachments of a proposal: uploaded by its partner, downloaded only by those who may see it."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.access import visible_or_404
from portal.core.errors import OperationRefused
from portal.core.files import download_response, upload_rate_limit
from portal.core.forms import ConfirmForm
from portal.grants.forms.proposals import AttachmentForm
from portal.grants.models import Proposal, ProposalAttachment
from portal.grants.operations import proposals as operations


@upload_rate_limit
def upload(proposal_id):
    proposal = visible_or_404(Proposal, proposal_id, "edit")
    form = AttachmentForm()
    if form.validate_on_submit():
        try:
            operations.attach(proposal, form.file.data, form.description.data or "",
                              current_user._get_current_object())
        except OperationRefused as refusal:
            form.file.errors.append(str(refusal))
        else:
            flash(_("The file is attached."), "success")
            return redirect(url_for("grants.edit_proposal", proposal_id=proposal.id) + "#attachments")
    return render_template("grants/attachment_form.html", proposal=proposal, form=form), 422


def remove(attachment_id):
    attachment = visible_or_404(ProposalAttachment, attachment_id, "delete")
    proposal_id = attachment.proposal_id
    if ConfirmForm().validate_on_submit():
        try:
            operations.detach(attachment)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
        else:
            flash(_("The file is removed."), "info")
    return redirect(url_for("grants.edit_proposal", proposal_id=proposal_id) + "#attachments")


def download(attachment_id):
    attachment = visible_or_404(ProposalAttachment, attachment_id)
    return download_response(attachment.file)
