"""The Whoosh schema of the product index, field by field.

One document per product, plus one *vocabulary* document per category and per
ecolabel holding their names (see ``documents``). Three kinds of field:

- *text* fields, analysed per language (see ``analysis``), for matching;
- *key* fields, normalised by our own code (brand and model keys, listing ids) and
  indexed as whole terms, for exact and prefix matching;
- *columns*, one compact value per document that the search code loads once per index
  generation to count facets and sort without touching stored fields (walking stored
  fields of 35k documents on every search is what makes a plain Whoosh setup slow).

Only what a result snippet shows is stored. No field keeps positions, frequencies or
lengths: the query language has no phrases, snippets re-analyse the stored text, and
relevance needs only document frequencies (see ``matching``).
"""

from __future__ import annotations

from whoosh import formats
from whoosh.columns import NumericColumn, RefBytesColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, FieldType, Schema

from enviro_buyer.search.analysis import language_analyzer

# Value of the ``rank`` column for a product without an efficiency figure: it sorts
# after every real value, whatever the sign of the metric.
NO_RANK = float("-inf")
TEXT_FIELDS = {lang: f"text_{lang}" for lang in ("en", "fr", "es")}


class StemmedText(FieldType):
    """Words analysed for one language; indexed for matching only.

    Relevance is computed from boosts and idf (see ``matching``), so the field keeps
    no term frequencies, positions or field lengths: a third less to write on a
    rebuild, and nothing a search reads.
    """

    def __init__(self, lang: str) -> None:
        super().__init__(formats.Existence(), language_analyzer(lang), scorable=False)


def build_schema() -> Schema:
    """Return the schema of a fresh product index."""
    return Schema(
        # Product id as text: the unique term update_document() replaces by. Stored so
        # that a hit can always be traced back to its row.
        id=ID(stored=True, unique=True),
        # Product id as a 64-bit number column: the facet cache maps docnum -> id with
        # it, and it breaks ties when sorting. 0 marks a vocabulary document.
        pid=COLUMN(NumericColumn("q", default=0)),
        # Category slug. Indexed as one term (a category's documents can be found or
        # dropped by term); its column feeds the category facet. Few distinct values,
        # so a reference column stores each slug once per segment.
        category=ID(sortable=RefBytesColumn()),
        # Label slugs joined by spaces ("energy-star epeat"): column only. Filters and
        # counts use the per-generation cache built from it, never a query per value.
        labels=COLUMN(RefBytesColumn()),
        # Market country codes joined by spaces ("CA US"): column only, as labels.
        countries=COLUMN(RefBytesColumn()),
        # Brand as written on the listing, for the facet: most brands have a single
        # spelling, the facet groups case variants by ``brand_key`` at cache time.
        brand_name=COLUMN(VarBytesColumn()),
        # Brand key (folded, lower case, spaces collapsed) as one term: exact match,
        # prefix match (bounded expansion), and the case-insensitive brand filter.
        brand=ID(),
        # Model keys (letters and digits, wildcards left out), one per listed number:
        # exact and prefix matching of model numbers.
        model=KEYWORD(),
        # Fixed prefixes of wildcard patterns ("dut36420" for DUT36420***): a concrete
        # number looks up each of its own prefixes here, then confirms the candidate
        # with the pattern's regular expression.
        pattern=KEYWORD(),
        # Certifier listing ids (ENERGY STAR Unique ID), folded: exact match only.
        listing=KEYWORD(),
        # English words: a product's own (brand, model name, plain words of the model
        # number, additional information, short text specs) and, in vocabulary
        # documents, category, department and label names. Folded, and stemmed with
        # the English Snowball stemmer so "refrigerator" finds "Refrigerators".
        text_en=StemmedText("en"),
        # French words (category, department and label names; a supplier's French
        # text later): folded, French Snowball stemmer.
        text_fr=StemmedText("fr"),
        # Spanish words, as French: folded, Spanish Snowball stemmer.
        text_es=StemmedText("es"),
        # Distinct folded, unstemmed words of brands, model names and category and
        # label names in the three languages, given as a list (``folded_words``):
        # the vocabulary "did you mean" draws its corrections from.
        words=KEYWORD(),
        # Efficiency rank: the category metric's value, negated when lower is better,
        # so that higher always means greener. A float column, read into the cache.
        rank=COLUMN(NumericColumn("d", default=NO_RANK)),
        # Date the product became available (or was certified) as a day ordinal, for
        # "newest"; 0 when unknown, which sorts last.
        newest=COLUMN(NumericColumn("i", default=0)),
        # What a result snippet shows, stored as published (category names in the
        # three languages included, so a snippet needs no database query).
        brand_text=STORED(),
        model_number=STORED(),
        model_name=STORED(),
        category_en=STORED(),
        category_fr=STORED(),
        category_es=STORED(),
        # Vocabulary documents only: {lang: their words as written, lower case,
        # accents kept}, from which "did you mean" spells its corrections.
        spellings=STORED(),
    )


def schema_is_current(schema: Schema) -> bool:
    """Tell whether an opened index has the fields this code expects."""
    return set(schema.names()) == set(build_schema().names())
