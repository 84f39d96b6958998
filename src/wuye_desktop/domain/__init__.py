"""Pure-Python domain: enumerations, field specifications and validation rules.

Nothing here imports Qt or SQLAlchemy, so the same rules serve forms, imports, the CLI and the
county server.
"""
