"""Import commands (placeholder)."""

import click

import_group = click.Group("import", help="Import certifier data.")
