"""`check`, `backup`/`restore` while a period runs, and the indicator master round trip (/indikator)."""

from __future__ import annotations

import asyncio
import io
import logging
import zipfile

import openpyxl
import pytest

from bot.core import Kinerja
from bot.ops import check
from bot.ops.backup import restore_backup, take_backup
from demo.simulation import LocalRun
from tests.conftest import ADMIN_ID, _pg_database, make_settings
from tests.scenario import DATA_UNITS, enrol_everyone, head, last_document_of_kind, through_meeting, upload_filled


def run_check(capsys, settings) -> tuple[int, list[str]]:
    code = check.main(settings)
    return code, capsys.readouterr().out.strip().splitlines()


def test_check_on_a_good_setup_and_on_a_new_database(tmp_path, capsys, database_url):
    settings = make_settings(tmp_path, database_url)
    code, lines = run_check(capsys, settings)
    assert code == 0 and any("PERINGATAN" in line and ("belum ada" in line or "kosong" in line) for line in lines)
    core = Kinerja(settings)
    core.prepare()
    core.dispose()
    code, lines = run_check(capsys, settings)
    assert code == 0 and lines[-1].startswith("Baik:") and any("belum berisi anggota" in line for line in lines)


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (dict(telegram_bot_token=""), "TELEGRAM_BOT_TOKEN belum diisi"),
        (dict(telegram_bot_token="123456:abc def"), "tidak berbentuk token"),
        (dict(sop_file="{tmp}"), "SOP_FILE"),
        (dict(org_file="{tmp}/tidak_ada.toml"), "ORG_FILE"),
        (dict(indicators_file="{tmp}/master.csv"), "Master indikator"),
        (dict(data_dir="{tmp}/berkas.txt"), "DATA_DIR"),
        (dict(database_url="sqlite:///{tmp}"), "DATABASE_URL"),
        (dict(database_url="postgresql+psycopg://postgres@127.0.0.1:1/kinerja"), "tidak menjawab"),
    ],
)
def test_check_names_each_broken_part_in_one_line(tmp_path, capsys, broken, expected):
    (tmp_path / "berkas.txt").write_text("bukan folder")
    (tmp_path / "master.csv").write_text("unit,kode\nanggaran,X\n")
    from bot.config import load_settings

    values = dict(
        telegram_bot_token="123456:TEST-TOKEN",
        database_url=f"sqlite:///{tmp_path}/k.db",
        data_dir=str(tmp_path / "data"),
        admin_ids=str(ADMIN_ID),
    )
    values.update({k: v.format(tmp=tmp_path) for k, v in broken.items()})
    settings = load_settings(**values)
    code, lines = run_check(capsys, settings)
    assert code == 1 and "masalah" in lines[-1]
    assert [line for line in lines if expected in line], lines


def test_check_warns_when_nobody_is_an_operator(tmp_path, capsys):
    from bot.config import load_settings

    settings = load_settings(
        telegram_bot_token="123456:TEST-TOKEN",
        database_url=f"sqlite:///{tmp_path}/k.db",
        data_dir=str(tmp_path / "data"),
        admin_ids="",
    )
    code, lines = run_check(capsys, settings)
    assert code == 0 and any(line.startswith("PERINGATAN: ADMIN_IDS kosong") for line in lines)


def test_check_refuses_a_database_from_a_newer_version(tmp_path, capsys):
    from sqlalchemy import text

    settings = make_settings(tmp_path, f"sqlite:///{tmp_path}/k.db")
    core = Kinerja(settings)
    core.prepare()
    with core.db.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_masa_depan'"))
    core.dispose()
    code, lines = run_check(capsys, settings)
    assert code == 1 and any("versi program yang lebih baru" in line for line in lines)


@pytest.fixture
def restore_url(request, tmp_path, database_url):
    """An empty database of the same kind to restore into."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/pulih/db/kinerja.db"
        return
    url, drop = _pg_database()
    yield url
    drop()


async def test_backup_while_a_period_runs_restores_elsewhere_and_the_period_carries_on(
    run_each_db, tmp_path, restore_url, clock
):
    run = run_each_db
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    for unit in DATA_UNITS[:2]:
        assert "diterima" in (await upload_filled(run, people, unit))[0]
    archive = tmp_path / "cadangan" / "kinerja.tar.gz"
    archive.parent.mkdir()
    summary = await asyncio.to_thread(take_backup, run.settings, archive)  # the bot keeps running meanwhile
    assert "berkas dari DATA_DIR" in summary
    for unit in DATA_UNITS[:2]:  # after the backup: not in it
        await run.say(people[f"pelaksana:{unit}"], "/selesai")
    await run.stop()

    settings = make_settings(tmp_path / "pulih", restore_url)
    assert not settings.data_dir.exists()
    await asyncio.to_thread(restore_backup, settings, archive)
    uploads = list((settings.data_dir / "uploads").rglob("*.xlsx"))
    assert len(uploads) == 2
    with pytest.raises(Exception, match="sudah berisi"):
        restore_backup(settings, archive)

    moved = LocalRun(settings=settings, standin=run.standin, clock=clock)
    await moved.start()
    try:
        moved.people = run.people
        for unit in DATA_UNITS:
            if unit not in DATA_UNITS[:2]:
                assert "diterima" in (await upload_filled(moved, people, unit))[0]
            await moved.say(people[f"pelaksana:{unit}"], "/selesai")
        for unit in DATA_UNITS:
            await moved.say(head(people, unit), f"/setujui {unit}")
            await moved.say(head(people, unit), f"/kirim {unit}")
        await moved.say(people["pelaksana:perencanaan"], "/selesai")
        recap = last_document_of_kind(people["kaban"], "Rekap_Data_Kinerja")
        book = openpyxl.load_workbook(io.BytesIO(recap["document_bytes"]))
        assert len({row[0] for row in book["Rekap"].iter_rows(min_row=2, values_only=True) if row[0]}) == 5
        sources = [row for row in book["Sumber"].iter_rows(min_row=2, values_only=True) if row[0]]
        assert len(sources) >= 5, "the files accepted before the backup are in the recap's trail"
    finally:
        await moved.stop()


def test_postgresql_backup_through_the_driver_when_pg_dump_cannot(tmp_path):
    source_url, drop_source = _pg_database()
    target_url, drop_target = _pg_database()
    try:
        settings = make_settings(tmp_path / "a", source_url)
        core = Kinerja(settings)
        core.prepare()
        from tests.office import Office

        Office(core).enrol_everyone(DATA_UNITS)
        core.dispose()
        take_backup(settings, tmp_path / "logis.tar.gz", use_pg_dump=False)
        restored = make_settings(tmp_path / "b", target_url)
        restore_backup(restored, tmp_path / "logis.tar.gz")
        from storage.inspect import inspect_database

        before, after = inspect_database(source_url), inspect_database(target_url)
        assert after.members == before.members > 0 and after.revision == before.revision
        core = Kinerja(restored)
        core.prepare()  # the sequences continue after the restored ids: a new member can be added
        Office(core).enrol_everyone(("anggaran",))
        core.dispose()
    finally:
        drop_source()
        drop_target()


async def test_indikator_download_edit_and_send_back(run):
    admin = run.standin.user(ADMIN_ID, "Operator")
    await run.say(admin, "/indikator")
    sent = last_document_of_kind(admin, "Master_Indikator")
    assert sent["document"]["file_name"].endswith(".xlsx") and "kirim kembali" in admin.texts()[-1]
    book = openpyxl.load_workbook(io.BytesIO(sent["document_bytes"]))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    target = header.index("target_tahunan") + 1
    sheet.cell(row=2, column=target, value=97)
    out = io.BytesIO()
    book.save(out)
    admin.clear()
    await admin.send_document(out.getvalue(), file_name="Master_Indikator.xlsx", caption="/indikator")
    await run.settle()
    assert "Master indikator diganti" in admin.texts()[-1]
    await run.say(admin, "/indikator")
    again = openpyxl.load_workbook(io.BytesIO(last_document_of_kind(admin, "Master_Indikator")["document_bytes"]))
    assert again.active.cell(row=2, column=target).value == 97


async def test_indikator_is_for_the_operator_and_perencanaan(run):
    stranger = run.person("stranger", "Orang Asing")
    assert "belum terdaftar" in (await run.say(stranger, "/indikator"))[0]


async def test_a_strangers_start_shows_their_telegram_id(run):
    stranger = run.person("stranger", "Orang Asing")
    answer = (await run.say(stranger, "/start"))[0]
    assert f"ID Telegram Anda: {stranger.id}" in answer  # texts() shows what the user reads


def _broken(member: str, replace) -> bytes:
    from bot.config import DEFAULT_INDICATORS_FILE
    from bot.sheets.indicators import load_master
    from bot.sheets.template import build_template

    master = load_master(DEFAULT_INDICATORS_FILE)
    data = build_template(
        unit_code="anggaran",
        unit_name="Bidang Anggaran",
        periode_code="2026-10",
        periode_label="Oktober 2026",
        indicators=master.for_unit("anggaran"),
    )
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            target.writestr(item, replace(body) if item.filename == member else body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("member", "replace"),
    [
        ("xl/worksheets/sheet1.xml", lambda body: body[: len(body) // 2]),  # XML cut in half
        ("xl/sharedStrings.xml", lambda body: body.replace(b"<si>", b"<sx>", 3)),  # broken shared strings
        ("xl/worksheets/sheet1.xml", lambda body: body.replace(b"<v>", b"<v>99999", 5)),  # indexes past the end
    ],
)
def test_a_damaged_upload_is_rejected_and_logged_in_one_line(caplog, member, replace):
    from bot.config import DEFAULT_INDICATORS_FILE
    from bot.sheets.indicators import load_master
    from bot.sheets.intake import check_upload

    master = load_master(DEFAULT_INDICATORS_FILE)
    with caplog.at_level(logging.INFO):
        result = check_upload(
            _broken(member, replace),
            file_name="rusak.xlsx",
            unit_code="anggaran",
            periode_code="2026-10",
            indicators=master.for_unit("anggaran"),
        )
    assert not result.accepted
    assert all(record.levelno < logging.ERROR and record.exc_info is None for record in caplog.records)
