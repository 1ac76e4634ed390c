"""textlint: find the damage a faulty coreference pipeline leaves in English prose.

The engine is a pure function of (text, rules, settings): see `textlint.engine.lint`.
"""

__version__ = "0.1.0"
