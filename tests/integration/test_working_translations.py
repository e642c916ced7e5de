"""A reviewer adds a working translation beside a proposal's original: both stay, the
translation is marked as one and carries its own language."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.grants.models import ProposalTranslation, ProposalVersion, ReviewAssignment
from portal.grants.snapshot import take_snapshot
from tests.factories import make_organisation, make_user
from tests.integration.test_grant_management import a_proposal


def submitted_albanian_proposal():
    proposal = a_proposal(make_organisation(name="Different and Equal", country_code="AL", locale="sq"),
                          countries=("AL",), status="submitted")
    proposal.title, proposal.summary, proposal.language = "Strehë e sigurt", "Ndihmë për viktimat.", "sq"
    proposal.versions.append(ProposalVersion(number=1, snapshot=take_snapshot(proposal)))
    db.session.commit()
    return proposal


def test_a_reviewer_adds_a_translation_and_the_original_stays(client, auth):
    proposal = submitted_albanian_proposal()
    reviewer = make_user("reviewer", locale="fr")
    db.session.add(ReviewAssignment(proposal=proposal, reviewer=reviewer, has_conflict=False))
    db.session.commit()
    auth.login(reviewer)
    form = client.get(f"/proposals/{proposal.id}/translation")
    assert form.status_code == 200 and 'lang="sq"' in form.get_data(as_text=True)
    response = client.post(f"/proposals/{proposal.id}/translation", data={
        "language": "fr", "title": "Refuge sûr", "text": "Aide aux victimes."})
    assert response.status_code == 302
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    # The original, in Albanian and tagged so, and the translation, tagged French and marked.
    assert re.search(r'<h1[^>]*lang="sq"[^>]*>Strehë e sigurt</h1>', page)
    assert re.search(r'<article class="[^"]*working-translation" lang="fr">', page)
    assert "Refuge sûr" in page and "Aide aux victimes." in page
    translation = db.session.scalar(select(ProposalTranslation))
    assert translation.translator_id == reviewer.id and translation.version_number == 1
    assert proposal.summary == "Ndihmë për viktimat."


def test_an_empty_translation_is_refused_and_keeps_the_typed_title(client, auth):
    proposal = submitted_albanian_proposal()
    auth.login(make_user("mission"))
    response = client.post(f"/proposals/{proposal.id}/translation",
                           data={"language": "en", "title": "Safe shelter", "text": "  "})
    assert response.status_code == 422
    assert 'value="Safe shelter"' in response.get_data(as_text=True)
    assert db.session.scalar(select(ProposalTranslation)) is None


def test_the_partner_does_not_see_or_make_working_translations(client, auth):
    proposal = submitted_albanian_proposal()
    db.session.add(ProposalTranslation(proposal=proposal, language="fr", text="Aide aux victimes."))
    db.session.commit()
    partner = make_user("partner", organisation=proposal.organisation)
    auth.login(partner)
    assert "Aide aux victimes." not in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert client.get(f"/proposals/{proposal.id}/translation").status_code == 403
