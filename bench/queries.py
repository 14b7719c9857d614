"""The fixed, mixed query set every search benchmark runs, in the same order."""

from __future__ import annotations

# (label, query parameters). Broad words in three languages, brands, model numbers
# (a concrete number covered by a wildcard pattern among them), a misspelling, filters
# and facets. Every search also asks for the four facets, as the pages do.
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("broad en", {"q": "refrigerator", "lang": "en"}),
    ("broad en 2", {"q": "light bulb", "lang": "en"}),
    ("broad en 3", {"q": "dishwasher", "lang": "en"}),
    ("broad fr", {"q": "réfrigérateur", "lang": "fr"}),
    ("broad fr 2", {"q": "lave-vaisselle", "lang": "fr"}),
    ("broad fr 3", {"q": "ampoules", "lang": "fr"}),
    ("broad es", {"q": "refrigeradores", "lang": "es"}),
    ("broad es 2", {"q": "lavadora", "lang": "es"}),
    ("broad es 3", {"q": "bombillas", "lang": "es"}),
    ("brand", {"q": "Whirlpool", "lang": "en"}),
    ("brand 2", {"q": "Samsung", "lang": "en"}),
    ("brand prefix", {"q": "Frigid", "lang": "en"}),
    ("model exact", {"q": "LR21288", "lang": "en"}),
    ("model prefix", {"q": "WRF555", "lang": "en"}),
    ("misspelt", {"q": "refrigerater", "lang": "en"}),
    ("misspelt 2", {"q": "dehumidifer", "lang": "en"}),
    ("filter country", {"q": "washer", "country": "CA", "lang": "en"}),
    ("filter category", {"q": "", "category": "light-bulbs", "lang": "en"}),
    ("filter label sort", {"q": "led", "sort": "efficiency", "lang": "en"}),
    ("empty query", {"q": "", "lang": "en"}),
    ("two filters", {"q": "energy", "country": "CA", "category": "televisions"}),
    ("newest", {"q": "furnace", "sort": "newest", "lang": "en"}),
]
