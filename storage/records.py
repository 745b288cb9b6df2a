"""Records: rows as they were read, frozen; beside the ORM entities (storage.models) they mirror.

The lookups nearly every update makes (who wrote, the open period, their acting posts, a
period's tasks) return records, read on the driver (storage.queries.RecordQuery): the ORM's
loading and its session cost four to five times the driver's own call when the code is cold, as
it is in a bot that waits between updates. A record has the entity's fields, so code that reads cannot tell them apart;
code that changes a row asks the session for the entity (storage.queries.entity), and changing a
record raises, so a change can never be lost quietly.
"""

from __future__ import annotations

from dataclasses import make_dataclass

from storage.models import Acting, Member, Period, Task


def record_type(model: type) -> type:
    """A frozen dataclass with the table's columns, in the table's order; `entity` is the model."""
    return make_dataclass(
        f"{model.__name__}Record",
        [column.name for column in model.__table__.columns],
        frozen=True,
        slots=True,
        namespace={"entity": model},
    )


MemberRecord = record_type(Member)
PeriodRecord = record_type(Period)
ActingRecord = record_type(Acting)
TaskRecord = record_type(Task)
