"""Use cases the UI and the CLI call: they combine storage, printing and sync and return plain
data (dicts, dataclasses), never ORM objects or sessions."""
