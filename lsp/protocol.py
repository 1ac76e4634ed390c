"""The JSON-RPC side of the server: pygls's protocol, with the changes LSP asks of it."""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest
from pygls.protocol import LanguageServerProtocol, lsp_method


class _Answered:
    """A request that could not be read and was answered with an error already."""

    jsonrpc = None


_ANSWERED = _Answered()


def _handled_here(method: str):
    """Replace pygls's built-in handler of a document-sync notification with one that only
    calls the server's own (`@server.feature(method)`), so that pygls's workspace never
    holds a copy of the documents: the server's `open_documents` is the one registry.

    pygls's built-ins put every document in `pygls.workspace`, whose incremental edits
    split lines with `str.splitlines` (also at form feeds, U+2028, ...), not as LSP
    does. Overriding a built-in with `lsp_method` on a `protocol_cls` is pygls's
    extension point; `fm.features` is where pygls's own built-ins find the server's
    handler to call after theirs.
    """

    @lsp_method(method)
    def handler(self: "TextlintProtocol", params):
        if (feature := self.fm.features.get(method)) is not None:
            yield feature, (params,), None

    return handler


class TextlintProtocol(LanguageServerProtocol):
    """pygls's protocol, with three changes.

    - Documents are kept by the server, not in pygls's workspace (`_handled_here`).
    - A request whose parameters cannot be read is answered with an InvalidParams
      error instead of being dropped (which would leave the client waiting).
    - After `shutdown`, a request is answered with InvalidRequest, as LSP says,
      where pygls drops it silently.

    The two answers go through `_send_response`, pygls's only way to answer a
    request outside a feature handler: no handler runs for these messages.
    """

    lsp_text_document__did_open = _handled_here(types.TEXT_DOCUMENT_DID_OPEN)
    lsp_text_document__did_change = _handled_here(types.TEXT_DOCUMENT_DID_CHANGE)
    lsp_text_document__did_close = _handled_here(types.TEXT_DOCUMENT_DID_CLOSE)

    # Set by the server's `shutdown` handler (pygls keeps its own flag private).
    shut_down = False

    def _answer_error(self, msg_id, error: JsonRpcException) -> None:
        self._send_response(msg_id, error=error.to_response_error())

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._answer_error(data["id"], type(error)(message=f"invalid parameters for {data.get('method')!r}"))
                return _ANSWERED
            raise

    def handle_message(self, message):
        if message is _ANSWERED:
            return
        method = getattr(message, "method", None)
        if self.shut_down and method not in (None, types.EXIT) and getattr(message, "id", None) is not None:
            # LSP: after `shutdown`, every request but `exit` is an InvalidRequest error
            self._answer_error(message.id, JsonRpcInvalidRequest(message=f"the server is shut down: {method} not served"))
            return
        return super().handle_message(message)
