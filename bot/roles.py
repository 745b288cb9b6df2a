"""Roles, who acts for a task, and who is whose superior."""

from __future__ import annotations

from datetime import date

from bot.kinds import UNIT_ROLES, Role
from bot.org import Organisation
from storage import queries
from storage.models import Member, Task

ROLE_NAMES = {
    Role.KABAN: "Kepala Badan",
    Role.SEKRETARIS: "Sekretaris",
    Role.PERENCANAAN: "Kasubbag Perencanaan / JF Perencanaan",
    Role.UMUM: "Kasubbag Umum",
    Role.KABID: "Kepala Bidang",
    Role.PELAKSANA: "Jabatan Pelaksana",
    Role.ADMIN: "Operator bot",
}
UNIT_HEAD = "head"  # the superior of a pelaksana: their own unit's head (kabid, or the sekretaris)
# Escalation targets once a task is late (SPEC §6); kabid and pelaksana are resolved per unit.
SUPERIOR = {
    Role.PELAKSANA: UNIT_HEAD,
    Role.KABID: Role.SEKRETARIS,
    Role.SEKRETARIS: Role.KABAN,
    Role.PERENCANAAN: Role.SEKRETARIS,
    Role.UMUM: Role.SEKRETARIS,
}


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)


def task_role(org: Organisation, actor: str, unit_code: str | None) -> tuple[str, str | None]:
    """The (role, unit) that acts: a unit's kabid is its head, the sekretaris for the Sekretariat."""
    if actor == Role.KABID and unit_code:
        unit = org.unit(unit_code)
        if unit is not None and unit.head_role != Role.KABID:
            return unit.head_role, None
    return actor, (unit_code if actor in UNIT_ROLES else None)


def members_with_role(session, *, role: str, unit_code: str | None, on: date) -> list[Member]:
    """Active holders of a role (and unit), plus whoever is Plt. for it that day."""
    holders = queries.active_members(session, role=role, unit_code=unit_code if role in UNIT_ROLES else None)
    acting = queries.acting_members(session, role=role, unit_code=unit_code if role in UNIT_ROLES else None, on=on)
    seen = {m.id for m in holders}
    return holders + [m for m in acting if m.id not in seen]


def actors_of(session, task: Task, *, on: date) -> list[Member]:
    return members_with_role(session, role=task.role, unit_code=task.actor_unit, on=on)


def heads_of(session, org: Organisation, unit_code: str, *, on: date) -> list[Member]:
    role, unit = task_role(org, Role.KABID, unit_code)
    return members_with_role(session, role=role, unit_code=unit, on=on)


def superiors_of(session, org: Organisation, task: Task, *, on: date) -> list[Member]:
    target = SUPERIOR.get(task.role)
    if target is None:
        return []
    if target == UNIT_HEAD:
        return heads_of(session, org, task.actor_unit or task.unit_code or "", on=on)
    return members_with_role(session, role=target, unit_code=None, on=on)


def roles_of(session, member: Member, *, on: date) -> list[tuple[str, str | None]]:
    """The (role, unit) pairs a member acts in today: their own and any Plt."""
    own = [(member.role, member.unit_code if member.role in UNIT_ROLES else None)]
    acting = [
        (a.role, a.unit_code if a.role in UNIT_ROLES else None)
        for a in queries.acting_roles(session, member_id=member.id, on=on)
    ]
    return own + [r for r in acting if r not in own]


def has_role(session, member: Member | None, *roles: str, on: date) -> bool:
    if member is None or not member.active:
        return False
    return any(role in roles for role, _ in roles_of(session, member, on=on))
