"""Text analysis shared by the index and the query side.

Every text goes through the same chain, whichever side it comes from:

1. Unicode NFC, so that a decomposed "é" (e + combining accent) is one letter again;
   without it the tokenizer splits "réfrigérateur" at the combining mark.
2. Words are runs of letters and digits, optionally joined by dots ("3.1cfddblk").
3. Lower case, then accent folding (Whoosh's ``accent_map``, with "œ" as "oe" and
   "ß" as "ss"), so "réfrigérateur" and "refrigerateur" are one word.
4. Stop words of the language (folded too, since folding comes first).
5. The language's Snowball stemmer (``whoosh.lang``), applied to the folded word so
   that accented and unaccented spellings always reach the stemmer in the same form.

Steps 3 to 5 run as one cached filter (``FoldStemFilter``). The spelling vocabulary
(``words``) is the distinct folded words, unstemmed, computed here.

Keys for exact matching (brands, model numbers) are not analysed by Whoosh: they are
normalised here by ``brand_key`` and ``model_key`` and indexed as single terms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

LANGUAGES = ("en", "fr", "es")
WORD_PATTERN = r"\w+(?:\.\w+)*"

# Characters that are not text: C0/C1 controls, format characters, NUL.
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
_SPACES = re.compile(r"\s+")
_NON_KEY = re.compile(r"[^a-z0-9]+")
_WORDS = re.compile(WORD_PATTERN)
# Whoosh's accent map, with ligatures spelt out as French and German write them
# without the special letter ("coeur", "strasse").
FOLD_MAP = {
    **accent_map,
    ord("œ"): "oe",
    ord("Œ"): "OE",
    ord("æ"): "ae",
    ord("Æ"): "AE",
    ord("ß"): "ss",
}


class NfcTokenizer(RegexTokenizer):
    """A regex tokenizer that puts its input in Unicode NFC first."""

    def __call__(self, value: str, **kwargs: Any):
        """Yield the tokens of ``value`` after NFC normalisation."""
        return super().__call__(unicodedata.normalize("NFC", value), **kwargs)


def clean_text(text: str) -> str:
    """Return ``text`` in NFC with control characters turned into spaces."""
    return unicodedata.normalize("NFC", _CONTROL.sub(" ", text))


def fold(text: str) -> str:
    """Lower-case and accent-fold ``text`` as the analyzers do ("Réfri" -> "refri")."""
    return clean_text(text).lower().translate(FOLD_MAP)


def brand_key(brand: str) -> str:
    """Return the case- and accent-insensitive key grouping spellings of one brand."""
    return _SPACES.sub(" ", fold(brand)).strip()


def model_key(text: str) -> str:
    """Return a model number's letters and digits, folded ("A1-3.1cf" -> "a131cf")."""
    return _NON_KEY.sub("", fold(text))


# Articles and prepositions people type in a product search that Whoosh's lists lack.
EXTRA_STOPWORDS = {
    "en": {"for", "with"},
    "fr": {"les", "l", "un", "une", "des", "du", "pour", "avec"},
    "es": {"los", "las", "el", "la", "un", "una", "del", "para", "con"},
}


@cache
def folded_stopwords(lang: str) -> frozenset[str]:
    """Return the language's stop words, accent-folded like the tokens they meet."""
    words = set(stopwords_for_language(lang)) | EXTRA_STOPWORDS.get(lang, set())
    return frozenset(fold(word) for word in words)


class FoldStemFilter(Filter):
    """Lower-case, fold accents, drop stop words and stem: steps 3 to 5 at once.

    Whoosh's LowercaseFilter, CharsetFilter(accent_map), StopFilter and StemFilter do
    the same one after the other; doing it in one step, cached per distinct token,
    makes indexing 35k products markedly faster (product text repeats a lot).
    """

    is_morph = True

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._setup()

    def _setup(self) -> None:
        """Build the cached token -> term function (not pickled with the schema)."""
        stem = stemmer_for_language(self.lang)
        stops = folded_stopwords(self.lang)

        @lru_cache(maxsize=200_000)
        def term(raw: str) -> str | None:
            folded = raw.lower().translate(FOLD_MAP)
            return None if folded in stops else stem(folded)

        self._term = term

    def __getstate__(self) -> dict[str, Any]:
        return {"lang": self.lang}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.lang == getattr(other, "lang", None)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.lang))

    def __call__(self, tokens):
        """Yield the tokens that are not stop words, as folded stems."""
        term = self._term
        for token in tokens:
            text = term(token.text)
            if text is not None:
                token.text = text
                yield token


def language_analyzer(lang: str):
    """Return the analyzer of the ``text_<lang>`` field: fold, drop stop words, stem."""
    return NfcTokenizer(WORD_PATTERN) | FoldStemFilter(lang)


def folding_analyzer():
    """Return an analyzer that folds words without stemming them (snippets, tests)."""
    return NfcTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(FOLD_MAP)


def folded_words(text: str) -> list[str]:
    """Return the distinct folded words of ``text`` in order (spelling vocabulary)."""
    seen: dict[str, None] = {}
    for match in _WORDS.finditer(fold(text)):
        seen.setdefault(match.group(0), None)
    return list(seen)


@cache
def _query_analyzer(lang: str):
    """Return one shared analyzer per language for query words."""
    return language_analyzer(lang)


def analyse(text: str, lang: str) -> list[str]:
    """Return the index terms ``text`` gives in the ``text_<lang>`` field."""
    return [token.text for token in _query_analyzer(lang)(text)]


def is_stopword(word: str, lang: str) -> bool:
    """Tell whether ``word`` is a stop word of ``lang`` (compared folded)."""
    return fold(word) in folded_stopwords(lang)
