"""The mistakes every command reports as one `error:` line and exit code 1. Import-light: the
classes come from small modules, so no command pays for DuckDB, Prefect or Typer to catch them."""

from credfloor.extract.sources.errors import SourcesFileError
from credfloor.extract.sources.files import InputError
from credfloor.normalize.catalog.loader import CatalogError
from credfloor.warehouse.errors import WarehouseError

USER_ERRORS = (
    WarehouseError,
    InputError,
    CatalogError,
    SourcesFileError,
    FileNotFoundError,
    PermissionError,
)
