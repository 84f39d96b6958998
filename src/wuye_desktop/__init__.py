"""wuye-desktop (社区物业工作台): supervision of property management in old residential estates."""

__version__ = "0.1.0"
#: Bumped whenever the database schema changes in a way the county server must know about.
SCHEMA_VERSION = 1
