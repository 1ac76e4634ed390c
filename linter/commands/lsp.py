"""`textlint lsp`: start the language server (`textlint.lsp.server`)."""

from __future__ import annotations

import sys

from textlint.errors import TextlintError


def run_lsp(args) -> int:
    try:
        from textlint.lsp.server import serve
    except ImportError as exc:
        # pygls and lsprotocol are dependencies of textlint: only a broken install lacks them
        raise TextlintError(
            f"the language server cannot start: {exc}; reinstall textlint with its dependencies "
            f"({sys.executable} -m pip install --force-reinstall <this textlint's folder or git URL>)"
        ) from None
    return serve(tcp=args.tcp)
