"""What the API says of each thing, as marshmallow schemas: they serialise the answers, check
the query parameters, and the OpenAPI document is generated from them.

Money and other decimals are strings ("50000.00"), never floats; dates and moments are ISO 8601
(moments in UTC). Texts the mission keeps in several languages are objects by language code.
"""

from marshmallow import RAISE, Schema, fields, validate

MAX_PER_PAGE = 200
LARGEST_KEY = 2**31 - 1  # the database's integer keys
DEFAULT_PER_PAGE = 50


class DecimalString(fields.Decimal):
    """An exact decimal written as a string: "1234.50" (the OpenAPI type is a decimal string)."""

    def __init__(self, **kwargs):
        super().__init__(as_string=True, **kwargs)


def texts(description):
    return fields.Dict(keys=fields.String(), values=fields.String(),
                       metadata={"description": description + " by language code, e.g. {\"en\": ..., \"fr\": ...}"})


class CodeSchema(Schema):
    code = fields.String()


def codes(description, attribute=None):
    """A list of related rows, each given by its code ("RS", "C3")."""
    return fields.Pluck(CodeSchema, "code", many=True, attribute=attribute, metadata={"description": description})


# --- reference data --------------------------------------------------------------------------


class ComponentSchema(Schema):
    id = fields.Integer()
    code = fields.String(metadata={"description": "C1 Know, C2 Prevent, C3 Protect & prosecute, C4 Cooperate"})
    names = texts("The component's name")
    position = fields.Integer()


class PrioritySchema(Schema):
    id = fields.Integer()
    code = fields.String()
    names = texts("The priority's name")


class ProgrammeYearSchema(Schema):
    id = fields.Integer()
    year = fields.Integer()
    envelope_eur = DecimalString(allow_none=True, metadata={"description": "The year's planned budget in euros"})
    is_closed = fields.Boolean()
    priorities = fields.List(fields.Nested(PrioritySchema), metadata={"description": "The year's thematic priorities"})


class CriterionSchema(Schema):
    names = texts("The criterion's name")
    weight = DecimalString()
    scale_max = fields.Integer()


class CallSchema(Schema):
    id = fields.Integer()
    programme_year = fields.Integer(attribute="programme_year.year")
    titles = texts("The call's title")
    descriptions = texts("The call's description")
    status = fields.String(validate=validate.OneOf(["draft", "upcoming", "open", "closed"]))
    opens_at = fields.AwareDateTime()
    deadline_at = fields.AwareDateTime()
    timezone = fields.String(metadata={"description": "The time zone the deadline was set in"})
    envelope_eur = DecimalString()
    min_amount_eur = DecimalString()
    max_amount_eur = DecimalString()
    indirect_ceiling_pct = DecimalString()
    countries = codes("ISO codes of the eligible countries")
    components = codes("Codes of the components funded")
    priorities = codes("Codes of the priorities funded")
    criteria = fields.List(fields.Nested(CriterionSchema))


class OrganisationSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    country = fields.String(attribute="country_code")


class InstalmentSchema(Schema):
    number = fields.Integer()
    planned_date = fields.Date()
    planned_eur = DecimalString()
    paid_date = fields.Date(allow_none=True)
    paid_eur = DecimalString(allow_none=True)


class ReportSummarySchema(Schema):
    id = fields.Integer()
    kind = fields.String(validate=validate.OneOf(["interim", "final"]))
    period_start = fields.Date()
    period_end = fields.Date()
    due_date = fields.Date()
    status = fields.String(validate=validate.OneOf(["draft", "submitted", "changes_requested", "accepted"]))
    accepted_at = fields.AwareDateTime(allow_none=True)


class GrantSchema(Schema):
    id = fields.Integer()
    reference = fields.String(metadata={"example": "THB-2026-007"})
    title = fields.String(attribute="proposal.title")
    language = fields.String(attribute="proposal.language", metadata={"description": "What the title is written in"})
    organisation = fields.Nested(OrganisationSchema)
    call_id = fields.Integer(attribute="proposal.call_id")
    programme_year = fields.Integer(attribute="proposal.call.programme_year.year")
    scope = fields.String(attribute="proposal.scope", validate=validate.OneOf(["bilateral", "regional"]))
    countries = codes("ISO codes of the countries the grant works in", "proposal.countries")
    components = codes("Codes of its components", "proposal.components")
    priorities = codes("Codes of its thematic priorities", "proposal.priorities")
    amount_eur = DecimalString()
    start_date = fields.Date()
    end_date = fields.Date()
    agreement_date = fields.Date(allow_none=True)


class GrantDetailSchema(GrantSchema):
    conditions = fields.String()
    instalments = fields.List(fields.Nested(InstalmentSchema))
    reports = fields.List(fields.Nested(ReportSummarySchema))


# --- the indicator catalogue -------------------------------------------------------------------


class CategorySchema(Schema):
    id = fields.Integer()
    code = fields.String()
    names = texts("The category's name (none for countries, named by their ISO code)")


class DimensionSchema(Schema):
    id = fields.Integer()
    code = fields.String(metadata={"example": "sex"})
    names = texts("The breakdown's name")
    covers_whole = fields.Boolean(metadata={"description": "Whether its categories add up to the total"})
    categories = fields.List(fields.Nested(CategorySchema))


class IndicatorSchema(Schema):
    id = fields.Integer()
    code = fields.String(metadata={"example": "C3.2"})
    component = fields.String(attribute="component.code")
    names = texts("The indicator's name")
    definitions = texts("The indicator's definition")
    unit = texts("The unit")
    kind = fields.String(validate=validate.OneOf(["count", "currency", "percentage", "text"]))
    rollup = fields.String(validate=validate.OneOf(["sum", "latest", "maximum", "people"]), metadata={
        "description": "How values add up: summed; the latest value of a stock; the maximum; or people whom "
                       "several partners may count, never to be summed across grants without saying so"})
    counts_victims = fields.Boolean(metadata={"description": "Small counts are masked outside the mission"})
    is_retired = fields.Boolean()
    breakdowns = fields.List(fields.Nested(DimensionSchema))


# --- indicator values --------------------------------------------------------------------------


class IndicatorValueSchema(Schema):
    """One value of an accepted report. Counts of victims below the mission's threshold are
    masked for every reader but the mission: `value` is then null, `masked` true and `below` the
    threshold ("fewer than 5"); a second figure of the same breakdown (or the total) is masked
    too, so that none can be worked out by subtraction."""

    id = fields.Integer()
    grant_id = fields.Integer()
    grant_reference = fields.String()
    report_id = fields.Integer()
    report_kind = fields.String(validate=validate.OneOf(["interim", "final"]))
    period_start = fields.Date()
    period_end = fields.Date()
    indicator_id = fields.Integer()
    indicator = fields.String(metadata={"description": "The indicator's code"})
    dimension = fields.String(allow_none=True, metadata={"description": "The breakdown's code; null for the total"})
    category = fields.String(allow_none=True, metadata={"description": "The category's code; null for the total"})
    country = fields.String(allow_none=True, metadata={
        "description": "For a regional grant, the country the value is given for; null for the whole grant"})
    value = DecimalString(allow_none=True, metadata={"description": "Null when not given, or masked"})
    numerator = DecimalString(allow_none=True, metadata={"description": "Percentages: the two terms"})
    denominator = DecimalString(allow_none=True)
    text_value = fields.String(allow_none=True)
    masked = fields.Boolean(metadata={"description": "True when the value is a small count of victims, withheld"})
    below = fields.Integer(allow_none=True, metadata={
        "description": "For a masked value: the threshold it is below (\"< 5\"); null otherwise"})


# --- pages, query parameters and errors --------------------------------------------------------


def page_schema(item_schema, name):
    """The envelope of a list: one page of items, and where the neighbouring pages are."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema), required=True),
        "page": fields.Integer(required=True),
        "per_page": fields.Integer(required=True),
        "total": fields.Integer(required=True, metadata={"description": "Items on every page together"}),
        "next": fields.Url(allow_none=True, metadata={"description": "The next page, or null on the last"}),
        "previous": fields.Url(allow_none=True, metadata={"description": "The previous page, or null on the first"}),
    }, name=name)


class PageArgsSchema(Schema):
    class Meta:
        unknown = RAISE  # a mistyped filter must not silently answer everything

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000),
                          metadata={"description": "The page, from 1"})
    per_page = fields.Integer(load_default=DEFAULT_PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE),
                              metadata={"description": f"Items per page, at most {MAX_PER_PAGE}"})


def id_filter(description):
    # Bounded like the database's integer keys: a larger number is a 400, not an error there.
    return fields.Integer(validate=validate.Range(min=1, max=LARGEST_KEY), metadata={"description": description})


def year_filter():
    return fields.Integer(validate=validate.Range(min=2000, max=2100), metadata={"description": "A programme year"})


def country_filter():
    return fields.String(validate=validate.Regexp(r"^[A-Z]{2}$"), metadata={"description": "An ISO country code"})


class CallArgsSchema(PageArgsSchema):
    year = year_filter()


class GrantArgsSchema(PageArgsSchema):
    year = year_filter()
    call_id = id_filter("A call's id")
    country = country_filter()
    organisation_id = id_filter("An organisation's id")


class GrantValueArgsSchema(PageArgsSchema):
    indicator = fields.String(validate=validate.Length(min=1, max=20), metadata={"description": "An indicator code"})
    country = country_filter()


class IndicatorValueArgsSchema(GrantValueArgsSchema):
    year = year_filter()
    grant_id = id_filter("A grant's id")


class IndicatorArgsSchema(PageArgsSchema):
    component = fields.String(validate=validate.Length(min=1, max=8), metadata={"description": "A component code"})


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"example": "not_found",
                                                   "description": "A stable code for programs"})
    message = fields.String(required=True, metadata={"description": "For people, in the reader's language"})
    fields_ = fields.Dict(data_key="fields", keys=fields.String(), values=fields.List(fields.String()),
                          metadata={"description": "For a bad request: what is wrong with each parameter"})


ProgrammeYearPage = page_schema(ProgrammeYearSchema, "ProgrammeYearPage")
ComponentPage = page_schema(ComponentSchema, "ComponentPage")
CallPage = page_schema(CallSchema, "CallPage")
GrantPage = page_schema(GrantSchema, "GrantPage")
IndicatorPage = page_schema(IndicatorSchema, "IndicatorPage")
IndicatorValuePage = page_schema(IndicatorValueSchema, "IndicatorValuePage")
