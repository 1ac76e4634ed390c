"""The settings the VS Code extension sends (its `textlintCoref` section) reach the server."""

from __future__ import annotations

from lsprotocol import types

from lsp_support import diagnostics_for, open_document, session, wait_until

DAMAGED = (
    "In a statement on Monday she Mayor Ada Kowalski to find the money.\n"
    "But as Mr. Mr. Ortiz conceded, the shelters were full every night.\n"
)
ENTITY = "entity-in-verb-position/after-subject-pronoun"
DUPLICATE = "duplicated-token/repeated-words"
# what the extension sends with its defaults: every key, an empty `config`
DEFAULTS = {"select": [], "ignore": [], "extendSelect": [], "rules": [], "config": "", "isolated": False, "debounce": 120}


async def test_the_extensions_section_and_defaults_are_understood(tmp_path):
    async with session(tmp_path, dict(DEFAULTS, ignore=[ENTITY])) as client:
        uri = open_document(client, tmp_path / "a.txt", DAMAGED)
        assert [d.code for d in await diagnostics_for(client, uri, version=1)] == [DUPLICATE]
        count = len(client.published)
        settings = {"textlintCoref": dict(DEFAULTS, ignore=[DUPLICATE], trace={"server": "off"})}
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))
        await wait_until(lambda: len(client.published) > count and [d.code for d in client.published[-1].diagnostics] == [ENTITY],
                         what="re-lint with the extension's settings")
        assert not client.messages, [m.message for m in client.messages]  # an empty config is no problem
