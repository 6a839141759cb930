"""Channel rules as data, the draft format of each channel, and validators that report every
problem (not just the first)."""
