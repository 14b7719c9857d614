"""Catalogue commands (placeholder)."""

import click

catalogue_group = click.Group("catalogue", help="Load and export the shipped catalogue.")
serve_command = click.Command("serve", help="Serve the app.")
