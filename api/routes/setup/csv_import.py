"""CSV import for admins: POST the file as the request body (text/csv)."""

from __future__ import annotations

from litestar import Controller, Request, post
from litestar.exceptions import ValidationException
from litestar.params import FromPath

from api.auth import admin_guard
from api.domain.setup.csv_import import KINDS, ImportFailed, import_csv


class ImportController(Controller):
    path = "/admin/import"
    tags = ["admin"]
    guards = [admin_guard]

    @post("/{kind:str}", operation_id="importCsv", status_code=200, raises=[ValidationException])
    async def import_file(self, request: Request, kind: FromPath[str]) -> dict:
        if kind not in KINDS:
            raise ValidationException(detail=f"kind must be one of {', '.join(KINDS)}",
                                      extra=[{"key": "kind", "message": f"must be one of {', '.join(KINDS)}"}])
        raw = await request.body()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationException(detail="the file is not UTF-8 text",
                                      extra=[{"key": "body", "message": str(exc)}]) from exc
        try:
            return await import_csv(kind, text, request.user.id)
        except ImportFailed as failed:
            raise ValidationException(
                detail=f"{len(failed.errors)} bad row(s); nothing was imported",
                extra=[e.to_dict() for e in failed.errors],
            ) from failed
