"""What every template can use: the reader's language, the language switcher, the policy."""

import re
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from markupsafe import Markup

from portal.annual.suppression import is_masked
from portal.auth.roles import Role
from portal.core.access import can
from portal.core.i18n import country_name, language_choices, language_name, locale_tag, translated
from portal.core.outbox import OUTBOX_STATUS_TITLES
from portal.grants.models import BudgetCategory


def moment(value, timezone=None, format="medium"):
    """A moment in the reader's time zone (or the one given), with the zone named."""
    if value is None:
        return ""
    zone = ZoneInfo(timezone) if timezone else get_timezone()
    locale = str(get_locale() or "en")
    # The date at the asked length, the time to the minute: seconds mean nothing for a deadline.
    text = f"{babel_format_date(value.astimezone(zone), format, locale=locale)}, " \
           f"{babel_format_time(value, 'short', tzinfo=zone, locale=locale)}"
    name = getattr(zone, "key", None) or getattr(zone, "zone", None) or str(zone)
    return f"{text} ({name})"


def paragraphs(text):
    """User-written text as paragraphs, escaped: blank lines separate paragraphs."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text or "") if block.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(block) for block in blocks)


def template_globals():
    locale = str(get_locale() or "en")
    return {
        "current_locale": locale,
        "current_lang_tag": locale_tag(locale),
        "language_choices": language_choices(),
        "can": lambda action, target: can(current_user, action, target),
    }


def register(app):
    app.context_processor(template_globals)
    app.jinja_env.filters["translated"] = translated
    app.jinja_env.filters["moment"] = moment
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.filters["budget_category"] = lambda code: BudgetCategory(code).title
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["lang_tag"] = locale_tag
    app.jinja_env.filters["role_title"] = lambda role: Role(role).title
    app.jinja_env.tests["masked"] = is_masked  # a small number of victims, shown as "< 5"
    app.jinja_env.filters["outbox_status"] = lambda status: OUTBOX_STATUS_TITLES[status]
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
