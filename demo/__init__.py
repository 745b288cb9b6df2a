"""The offline demo and the simulation both it and the end-to-end tests run: the real bot against
the local Bot API stand-in, with simulated officials. Not part of the core."""
