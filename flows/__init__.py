"""Prefect flows and the CLI. The only package that knows Prefect."""

from credfloor.flows.settings import configure_prefect

configure_prefect()
