"""Ideas: 3–5 diverse concepts per run, never repeating a recent topic or an earlier idea."""
