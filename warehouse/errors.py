"""Warehouse errors, importable without loading DuckDB (the CLI catches them on every command)."""


class WarehouseError(RuntimeError):
    """A user-facing warehouse problem; the message is one readable line."""


class WarehouseBusy(WarehouseError):
    pass


class ReadOnlyViolation(WarehouseError):
    pass
