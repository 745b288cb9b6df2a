"""Invites, registration, roles and menus, acting officials."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from bot import members, views
from bot.action import Sender
from bot.catalog import BY_NAME
from bot.core import Kinerja
from storage.models import Invite, Member
from tests.conftest import ADMIN_ID, make_settings
from tests.office import Office
from tests.scenario import enrol_everyone


@pytest.fixture
def office(tmp_path, sqlite_url, clock):
    core = Kinerja(make_settings(tmp_path, sqlite_url), clock=clock)
    core.prepare()
    yield Office(core)
    core.dispose()


def invite(office: Office, who, args: str) -> str:
    office.do(who, BY_NAME["undang"], text=args)
    match = re.search(r"<code>([^<]+)</code>", office.last(who))
    assert match, office.last(who)
    return match.group(1)


def test_an_invite_is_random_single_use_stored_hashed_and_links_to_the_bot(office):
    code = invite(office, office.admin, "kabid anggaran")
    assert len(code) >= 8 and f"https://t.me/kinerja_bot?start={code}" in office.last(office.admin)
    with office.core.unit_of_work() as uow:
        stored = uow.session.exec(select(Invite)).one()
    assert stored.code_hash != code and len(stored.code_hash) == 64
    first, second = Sender(11, 11, "Agus"), Sender(12, 12, "Budi")
    office.do(first, members.register, code=code)
    assert "Kepala Bidang" in office.last(first) and "Bidang Anggaran" in office.last(first)
    office.do(second, members.register, code=code)
    assert "sudah dipakai" in office.last(second)


def test_an_invite_expires_after_seven_days(office):
    code = invite(office, office.admin, "sekretaris")
    office.core.clock.advance(timedelta(days=7, minutes=1))
    late = Sender(13, 13, "Rina")
    office.do(late, members.register, code=code)
    assert "kedaluwarsa" in office.last(late)


def test_repeated_wrong_codes_are_throttled(office):
    guesser = Sender(14, 14, "Penebak")
    for attempt in range(5):
        office.do(guesser, members.register, code=f"salah{attempt}xyz")
        assert "tidak dikenal" in office.last(guesser)
    good = invite(office, office.admin, "umum")
    office.do(guesser, members.register, code=good)
    assert "Terlalu banyak" in office.last(guesser)
    office.core.clock.advance(timedelta(minutes=16))
    office.do(guesser, members.register, code=good)
    assert "Kasubbag Umum" in office.last(guesser)


def test_who_may_invite_and_what(office):
    office.enrol("perencanaan", "perencanaan")
    office.enrol("kabid:aset", "kabid", "aset")
    assert invite(office, "perencanaan", "pelaksana aset")
    office.do("kabid:aset", BY_NAME["undang"], text="pelaksana aset")
    assert "hanya untuk" in office.last("kabid:aset")
    office.do("perencanaan", BY_NAME["undang"], text="kabid")
    assert "Sebutkan unitnya" in office.last("perencanaan")
    office.do("perencanaan", BY_NAME["undang"], text="kabid keuangan")
    assert "tidak dikenal" in office.last("perencanaan")
    office.do("perencanaan", BY_NAME["undang"], text="bupati")
    assert "tidak dikenal" in office.last("perencanaan")
    office.do("perencanaan", BY_NAME["undang"], text="admin")
    assert "Hanya operator" in office.last("perencanaan")


def test_a_new_invite_changes_a_members_role(office):
    office.enrol("orang", "pelaksana", "aset")
    code = invite(office, office.admin, "kabid aset")
    office.do("orang", members.register, code=code)
    with office.core.unit_of_work() as uow:
        member = uow.session.exec(
            select(Member).where(Member.telegram_user_id == office.people["orang"].telegram_user_id)
        ).one()
    assert (member.role, member.unit_code) == ("kabid", "aset")


def test_an_operator_names_an_acting_official_who_is_told(office):
    office.enrol_everyone(("anggaran", "aset"))
    acting = office.people["kabid:aset"]
    who = acting.telegram_user_id
    office.do(office.admin, BY_NAME["plt"], text=f"plt {who} kabid anggaran 2026-11-01 2026-12-31 SP 800/1/2026")
    assert "Plt. Kepala Bidang Anggaran" in office.last("kabid:aset") and "31 Desember 2026" in office.last(
        "kabid:aset"
    )
    office.do(office.admin, BY_NAME["plt"], text="plt @tidakada kabid anggaran 2026-11-01 2026-12-31 SP 800/2/2026")
    assert "tidak ditemukan" in office.last(office.admin)
    office.do(office.admin, BY_NAME["plt"], text=f"plh {who} kabid perbendaharaan 2026-12-31 2026-11-01 SP 800/3")
    assert "sesudah tanggal mulai" in office.last(office.admin)


async def test_registration_sets_the_persons_command_menu(run):
    people = await enrol_everyone(run)
    kabid_menu = dict(run.standin.commands[f"chat:{people['kabid:aset'].id}"])
    assert "setujui" in kabid_menu and "perintah" not in kabid_menu
    kaban_menu = dict(run.standin.commands[f"chat:{people['kaban'].id}"])
    assert "perintah" in kaban_menu and "setujui" not in kaban_menu
    assert "daftar" in dict(run.standin.commands["default"])


async def test_names_people_type_are_escaped(run):
    admin = run.standin.user(ADMIN_ID, "Operator")
    run.people["admin"] = admin
    tricky = await run.enrol(admin, "tricky", "<b>Budi</b> & <Co>", "pelaksana", "aset")
    assert "<b>Budi</b> & <Co>" in tricky.texts()[-1]
    listing = await run.say(admin, "/anggota")
    assert "<b>Budi</b> & <Co>" in listing[0]
    assert run.standin.violations == []


async def test_several_open_tasks_get_buttons_and_a_press_completes_one(run):
    people = await enrol_everyone(run)
    kabid = people["kabid:aset"]
    await run.say(people["admin"], f"/plt plt {kabid.id} kabid anggaran 2026-11-01 2026-12-31 SP 800/1/2026")
    from tests.scenario import through_meeting, upload_filled

    await through_meeting(run, people)
    for unit in ("anggaran", "aset"):
        await upload_filled(run, people, unit)
        await run.say(people[f"pelaksana:{unit}"], "/selesai")
    answer = await run.say(kabid, "/setujui")
    assert "Pilih unitnya" in answer[0]
    pressed = await run.press(kabid, "Bidang Anggaran")
    assert "Bidang Anggaran" in pressed[0] and "disetujui" in pressed[0]
    assert "Langkah 8 dari 9" in pressed[1] and "Bidang Anggaran" in pressed[1]


def test_a_unit_for_a_role_without_one_is_refused(office):
    office.do(office.admin, BY_NAME["undang"], text="kaban aset")
    assert "tidak memakai unit" in office.last(office.admin)


def test_a_command_in_a_group_points_to_the_private_chat(office):
    group = Sender(77, -1001234, "Agus")
    office.do(group, views.group_hint)
    [row] = office.messages(-1001234)
    assert "chat pribadi" in row.text and "https://t.me/kinerja_bot" in row.text
