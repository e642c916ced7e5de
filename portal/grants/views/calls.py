"""Calls for proposals: the mission opens them; partners of eligible countries apply."""

from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.core.access import authorize, can, visible_or_404
from portal.core.errors import OperationRefused
from portal.core.forms import ConfirmForm
from portal.extensions import db
from portal.grants.forms.calls import CallForm
from portal.grants.models import Call
from portal.grants.operations.calls import publish_call, save_call
from portal.grants.queries import visible_calls, visible_proposals
from portal.programme.models import Component, Country, Priority, ProgrammeYear


def calls():
    return render_template("grants/calls.html", calls=visible_calls(),
                           can_create=can(current_user, "create", Call))


def call(call_id):
    call = visible_call(call_id)
    own_proposals = visible_proposals(call_id=call.id) if current_user.is_partner else []
    return render_template("grants/call.html", call=call, own_proposals=own_proposals, confirm=ConfirmForm())


def visible_call(call_id):
    return visible_or_404(Call, call_id)


def create_call():
    authorize("create", Call)
    return _call_form(Call())


def edit_call(call_id):
    return _call_form(visible_or_404(Call, call_id, "edit"))


def publish(call_id):
    call = visible_or_404(Call, call_id, "edit")
    if ConfirmForm().validate_on_submit():
        try:
            publish_call(call)
        except OperationRefused as refusal:
            flash(str(refusal), "warning")
        else:
            flash(_("The call is published: partners of the eligible countries see it."), "success")
    return redirect(url_for("grants.call", call_id=call.id))


def _call_form(call):
    form = CallForm(obj=None if request.method == "POST" else _form_data(call))
    _fill_choices(form)
    if form.validate_on_submit():
        save_call(
            call,
            titles={"en": form.title_en.data.strip(), "fr": form.title_fr.data.strip()},
            descriptions={"en": form.description_en.data.strip(), "fr": form.description_fr.data.strip()},
            programme_year_id=form.programme_year_id.data,
            timezone=form.timezone.data,
            opens_at=form.moment(form.opens_at),
            deadline_at=form.moment(form.deadline_at),
            envelope_eur=form.envelope_eur.data,
            min_amount_eur=form.min_amount_eur.data,
            max_amount_eur=form.max_amount_eur.data,
            indirect_ceiling_pct=form.indirect_ceiling_pct.data,
            component_ids=form.component_ids.data,
            priority_ids=form.priority_ids.data,
            country_codes=form.country_codes.data,
            criteria=[_criterion(entry.form) for entry in form.criteria.entries if not entry.form.is_blank],
        )
        flash(_("The call is saved."), "success")
        return redirect(url_for("grants.call", call_id=call.id))
    if not form.is_submitted():
        while len(form.criteria.entries) < len(call.criteria) + 2:
            form.criteria.append_entry()
    return render_template("grants/call_form.html", form=form, call=call), 422 if form.errors else 200


def _criterion(form):
    names = {"en": form.name_en.data.strip()}
    if (form.name_fr.data or "").strip():
        names["fr"] = form.name_fr.data.strip()
    guidance = {lang: getattr(form, f"guidance_{lang}").data.strip() for lang in ("en", "fr")
                if (getattr(form, f"guidance_{lang}").data or "").strip()}
    return {"names": names, "guidance": guidance, "weight": form.weight.data or 1,
            "scale_max": form.scale_max.data or 5}


def _fill_choices(form):
    years = db.session.scalars(select(ProgrammeYear).order_by(ProgrammeYear.year.desc())).all()
    form.programme_year_id.choices = [(y.id, str(y.year)) for y in years]
    form.component_ids.choices = [(c.id, f"{c.code} {c.name}") for c in
                                  db.session.scalars(select(Component).order_by(Component.position))]
    priorities = db.session.scalars(select(Priority).order_by(Priority.programme_year_id, Priority.position)).all()
    year_of = {y.id: y.year for y in years}
    form.priority_ids.choices = [(p.id, f"{p.name} ({year_of.get(p.programme_year_id)})") for p in priorities]
    countries = db.session.scalars(select(Country).where(Country.is_active)).all()
    form.country_codes.choices = sorted(((c.code, c.name) for c in countries), key=lambda choice: choice[1])


class _CallData:
    """The values of a saved call, in the shape of the form."""

    def __init__(self, call):
        zone = ZoneInfo(call.timezone or "Europe/Paris")
        self.title_en, self.title_fr = call.titles.get("en", ""), call.titles.get("fr", "")
        self.description_en = call.descriptions.get("en", "")
        self.description_fr = call.descriptions.get("fr", "")
        self.programme_year_id = call.programme_year_id
        self.timezone = call.timezone
        self.opens_at = call.opens_at.astimezone(zone).replace(tzinfo=None) if call.opens_at else None
        self.deadline_at = call.deadline_at.astimezone(zone).replace(tzinfo=None) if call.deadline_at else None
        self.envelope_eur, self.min_amount_eur = call.envelope_eur, call.min_amount_eur
        self.max_amount_eur, self.indirect_ceiling_pct = call.max_amount_eur, call.indirect_ceiling_pct
        self.component_ids = [c.id for c in call.components]
        self.priority_ids = [p.id for p in call.priorities]
        self.country_codes = [c.code for c in call.countries]
        self.criteria = [
            {"name_en": c.names.get("en", ""), "name_fr": c.names.get("fr", ""),
             "guidance_en": c.guidance.get("en", ""), "guidance_fr": c.guidance.get("fr", ""),
             "weight": c.weight, "scale_max": c.scale_max}
            for c in call.criteria
        ]


def _form_data(call):
    return _CallData(call) if call.id else None
