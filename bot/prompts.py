"""Questions waiting for a person's next text: the words an action started from a button needs.

A button whose action needs words (the notes of a return) asks with a reply prompt (ForceReply)
and records the question (table `prompt`, one per member, with an expiry, so a restart keeps it).
The person's next text, a reply or not, is the answer and runs the action in the same
transaction that drops the question; `/batal` drops it without acting.
"""

from __future__ import annotations

from datetime import timedelta

from bot import commands
from bot.action import Action
from bot.errors import Refusal
from bot.keyboard import Verb
from bot.members import require_member
from storage import queries

LIFETIME = timedelta(hours=2)  # an unanswered question is forgotten after this (the text is then just text)
CANCEL_HINT = "Batalkan dengan /batal."


def ask(action: Action, verb: Verb, task_id: int | None, question: str, *, placeholder: str) -> None:
    member = require_member(action)
    queries.put_prompt(
        action.session,
        member_id=member.id,
        verb=verb.value,
        task_id=task_id,
        at=action.now,
        expires_at=action.now + LIFETIME,
    )
    action.ask(f"{question}\n{CANCEL_HINT}", placeholder=placeholder)


def answer(action: Action, text: str) -> bool:
    """Whether `text` answered a pending question (and the action ran)."""
    member = action.member
    prompt = queries.prompt_of(action.session, member_id=member.id) if member else None
    if prompt is None:
        return False
    queries.drop_prompt(action.session, member_id=member.id)
    if prompt.expires_at <= action.now:
        return False
    try:
        ANSWERS[Verb(prompt.verb)](action, prompt.task_id, text.strip())
    except Refusal as refusal:  # everything rolls back, the question included: say how to leave it
        raise Refusal(f"{refusal.message}\nPertanyaan tadi masih menunggu jawaban; {CANCEL_HINT.lower()}") from None
    return True


def batal(action: Action) -> None:
    """`/batal`: leave the question without acting."""
    member = require_member(action)
    if queries.drop_prompt(action.session, member_id=member.id):
        action.reply("Dibatalkan; tidak ada yang diubah. Lihat /tugas untuk tugas Anda.")
    else:
        action.reply("Tidak ada pertanyaan yang menunggu jawaban Anda.")


def _return_with(action: Action, task_id: int | None, text: str) -> None:
    commands.kembalikan(action, unit=None, note=text, task_id=task_id)


def _done_with(action: Action, task_id: int | None, text: str) -> None:
    commands.selesai(action, note=text or None, task_id=task_id)


ANSWERS = {Verb.KEMBALIKAN: _return_with, Verb.CATATAN: _done_with}
