"""A synthetic ten-year programme, deterministic for a (scale, seed).

At scale 1.0: 10 programme years, the 16 countries, 1,000 organisations, 10,000 approved grants
(about 15% regional, over 2 to 4 countries), 40 indicators across the four components, 2 to 4
reports a grant (most accepted, some awaiting the mission or still drafts) and about two
million indicator values with their breakdowns, per country for regional grants.
"""

import random
import sys
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from bench.loader import BulkLoader
from portal.extensions import db
from portal.indicators.models import BreakdownDimension, Indicator
from portal.programme.models import Component
from portal.programme.reference_data import COUNTRIES

GENERATOR_VERSION = 1
FIRST_YEAR, YEARS = 2016, 10
ORGANISATIONS, GRANTS = 1_000, 10_000
REGIONAL_SHARE = 0.15
INDICATORS_PER_COMPONENT = 10  # 40 in all: the seeded catalogue plus synthetic ones
FLUSH_ROWS = 250_000
# Report statuses and their weights: only accepted reports count in the roll-up.
STATUSES = (("accepted", 86), ("submitted", 7), ("changes_requested", 3), ("draft", 4))
# Local currency units per euro (a fixed, plausible rate is enough for the benchmark).
RATES = {"EUR": "1", "ALL": "98.4", "BAM": "1.95583", "BGN": "1.95583", "HRK": "7.5345", "HUF": "395.2",
         "MDL": "19.45", "MKD": "61.5", "RON": "4.975", "RSD": "117.15", "TRY": "34.8", "UAH": "44.1"}
# Synthetic indicators, cycled in each component: (kind, rollup, breakdowns, counts victims in C3/C4).
PATTERNS = [
    ("percentage", "sum", ["sex"], False),
    ("count", "sum", ["sex", "age_group"], False),
    ("count", "people", ["sex", "age_group"], True),
    ("count", "maximum", [], False),
    ("count", "latest", ["nationality"], False),
    ("count", "sum", ["exploitation"], True),
    ("currency", "sum", [], False),
    ("count", "sum", ["sex", "profession"], False),
    ("percentage", "latest", [], False),
]


def counts_for(scale):
    """How many organisations and grants a scale gives (at least one grant a year)."""
    return max(4, round(ORGANISATIONS * scale)), max(YEARS, round(GRANTS * scale))


@dataclass
class Shape:
    """What the generator needs to know of an indicator to give it values."""

    id: int
    component_id: int
    percentage: bool
    magnitude: int
    dimensions: list  # [(covers whole, [category ids])]

    @property
    def rows(self):
        return 1 + sum(len(categories) for _whole, categories in self.dimensions)


def add_synthetic_indicators():
    """Complete the seeded catalogue up to 10 indicators a component. Flushes."""
    dimensions = {d.code: d for d in db.session.scalars(select(BreakdownDimension))}
    for component in db.session.scalars(select(Component).order_by(Component.position)):
        existing = db.session.scalars(select(Indicator).where(Indicator.component_id == component.id)).all()
        position = max((i.position for i in existing), default=0)
        for number in range(len(existing), INDICATORS_PER_COMPONENT):
            kind, rollup, breakdowns, victims = PATTERNS[number % len(PATTERNS)]
            code = f"{component.code}.B{number + 1:02d}"
            position += 1
            db.session.add(Indicator(
                code=code, component=component, position=position, kind=kind, rollup=rollup,
                names={"en": f"Benchmark indicator {code}", "fr": f"Indicateur de test {code}"},
                definitions={"en": "Generated for the benchmark."}, unit={"en": "units", "fr": "unités"},
                counts_victims=victims and component.code in ("C3", "C4"),
                breakdowns=[dimensions[b] for b in breakdowns],
            ))
    db.session.flush()


def indicator_shapes():
    shapes = []
    for indicator in db.session.scalars(select(Indicator).order_by(Indicator.id)):
        if indicator.kind == "text":
            continue
        magnitude = 15 if indicator.counts_victims else (8, 20, 60, 150, 400)[zlib.crc32(indicator.code.encode()) % 5]
        if indicator.kind == "currency":
            magnitude = 20_000
        dimensions = [(d.covers_whole, [c.id for c in d.categories]) for d in indicator.breakdowns]
        shapes.append(Shape(indicator.id, indicator.component_id, indicator.kind == "percentage", magnitude,
                            dimensions))
    return shapes


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _moment(day):
    return datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)


def _currency(country, day):
    current = None
    for code, since in COUNTRIES[country][2]:
        if since is None or since <= day:
            current = code
    return current


class ProgrammeGenerator:
    def __init__(self, connection, scale=1.0, seed=2024, progress=True):
        self.rng = random.Random(seed)
        self.scale = scale
        self.progress = progress
        self.loader = BulkLoader(connection, db.metadata)
        self.ids = {}
        self.organisation_count, self.grant_count = counts_for(scale)

    def next_id(self, table):
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def say(self, message):
        if self.progress:
            print(message, file=sys.stderr, flush=True)

    def run(self):
        """Generate and load everything; returns the row counts per table."""
        self.components = [c.id for c in db.session.scalars(select(Component).order_by(Component.position))]
        self.countries = sorted(COUNTRIES)
        shapes = indicator_shapes()
        self.by_component = {c: [s for s in shapes if s.component_id == c] for c in self.components}
        self._declare_tables()
        self._organisations()
        self._years()
        started, per_tick = time.perf_counter(), max(1, self.grant_count // 10)
        for number in range(self.grant_count):
            self._grant(number)
            if self.loader.pending() >= FLUSH_ROWS:
                self.loader.flush()
            if (number + 1) % per_tick == 0:
                self.say(f"  {number + 1:,} of {self.grant_count:,} grants, "
                         f"{self.ids.get('indicator_values', 0):,} indicator values, "
                         f"{time.perf_counter() - started:.0f} s")
        self.loader.flush()
        return dict(self.loader.counts)

    def _declare_tables(self):
        tables = {
            "organisations": ("id", "name", "acronym", "kind", "country_code", "city", "website", "locale",
                              "created_at"),
            "programme_years": ("id", "year", "envelope_eur", "notes", "is_closed"),
            "priorities": ("id", "programme_year_id", "code", "names", "position"),
            "programming_lines": ("id", "programme_year_id", "component_id", "country_code", "priority_id",
                                  "amount_eur", "updated_at"),
            "calls": ("id", "programme_year_id", "titles", "descriptions", "opens_at", "deadline_at", "timezone",
                      "envelope_eur", "min_amount_eur", "max_amount_eur", "indirect_ceiling_pct", "is_published",
                      "created_at"),
            "call_components": ("call_id", "component_id"),
            "call_countries": ("call_id", "country_code"),
            "call_priorities": ("call_id", "priority_id"),
            "proposals": ("id", "call_id", "organisation_id", "title", "summary", "language", "scope",
                          "start_date", "end_date", "status", "revision", "requested_eur", "submitted_at",
                          "created_at", "updated_at"),
            "proposal_countries": ("proposal_id", "country_code"),
            "proposal_components": ("proposal_id", "component_id"),
            "proposal_priorities": ("proposal_id", "priority_id"),
            "indicator_targets": ("id", "proposal_id", "indicator_id", "category_id", "baseline", "target"),
            "decisions": ("id", "proposal_id", "outcome", "amount_eur", "conditions", "reason", "version_number",
                          "decided_at"),
            "grants": ("id", "reference", "proposal_id", "organisation_id", "amount_eur", "conditions",
                       "start_date", "end_date", "agreement_date", "created_at", "overspend_tolerance_pct"),
            "reports": ("id", "grant_id", "kind", "period_start", "period_end", "due_date", "status", "language",
                        "revision", "first_submitted_at", "submitted_at", "accepted_at", "created_at",
                        "updated_at"),
            "instalments": ("id", "grant_id", "number", "planned_date", "planned_eur", "required_report_id",
                            "paid_date", "paid_eur"),
            "financial_lines": ("id", "report_id", "category", "description", "spent_on", "currency", "amount",
                                "rate", "rate_date", "rate_source", "amount_eur", "position"),
            "indicator_values": ("id", "report_id", "indicator_id", "category_id", "country_code", "value",
                                 "numerator", "denominator"),
        }
        for name, columns in tables.items():
            self.loader.table(name, columns)

    def _organisations(self):
        rng, add = self.rng, self.loader.add
        self.organisations = []
        created = _moment(date(FIRST_YEAR - 1, 6, 1))
        for number in range(1, self.organisation_count + 1):
            country = self.countries[(number - 1) % len(self.countries)]
            kind = "international" if rng.random() < 0.05 else "association"
            locale = COUNTRIES[country][0][0]
            organisation_id = self.next_id("organisations")
            add("organisations", (organisation_id, f"Benchmark association {number}", f"BA{number}", kind, country,
                                  f"City {number % 37}", "", locale, created))
            self.organisations.append((organisation_id, country, locale))

    def _years(self):
        rng, add = self.rng, self.loader.add
        self.years = []
        for index in range(YEARS):
            year = FIRST_YEAR + index
            year_id = self.next_id("programme_years")
            envelope = Decimal(1_000 * round(self.grant_count / YEARS * 80))
            add("programme_years", (year_id, year, envelope, "", False))
            priorities = []
            for position in range(1, 6):
                priority_id = self.next_id("priorities")
                add("priorities", (priority_id, year_id, f"priority-{position}",
                                   {"en": f"Priority {position} of {year}"}, position))
                priorities.append(priority_id)
            for component in self.components:
                add("programming_lines", (self.next_id("programming_lines"), year_id, component, None, None,
                                          envelope / 4, _moment(date(year, 1, 5))))
            calls = []
            for number in (1, 2):
                call_id = self.next_id("calls")
                opens = _moment(date(year - 1, 9 + number, 1))
                add("calls", (call_id, year_id, {"en": f"Call {number} of {year}"}, {"en": "Generated."}, opens,
                              opens + timedelta(days=45), "Europe/Paris", envelope / 2, Decimal("5000"),
                              Decimal("400000"), Decimal("7"), True, opens))
                for component in self.components:
                    add("call_components", (call_id, component))
                for country in self.countries:
                    add("call_countries", (call_id, country))
                for priority_id in rng.sample(priorities, 3):
                    add("call_priorities", (call_id, priority_id))
                calls.append(call_id)
            self.years.append((year, calls, priorities))

    def _grant(self, number):
        rng, add = self.rng, self.loader.add
        year, calls, priorities = self.years[number * YEARS // self.grant_count]
        organisation_id, home, locale = rng.choice(self.organisations)
        regional = rng.random() < REGIONAL_SHARE
        countries = [home] + (rng.sample([c for c in self.countries if c != home], rng.randint(1, 3))
                              if regional else [])
        components = rng.sample(self.components, 1 if rng.random() < 0.55 else 2)
        start = date(year, rng.randint(1, 9), 1)
        months = rng.choice((6, 12, 12, 12, 18, 24))
        end = _add_months(start, months) - timedelta(days=1)
        amount = Decimal(100 * rng.randint(50, 1500 if regional else 800))
        submitted = _moment(date(year - 1, 11, 20))

        proposal_id = self.next_id("proposals")
        add("proposals", (proposal_id, rng.choice(calls), organisation_id, f"Benchmark project {number + 1}",
                          "Generated for the benchmark.", locale, "regional" if regional else "bilateral", start,
                          end, "approved", 1, amount, submitted, submitted, submitted))
        for country in countries:
            add("proposal_countries", (proposal_id, country))
        for component in components:
            add("proposal_components", (proposal_id, component))
        for priority_id in rng.sample(priorities, rng.randint(0, 2)):
            add("proposal_priorities", (proposal_id, priority_id))
        decided = _moment(date(year - 1, 12, 15))
        add("decisions", (self.next_id("decisions"), proposal_id, "approve", amount, "", "", 1, decided))
        grant_id = self.next_id("grants")
        add("grants", (grant_id, f"BENCH-{year}-{number + 1:05d}", proposal_id, organisation_id, amount, "", start,
                       end, start - timedelta(days=10), decided, Decimal("10")))

        shapes = []
        for component in components:
            pool = self.by_component[component]
            shapes += rng.sample(pool, min(len(pool), rng.randint(5, 8)))
        for shape in shapes:
            self._targets(proposal_id, shape)

        reports = self._reports(grant_id, start, months, locale, home)
        for report_id, status in reports:
            if status != "draft" or rng.random() < 0.5:  # drafts: values entered so far, or none
                for shape in shapes:
                    self._values(report_id, shape, countries if regional else None)
        final_report, final_status = reports[-1]
        first = (amount * Decimal("0.6")).quantize(Decimal("0.01"))
        add("instalments", (self.next_id("instalments"), grant_id, 1, start, first, None, start, first))
        paid = final_status == "accepted"
        end_paid = end + timedelta(days=60)
        add("instalments", (self.next_id("instalments"), grant_id, 2, end_paid, amount - first, final_report,
                            end_paid if paid else None, (amount - first) if paid else None))

    def _targets(self, proposal_id, shape):
        rng, add = self.rng, self.loader.add
        target = Decimal(max(1, int(shape.magnitude * (2 + 2 * rng.random()))))
        add("indicator_targets", (self.next_id("indicator_targets"), proposal_id, shape.id, None, Decimal(0), target))
        if shape.dimensions and rng.random() < 0.3:
            categories = shape.dimensions[0][1]
            for category_id in categories:
                add("indicator_targets", (self.next_id("indicator_targets"), proposal_id, shape.id, category_id,
                                          None, (target / len(categories)).quantize(Decimal("1"))))

    def _reports(self, grant_id, start, months, locale, home):
        rng, add = self.rng, self.loader.add
        count = rng.choice((2, 3, 3, 4))
        reports = []
        period_start = start
        for index in range(count):
            final = index == count - 1
            period_end = (_add_months(start, months) if final else period_start + timedelta(
                days=round(months * 30.4 / count))) - timedelta(days=1)
            due = period_end + timedelta(days=30)
            status = rng.choices([s for s, _w in STATUSES], [w for _s, w in STATUSES])[0]
            sent = _moment(due - timedelta(days=rng.randint(0, 10))) if status != "draft" else None
            accepted = sent + timedelta(days=12) if status == "accepted" else None
            report_id = self.next_id("reports")
            add("reports", (report_id, grant_id, "final" if final else "interim", period_start, period_end, due,
                            status, locale, 1, sent, sent, accepted, _moment(period_start),
                            accepted or sent or _moment(period_end)))
            if status != "draft":
                self._financial_lines(report_id, period_start, period_end, home)
            reports.append((report_id, status))
            period_start = period_end + timedelta(days=1)
        return reports

    def _financial_lines(self, report_id, period_start, period_end, country):
        rng, add = self.rng, self.loader.add
        currency = _currency(country, period_end)
        rate = Decimal(RATES[currency])
        for position, category in enumerate(("personnel", "activities", "travel")[:rng.randint(1, 3)], 1):
            amount_eur = Decimal(rng.randint(50_000, 2_000_000)) / 100
            add("financial_lines", (self.next_id("financial_lines"), report_id, category, f"{category} costs",
                                    period_start + timedelta(days=position * 7), currency,
                                    (amount_eur * rate).quantize(Decimal("0.01")), rate, period_end,
                                    "benchmark rate", amount_eur, position))

    def _cell(self, shape):
        """One report's values of an indicator: [(category id, value, numerator, denominator)]."""
        random = self.rng.random
        if shape.percentage:
            denominator = 1 + int(shape.magnitude * (0.5 + random()))
            rows = [[None, None, int(denominator * random()), denominator]]
            for _whole, categories in shape.dimensions:
                for category_id in categories:
                    part = 1 + int(denominator * random() / 2)
                    rows.append([category_id, None, int(part * random()), part])
            return rows
        total = int(shape.magnitude * (0.2 + random()))
        rows = [[None, total, None, None]]
        for covers_whole, categories in shape.dimensions:
            left = total
            for position, category_id in enumerate(categories, 1):
                if not covers_whole:
                    value = int(total * random() * 0.6)
                elif position == len(categories):
                    value = left
                else:
                    value = int(left * random())
                    left -= value
                rows.append([category_id, value, None, None])
        return rows

    def _values(self, report_id, shape, countries):
        add = self.loader.add
        next_id = self.next_id
        if countries is None:
            cells = [(None, self._cell(shape))]
        else:
            per_country = [(country, self._cell(shape)) for country in countries]
            whole = [list(row) for row in per_country[0][1]]
            for _country, rows in per_country[1:]:
                for total_row, row in zip(whole, rows, strict=True):
                    for position in (1, 2, 3):
                        if row[position] is not None:
                            total_row[position] += row[position]
            cells = [(None, whole)] + per_country
        indicator_id = shape.id
        for country, rows in cells:
            for category_id, value, numerator, denominator in rows:
                add("indicator_values", (next_id("indicator_values"), report_id, indicator_id, category_id, country,
                                         value, numerator, denominator))
