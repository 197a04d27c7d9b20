"""CSV import of clients, carers and client defaults: every row is checked first, then all
rows are imported in one transaction, or none are."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import msgspec

from api.domain.shared.db import write_transaction
from api.domain.shared import audit
from api.domain.people.carers import CarerCreate
from api.domain.clients.clients import ClientCreate
from api.domain.shared.common import HHMM_PATTERN
from api.domain.clients.defaults import DefaultCreate, row_values
from api.domain.tables import Carer, Client, ClientDefault, ClientSensitive

KINDS = ("clients", "carers", "defaults")
LIST_FIELDS = {"skills", "required_skills", "tasks"}  # semicolon-separated in a cell
MAX_ROWS = 20000


@dataclass
class RowError:
    line: int
    field: str
    reason: str

    def to_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "reason": self.reason}


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s); nothing was imported")


_PATH = re.compile(r"at `\$\.([A-Za-z_]+)")


def _cells(row: dict[str, str], columns: set[str]) -> dict:
    values = {}
    for key, raw in row.items():
        if key is None or key not in columns:
            continue
        raw = (raw or "").strip()
        if key in LIST_FIELDS:
            values[key] = [part.strip() for part in raw.split(";") if part.strip()]
        elif raw != "":
            values[key] = raw
    return values


def _convert(struct, values: dict, line: int) -> tuple[object | None, list[RowError]]:
    try:
        return msgspec.convert(values, struct, strict=False), []
    except msgspec.ValidationError as exc:
        message = str(exc)
        match = _PATH.search(message)
        field = match.group(1) if match else "row"
        return None, [RowError(line, field, message.split(" - at ")[0])]


def _read(text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    # Line numbers as a spreadsheet shows them: the header is line 1.
    rows = [(reader.line_num, row) for row in reader if any((v or "").strip() for v in row.values() if isinstance(v, str))]
    return header, rows


async def validate(kind: str, text: str) -> tuple[list, list[RowError]]:
    if kind not in KINDS:
        return [], [RowError(0, "kind", f"must be one of {', '.join(KINDS)}")]
    header, rows = _read(text)
    struct = {"clients": ClientCreate, "carers": CarerCreate, "defaults": DefaultCreate}[kind]
    columns = set(struct.__struct_fields__) | {"client_name", "contracted_hours"}
    required = {
        "clients": {"name", "address", "lat", "lon"},
        "carers": {"name", "home_lat", "home_lon"},
        "defaults": {"weekday", "start", "duration_minutes"},
    }[kind]
    errors = [RowError(1, col, "required column is missing") for col in sorted(required - set(header))]
    unknown = [h for h in header if h not in columns]
    errors += [RowError(1, col, "unknown column") for col in unknown]
    if kind == "defaults" and not {"client_id", "client_name"} & set(header):
        errors.append(RowError(1, "client_id", "a client_id or client_name column is required"))
    if not rows:
        errors.append(RowError(2, "row", "the file has no data rows"))
    if len(rows) > MAX_ROWS:
        errors.append(RowError(1, "row", f"at most {MAX_ROWS} rows per import"))
    if errors:
        return [], errors

    clients_by_name: dict[str, list[int]] = {}
    if kind == "defaults":
        for c in await Client.select(Client.id, Client.name):
            clients_by_name.setdefault(c["name"], []).append(c["id"])
        known_ids = {i for ids in clients_by_name.values() for i in ids}
    parsed = []
    for line, row in rows:
        values = _cells(row, columns)
        if kind == "carers" and "contracted_hours" in values:
            try:
                values["contracted_minutes"] = round(float(values.pop("contracted_hours")) * 60)
            except ValueError:
                errors.append(RowError(line, "contracted_hours", "is not a number"))
                continue
        if kind == "defaults":
            name = values.pop("client_name", None)
            if "client_id" not in values:
                matches = clients_by_name.get(name or "", [])
                if len(matches) != 1:
                    reason = "no client has this name" if not matches else "several clients have this name; use client_id"
                    errors.append(RowError(line, "client_name", reason))
                    continue
                values["client_id"] = matches[0]
            if "start" in values and not re.match(HHMM_PATTERN, values["start"]):
                errors.append(RowError(line, "start", f"'{values['start']}' is not a time as HH:MM"))
                continue
        item, row_errors = _convert(struct, values, line)
        if kind == "defaults" and item is not None and item.client_id not in known_ids:
            row_errors.append(RowError(line, "client_id", f"no client with id {item.client_id}"))
        errors += row_errors
        if item is not None and not row_errors:
            parsed.append(item)
    return parsed, errors


async def import_csv(kind: str, text: str, actor_id: int | None = None) -> dict:
    items, errors = await validate(kind, text)
    if errors:
        raise ImportFailed(errors)
    async with write_transaction():
        if kind == "clients":
            for item in items:
                values = msgspec.structs.asdict(item)
                sensitive = {k: values.pop(k) for k in ("access_notes", "key_safe_code")}
                for nested in ("preferred_carer_ids", "excluded_carer_ids", "carer_preferences", "contacts"):
                    values.pop(nested)  # lists: not CSV columns
                row = await Client.insert(Client(**values)).returning(Client.id)
                await ClientSensitive.insert(ClientSensitive(client=row[0]["id"], **sensitive))
        elif kind == "carers":
            await Carer.insert(*[
                Carer(name=i.name, gender=i.gender, phone=i.phone, home_postcode=i.home_postcode,
                      home_lat=i.home_lat, home_lon=i.home_lon, transport_mode=i.transport_mode,
                      contracted_minutes=i.contracted_minutes, skills=sorted(set(i.skills)),
                      active=i.active)
                for i in items
            ])
        else:
            await ClientDefault.insert(*[ClientDefault(**row_values(i)) for i in items])
        await audit.record(actor_id, kind.rstrip("s"), "csv", "import", None, {"rows": len(items)})
    return {"kind": kind, "imported": len(items)}
