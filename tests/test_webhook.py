"""Webhook mode: updates arrive by POST with the secret token header; anything else is refused."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import select

from demo.simulation import LocalRun
from storage.models import Member
from tests.conftest import ADMIN_ID


@pytest.fixture
async def hooked(settings, standin, clock):
    local = LocalRun(settings=settings, standin=standin, clock=clock, webhook_secret="rahasia_123")
    await local.start()
    yield local
    await local.stop()
    assert standin.violations == []


async def test_updates_arrive_on_the_webhook_with_the_secret(hooked):
    admin = hooked.standin.user(ADMIN_ID, "Operator")
    answers = await hooked.say(admin, "/undang kaban")
    assert "Kode undangan" in answers[0]


async def test_a_request_without_the_right_secret_is_refused_and_changes_nothing(hooked):
    update = {
        "update_id": 999001,
        "message": {
            "message_id": 1,
            "date": 1764470000,
            "chat": {"id": ADMIN_ID, "type": "private", "first_name": "X"},
            "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "X"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    url = f"http://127.0.0.1:{hooked.webhook_port}/telegram"
    async with httpx.AsyncClient() as client:
        missing = await client.post(url, json=update)
        wrong = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "salah"})
    assert missing.status_code == 403 and wrong.status_code == 403
    await hooked.standin.wait_idle()
    assert not hooked.handled(999001)
    with hooked.core.unit_of_work() as uow:
        assert uow.session.exec(select(Member)).all() == []
