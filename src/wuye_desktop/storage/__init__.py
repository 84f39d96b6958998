"""Local storage: SQLite engine, typed ORM models, unit of work, migrations, the change outbox.

Never imports Qt. Everything a synced table changes is captured in the outbox in the same
transaction (see :mod:`wuye_desktop.storage.outbox`).
"""
