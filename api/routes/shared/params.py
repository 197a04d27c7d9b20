"""Query parameters and small bodies the controllers share."""

from typing import Annotated

import msgspec
from litestar.params import QueryParameter
from msgspec import Meta

Limit = Annotated[int, QueryParameter(ge=1, le=500, description="page size")]
Offset = Annotated[int, QueryParameter(ge=0, description="rows to skip")]


class VersionIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
