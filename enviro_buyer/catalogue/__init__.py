"""The catalogue: departments, categories and their metrics, ecolabels, products and
their certifications."""
