"""The importer on the 42 real ENERGY STAR exports in ../shared/data (one test: it
imports 35,059 rows, a few seconds here, skipped when the data is absent)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from enviro_buyer.catalogue.models import Category, Certification, Product
from enviro_buyer.extensions import db
from enviro_buyer.i18n import force_locale


@pytest.mark.realdata
def test_all_real_exports_import_into_their_categories(
    app, energystar_dir, monkeypatch
):
    from enviro_buyer.importers import run
    from enviro_buyer.importers.run import import_energystar

    # This test is about the import; indexing 35k products is the search tests' part.
    refreshed = []
    monkeypatch.setattr(run, "refresh_search", lambda ids, **kw: refreshed.append(ids))

    with app.app_context(), force_locale("en"):
        known = set(db.session.scalars(select(Category.slug)))
        report = import_energystar([energystar_dir], progress=False)

        assert report.ok, [str(f) for f in report.failures]
        assert report.files == 42
        assert report.rows_read == 35_059
        # Every file maps to a category of catalogue_data/categories.json.
        assert not [o.file for o in report.outcomes if o.new_category]
        assert {o.category for o in report.outcomes} <= known
        # Three upright freezers are listed again in the refrigerators file.
        assert report.created == 35_056
        assert [r.line for r in report.rejections] == [719, 968, 969]
        products = db.session.scalar(select(func.count(Product.id)))
        listings = db.session.scalar(select(func.count(Certification.id)))
        assert products == listings == 35_056
        ranked = db.session.scalar(
            select(func.count(Product.id)).where(Product.efficiency_value.is_not(None))
        )
        assert ranked > 30_000
        assert len(refreshed[0]) == 35_056
