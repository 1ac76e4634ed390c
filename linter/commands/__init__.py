"""The CLI sub-commands that do more than a few lines of work."""
