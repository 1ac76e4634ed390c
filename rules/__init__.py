"""The built-in rule pack: TOML rule files, word classes and lexicon data (no code)."""
