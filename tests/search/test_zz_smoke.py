def test_smoke(catalogue):
    r = catalogue.search("réfrigérateur", lang="fr")
    print(r.total, [h.highlight for h in r.hits])
    assert r.total == 7
