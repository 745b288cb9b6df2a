"""The SOP as a flowchart in the notation of PermenPANRB 35/2012 (docs/SOP_VISUAL.md)."""
