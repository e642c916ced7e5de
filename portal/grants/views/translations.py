"""Working translations of a proposal: a reviewer or the mission writes one beside the
original; the page shows both, the translation marked as such."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.core.access import visible_or_404
from portal.core.audit import record
from portal.core.i18n import language_choices
from portal.extensions import db
from portal.grants.forms.translations import TranslationForm
from portal.grants.models import Proposal, ProposalTranslation


def translate(proposal_id):
    proposal = visible_or_404(Proposal, proposal_id, "translate")
    language = request.values.get("language") or current_user.locale
    existing = db.session.scalar(select(ProposalTranslation).where(
        ProposalTranslation.proposal_id == proposal.id, ProposalTranslation.language == language))
    form = TranslationForm(obj=existing, language=language)
    form.language.choices = [(code, name) for code, name in language_choices() if code != proposal.language]
    if form.validate_on_submit():
        translation = db.session.scalar(select(ProposalTranslation).where(
            ProposalTranslation.proposal_id == proposal.id, ProposalTranslation.language == form.language.data))
        before = {"title": translation.title, "text": translation.text} if translation else None
        translation = translation or ProposalTranslation(proposal=proposal, language=form.language.data)
        translation.title, translation.text = form.title.data or "", form.text.data
        translation.translator = current_user._get_current_object()
        translation.version_number = proposal.versions[-1].number if proposal.versions else None
        db.session.add(translation)
        record("proposal.translate", proposal, before=before,
               after={"language": translation.language, "title": translation.title, "text": translation.text})
        flash(_("The working translation is saved beside the original."), "success")
        return redirect(url_for("grants.proposal", proposal_id=proposal.id, _anchor="translations"))
    return render_template("grants/translation_form.html", proposal=proposal, form=form), \
        422 if form.errors else 200

