"""The reference search: SQLite FTS5 over the same products, queries and facets.

It answers what the Whoosh backend answers (top 20 by bm25 plus counts per category,
label, country and brand) straight from SQLite, in process, so that both are timed the
same way on the same data.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from enviro_buyer.text import fold_accents

_BUILD = """
CREATE VIRTUAL TABLE docs USING fts5(
    brand, model_number, model_name, category_text,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO docs (rowid, brand, model_number, model_name, category_text)
SELECT p.id, p.brand, p.model_number, p.model_name,
       c.name_en || ' ' || c.name_fr || ' ' || c.name_es || ' ' ||
       c.keywords_en || ' ' || c.keywords_fr || ' ' || c.keywords_es
FROM src.products p JOIN src.categories c ON c.id = p.category_id;
CREATE TABLE attrs (product_id INTEGER, facet TEXT, value TEXT);
INSERT INTO attrs SELECT p.id, 'category', c.slug
    FROM src.products p JOIN src.categories c ON c.id = p.category_id;
INSERT INTO attrs SELECT p.id, 'brand', lower(p.brand) FROM src.products p;
INSERT INTO attrs SELECT p.id, 'country', j.value
    FROM src.products p, json_each(p.markets) j;
INSERT INTO attrs SELECT cert.product_id, 'label', e.slug
    FROM src.certifications cert JOIN src.ecolabels e ON e.id = cert.ecolabel_id;
CREATE INDEX attrs_facet ON attrs (facet, value, product_id);
CREATE INDEX attrs_product ON attrs (product_id);
"""


def build(database: Path) -> tuple[sqlite3.Connection, float]:
    """Build the FTS5 reference from the app's database; return it and build seconds."""
    conn = sqlite3.connect(":memory:")
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{database}?mode=ro",))
    started = time.perf_counter()
    conn.executescript(_BUILD)
    return conn, time.perf_counter() - started


def _match_expression(text: str) -> str:
    """Quote every word of ``text``; the last one also matches as a prefix."""
    words = [w for w in fold_accents(text).replace('"', " ").split() if w]
    quoted = [f'"{w}"' for w in words]
    if quoted:
        quoted[-1] += "*"
    return " ".join(quoted)


def search(conn: sqlite3.Connection, params: dict[str, str]) -> dict:
    """Answer one query: top 20 ids by bm25, the total and the four facets' counts."""
    conn.execute("DROP TABLE IF EXISTS temp.hits")
    expression = _match_expression(params.get("q", ""))
    if expression:
        conn.execute(
            "CREATE TEMP TABLE hits AS SELECT rowid AS id, bm25(docs) AS rank "
            "FROM docs WHERE docs MATCH ?",
            (expression,),
        )
    else:
        conn.execute("CREATE TEMP TABLE hits AS SELECT id, 0 AS rank FROM src.products")
    for facet in ("category", "country"):
        if params.get(facet):
            conn.execute(
                "DELETE FROM temp.hits WHERE id NOT IN (SELECT product_id FROM attrs "
                "WHERE facet = ? AND value = ?)",
                (facet, params[facet]),
            )
    top = conn.execute("SELECT id FROM temp.hits ORDER BY rank LIMIT 20").fetchall()
    total = conn.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
    facets = conn.execute(
        "SELECT a.facet, a.value, count(*) FROM attrs a JOIN temp.hits h "
        "ON h.id = a.product_id GROUP BY a.facet, a.value"
    ).fetchall()
    return {"total": total, "top": [row[0] for row in top], "facets": len(facets)}
