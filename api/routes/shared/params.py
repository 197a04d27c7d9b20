"""Query parameters and small bodies the controllers share."""

from typing import Annotated

import msgspec
from litestar.params import QueryParameter
from msgspec import Meta

Limit = Annotated[int, QueryParameter(ge=1, le=500, description="page size")]
# Bounded so that no number the database cannot hold reaches it (a 400 naming offset instead).
Offset = Annotated[int, QueryParameter(ge=0, le=2_147_483_647, description="rows to skip")]


class VersionIn(msgspec.Struct):
    version: Annotated[int, Meta(ge=1)]
