"""Did-you-mean: correct every misspelt word of a query from the index's own words.

A word is taken as misspelt when nothing in the index knows it: not as a stemmed
word in any language, not as a vocabulary word, brand or model number, and it is a
plain word (letters only, three or more) rather than a number. Its correction is the
vocabulary word (the ``words`` field: brands, model names, category and label names
in the three languages, folded but not stemmed) at the smallest edit distance (at
most 2, a swap of two letters counting 1), the most frequent one on a tie. Words that
are known are kept as typed.

The vocabulary is folded, so a correction is found folded ("refrigerateurs"); it is
shown as people write it ("réfrigérateurs") through a table built once per index
generation from the ``spellings`` the category and label documents store: folded
word -> its most frequent written form in each language, and over all languages.
The request's language decides between "télé" (French) and "tele" (Spanish). Brands
and model names have no accents to restore and are not in the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from enviro_buyer.search.analysis import (
    LANGUAGES,
    analyse,
    brand_key,
    fold,
    is_stopword,
    model_key,
)
from enviro_buyer.search.query import ParsedQuery, Word

MIN_WORD = 3
MAX_DISTANCE = 2
# Words this long may be searched one edit further (see ``correct_word``).
LONG_WORD = 8
# Key of the written form over all languages in a ``spelling_table`` entry.
ANY_LANGUAGE = ""

# Folded word -> {language or ANY_LANGUAGE: written form}.
SpellingTable = Mapping[str, Mapping[str, str]]


def edit_distance(a: str, b: str) -> int:
    """Return the Damerau-Levenshtein distance (adjacent swaps count once)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (ca != cb),
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _is_known(reader: Any, word: Word) -> bool:
    """Tell whether the index holds this word in any form."""
    folded = fold(word.text)
    if reader.doc_frequency("words", folded):
        return True
    for lang in LANGUAGES:
        stems = analyse(word.text, lang)
        if stems and all(reader.doc_frequency(f"text_{lang}", s) for s in stems):
            return True
    return bool(
        reader.doc_frequency("brand", brand_key(word.text))
        or reader.doc_frequency("model", model_key(word.text))
    )


def _needs_correction(reader: Any, word: Word, lang: str, known: set[str]) -> bool:
    """Tell whether ``word`` looks misspelt."""
    text = word.text
    if word.text in known or word.prefix or len(text) < MIN_WORD or not text.isalpha():
        return False
    if is_stopword(text, lang):
        return False
    return not _is_known(reader, word)


def _candidates(reader: Any, word: str, maxdist: int) -> set[str]:
    """Return vocabulary words within ``maxdist`` edits, sharing the first letter.

    The widest search also requires the second letter: it is the costly one, and
    a long word rarely has both of its first two letters wrong.
    """
    prefix = 1 if maxdist <= MAX_DISTANCE else 2
    found: set[str] = set()
    for leaf, _offset in reader.leaf_readers():
        if leaf.segment() is not None:
            found.update(leaf.terms_within("words", word, maxdist, prefix=prefix))
    return {c for c in found if len(c) >= MIN_WORD and c.isalpha()}


def correct_word(reader: Any, word: str) -> str | None:
    """Return the best correction of a folded word, or None.

    Whoosh finds candidates by Levenshtein distance, where swapping two letters
    costs 2; the candidates are ranked by Damerau distance (a swap costs 1), and a
    correction is at most 2 edits away. The search widens one edit at a time (the
    wider, the slower) and stops as soon as a close enough word turns up; long words
    may look one edit further, so that a swap plus one more edit is still found.
    """
    widest = MAX_DISTANCE + 1 if len(word) >= LONG_WORD else MAX_DISTANCE
    for reach in range(1, widest + 1):
        ranked = sorted(
            (
                edit_distance(word, candidate),
                -reader.doc_frequency("words", candidate),
                candidate,
            )
            for candidate in _candidates(reader, word, reach)
        )
        if ranked and ranked[0][0] <= min(reach, MAX_DISTANCE):
            return ranked[0][2]
    return None


def _usual_form(folded: str, counts: Counter[str]) -> str:
    """Pick the written form used most; on a tie the accented one, then the first."""
    best = min(counts.items(), key=lambda item: (-item[1], item[0] == folded, item[0]))
    return best[0]


def spelling_table(searcher: Any, docnums: Iterable[int]) -> dict[str, dict[str, str]]:
    """Map the folded words of vocabulary documents to their usual written forms.

    Only words whose written form differs from the folded one are kept: a word
    without accents needs no entry.
    """
    counts: dict[str, dict[str, Counter[str]]] = {}
    for docnum in docnums:
        spellings = searcher.stored_fields(docnum).get("spellings") or {}
        for lang, text in spellings.items():
            for word in text.split():
                by_lang = counts.setdefault(fold(word), {})
                by_lang.setdefault(lang, Counter())[word] += 1
    table: dict[str, dict[str, str]] = {}
    for folded, by_lang in counts.items():
        overall: Counter[str] = Counter()
        for found in by_lang.values():
            overall.update(found)
        forms = {lang: _usual_form(folded, found) for lang, found in by_lang.items()}
        forms[ANY_LANGUAGE] = _usual_form(folded, overall)
        if any(form != folded for form in forms.values()):
            table[folded] = forms
    return table


def written_form(table: SpellingTable, folded: str, lang: str) -> str:
    """Return ``folded`` as written in ``lang``, else in any language, else as is."""
    forms = table.get(folded)
    if not forms:
        return folded
    return forms.get(lang) or forms[ANY_LANGUAGE]


def suggest(
    parsed: ParsedQuery,
    lang: str,
    searcher: Any,
    known: set[str] | None = None,
    memo: Callable[[Any, Callable[[], Any]], Any] | None = None,
    spellings: SpellingTable | None = None,
) -> str | None:
    """Return the query with every misspelt word corrected, or None if none is.

    ``known`` names words already seen to match products; ``memo`` keeps
    corrections for the index generation; ``spellings`` (a ``spelling_table``)
    turns a folded correction back into a written word.
    """
    reader = searcher.reader()
    known = known or set()
    corrected = []
    changed = False
    for word in parsed.words:
        if _needs_correction(reader, word, lang, known):
            folded = fold(word.text)
            if memo is None:
                correction = correct_word(reader, folded)
            else:
                correction = memo(
                    ("correction", folded), lambda f=folded: correct_word(reader, f)
                )
            if correction is not None:
                corrected.append(written_form(spellings or {}, correction, lang))
                changed = True
                continue
        corrected.append(word.text + ("*" if word.prefix else ""))
    return " ".join(corrected) if changed else None
