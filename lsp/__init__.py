"""The textlint language server (`textlint lsp`).

It translates between the Language Server Protocol and `textlint.api`; it
holds no detection logic of its own, so an editor shows exactly what
`textlint check` reports for the same text and configuration.
"""
