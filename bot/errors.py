"""Domain errors: what the core refuses, said to the person in Indonesian."""


class Refusal(Exception):
    """The action is not allowed or not possible now; nothing changes.

    The message is shown to the person as it is (HTML, already escaped).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
