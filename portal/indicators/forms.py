"""Forms of the indicator catalogue the mission keeps.

Texts (names, definitions, units) are asked for in every language of the portal: English is
required, French comes next, the region's languages are optional. The languages are the
application's setting, so the form classes are built for them when first asked for.
"""

from functools import cache

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from portal.core.forms import CheckboxesField, NotBlank, PlainText
from portal.core.i18n import current_locale_code, language_name, locale_tag
from portal.indicators.models import IndicatorKind, RollupRule
from portal.indicators.operations import CATEGORY_CODE, INDICATOR_CODE

# What each text is, how long it may be, and whether English is required for it.
INDICATOR_TEXTS = {"name": (200, True), "definition": (4000, True), "unit": (60, False)}
CATEGORY_TEXTS = {"name": (200, True)}

_LABELS = {
    ("name", "en"): _l("Name in English"),
    ("name", "fr"): _l("Name in French"),
    ("definition", "en"): _l("Definition in English"),
    ("definition", "fr"): _l("Definition in French"),
    ("unit", "en"): _l("Unit in English"),
    ("unit", "fr"): _l("Unit in French"),
}


def _label(text, language):
    if (text, language) in _LABELS:
        return _LABELS[(text, language)]

    def in_reader_language():
        # The whole label in the reader's language, the language named in it too.
        name = language_name(language, current_locale_code())
        return {
            "name": _("Name (%(language)s)", language=name),
            "definition": _("Definition (%(language)s)", language=name),
            "unit": _("Unit (%(language)s)", language=name),
        }[text]

    return LazyString(in_reader_language)


def _text_field(text, language, max_length, english_required):
    required = english_required and language == "en"
    validators = [NotBlank() if required else Optional(), Length(max=max_length), PlainText()]
    field_class = TextAreaField if text == "definition" else StringField
    render_kw = {"lang": locale_tag(language)}
    if text == "definition":
        render_kw["rows"] = 3
    return field_class(_label(text, language), validators=validators, render_kw=render_kw)


def text_field_name(text, language):
    return f"{text}_{language}"


def _with_texts(base, languages):
    """A subclass of `base` with one field per text and language (the WTForms way of adding
    fields at run time: set them on a fresh subclass before any instance exists)."""
    form_class = type(base.__name__, (base,), {})
    for language in languages:
        for text, (max_length, english_required) in base.texts.items():
            setattr(form_class, text_field_name(text, language),
                    _text_field(text, language, max_length, english_required))
    return form_class


class TextsForm(FlaskForm):
    """A form whose texts are kept by language: read them back as {text: {language: value}}."""

    texts = {}
    languages = ()

    def texts_by_language(self):
        return {
            text: {language: self[text_field_name(text, language)].data for language in self.languages}
            for text in self.texts
        }

    @classmethod
    def data_from(cls, **saved):
        """Form data from the saved texts: `saved` maps each text to its {language: value}."""
        return {text_field_name(text, language): (saved.get(text) or {}).get(language, "")
                for text in cls.texts for language in cls.languages}


class IndicatorForm(TextsForm):
    texts = INDICATOR_TEXTS

    code = StringField(
        _l("Code"),
        validators=[NotBlank(), Length(max=20), PlainText()],
        description=_l("The component's code, a dot and a number, for example C3.5."),
        render_kw={"autocomplete": "off", "maxlength": 20},
    )
    component_id = SelectField(_l("Component"), coerce=int)
    kind = SelectField(_l("Kind"), choices=[(kind.value, kind.title) for kind in IndicatorKind])
    rollup = SelectField(
        _l("How values add up"),
        choices=[(rule.value, rule.title) for rule in RollupRule],
    )
    counts_victims = BooleanField(
        _l("Counts victims"),
        description=_l("Small counts are then masked for everyone outside the mission, so that no victim can "
                       "be recognised."),
    )
    breakdown_ids = CheckboxesField(_l("Breakdowns"), coerce=int)

    def validate_code(self, field):
        if not INDICATOR_CODE.fullmatch((field.data or "").strip().upper()):
            raise ValidationError(_l("Give a code of letters, digits and dots, for example C3.5."))


class CategoryNamesForm(TextsForm):
    texts = CATEGORY_TEXTS


class NewCategoryForm(CategoryNamesForm):
    code = StringField(
        _l("Code"),
        validators=[NotBlank(), Length(max=40), PlainText()],
        description=_l("Letters, digits, hyphens and underscores, for example domestic_servitude. It never "
                       "changes once the category exists."),
        render_kw={"autocomplete": "off", "maxlength": 40},
    )

    def validate_code(self, field):
        if not CATEGORY_CODE.fullmatch((field.data or "").strip()):
            raise ValidationError(_l("Use only letters, digits, hyphens and underscores, for example labour."))


@cache
def form_class(base, languages):
    """`base` with its text fields for these languages (English and French first)."""
    ordered = tuple(sorted(languages, key=lambda code: {"en": 0, "fr": 1}.get(code, 2)))
    built = _with_texts(base, ordered)
    built.languages = ordered
    return built
