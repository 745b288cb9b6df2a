"""Running the bot as an operator does: start-up checks, `check`, `backup`/`restore`, logging.
Core side: nothing here imports telegram."""
