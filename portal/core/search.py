"""Search that finds a record whichever script or case it, or the query, is written in.

Serbian is written in Cyrillic and in Latin script: "Атина" and "Atina" are one name. Turkish
has a dotted and a dotless i ("İstanbul", "ısı"), Greek drops its accents in capitals
("ΑΘΗΝΑ", "Αθήνα") and has a final sigma. A search key folds all of these to one form; the
records keep theirs in a column, so that matching stays one indexed SQL comparison.
"""

import unicodedata

# Serbian (and Macedonian) Cyrillic to Serbian Latin, lower case; đ, dž, lj, nj as in the Latin
# alphabet, then đ spelled "dj" as people type it on keyboards without it.
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz",  # Macedonian
}
SPECIAL_LETTERS = {
    "đ": "dj",  # does not decompose into d + a mark
    "ı": "i", "i̇": "i",  # Turkish dotless i, and the dotted capital İ once lower-cased
    "ß": "ss",
}


def fold(text):
    """The search key of a text: lower case, Latin script, no accents, single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("İ", "i").replace("I", "i")
    text = text.casefold()  # Greek final sigma becomes σ here
    text = "".join(CYRILLIC_TO_LATIN.get(char, char) for char in text)
    for letter, spelling in SPECIAL_LETTERS.items():
        text = text.replace(letter, spelling)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(text.split())


def search_key(*texts):
    return " ".join(part for part in (fold(text) for text in texts) if part)


def matches(column, query):
    """A SQL condition: the folded query is found in a column holding search keys."""
    return column.contains(fold(query), autoescape=True)
