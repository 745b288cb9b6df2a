"""The one command table: every command in a person's menu answers, /bantuan lists that menu,
button payloads round-trip, and every step kind has its behaviour."""

from __future__ import annotations

import pytest

from bot.catalog import COMMANDS, GUEST, menu_for
from bot.keyboard import Button, Press, Verb
from bot.kinds import Role, StepKind
from bot.step_kinds import BEHAVIOURS
from tests.scenario import enrol_everyone

MENU_KEYS = {
    Role.KABAN: "kaban",
    Role.SEKRETARIS: "sekretaris",
    Role.PERENCANAAN: "perencanaan",
    Role.KABID: "kabid:aset",
    Role.PELAKSANA: "pelaksana:aset",
    Role.ADMIN: "admin",
}


async def test_every_command_in_a_menu_is_one_the_bot_knows(run, standin):
    people = await enrol_everyone(run)
    for role, key in MENU_KEYS.items():
        menu = standin.world.commands[f"chat:{people[key].id}"]
        assert [name for name, _ in menu] == [name for name, _ in menu_for(role)]
        for name, _ in menu:
            answers = await run.say(people[key], f"/{name}")
            assert answers, f"/{name} from {role} got no answer"
            assert not any("tidak dikenal" in a for a in answers), (role, name, answers)


async def test_a_strangers_menu_and_commands(run, standin):
    stranger = run.person("orang", "Orang Lain")
    assert [n for n, _ in standin.world.commands["default"]] == ["start", "daftar", "bantuan"]
    assert "minta kode undangan" in (await run.say(stranger, "/bantuan"))[-1]
    assert "Tulis kode undangan Anda" in (await run.say(stranger, "/daftar"))[-1]
    assert await run.say(stranger, "/help") == await run.say(stranger, "/bantuan")  # an alias, same answer


async def test_bantuan_lists_the_commands_of_my_menu(run):
    people = await enrol_everyone(run)
    help_text = (await run.say(people["kabid:aset"], "/bantuan"))[-1]
    assert help_text.startswith("Petunjuk untuk Kepala Bidang")
    for name, _ in menu_for(Role.KABID):
        if name != "bantuan":
            assert f"/{name}" in help_text
    assert "/perintah" not in help_text and "/undang" not in help_text


def test_every_row_is_complete_and_names_are_unique():
    names = [n for c in COMMANDS for n in (c.name, *c.aliases)]
    assert len(names) == len(set(names))
    for command in COMMANDS:
        assert command.description and len(command.description) <= 256
        assert command.roles <= set(Role) | {GUEST}, command.name


@pytest.mark.parametrize("press", [Press(Verb.SETUJUI, 42), Press(Verb.FORMAT), Press(Verb.KEMBALIKAN, 7)])
def test_button_payloads_round_trip(press):
    data = press.pack()
    assert len(data.encode()) <= 64 and Press.unpack(data) == press
    assert Button.to("x", press.verb, press.task_id).data == data


@pytest.mark.parametrize("data", ["", "hapus:3", "setujui:abc", "selesai:1:2", "SETUJUI:1"])
def test_unknown_payloads_are_refused_not_guessed(data):
    assert Press.unpack(data) is None


def test_every_step_kind_has_a_behaviour_of_its_own():
    assert set(BEHAVIOURS) == set(StepKind)
    assert all(BEHAVIOURS[k].kind == k and BEHAVIOURS[k].how_to for k in StepKind)


# --- one completion path, whatever starts it ---------------------------------------------------


def _open_task(office, step_no: int, unit: str | None = None):
    from sqlmodel import select

    from storage.models import Task

    with office.core.unit_of_work() as uow:
        query = select(Task).where(Task.step_no == step_no, Task.status == "open")
        if unit:
            query = query.where(Task.unit_code == unit)
        return uow.session.exec(query).one()


def _complete(office, who: str, task, completion):
    from bot import engine
    from bot.lookups import period_of

    def job(action):
        period_of(action, task)  # the task is re-read inside this transaction
        engine.complete_task(action, action.session.merge(task), action.member, completion=completion)

    office.do(who, job)


def test_a_new_way_of_completing_still_sends_the_formats(office_each_db):
    from bot.catalog import BY_NAME
    from bot.kinds import Completion

    office = office_each_db
    office.do("kaban", BY_NAME["perintah"], text="Oktober 2026")
    office.do("sekretaris", BY_NAME["perintah"], text="")
    before = len(office.inbox("pelaksana:aset"))
    _complete(office, "perencanaan", _open_task(office, 3), Completion.SELESAI)  # not through /selesai
    assert any("Format data kinerja <b>Bidang Aset</b>" in t for t in office.inbox("pelaksana:aset")[before:])


def test_a_fill_in_step_refuses_to_be_ticked_off(office_each_db):
    from bot.catalog import BY_NAME
    from bot.kinds import Completion
    from bot.step_kinds import FillIn
    from tests.test_engine import through_meeting

    office = office_each_db
    through_meeting(office)
    task = _open_task(office, 5, "aset")
    _complete(office, "pelaksana:aset", task, Completion.SELESAI)
    assert office.last("pelaksana:aset") == FillIn.other_way
    assert _open_task(office, 5, "aset").status == "open"
    office.do("pelaksana:aset", BY_NAME["selesai"], text="")
    assert office.last("pelaksana:aset") == FillIn.other_way
