"""Roles, who acts for a task, and who is whose superior; acting officials (Plh., Plt.) and their titles."""

from __future__ import annotations

from datetime import date

from bot.kinds import UNIT_ROLES, ActingKind, Role
from bot.org import Organisation
from storage import queries
from storage.models import Acting, Member, Task

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
    """Who is told and acts for a role (and unit) that day: its active holders plus any Plt.; while a
    Plh. acts the holders are away, so the Plh. instead of them (their tasks, nudges, escalations)."""
    unit = unit_code if role in UNIT_ROLES else None
    acting = queries.acting_officials(session, role=role, unit_code=unit, on=on)
    away = {a.unit_code for a, _ in acting if a.kind == ActingKind.PLH}  # the posts whose holder is away
    holders = queries.active_members(session, role=role, unit_code=unit)
    people = [m for m in holders if (m.unit_code if role in UNIT_ROLES else None) not in away]
    for _, member in acting:
        if member.id not in {m.id for m in people}:
            people.append(member)
    return people


def post_title(org: Organisation, role: str, unit_code: str | None) -> str:
    """The post as a letter names it: "Kepala Bidang Anggaran", "Sekretaris", "Kepala Badan"."""
    unit = org.unit(unit_code) if unit_code else None
    if role == Role.KABID and unit is not None:
        return f"Kepala {unit.name}"
    if role == Role.KABAN:
        return org.signer_title
    return role_name(role) + (f" {unit.name}" if unit is not None and role in UNIT_ROLES else "")


def acting_title(org: Organisation, acting: Acting) -> str:
    """ "Plh. Kepala Bidang Anggaran", "Plt. Kepala Badan ..."."""
    return f"{ActingKind(acting.kind).title} {post_title(org, acting.role, acting.unit_code)}"


def acting_as(session, org: Organisation, member: Member, role: str, unit_code: str | None, *, on: date) -> str | None:
    """The acting title under which `member` does the work of this role that day; None for its holder."""
    unit = unit_code if role in UNIT_ROLES else None
    if member.role == role and (unit is None or member.unit_code == unit):
        return None
    for acting, who in queries.acting_officials(session, role=role, unit_code=unit, on=on):
        if who.id == member.id:
            return acting_title(org, acting)
    return None


def signer(
    session, org: Organisation, role: str, unit_code: str | None, *, on: date
) -> tuple[str, Member | None, bool]:
    """(title, person, acting) of who signs for a post that day: the holder, or the Plh./Plt. with
    that word before the title (SE BKN 1/SE/I/2021: "Plh. Kepala ...")."""
    people = members_with_role(session, role=role, unit_code=unit_code, on=on)
    title = acting_as(session, org, people[0], role, unit_code, on=on) if people else None
    return title or post_title(org, role, unit_code), (people[0] if people else None), title is not None


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


def roles_of(connection, member: Member, *, on: date) -> list[tuple[str, str | None]]:
    """The (role, unit) pairs a member acts in today: their own and any Plt."""
    own = [(member.role, member.unit_code if member.role in UNIT_ROLES else None)]
    acting = [
        (a.role, a.unit_code if a.role in UNIT_ROLES else None)
        for a in queries.acting_roles(connection, member_id=member.id, on=on)
    ]
    return own + [r for r in acting if r not in own]


def has_role(connection, member: Member | None, *roles: str, on: date) -> bool:
    if member is None or not member.active:
        return False
    return any(role in roles for role, _ in roles_of(connection, member, on=on))
