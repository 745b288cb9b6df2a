"""A local stand-in for the Telegram Bot API (tests and the demo talk real HTTP to it)."""

from standin.server import BotApiStandin
from standin.users import SimUser

__all__ = ["BotApiStandin", "SimUser"]
