"""Which calls and clients a carer may write about.

A carer writes into a call only if they were on it at some point (`assignment_history`, kept
by database triggers): a carer taken off a call meanwhile still gets their record kept as a
conflict, a stranger gets 403 and nothing is stored. An unknown call id answers exactly as a
foreign one, so nobody can probe which ids exist.
"""

from __future__ import annotations

from litestar.exceptions import PermissionDeniedException

from api.domain.tables import AssignmentHistory

NOT_YOUR_CALL = "this call is not on your run"
NOT_YOUR_CLIENT = "this client is not on your run"


def not_your_call() -> PermissionDeniedException:
    """The one answer for a call that is someone else's or does not exist."""
    return PermissionDeniedException(detail=NOT_YOUR_CALL)


async def was_ever_on_call(carer_id: int, visit_id: int) -> bool:
    return await AssignmentHistory.exists().where(
        (AssignmentHistory.visit == visit_id) & (AssignmentHistory.carer == carer_id))


async def has_client_on_run(carer_id: int, client_id: int) -> bool:
    """Whether any call of this client was ever on the carer's runs."""
    return await AssignmentHistory.exists().where(
        (AssignmentHistory.carer == carer_id) & (AssignmentHistory.visit.client == client_id))
