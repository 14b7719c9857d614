"""Index commands (placeholder)."""

import click

index_group = click.Group("index", help="Manage the search index.")
