"""Product search: a small backend interface, with Whoosh as the embedded backend."""
