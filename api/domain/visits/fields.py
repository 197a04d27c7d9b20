"""What every record a carer makes shares: aware times, coordinates, the acting carer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar.exceptions import PermissionDeniedException
from msgspec import Meta

from api.auth import AuthUser

AwareTime = Annotated[dt.datetime, Meta(tz=True, description="ISO 8601 with a UTC offset")]
Lat = Annotated[float, Meta(ge=-90, le=90)]
Lon = Annotated[float, Meta(ge=-180, le=180)]


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def acting_carer(user: AuthUser) -> int:
    """The carer recording; staff accounts without a carer record cannot."""
    if user.carer_id is None:
        raise PermissionDeniedException(detail="only carers record calls, incidents at calls and shifts")
    return user.carer_id
