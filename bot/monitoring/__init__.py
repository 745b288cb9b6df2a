"""The SOP monitoring form (PermenPANRB 35/2012): its content and its files."""
