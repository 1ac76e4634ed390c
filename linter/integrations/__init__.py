"""Integrations with data-processing engines (installed with their extras): `textlint.integrations.dask`."""
