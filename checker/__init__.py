"""fazhi-report engine: read a report, find its parts, check it against YAML rule packs."""

__version__ = "0.1.0"
