"""What every template can use: the reader's language, the language switcher, the policy."""

from flask_babel import get_locale
from flask_login import current_user

from portal.auth.roles import Role
from portal.core.access import can
from portal.core.i18n import language_choices, language_name, locale_tag, translated
from portal.core.outbox import OUTBOX_STATUS_TITLES


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
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["lang_tag"] = locale_tag
    app.jinja_env.filters["role_title"] = lambda role: Role(role).title
    app.jinja_env.filters["outbox_status"] = lambda status: OUTBOX_STATUS_TITLES[status]
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
