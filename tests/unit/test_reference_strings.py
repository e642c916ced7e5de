"""The reference data the portal ships reaches every catalogue: its English texts are listed
for extraction, and a reader of a language without its own text in the data gets the
catalogue's translation."""

import ast
from pathlib import Path

from portal.demo.programme import PRIORITIES
from portal.indicators.seed import DIMENSIONS, INDICATORS
from portal.programme.reference_data import COMPONENTS

LISTED = Path(__file__).resolve().parents[2] / "portal" / "programme" / "reference_strings.py"


def listed_texts():
    tree = ast.parse(LISTED.read_text(encoding="utf-8"))
    return {node.args[1].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_lp"}


def shipped_texts():
    texts = set()
    for _code, names, descriptions in COMPONENTS:
        texts |= {names["en"], descriptions["en"]}
    for names, _whole, categories in DIMENSIONS.values():
        texts.add(names["en"])
        texts |= {category_names["en"] for _code, category_names in categories}
    for row in INDICATORS:
        texts |= {row[2]["en"], row[3]["en"]}
    for rows in PRIORITIES.values():
        texts |= {names["en"] for _code, names in rows}
    return texts


def test_every_shipped_reference_text_is_listed_for_the_catalogues():
    missing = shipped_texts() - listed_texts()
    assert not missing, f"add these to portal/programme/reference_strings.py: {sorted(missing)}"


def test_a_reader_gets_the_catalogues_translation_of_reference_data(app):
    from flask_babel import force_locale

    from portal.core.i18n import translated

    names = {"en": "Sex", "fr": "Sexe"}
    with app.test_request_context():
        with force_locale("fr"):
            assert translated(names) == "Sexe"  # the data's own French comes first
        with force_locale("en"):
            assert translated(names) == "Sex"
        assert translated({"en": "A priority the mission typed"}, "sq") == "A priority the mission typed"
