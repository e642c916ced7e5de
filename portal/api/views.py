"""The API's views: each reads its parameters, asks portal.api.queries (scoped by the access
policy) and answers with its schema. GET only; nothing here writes but a token's last use."""

from flask import current_app, jsonify
from flask_login import current_user

from portal.api import queries
from portal.api.authentication import takes_no_token
from portal.api.masking import shown_values
from portal.api.openapi import documented, openapi_document
from portal.api.pagination import load_args, paged
from portal.api.schemas import (
    CallArgsSchema,
    CallPage,
    CallSchema,
    ComponentPage,
    GrantArgsSchema,
    GrantDetailSchema,
    GrantPage,
    GrantValueArgsSchema,
    IndicatorArgsSchema,
    IndicatorPage,
    IndicatorSchema,
    IndicatorValueArgsSchema,
    IndicatorValuePage,
    PageArgsSchema,
    ProgrammeYearPage,
    ProgrammeYearSchema,
)


@takes_no_token
@documented("This document: the API described in OpenAPI 3", {"type": "object"})
def openapi():
    """Readable without a token."""
    return jsonify(openapi_document(current_app, current_app.blueprints["api"]))


@documented("Programme years, with their thematic priorities", ProgrammeYearPage, PageArgsSchema)
def programme_years():
    args = load_args(PageArgsSchema)
    return paged(queries.programme_years(current_user), ProgrammeYearPage, args)


@documented("One programme year, by its number", ProgrammeYearSchema)
def programme_year(year):
    return ProgrammeYearSchema().dump(queries.programme_year(current_user, year))


@documented("The programme components (C1 Know to C4 Cooperate)", ComponentPage, PageArgsSchema)
def components():
    args = load_args(PageArgsSchema)
    return paged(queries.components(current_user), ComponentPage, args)


@documented("Calls for proposals", CallPage, CallArgsSchema)
def calls():
    """Partners read the published calls open to their countries, embassies those open to theirs,
    reviewers every published call, the mission every call."""
    args = load_args(CallArgsSchema)
    return paged(queries.calls(current_user, year=args.get("year")), CallPage, args)


@documented("One call for proposals", CallSchema)
def call(call_id):
    return CallSchema().dump(queries.call(current_user, call_id))


@documented("Grants", GrantPage, GrantArgsSchema)
def grants():
    """Partners read their organisation's grants, embassies those working in their country
    (regional ones included), the mission every grant; reviewers none."""
    args = load_args(GrantArgsSchema)
    statement = queries.grants(current_user, year=args.get("year"), call_id=args.get("call_id"),
                               country=args.get("country"), organisation_id=args.get("organisation_id"))
    return paged(statement, GrantPage, args)


@documented("One grant, with its instalments and reports", GrantDetailSchema)
def grant(grant_id):
    return GrantDetailSchema().dump(queries.grant(current_user, grant_id))


@documented("The indicator values of one grant's accepted reports", IndicatorValuePage, GrantValueArgsSchema)
def grant_indicator_values(grant_id):
    """Counts of victims below the mission's threshold are masked for every reader but the mission."""
    args = load_args(GrantValueArgsSchema)
    grant = queries.grant(current_user, grant_id)
    statement = queries.accepted_values(current_user, grant_id=grant.id, indicator=args.get("indicator"),
                                        country=args.get("country"))
    return paged(statement, IndicatorValuePage, args, prepare=lambda values: shown_values(values, current_user))


@documented("Indicator values of accepted reports", IndicatorValuePage, IndicatorValueArgsSchema)
def indicator_values():
    """Only accepted reports count. `country` keeps the values counted for a country: a
    bilateral grant's there, and a regional grant's given for it. Counts of victims below the
    mission's threshold are masked for every reader but the mission."""
    args = load_args(IndicatorValueArgsSchema)
    statement = queries.accepted_values(current_user, year=args.get("year"), grant_id=args.get("grant_id"),
                                        indicator=args.get("indicator"), country=args.get("country"))
    return paged(statement, IndicatorValuePage, args, prepare=lambda values: shown_values(values, current_user))


@documented("The indicator catalogue, with each indicator's breakdowns", IndicatorPage, IndicatorArgsSchema)
def indicators():
    args = load_args(IndicatorArgsSchema)
    return paged(queries.indicators(current_user, component=args.get("component")), IndicatorPage, args)


@documented("One indicator of the catalogue", IndicatorSchema)
def indicator(indicator_id):
    return IndicatorSchema().dump(queries.indicator(current_user, indicator_id))
