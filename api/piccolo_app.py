"""The single Piccolo app: all Carerun tables, migrations in the top-level migrations/ folder."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from api.domain.tables import ALL_TABLES

APP_CONFIG = AppConfig(
    app_name="carerun",
    migrations_folder_path=str(Path(__file__).resolve().parent.parent / "migrations"),
    table_classes=list(ALL_TABLES),
)
